/* kind.c - entry kinds: their section, their fields, and the validation of
 * bodies at the boundary. docs/entries.md documents the same table.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "vocab/kinds.h"

#define END                                                                                        \
    {                                                                                              \
        NULL, F_ANY, 0, 0, 0, NULL                                                                 \
    }

/* ------------------------------------------------------------- fields */

static const struct carnet__field adresse_fields[] = {{"ligne1", F_TEXT, 0, 0, 200, NULL},
                                                      {"ligne2", F_TEXT, 0, 0, 200, NULL},
                                                      {"code_postal", F_POSTCODE, 0, 0, 0, NULL},
                                                      {"commune", F_TEXT, 0, 0, 100, NULL},
                                                      END};

static const struct carnet__field identifiants_fields[] = {
    {"caf", F_TEXT, 0, 0, 20, NULL},
    {"france_travail", F_TEXT, 0, 0, 20, NULL},
    {"si", F_TEXT, 0, 0, 40, NULL},
    END};

static const struct carnet__field identite_fields[] = {
    {"prenom", F_TEXT, REQ, 1, 100, NULL},
    {"nom", F_TEXT, REQ, 1, 100, NULL},
    {"nom_usage", F_TEXT, 0, 0, 100, NULL},
    {"date_naissance", F_DATE, REQ, 0, 0, NULL},
    {"lieu_naissance", F_TEXT, 0, 0, 100, NULL},
    {"telephone", F_PHONE, 0, 0, 0, NULL},
    {"courriel", F_EMAIL, 0, 0, 0, NULL},
    {"adresse", F_OBJECT, 0, 0, 0, adresse_fields},
    {"identifiants", F_OBJECT, 0, 0, 0, identifiants_fields},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field droits_fields[] = {
    {"rsa", F_VOCAB, 0, CARNET_VOCAB_RSA_RIGHT, 0, NULL},
    {"rsa_motif_suspension", F_VOCAB, 0, CARNET_VOCAB_RSA_SUSPENSION, 0, NULL},
    {"rsa_motif_cloture", F_VOCAB, 0, CARNET_VOCAB_RSA_CLOSURE, 0, NULL},
    {"rsa_date_cloture", F_DATE, 0, 0, 0, NULL},
    {"droits_devoirs", F_BOOL, 0, 0, 0, NULL},
    {"are", F_BOOL, 0, 0, 0, NULL},
    {"ass", F_BOOL, 0, 0, 0, NULL},
    {"prime_activite", F_BOOL, 0, 0, 0, NULL},
    {"aah", F_BOOL, 0, 0, 0, NULL},
    {"sans_domicile_fixe", F_BOOL, 0, 0, 0, NULL},
    {"depuis", F_DATE, 0, 0, 0, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field contrat_fields[] = {
    {"type", F_VOCAB, REQ, CARNET_VOCAB_CONTRACT, 0, NULL},
    {"date_signature", F_DATE, 0, 0, 0, NULL},
    {"date_debut", F_DATE, 0, 0, 0, NULL},
    {"date_fin", F_DATE, 0, 0, 0, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field orientation_fields[] = {
    {"type", F_ENUM, REQ, CARNET_ENUM_ORIENTATION, 0, NULL},
    {"dispositif", F_TEXT, 0, 0, 100, NULL},
    {"structure", F_HANDLE, 0, 0, 0, NULL},
    {"referent", F_HANDLE, 0, 0, 0, NULL},
    {"motif", F_LONGTEXT, 0, 0, 2000, NULL},
    END};

static const struct carnet__field reorientation_fields[] = {
    {"etape", F_TEXT, REQ, 1, 20, NULL},
    {"souhaitee", F_ENUM, 0, CARNET_ENUM_ORIENTATION, 0, NULL},
    {"decision", F_TEXT, 0, 0, 20, NULL},
    {"motif", F_LONGTEXT, 0, 0, 2000, NULL},
    {"demande", F_INT, 0, 1, 1000000, NULL},
    END};

static const struct carnet__field situation_travail_fields[] = {
    {"code", F_VOCAB, REQ, CARNET_VOCAB_WORK_SITUATION, 0, NULL},
    {"depuis", F_DATE, 0, 0, 0, NULL},
    {"jusqu_au", F_DATE, 0, 0, 0, NULL},
    END};

static const struct carnet__field projet_fields[] = {
    {"rome", F_ROME, 0, 0, 0, NULL},
    {"intitule", F_TEXT, 0, 0, 200, NULL},
    {"rayon_km", F_INT, 0, 0, 500, NULL},
    {"contrat", F_VOCAB, 0, CARNET_VOCAB_JOB_CONTRACT, 0, NULL},
    {"temps", F_VOCAB, 0, CARNET_VOCAB_WORK_TIME, 0, NULL},
    {"salaire_horaire_min", F_INT, 0, 0, 100000, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field diag_pro_fields[] = {
    {"situation_travail", F_OBJECT, 0, 0, 0, situation_travail_fields},
    {"niveau_formation", F_VOCAB, 0, CARNET_VOCAB_EDUCATION, 0, NULL},
    {"fin_dernier_emploi", F_DATE, 0, 0, 0, NULL},
    {"projets", F_ARRAY, 0, 0, 5, projet_fields},
    {"competences", F_ARRAY, 0, 0, 30, NULL},
    {"commentaire", F_LONGTEXT, 0, 0, 4000, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field situation_item_fields[] = {
    {"theme", F_VOCAB, REQ, CARNET_VOCAB_THEME, 0, NULL},
    {"situation", F_TEXT, REQ, 1, 200, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field diag_social_fields[] = {
    {"situations", F_ARRAY, 0, 0, 100, situation_item_fields},
    {"commentaire", F_LONGTEXT, 0, 0, 4000, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field sante_item_fields[] = {
    {"situation", F_TEXT, REQ, 1, 200, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field sante_fields[] = {
    {"rqth", F_BOOL, 0, 0, 0, NULL},
    {"rqth_fin", F_DATE, 0, 0, 0, NULL},
    {"situations", F_ARRAY, 0, 0, 50, sante_item_fields},
    {"commentaire", F_LONGTEXT, 0, 0, 4000, NULL},
    {"source", F_VOCAB, 0, CARNET_VOCAB_SOURCE, 0, NULL},
    END};

static const struct carnet__field justice_fields[] = {{"mesure", F_TEXT, REQ, 1, 200, NULL},
                                                      {"structure", F_HANDLE, 0, 0, 0, NULL},
                                                      {"fin", F_DATE, 0, 0, 0, NULL},
                                                      {"commentaire", F_LONGTEXT, 0, 0, 4000, NULL},
                                                      END};

static const struct carnet__field axe_fields[] = {
    {"theme", F_VOCAB, REQ, CARNET_VOCAB_THEME, 0, NULL},
    {"commentaire", F_LONGTEXT, 0, 0, 2000, NULL},
    END};

static const struct carnet__field objectif_fields[] = {
    {"axe", F_REF, REQ, CARNET__CODE_AXE, 0, NULL},
    {"libelle", F_TEXT, REQ, 1, 300, NULL},
    {"libre", F_BOOL, 0, 0, 0, NULL},
    {"statut", F_VOCAB, REQ, CARNET_VOCAB_OBJECTIF_STATUS, 0, NULL},
    {"contrat", F_VOCAB, 0, CARNET_VOCAB_CONTRACT, 0, NULL},
    {"engagement", F_BOOL, 0, 0, 0, NULL},
    {"echeance", F_DATE, 0, 0, 0, NULL},
    END};

static const struct carnet__field action_fields[] = {
    {"objectif", F_REF, REQ, CARNET__CODE_OBJECTIF, 0, NULL},
    {"libelle", F_TEXT, REQ, 1, 300, NULL},
    {"libre", F_BOOL, 0, 0, 0, NULL},
    {"statut", F_VOCAB, REQ, CARNET_VOCAB_ACTION_STATUS, 0, NULL},
    {"date_debut", F_DATE, REQ, 0, 0, NULL},
    {"date_fin", F_DATE, 0, 0, 0, NULL},
    {"structure", F_HANDLE, 0, 0, 0, NULL},
    {"offre", F_TEXT, 0, 0, 100, NULL},
    END};

static const struct carnet__field validation_fields[] = {
    {"commentaire", F_LONGTEXT, 0, 0, 2000, NULL}, END};

static const struct carnet__field rdv_fields[] = {
    {"date", F_DATE, REQ, 0, 0, NULL},
    {"heure", F_TIME, 0, 0, 0, NULL},
    {"avec", F_HANDLE, REQ, 0, 0, NULL},
    {"objet", F_TEXT, 0, 0, 300, NULL},
    {"statut", F_VOCAB, REQ, CARNET_VOCAB_RDV_STATUS, 0, NULL},
    END};

static const struct carnet__field point_fields[] = {
    {"date", F_DATE, REQ, 0, 0, NULL}, {"resume", F_LONGTEXT, REQ, 1, 4000, NULL}, END};

static const struct carnet__field evenement_fields[] = {
    {"type", F_VOCAB, REQ, CARNET_VOCAB_EVENT, 0, NULL},
    {"date", F_DATE, REQ, 0, 0, NULL},
    {"de", F_TEXT, 0, 0, 100, NULL},
    {"vers", F_TEXT, 0, 0, 100, NULL},
    {"description", F_LONGTEXT, 0, 0, 2000, NULL},
    END};

static const struct carnet__field sortie_fields[] = {
    {"type", F_VOCAB, REQ, CARNET_VOCAB_EXIT, 0, NULL}, {"date", F_DATE, REQ, 0, 0, NULL},
    {"suivi_post_emploi", F_BOOL, 0, 0, 0, NULL},       {"employeur", F_HANDLE, 0, 0, 0, NULL},
    {"commentaire", F_LONGTEXT, 0, 0, 2000, NULL},      END};

static const struct carnet__field post_sortie_fields[] = {
    {"date", F_DATE, REQ, 0, 0, NULL},
    {"mois", F_INT, REQ, 1, 6, NULL},
    {"situation", F_VOCAB, REQ, CARNET_VOCAB_FOLLOWUP, 0, NULL},
    {"commentaire", F_LONGTEXT, 0, 0, 2000, NULL},
    END};

static const struct carnet__field evaluation_fields[] = {
    {"note", F_INT, REQ, 0, 10, NULL}, {"commentaire", F_LONGTEXT, 0, 0, 2000, NULL}, END};

static const struct carnet__field cloture_fields[] = {
    {"date", F_DATE, REQ, 0, 0, NULL}, {"motif", F_LONGTEXT, 0, 0, 2000, NULL}, END};

static const struct carnet__field archive_fields[] = {{"source", F_TEXT, 0, 0, 127, NULL},
                                                      {"autorisations", F_ANY, 0, 0, 0, NULL},
                                                      {"membres", F_ANY, 0, 0, 0, NULL},
                                                      {"journal", F_ANY, 0, 0, 0, NULL},
                                                      END};

/* --------------------------------------------------------------- kinds */

static const carnet__kind kinds[] = {
    {"identite", "Identité", 1, CARNET_SECTION_IDENTITE, 2, 0, identite_fields, CARNET__CHECK_NONE},
    {"situation.droits", "Droits et statuts", 10, CARNET_SECTION_SITUATION, 2, 0, droits_fields,
     CARNET__CHECK_NONE},
    {"situation.contrat", "Contrat d'engagement", 11, CARNET_SECTION_SITUATION, 1, 0,
     contrat_fields, CARNET__CHECK_CONTRAT},
    {"situation.orientation", "Orientation", CARNET__CODE_ORIENTATION, CARNET_SECTION_SITUATION, 2,
     1, orientation_fields, CARNET__CHECK_NONE},
    {"situation.reorientation", "Demande ou décision de réorientation", 13,
     CARNET_SECTION_SITUATION, 0, 1, reorientation_fields, CARNET__CHECK_NONE},
    {"diagnostic.pro", "Diagnostic professionnel", 20, CARNET_SECTION_DIAGNOSTIC_PRO, 2, 0,
     diag_pro_fields, CARNET__CHECK_DIAG_PRO},
    {"diagnostic.social", "Diagnostic social", 30, CARNET_SECTION_DIAGNOSTIC_SOCIAL, 2, 0,
     diag_social_fields, CARNET__CHECK_SOCIAL},
    {"sante.situation", "Santé et handicap", 40, CARNET_SECTION_SANTE, 2, 0, sante_fields,
     CARNET__CHECK_SANTE},
    {"justice.suivi", "Suivi judiciaire", 50, CARNET_SECTION_JUSTICE, 1, 0, justice_fields,
     CARNET__CHECK_NONE},
    {"plan.axe", "Axe de travail", CARNET__CODE_AXE, CARNET_SECTION_PLAN, 1, 0, axe_fields,
     CARNET__CHECK_NONE},
    {"plan.objectif", "Objectif", CARNET__CODE_OBJECTIF, CARNET_SECTION_PLAN, 1, 0, objectif_fields,
     CARNET__CHECK_OBJECTIF},
    {"plan.action", "Action", 62, CARNET_SECTION_PLAN, 1, 0, action_fields, CARNET__CHECK_ACTION},
    {"plan.validation", "Validation du plan par la personne", 63, CARNET_SECTION_PLAN, 0, 0,
     validation_fields, CARNET__CHECK_NONE},
    {"suivi.rdv", "Rendez-vous", 70, CARNET_SECTION_SUIVI, 1, 0, rdv_fields, CARNET__CHECK_NONE},
    {"suivi.point", "Point d'étape", 71, CARNET_SECTION_SUIVI, 0, 0, point_fields,
     CARNET__CHECK_NONE},
    {"suivi.evenement", "Changement de situation", 72, CARNET_SECTION_SUIVI, 0, 0, evenement_fields,
     CARNET__CHECK_NONE},
    {"suivi.sortie", "Sortie du parcours", CARNET__CODE_SORTIE, CARNET_SECTION_SUIVI, 3, 0,
     sortie_fields, CARNET__CHECK_NONE},
    {"suivi.post_sortie", "Nouvelles après la sortie", 74, CARNET_SECTION_SUIVI, 0, 0,
     post_sortie_fields, CARNET__CHECK_NONE},
    {"suivi.evaluation", "Évaluation du parcours par la personne", 75, CARNET_SECTION_SUIVI, 2, 0,
     evaluation_fields, CARNET__CHECK_NONE},
    {"suivi.cloture", "Clôture du carnet", CARNET__CODE_CLOTURE, CARNET_SECTION_SUIVI, 0, 0,
     cloture_fields, CARNET__CHECK_NONE},
    {"archive.import", "Archive d'un carnet importé", 77, CARNET_SECTION_SUIVI, 0, 1,
     archive_fields, CARNET__CHECK_NONE},
};

enum { NKINDS = (int)(sizeof kinds / sizeof kinds[0]) };

const carnet__kind *
carnet__kind_by_name(const char *name)
{
    for (int i = 0; name != NULL && i < NKINDS; i++) {
        if (strcmp(kinds[i].name, name) == 0) {
            return &kinds[i];
        }
    }
    return NULL;
}

const carnet__kind *
carnet__kind_by_code(uint16_t code)
{
    for (int i = 0; i < NKINDS; i++) {
        if (kinds[i].code == code) {
            return &kinds[i];
        }
    }
    return NULL;
}

static void
kind_info(carnet_kind_info *out, const carnet__kind *k)
{
    out->name = k->name;
    out->label = k->label;
    out->section = k->section;
    out->versioned = k->versioned != 0;
}

int
carnet_kind_get(carnet_kind_info *out, const char *name)
{
    const carnet__kind *k = carnet__kind_by_name(name);

    if (k == NULL) {
        return CARNET_EINVAL;
    }
    kind_info(out, k);
    return CARNET_OK;
}

int
carnet_kind_next(carnet_kind_info *out, size_t *it)
{
    if (*it >= (size_t)NKINDS) {
        return CARNET_ITEROVER;
    }
    kind_info(out, &kinds[*it]);
    (*it)++;
    return CARNET_OK;
}
