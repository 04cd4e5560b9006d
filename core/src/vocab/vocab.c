/* vocab.c - the closed lists of the diagnostic and the plan.
 * SPDX-License-Identifier: MIT
 *
 * Codes and labels come from the real Carnet de bord (gip-inclusion/
 * carnet-de-bord @ e0fe721, Apache-2.0; see fixtures/referentiel/README.md):
 * work situations, education levels, contracts, RSA rights with their CAF
 * codes, statuses. Where the real service used English codes (statuses) we
 * use French ones; "scolarisé" became the ASCII code "scolarise".
 * Generated once from ../shared/referentiel and then maintained here.
 */
#include <stddef.h>
#include <string.h>

#include "vocab/vocab.h"

static const struct carnet__vocab_row v_work_situation[] = {
    {"recherche_emploi", "En recherche d'emploi", NULL},
    {"recherche_formation", "En recherche de formation", NULL},
    {"recherche_alternance", "En recherche d’alternance", NULL},
    {"recherche_stage", "En recherche de stage", NULL},
    {"emploi", "En emploi", NULL},
    {"formation", "En formation", NULL},
    {"stage", "En stage", NULL},
    {"alternance", "En alternance", NULL},
    {"service_civique", "En service civique", NULL},
    {"iae", "En IAE", NULL},
    {"interim", "En interim", NULL},
    {"construction_projet", "En construction de projet", NULL},
    {"projet_entrepreneurial", "En projet entrepreneurial", NULL},
    {"entrepreneur", "Entrepreneur", NULL},
    {"etudiant", "Etudiant", NULL},
    {"scolarise", "Scolarisé", NULL},
    {"enretraite", "En retraite / pré-retraite", NULL},
    {"maladie", "Longue maladie", NULL},
    {"invalidite", "En invalidité de travail", NULL},
    {"conge_parental", "Congé parental", NULL},
    {"au_foyer", "Au foyer", NULL},
    {"autre", "Autre", NULL},
    {"cdi_temps_plein", "CDI temps complet", NULL},
    {"cdi_temps_partiel", "CDI temps partiel", NULL},
    {"cdd_temps_plein", "CDD temps complet", NULL},
    {"cdd_temps_partiel", "CDD temps partiel", NULL},
    {"intermittent", "Intermittent du spectacle", NULL},
    {"aidant_familial", "Aidant(e) familial(e)", NULL},
    {"exploitant_agricole", "Exploitante(e) agricole", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_education[] = {{"AFS", "Aucune formation scolaire", NULL},
                                                       {"C12", "2nd ou 1ère achevée", NULL},
                                                       {"C3A", "BEPC ou 3ème achevée", NULL},
                                                       {"CFG", "4ème achevée", NULL},
                                                       {"CP4", "Primaire à 4ème", NULL},
                                                       {"NV5", "CAP, BEP ou équivalent", NULL},
                                                       {"NV4", "Bac ou équivalent", NULL},
                                                       {"NV3", "Bac+2 ou équivalent", NULL},
                                                       {"NV2", "Bac+3, Bac+4 ou équivalent", NULL},
                                                       {"NV1", "Bac+5 et plus ou équivalent", NULL},
                                                       {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_contract[] = {
    {"cer", "Contrat d'engagement réciproque (CER)", NULL},
    {"ppae", "Projet personnalisé d'accès à l'emploi (PPAE)", NULL},
    {"cej", "Contrat d'engagement jeune (CEJ)", NULL},
    {"pacea", "Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie (PACEA)",
     NULL},
    {"aucun", "Aucun", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_job_contract[] = {
    {"cdi", "CDI", NULL},
    {"cdd", "CDD", NULL},
    {"interim", "Intérim", NULL},
    {"saisonnier", "Saisonnier", NULL},
    {"liberal", "Libéral", NULL},
    {"contrat_professionnalisation", "Contrat de professionnalisation", NULL},
    {"apprentissage", "Apprentissage", NULL},
    {"portage_salarial", "Portage salarial", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_work_time[] = {{"temps_plein", "Temps plein", NULL},
                                                       {"temps_partiel", "Temps partiel", NULL},
                                                       {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_objectif_status[] = {{"en_cours", "En cours", NULL},
                                                             {"realise", "Réalisé", NULL},
                                                             {"abandonne", "Abandonné", NULL},
                                                             {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_action_status[] = {
    {"en_projet", "En projet", NULL},
    {"en_cours", "En cours", NULL},
    {"en_attente", "En attente", NULL},
    {"realisee", "Réalisée", NULL},
    {"abandonnee", "Abandonnée par la personne", NULL},
    {"annulee", "Annulée par la structure", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_rdv_status[] = {{"prevu", "Prévu", NULL},
                                                        {"present", "Présent", NULL},
                                                        {"absent", "Absent", NULL},
                                                        {"excuse", "Excusé", NULL},
                                                        {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_rsa_right[] = {
    {"rsa_droit_ouvert_et_suspendu", "Droit ouvert et suspendu", "3"},
    {"rsa_droit_ouvert_versable", "Droit ouvert et versable", "2"},
    {"rsa_droit_ouvert_versement_suspendu", "Droit ouvert mais versement suspendu", "4"},
    {"rsa_demande_en_attente",
     "Nouvelle demande en attente de décision du Conseil départemental pour ouverture du droit",
     "0"},
    {"rsa_refuse", "Droit refusé", "1"},
    {"rsa_clos", "Droit clos", "5"},
    {"rsa_clos_anterieur",
     "Droit clos sur mois antérieur ayant eu un contrôle dans le mois de référence pour une "
     "période antérieure.",
     "6"},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_rsa_suspension[] = {
    {"caf_ressources_trop_elevees", "Ressources trop élévées", "01"},
    {"caf_moins_25_sans_personne_charge", "Moins de 25 ans sans enfant ni autre personne à charge",
     "02"},
    {"caf_activite_non_conforme", "Activité non conforme", "03"},
    {"caf_titre_sejour_invalid", "Titre de séjour non valide", "04"},
    {"caf_rsa_inferieur_seuil", "RSA inférieur au seuil", "05"},
    {"caf_declaration_ressource_non_fournie", "Déclaration Trimestrielle Ressources non fournie",
     "06"},
    {"caf_residence_non_conforme", "Résidence non conforme", "09"},
    {"caf_pas_isolement", "Pas d'isolement", "19"},
    {"caf_prestation_exclue", "Prestation exclue affiliation partielle", "31"},
    {"caf_regime_non_conforme", "Régime non conforme", "34"},
    {"caf_demande_avantage_vieillesse_absent", "Demande avantage vieillesse absent ou tardif",
     "35"},
    {"caf_titre_sejour_absent", "Titre de séjour absent", "36"},
    {"caf_hospitalisation", "Hospitalisation", "44"},
    {"caf_action_non_engagee", "Action non engagée", "70"},
    {"caf_surface_ponderee_sup", "Surface pondérée supérieure au plafond ou inconnue", "78"},
    {"caf_droit_eteint", "Droit éteint ou autre cas", "84"},
    {"caf_pas_allocataire", "Pas d'allocataire", "85"},
    {"caf_beneficiaire_aah", "Bénéficiaire AAH réduite", "97"},
    {"caf_allocataire_absent", "Allocataire absent du foyer", "AB"},
    {"caf_attente_decision_PCG", "Attente décision PCG (le droit reste théorique jusqu'au retour)",
     "CV"},
    {"caf_activite_anterieur_insuffisante", "Activité antérieure insuffisante", "CZ"},
    {"caf_activite_anterieure_absente", "Activité antérieure absente", "DA"},
    {"caf_etudiant_remuneration_insuffisante", "Étudiant rémunération insuffisante", "DB"},
    {"caf_activite_anterieure_non_conforme", "Activité antérieure non conforme", "DC"},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_rsa_closure[] = {
    {"caf_decision_pcg", "Clôture suite décision du Président du Conseil général", "PCG"},
    {"caf_echeance", "Clôture suite à échéance (4 mois sans droits)", "ECH"},
    {"caf_annulation_bascule_rmi", "Clôture suite à l'annulation de la bascule RMI/API", "EFF"},
    {"caf_mutation", "Clôture suite à mutation du dossier dans un autre organisme", "MUT"},
    {"caf_regroupement", "Clôture pour regroupement de dossier", "RGD"},
    {"caf_radie_fin_droit", "Radié fin de droit", "RFD"},
    {"caf_radie_autre_motif", "Radié autre motif", "RAU"},
    {"caf_radie_option_rsta", "Radié option RSTA DOM", "RST"},
    {"caf_radie_option_rso", "Radié option RSO DOM", "RSO"},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_source[] = {{"personne", "La personne", NULL},
                                                    {"professionnel", "Un professionnel", NULL},
                                                    {"caf", "Flux CAF/MSA", NULL},
                                                    {"france_travail", "Flux France Travail", NULL},
                                                    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_exit[] = {
    {"emploi_durable", "Emploi durable (CDI ou CDD de 6 mois et plus)", NULL},
    {"emploi_temporaire", "Emploi temporaire", NULL},
    {"formation", "Formation qualifiante", NULL},
    {"creation_entreprise", "Création d'entreprise", NULL},
    {"demenagement", "Déménagement hors du territoire", NULL},
    {"abandon", "Abandon du parcours", NULL},
    {"autre", "Autre", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_followup[] = {
    {"en_emploi", "En emploi", NULL},
    {"en_formation", "En formation", NULL},
    {"en_recherche", "En recherche d'emploi", NULL},
    {"sans_nouvelles", "Sans nouvelles", NULL},
    {"autre", "Autre", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_theme[] = {
    {"logement", "Logement", NULL},
    {"emploi", "Emploi", NULL},
    {"formation", "Formation", NULL},
    {"difficulte_administrative", "Difficultés administratives", NULL},
    {"difficulte_financiere", "Difficultés financières", NULL},
    {"mobilite", "Mobilité", NULL},
    {"sante", "Santé", NULL},
    {"contraintes_familiales", "Contraintes familiales", NULL},
    {"maitrise_langue", "Maîtrise de la langue française", NULL},
    {"numerique", "Numérique", NULL},
    {NULL, NULL, NULL}};

static const struct carnet__vocab_row v_event[] = {
    {"changement_situation", "Changement de situation", NULL},
    {"changement_statut", "Changement de statut (droit ouvert)", NULL},
    {"entree_siae", "Entrée en structure d'insertion par l'activité économique", NULL},
    {"demenagement", "Déménagement", NULL},
    {"reprise_emploi", "Reprise d'emploi", NULL},
    {"autre", "Autre", NULL},
    {NULL, NULL, NULL}};

const struct carnet__vocab_row *
carnet__vocab_rows(carnet_vocab v)
{
    switch (v) {
    case CARNET_VOCAB_WORK_SITUATION:
        return v_work_situation;
    case CARNET_VOCAB_EDUCATION:
        return v_education;
    case CARNET_VOCAB_CONTRACT:
        return v_contract;
    case CARNET_VOCAB_JOB_CONTRACT:
        return v_job_contract;
    case CARNET_VOCAB_WORK_TIME:
        return v_work_time;
    case CARNET_VOCAB_OBJECTIF_STATUS:
        return v_objectif_status;
    case CARNET_VOCAB_ACTION_STATUS:
        return v_action_status;
    case CARNET_VOCAB_RDV_STATUS:
        return v_rdv_status;
    case CARNET_VOCAB_RSA_RIGHT:
        return v_rsa_right;
    case CARNET_VOCAB_SOURCE:
        return v_source;
    case CARNET_VOCAB_EXIT:
        return v_exit;
    case CARNET_VOCAB_FOLLOWUP:
        return v_followup;
    case CARNET_VOCAB_THEME:
        return v_theme;
    case CARNET_VOCAB_EVENT:
        return v_event;
    case CARNET_VOCAB_RSA_SUSPENSION:
        return v_rsa_suspension;
    case CARNET_VOCAB_RSA_CLOSURE:
        return v_rsa_closure;
    }
    return NULL;
}

const struct carnet__vocab_row *
carnet__vocab_find(carnet_vocab v, const char *code)
{
    const struct carnet__vocab_row *r = carnet__vocab_rows(v);

    for (; r != NULL && code != NULL && r->code != NULL; r++) {
        if (strcmp(r->code, code) == 0) {
            return r;
        }
    }
    return NULL;
}

const struct carnet__vocab_row *
carnet__vocab_find_ext(carnet_vocab v, const char *ext)
{
    const struct carnet__vocab_row *r = carnet__vocab_rows(v);

    for (; r != NULL && ext != NULL && r->code != NULL; r++) {
        if (r->ext != NULL && strcmp(r->ext, ext) == 0) {
            return r;
        }
    }
    return NULL;
}

int
carnet_vocab_next(carnet_vocab v, size_t *it, const char **code, const char **label)
{
    const struct carnet__vocab_row *r = carnet__vocab_rows(v);

    if (r == NULL || r[*it].code == NULL) {
        return CARNET_ITEROVER;
    }
    *code = r[*it].code;
    *label = r[*it].label;
    (*it)++;
    return CARNET_OK;
}

const char *
carnet_vocab_label(carnet_vocab v, const char *code)
{
    const struct carnet__vocab_row *r = carnet__vocab_find(v, code);
    return r != NULL ? r->label : NULL;
}
