/* caf.c - a CAF/MSA record (foyer and personne of the vrsb0801 flow) as
 * identité, rights and contract bodies. The NIR is never read into them.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "adapters/flows.h"

int
carnet__map_caf(carnet__mapped *m, const cJSON *foyer, const cJSON *personne, size_t index)
{
    const char *matricule =
        carnet__json_str_at(m, foyer, "IdentificationRSA", "Organisme", "MATRICULE");
    const cJSON *sit = carnet__json_path(foyer, "PrestationRSA", "SituationDossierRSA", NULL);
    const cJSON *tronc =
        carnet__json_path(foyer, "PrestationRSA", "DetailDroitRSA", "TroncCommunDroitRSA");
    const struct carnet__vocab_row *rsa, *susp = NULL, *clo = NULL;
    const char *prenom = carnet__json_str_at(m, personne, "Identification", "PRENOM", NULL);
    const char *dtnai = carnet__json_str_at(m, personne, "Identification", "DTNAI", NULL);
    cJSON *ids;
    int ok;

    (void)snprintf(m->label, sizeof m->label, "InfosFoyerRSA[%zu]", index);
    if (matricule == NULL || prenom == NULL || dtnai == NULL) {
        return 0;
    }
    rsa = carnet__vocab_find_ext(CARNET_VOCAB_RSA_RIGHT,
                                 carnet__json_str_at(m, sit, "EtatDossierRSA", "ETATDOSRSA", NULL));
    if (carnet__json_str_at(m, sit, "SuspensionVersement", "MOTISUSVERSRSA", NULL) != NULL) {
        susp = carnet__vocab_find_ext(
            CARNET_VOCAB_RSA_SUSPENSION,
            carnet__json_str_at(m, sit, "SuspensionVersement", "MOTISUSVERSRSA", NULL));
    }
    if (carnet__json_str_at(m, sit, "FinDroit", "MOTICLORSA", NULL) != NULL) {
        clo = carnet__vocab_find_ext(CARNET_VOCAB_RSA_CLOSURE,
                                     carnet__json_str_at(m, sit, "FinDroit", "MOTICLORSA", NULL));
    }
    (void)snprintf(m->match, sizeof m->match, "caf:%.20s:%.30s:%.10s", matricule, prenom, dtnai);
    m->identite = cJSON_CreateObject();
    m->droits = cJSON_CreateObject();
    ids = m->identite != NULL ? cJSON_AddObjectToObject(m->identite, "identifiants") : NULL;
    ok =
        m->droits != NULL && ids != NULL && carnet__json_add_name(m->identite, "prenom", prenom) &&
        carnet__json_add_name(m->identite, "nom",
                              carnet__json_str_at(m, personne, "Identification", "NOMNAI", NULL)) &&
        carnet__json_add_str(m->identite, "date_naissance", dtnai) &&
        carnet__json_add_str(ids, "caf", matricule) &&
        carnet__json_add_str(m->identite, "source", "caf") &&
        carnet__json_add_str(m->droits, "rsa", rsa != NULL ? rsa->code : NULL) &&
        carnet__json_add_str(m->droits, "rsa_motif_suspension", susp != NULL ? susp->code : NULL) &&
        carnet__json_add_str(m->droits, "rsa_motif_cloture", clo != NULL ? clo->code : NULL) &&
        carnet__json_add_str(m->droits, "rsa_date_cloture",
                             carnet__json_str_at(m, sit, "FinDroit", "DTCLORSA", NULL)) &&
        carnet__json_add_flag(m->droits, "droits_devoirs",
                              carnet__json_str_at(m, personne, "MontantCalculDroitRSAPersonne",
                                                  "TOPPERSDRODEVORSA", NULL)) &&
        carnet__json_add_flag(m->droits, "sans_domicile_fixe",
                              carnet__json_str_at(m, tronc, "TOPSANSDOMFIXE", NULL, NULL)) &&
        carnet__json_add_str(m->droits, "source", "caf");
    if (!ok) {
        return -1;
    }
    return m->mistyped[0] == '\0' ? 1 : 0;
}
