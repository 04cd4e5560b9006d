/* france_travail.c - a record of the France Travail "principal" extract
 * as identité, professional diagnostic and difficulties (social diagnostic).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "adapters/flows.h"

/* "59100 ROUBAIX" → code postal and commune. */
static int
add_address(carnet__mapped *m, const cJSON *rec)
{
    cJSON *identite = m->identite;
    const char *l4 = carnet__json_str_at(m, rec, "adresse_ligne4", NULL, NULL);
    const char *l6 = carnet__json_str_at(m, rec, "adresse_ligne6", NULL, NULL);
    char pc[6];
    cJSON *a;

    if (l4 == NULL && l6 == NULL) {
        return 1;
    }
    a = cJSON_AddObjectToObject(identite, "adresse");
    if (a == NULL || !carnet__json_add_str(a, "ligne1", l4)) {
        return 0;
    }
    if (l6 != NULL && strlen(l6) > 6 && strspn(l6, "0123456789") == 5 && l6[5] == ' ') {
        memcpy(pc, l6, 5);
        pc[5] = '\0';
        return carnet__json_add_str(a, "code_postal", pc) &&
               carnet__json_add_name(a, "commune", l6 + 6);
    }
    return carnet__json_add_str(a, "commune", l6);
}

static int
add_project(cJSON *list, const char *rome, const char *title)
{
    cJSON *p;

    if (rome == NULL) {
        return 1;
    }
    p = cJSON_CreateObject();
    if (p == NULL || !cJSON_AddItemToArray(list, p)) {
        cJSON_Delete(p);
        return 0;
    }
    return carnet__json_add_str(p, "rome", rome) && carnet__json_add_str(p, "intitule", title) &&
           carnet__json_add_str(p, "source", "france_travail");
}

/* The difficulties France Travail reports, except health (GDPR art. 9):
 * the person discloses that herself. */
static int
map_difficulties(carnet__mapped *m, const cJSON *rec)
{
    static const char *const flags[][2] = {{"dif_logement", "logement"},
                                           {"dif_transport", "mobilité"},
                                           {"dif_financiere", "finances"},
                                           {"dif_admin_jur", "démarches administratives"},
                                           {"dif_familiale", "contraintes familiales"},
                                           {"dif_inser_com", "langue et communication"}};
    char text[256] = "Difficultés signalées par France Travail :";
    size_t used = strlen(text);
    int any = 0;

    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        const char *v = carnet__json_str_at(m, rec, flags[i][0], NULL, NULL);
        if (v != NULL && strcmp(v, "OUI") == 0) {
            int n = snprintf(text + used, sizeof text - used, "%s %s", any ? "," : "", flags[i][1]);
            if (n > 0 && (size_t)n < sizeof text - used) {
                used += (size_t)n;
            }
            any = 1;
        }
    }
    if (!any) {
        return 1;
    }
    m->social = cJSON_CreateObject();
    return m->social != NULL && carnet__json_add_str(m->social, "commentaire", text) &&
           carnet__json_add_str(m->social, "source", "france_travail");
}

int
carnet__map_france_travail(carnet__mapped *m, const cJSON *rec, size_t index)
{
    const char *id = carnet__json_str_at(m, rec, "identifiant_unique_de", NULL, NULL);
    const char *ppae = carnet__json_str_at(m, rec, "der_entretien_ppae", NULL, NULL);
    const char *inscription = carnet__json_str_at(m, rec, "inscription", NULL, NULL);
    cJSON *ids, *projets, *st;
    int ok;

    (void)snprintf(m->label, sizeof m->label, "individus[%zu]", index);
    if (id == NULL) {
        return 0;
    }
    (void)snprintf(m->match, sizeof m->match, "france_travail:%.40s", id);
    m->identite = cJSON_CreateObject();
    m->diag_pro = cJSON_CreateObject();
    ids = m->identite != NULL ? cJSON_AddObjectToObject(m->identite, "identifiants") : NULL;
    projets = m->diag_pro != NULL ? cJSON_AddArrayToObject(m->diag_pro, "projets") : NULL;
    ok =
        ids != NULL && projets != NULL &&
        carnet__json_add_name(m->identite, "prenom",
                              carnet__json_str_at(m, rec, "prenom", NULL, NULL)) &&
        carnet__json_add_name(m->identite, "nom", carnet__json_str_at(m, rec, "nom", NULL, NULL)) &&
        carnet__json_add_str(m->identite, "date_naissance",
                             carnet__json_str_at(m, rec, "date_naissance", NULL, NULL)) &&
        add_address(m, rec) && carnet__json_add_str(ids, "france_travail", id) &&
        carnet__json_add_str(m->identite, "source", "france_travail") &&
        add_project(projets, carnet__json_str_at(m, rec, "rome_1", NULL, NULL),
                    carnet__json_str_at(m, rec, "appelation_rome_1", NULL, NULL)) &&
        add_project(projets, carnet__json_str_at(m, rec, "rome_2", NULL, NULL),
                    carnet__json_str_at(m, rec, "appelation_rome_2", NULL, NULL)) &&
        carnet__json_add_str(m->diag_pro, "source", "france_travail") && map_difficulties(m, rec);
    if (ok && inscription != NULL) {
        st = cJSON_AddObjectToObject(m->diag_pro, "situation_travail");
        ok = st != NULL && carnet__json_add_str(st, "code", "recherche_emploi") &&
             carnet__json_add_str(st, "depuis", inscription);
    }
    if (ok && ppae != NULL) {
        m->contrat = cJSON_CreateObject();
        ok = m->contrat != NULL && carnet__json_add_str(m->contrat, "type", "ppae") &&
             carnet__json_add_str(m->contrat, "date_signature", ppae) &&
             carnet__json_add_str(m->contrat, "source", "france_travail");
    }
    if (!ok) {
        return -1;
    }
    return m->mistyped[0] == '\0' ? 1 : 0;
}
