/* entree_specs.c - the entry commands: which option fills which field of
 * which entry kind (the kinds and fields are in docs/entries.md).
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>

#include "cli.h"
#include "cmd.h"
#include "entree.h"

#define ENTREE_CMD(id, name, kindname, mode, opts, defaults, summary, usage, help)                 \
    static const struct entree_spec spec_##id = {kindname, mode, opts, defaults};                  \
    static int run_##id(struct carnet_cli *cli, int argc, char **argv)                             \
    {                                                                                              \
        return entree_run(cli, argc, argv, &spec_##id);                                            \
    }                                                                                              \
    const struct carnet_cmd carnet_cmd_##id = {name,  run_##id,           summary,                 \
                                               usage, help ENTREE_COMMON, NULL};

/* Said of every entry command. */
#define ENTREE_COMMON                                                                              \
    "\n  --fichier <fichier>   un objet JSON qui complète le contenu (les options passent\n"      \
    "                        avant) ; les champs sont décrits dans docs/entries.md\n"             \
    "  --json                sortie JSON\n"                                                        \
    "Le contenu est vérifié par la bibliothèque : une erreur nomme le champ fautif (code 65).\n"

#define END                                                                                        \
    {                                                                                              \
        NULL, NULL, FO_TEXT                                                                        \
    }

/* ------------------------------------------------------------- diagnostic */

static const struct entree_opt diag_pro[] = {{"situation", "situation_travail.code", FO_TEXT},
                                             {"depuis", "situation_travail.depuis", FO_TEXT},
                                             {"jusqu-au", "situation_travail.jusqu_au", FO_TEXT},
                                             {"niveau", "niveau_formation", FO_TEXT},
                                             {"fin-dernier-emploi", "fin_dernier_emploi", FO_TEXT},
                                             {"projet", "projets", FO_PROJECT},
                                             {"competence", "competences", FO_LIST},
                                             {"commentaire", "commentaire", FO_TEXT},
                                             {"source", "source", FO_TEXT},
                                             END};

ENTREE_CMD(
    diagnostic_pro, "diagnostic pro", "diagnostic.pro", ENTREE_SINGLE, diag_pro, NULL,
    "diagnostic professionnel : situation de travail, formation, projets",
    "carnet diagnostic pro [--situation <code>] [--depuis <date>] [--jusqu-au <date>] "
    "[--niveau <code>] [--fin-dernier-emploi <date>] [--projet <ROME[:km[:contrat[:temps]]]>]"
    "... [--competence <texte>]... [--commentaire <texte>] [--source <source>] "
    "[--fichier <fichier>] [--json] <personne>",
    "Met à jour le diagnostic professionnel : la version actuelle est lue, les options la\n"
    "complètent, et une nouvelle version est écrite (l'historique est gardé).\n\n"
    "  --situation <code>    situation de travail (carnet vocabulaire situation_travail)\n"
    "  --niveau <code>       niveau de formation (AFS, C12, C3A, CFG, CP4, NV5 … NV1)\n"
    "  --projet <p>          projet professionnel, jusqu'à 5 : code ROME, rayon de\n"
    "                        mobilité en km, contrat (cdi, cdd, …), temps (temps_plein,\n"
    "                        temps_partiel) ; le même code ROME remplace le projet\n"
    "  --source <source>     personne, professionnel, caf, france_travail ; par défaut,\n"
    "                        personne si elle écrit elle-même, sinon professionnel\n")

static const struct entree_opt diag_social[] = {{"situation", "situations", FO_SITUATION},
                                                {"retirer", "situations", FO_SITUATION_DEL},
                                                {"commentaire", "commentaire", FO_TEXT},
                                                {"source", "source", FO_TEXT},
                                                END};

ENTREE_CMD(diagnostic_social, "diagnostic social", "diagnostic.social", ENTREE_SINGLE, diag_social,
           NULL, "diagnostic social : situations par thème",
           "carnet diagnostic social [--situation <thème:libellé>]... [--retirer <thème:libellé>]"
           "... [--commentaire <texte>] [--source <source>] [--fichier <fichier>] [--json] "
           "<personne>",
           "Ajoute ou retire des situations du référentiel (logement, mobilité, contraintes\n"
           "familiales, difficultés financières ou administratives, langue, numérique…) ; les\n"
           "libellés se cherchent avec carnet referentiel chercher --type situation. La santé a\n"
           "sa propre section (carnet diagnostic sante).\n")

static const struct entree_opt diag_sante[] = {{"rqth", "rqth", FO_OUINON},
                                               {"rqth-fin", "rqth_fin", FO_TEXT},
                                               {"situation", "situations", FO_SANTE},
                                               {"retirer", "situations", FO_SANTE_DEL},
                                               {"commentaire", "commentaire", FO_TEXT},
                                               END};

ENTREE_CMD(diagnostic_sante, "diagnostic sante", "sante.situation", ENTREE_SINGLE, diag_sante, NULL,
           "santé et handicap (section fermée sauf autorisation explicite)",
           "carnet diagnostic sante [--rqth oui|non] [--rqth-fin <date>] [--situation <libellé>]"
           "... [--retirer <libellé>]... [--commentaire <texte>] [--fichier <fichier>] [--json] "
           "<personne>",
           "Écrit dans la section sante (données de santé, RGPD art. 9) : la personne doit avoir\n"
           "nommé cette section dans une autorisation, et les règles doivent l'ouvrir au rôle.\n")

static const struct entree_opt diag_justice[] = {{"mesure", "mesure", FO_TEXT},
                                                 {"structure", "structure", FO_TEXT},
                                                 {"fin", "fin", FO_TEXT},
                                                 {"commentaire", "commentaire", FO_TEXT},
                                                 END};

ENTREE_CMD(diagnostic_justice, "diagnostic justice", "justice.suivi", ENTREE_NEW, diag_justice,
           NULL, "suivi judiciaire (section fermée sauf autorisation explicite)",
           "carnet diagnostic justice --mesure <texte> [--structure <structure>] [--fin <date>] "
           "[--commentaire <texte>] [--remplace <n>] [--fichier <fichier>] [--json] <personne>",
           "Écrit dans la section justice (RGPD art. 10), fermée sauf autorisation nommant la\n"
           "section et règle l'ouvrant (par défaut : le SPIP).\n")

/* -------------------------------------------------------------- situation */

static const struct entree_opt droits[] = {{"rsa", "rsa", FO_TEXT},
                                           {"suspension", "rsa_motif_suspension", FO_TEXT},
                                           {"cloture", "rsa_motif_cloture", FO_TEXT},
                                           {"date-cloture", "rsa_date_cloture", FO_TEXT},
                                           {"droits-devoirs", "droits_devoirs", FO_OUINON},
                                           {"are", "are", FO_OUINON},
                                           {"ass", "ass", FO_OUINON},
                                           {"prime-activite", "prime_activite", FO_OUINON},
                                           {"aah", "aah", FO_OUINON},
                                           {"sans-domicile", "sans_domicile_fixe", FO_OUINON},
                                           {"depuis", "depuis", FO_TEXT},
                                           {"source", "source", FO_TEXT},
                                           END};

ENTREE_CMD(situation_droits, "situation droits", "situation.droits", ENTREE_SINGLE, droits, NULL,
           "droits et statuts : RSA, ARE, ASS, prime d'activité, AAH",
           "carnet situation droits [--rsa <code>] [--suspension <code>] [--cloture <code>] "
           "[--date-cloture <date>] [--droits-devoirs oui|non] [--are oui|non] [--ass oui|non] "
           "[--prime-activite oui|non] [--aah oui|non] [--sans-domicile oui|non] [--depuis <date>]"
           " [--source <source>] [--fichier <fichier>] [--json] <personne>",
           "Met à jour les droits et statuts (un passage du RSA à l'ARE se fait ici, sans rupture\n"
           "du carnet). Codes RSA : carnet vocabulaire droit_rsa.\n")

static const struct entree_opt contrat[] = {
    {"type", "type", FO_TEXT},        {"signature", "date_signature", FO_TEXT},
    {"debut", "date_debut", FO_TEXT}, {"fin", "date_fin", FO_TEXT},
    {"source", "source", FO_TEXT},    END};

ENTREE_CMD(
    situation_contrat, "situation contrat", "situation.contrat", ENTREE_NEW, contrat, NULL,
    "contrat d'engagement : CER, PPAE, CEJ, PACEA",
    "carnet situation contrat --type <type> [--signature <date>] [--debut <date>] "
    "[--fin <date>] [--source <source>] [--remplace <n>] [--fichier <fichier>] [--json] "
    "<personne>",
    "Enregistre un contrat d'engagement (cer, ppae, cej, pacea, ou aucun : pas de contrat)\n"
    "avec ses dates ; --remplace n en écrit une nouvelle version (avenant, renouvellement).\n")

/* -------------------------------------------------------------------- plan */

static const struct entree_opt axe[] = {
    {"theme", "theme", FO_TEXT}, {"commentaire", "commentaire", FO_TEXT}, END};

ENTREE_CMD(
    plan_axe, "plan axe", "plan.axe", ENTREE_NEW, axe, NULL, "ouvrir un axe de travail (un thème)",
    "carnet plan axe --theme <thème> [--commentaire <texte>] [--remplace <n>] "
    "[--fichier <fichier>] [--json] <personne>",
    "Ouvre un axe de travail sur un thème (logement, emploi, formation, mobilite, sante…) ;\n"
    "les freins se lèvent en parallèle : plusieurs axes peuvent être ouverts à la fois.\n")

static const struct entree_opt objectif[] = {{"axe", "axe", FO_INT},
                                             {"libelle", "libelle", FO_TEXT},
                                             {"libre", "libre", FO_FLAG},
                                             {"statut", "statut", FO_TEXT},
                                             {"contrat", "contrat", FO_TEXT},
                                             {"engagement", "engagement", FO_FLAG},
                                             {"echeance", "echeance", FO_TEXT},
                                             END};

static const struct entree_default en_cours[] = {{"statut", "en_cours"}, {NULL, NULL}};

ENTREE_CMD(
    plan_objectif, "plan objectif", "plan.objectif", ENTREE_NEW, objectif, en_cours,
    "fixer un objectif dans un axe",
    "carnet plan objectif --axe <n> --libelle <libellé> [--libre] [--statut <statut>] "
    "[--contrat <contrat>] [--engagement] [--echeance <date>] [--remplace <n>] "
    "[--fichier <fichier>] [--json] <personne>",
    "Fixe un objectif du référentiel (carnet referentiel chercher --type objectif) ou, avec\n"
    "--libre, un objectif en texte libre. Lié à un contrat (--contrat cer, ppae, cej,\n"
    "pacea), il demande l'engagement de la personne (--engagement).\n")

static const struct entree_opt action[] = {{"objectif", "objectif", FO_INT},
                                           {"libelle", "libelle", FO_TEXT},
                                           {"libre", "libre", FO_FLAG},
                                           {"statut", "statut", FO_TEXT},
                                           {"debut", "date_debut", FO_TEXT},
                                           {"fin", "date_fin", FO_TEXT},
                                           {"structure", "structure", FO_TEXT},
                                           {"offre", "offre", FO_TEXT},
                                           END};

ENTREE_CMD(plan_action, "plan action", "plan.action", ENTREE_NEW, action, en_cours,
           "engager une action pour un objectif",
           "carnet plan action --objectif <n> --libelle <libellé> --debut <date> [--libre] "
           "[--statut <statut>] [--fin <date>] [--structure <structure>] [--offre <service>] "
           "[--remplace <n>] [--fichier <fichier>] [--json] <personne>",
           "Engage une action du référentiel (ou --libre) portée par une structure, avec son\n"
           "statut : en_projet, en_cours (défaut), en_attente, realisee, abandonnee, annulee.\n")

static const struct entree_opt validation[] = {{"commentaire", "commentaire", FO_TEXT}, END};

ENTREE_CMD(plan_valider, "plan valider", "plan.validation", ENTREE_NEW_ONLY, validation, NULL,
           "valider le plan d'action (la personne)",
           "carnet plan valider [--commentaire <texte>] [--fichier <fichier>] [--json] <personne>",
           "La personne (--as, éventuellement au bureau du professionnel) co-valide son plan\n"
           "d'action ; la date de validation nourrit l'indicateur « plan validé en 30 jours ».\n")

/* ------------------------------------------------------------------- suivi */

static const struct entree_opt rdv[] = {{"date", "date", FO_TEXT},     {"heure", "heure", FO_TEXT},
                                        {"avec", "avec", FO_TEXT},     {"objet", "objet", FO_TEXT},
                                        {"statut", "statut", FO_TEXT}, END};

static const struct entree_default prevu[] = {{"statut", "prevu"}, {NULL, NULL}};

ENTREE_CMD(suivi_rdv, "suivi rdv", "suivi.rdv", ENTREE_NEW, rdv, prevu,
           "fixer un rendez-vous, ou noter sa suite (avec --remplace)",
           "carnet suivi rdv --date <date> --avec <professionnel> [--heure <HH:MM>] "
           "[--objet <texte>] [--statut <statut>] [--remplace <n>] [--fichier <fichier>] [--json] "
           "<personne>",
           "Fixe un rendez-vous (statut prevu) ; sa suite s'écrit avec carnet statut <personne>\n"
           "<n> present|absent|excuse, ou --remplace n.\n")

static const struct entree_opt point[] = {
    {"date", "date", FO_TEXT}, {"resume", "resume", FO_TEXT}, END};

ENTREE_CMD(suivi_point, "suivi point", "suivi.point", ENTREE_NEW_ONLY, point, NULL,
           "noter un point d'étape",
           "carnet suivi point --date <date> --resume <texte> [--fichier <fichier>] [--json] "
           "<personne>",
           "Note un point d'étape du parcours.\n")

static const struct entree_opt evenement[] = {{"type", "type", FO_TEXT},
                                              {"date", "date", FO_TEXT},
                                              {"de", "de", FO_TEXT},
                                              {"vers", "vers", FO_TEXT},
                                              {"description", "description", FO_TEXT},
                                              END};

ENTREE_CMD(suivi_evenement, "suivi evenement", "suivi.evenement", ENTREE_NEW_ONLY, evenement, NULL,
           "noter un changement de situation ou de statut",
           "carnet suivi evenement --type <type> --date <date> [--de <texte>] [--vers <texte>] "
           "[--description <texte>] [--fichier <fichier>] [--json] <personne>",
           "Types : changement_situation, changement_statut (par exemple --de rsa --vers are),\n"
           "entree_siae, demenagement, reprise_emploi, autre. Le carnet continue sans rupture.\n")

static const struct entree_opt sortie[] = {{"type", "type", FO_TEXT},
                                           {"date", "date", FO_TEXT},
                                           {"suivi-post-emploi", "suivi_post_emploi", FO_FLAG},
                                           {"employeur", "employeur", FO_TEXT},
                                           {"commentaire", "commentaire", FO_TEXT},
                                           END};

ENTREE_CMD(suivi_sortie, "suivi sortie", "suivi.sortie", ENTREE_SINGLE, sortie, NULL,
           "enregistrer la sortie du parcours",
           "carnet suivi sortie --type <type> --date <date> [--suivi-post-emploi] "
           "[--employeur <structure>] [--commentaire <texte>] [--fichier <fichier>] [--json] "
           "<personne>",
           "Types : emploi_durable, emploi_temporaire, formation, creation_entreprise,\n"
           "demenagement, abandon, autre. Avec --suivi-post-emploi, la personne souhaite que son\n"
           "référent garde le contact six mois : le carnet passe en suivi après la sortie.\n"
           "Une nouvelle sortie remplace celle du parcours en cours ; après un retour dans le\n"
           "parcours (orienter), c'est une nouvelle sortie.\n")

static const struct entree_opt nouvelles[] = {{"date", "date", FO_TEXT},
                                              {"mois", "mois", FO_INT},
                                              {"situation", "situation", FO_TEXT},
                                              {"commentaire", "commentaire", FO_TEXT},
                                              END};

ENTREE_CMD(suivi_nouvelles, "suivi nouvelles", "suivi.post_sortie", ENTREE_NEW_ONLY, nouvelles,
           NULL, "noter des nouvelles après la sortie (jusqu'à 6 mois)",
           "carnet suivi nouvelles --date <date> --mois <1-6> --situation <situation> "
           "[--commentaire <texte>] [--fichier <fichier>] [--json] <personne>",
           "Situations : en_emploi, en_formation, en_recherche, sans_nouvelles, autre. Le mois 6\n"
           "nourrit l'indicateur « situation six mois après la sortie ».\n")

static const struct entree_opt evaluation[] = {
    {"note", "note", FO_INT}, {"commentaire", "commentaire", FO_TEXT}, END};

ENTREE_CMD(suivi_evaluation, "suivi evaluation", "suivi.evaluation", ENTREE_SINGLE, evaluation,
           NULL, "évaluer son parcours (la personne)",
           "carnet suivi evaluation --note <0-10> [--commentaire <texte>] [--fichier <fichier>] "
           "[--json] <personne>",
           "La personne (--as) note son parcours de 0 à 10 et le commente.\n")

static const struct entree_opt cloture[] = {
    {"date", "date", FO_TEXT}, {"motif", "motif", FO_TEXT}, END};

ENTREE_CMD(suivi_cloture, "suivi cloture", "suivi.cloture", ENTREE_NEW_ONLY, cloture, NULL,
           "clore le carnet",
           "carnet suivi cloture --date <date> [--motif <texte>] [--fichier <fichier>] [--json] "
           "<personne>",
           "Clôt le carnet (statut clos), par exemple après les nouvelles du sixième mois.\n")

const struct entree_spec *const entree_specs[] = {
    &spec_diagnostic_pro,     &spec_diagnostic_social, &spec_diagnostic_sante,
    &spec_diagnostic_justice, &spec_situation_droits,  &spec_situation_contrat,
    &spec_plan_axe,           &spec_plan_objectif,     &spec_plan_action,
    &spec_plan_valider,       &spec_suivi_rdv,         &spec_suivi_point,
    &spec_suivi_evenement,    &spec_suivi_sortie,      &spec_suivi_nouvelles,
    &spec_suivi_evaluation,   &spec_suivi_cloture};

const struct carnet_cmd *const entree_cmds[] = {
    &carnet_cmd_diagnostic_pro,     &carnet_cmd_diagnostic_social, &carnet_cmd_diagnostic_sante,
    &carnet_cmd_diagnostic_justice, &carnet_cmd_situation_droits,  &carnet_cmd_situation_contrat,
    &carnet_cmd_plan_axe,           &carnet_cmd_plan_objectif,     &carnet_cmd_plan_action,
    &carnet_cmd_plan_valider,       &carnet_cmd_suivi_rdv,         &carnet_cmd_suivi_point,
    &carnet_cmd_suivi_evenement,    &carnet_cmd_suivi_sortie,      &carnet_cmd_suivi_nouvelles,
    &carnet_cmd_suivi_evaluation,   &carnet_cmd_suivi_cloture};

const size_t entree_count = sizeof entree_specs / sizeof entree_specs[0];
