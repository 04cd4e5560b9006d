/* cmd.h - the commands of the carnet program (one definition per command).
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CLI_CMD_H
#define CARNET_CLI_CMD_H

#include "cli.h"

/* Show a principal (text or JSON), after an optional title. */
int cmd_show_principal(struct carnet_cli *cli, const char *handle, const char *title);

extern const struct carnet_cmd carnet_cmd_annuaire_liste;
extern const struct carnet_cmd carnet_cmd_annuaire_montrer;
extern const struct carnet_cmd carnet_cmd_autorisation_accorder;
extern const struct carnet_cmd carnet_cmd_autorisation_bloquer;
extern const struct carnet_cmd carnet_cmd_autorisation_debloquer;
extern const struct carnet_cmd carnet_cmd_autorisation_liste;
extern const struct carnet_cmd carnet_cmd_autorisation_revoquer;
extern const struct carnet_cmd carnet_cmd_chronologie;
extern const struct carnet_cmd carnet_cmd_completion;
extern const struct carnet_cmd carnet_cmd_creer;
extern const struct carnet_cmd carnet_cmd_diagnostic_justice;
extern const struct carnet_cmd carnet_cmd_diagnostic_pro;
extern const struct carnet_cmd carnet_cmd_diagnostic_sante;
extern const struct carnet_cmd carnet_cmd_diagnostic_social;
extern const struct carnet_cmd carnet_cmd_ecrire;
extern const struct carnet_cmd carnet_cmd_effacer;
extern const struct carnet_cmd carnet_cmd_entree_effacer;
extern const struct carnet_cmd carnet_cmd_equipe_inviter;
extern const struct carnet_cmd carnet_cmd_equipe_quitter;
extern const struct carnet_cmd carnet_cmd_espace_accepter_retour;
extern const struct carnet_cmd carnet_cmd_espace_creer;
extern const struct carnet_cmd carnet_cmd_espace_info;
extern const struct carnet_cmd carnet_cmd_espace_migrer;
extern const struct carnet_cmd carnet_cmd_espace_verifier;
extern const struct carnet_cmd carnet_cmd_expliquer;
extern const struct carnet_cmd carnet_cmd_exporter;
extern const struct carnet_cmd carnet_cmd_flux_codes;
extern const struct carnet_cmd carnet_cmd_flux_importer;
extern const struct carnet_cmd carnet_cmd_help;
extern const struct carnet_cmd carnet_cmd_importer;
extern const struct carnet_cmd carnet_cmd_indicateurs;
extern const struct carnet_cmd carnet_cmd_journal_liste;
extern const struct carnet_cmd carnet_cmd_journal_point;
extern const struct carnet_cmd carnet_cmd_journal_verifier;
extern const struct carnet_cmd carnet_cmd_lire;
extern const struct carnet_cmd carnet_cmd_liste;
extern const struct carnet_cmd carnet_cmd_modifier;
extern const struct carnet_cmd carnet_cmd_montrer;
extern const struct carnet_cmd carnet_cmd_offres_chercher;
extern const struct carnet_cmd carnet_cmd_offres_importer;
extern const struct carnet_cmd carnet_cmd_offres_montrer;
extern const struct carnet_cmd carnet_cmd_orienter;
extern const struct carnet_cmd carnet_cmd_page;
extern const struct carnet_cmd carnet_cmd_partage_graphe;
extern const struct carnet_cmd carnet_cmd_plan_action;
extern const struct carnet_cmd carnet_cmd_plan_axe;
extern const struct carnet_cmd carnet_cmd_plan_objectif;
extern const struct carnet_cmd carnet_cmd_plan_valider;
extern const struct carnet_cmd carnet_cmd_pro_creer;
extern const struct carnet_cmd carnet_cmd_pro_desactiver;
extern const struct carnet_cmd carnet_cmd_recuperer;
extern const struct carnet_cmd carnet_cmd_referent_changer;
extern const struct carnet_cmd carnet_cmd_referentiel_chercher;
extern const struct carnet_cmd carnet_cmd_regles_expliquer;
extern const struct carnet_cmd carnet_cmd_regles_installer;
extern const struct carnet_cmd carnet_cmd_regles_montrer;
extern const struct carnet_cmd carnet_cmd_regles_signer;
extern const struct carnet_cmd carnet_cmd_regles_verifier;
extern const struct carnet_cmd carnet_cmd_reorientation_decider;
extern const struct carnet_cmd carnet_cmd_reorientation_demander;
extern const struct carnet_cmd carnet_cmd_scenario_comparer;
extern const struct carnet_cmd carnet_cmd_scenario_jouer;
extern const struct carnet_cmd carnet_cmd_scenario_verifier;
extern const struct carnet_cmd carnet_cmd_situation_contrat;
extern const struct carnet_cmd carnet_cmd_situation_droits;
extern const struct carnet_cmd carnet_cmd_statut;
extern const struct carnet_cmd carnet_cmd_structure_creer;
extern const struct carnet_cmd carnet_cmd_suivi_cloture;
extern const struct carnet_cmd carnet_cmd_suivi_evaluation;
extern const struct carnet_cmd carnet_cmd_suivi_evenement;
extern const struct carnet_cmd carnet_cmd_suivi_nouvelles;
extern const struct carnet_cmd carnet_cmd_suivi_point;
extern const struct carnet_cmd carnet_cmd_suivi_rdv;
extern const struct carnet_cmd carnet_cmd_suivi_sortie;
extern const struct carnet_cmd carnet_cmd_types;
extern const struct carnet_cmd carnet_cmd_version;
extern const struct carnet_cmd carnet_cmd_vocabulaire;

#endif /* CARNET_CLI_CMD_H */
