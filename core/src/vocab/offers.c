/* offers.c - the catalogue of insertion services: import checked against
 * the data·inclusion référentiel (embedded from
 * fixtures/referentiel/data-inclusion.json), lookup and search.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carnet/offers.h>

#include "vocab/vocab.h"

#define SERVICES_MAX 100000

/* Is @p v one of the strings of array @p list (or of the "thematiques"
 * arrays of its objects)? */
static int
known(const cJSON *list, const char *v)
{
    const cJSON *e, *x;

    cJSON_ArrayForEach(e, list)
    {
        if (cJSON_IsString(e) && strcmp(e->valuestring, v) == 0) {
            return 1;
        }
        if (cJSON_IsObject(e)) {
            const char *val = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "value"));
            if (val != NULL && strcmp(val, v) == 0 &&
                cJSON_GetObjectItemCaseSensitive(e, "thematiques") == NULL) {
                return 1;
            }
            cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(e, "thematiques"))
            {
                if (cJSON_IsString(x) && strcmp(x->valuestring, v) == 0) {
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* A code of the Code officiel géographique: a département ("59", "2A"),
 * a commune ("59512") or an EPCI (9 digits). */
static int
geo_code(const char *v)
{
    size_t len = strlen(v);
    return len >= 2 && len <= 9 && strspn(v, "0123456789AB") == len;
}

/* Join a checked array of codes as ",a,b," into @p out: codes of the
 * référentiel list @p ref, or with @p ref NULL geographic codes (where an
 * empty list is allowed). */
static int
codes(carnet_db *db, const cJSON *svc, size_t i, const char *field, const cJSON *ref, int required,
      char *out, size_t size)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(svc, field), *e;
    size_t n = 1;
    int k = 0;

    (void)snprintf(out, size, ",");
    if (arr == NULL && !required) {
        return CARNET_OK;
    }
    if (!cJSON_IsArray(arr) || (ref != NULL && cJSON_GetArraySize(arr) == 0)) {
        return carnet__fail(db, CARNET_EINVAL, "services[%zu].%s : liste %sattendue", i, field,
                            ref != NULL ? "non vide " : "");
    }
    cJSON_ArrayForEach(e, arr)
    {
        int w;
        if (!cJSON_IsString(e) ||
            !(ref != NULL ? known(ref, e->valuestring) : geo_code(e->valuestring))) {
            return carnet__fail(db, CARNET_EINVAL, "services[%zu].%s[%d] : %s", i, field, k,
                                ref != NULL ? "valeur inconnue du référentiel data·inclusion"
                                            : "code géographique attendu");
        }
        w = snprintf(out + n, size - n, "%s,", e->valuestring);
        if (w < 0 || (size_t)w >= size - n) {
            return carnet__fail(db, CARNET_EINVAL, "services[%zu].%s : liste trop longue", i,
                                field);
        }
        n += (size_t)w;
        k++;
    }
    return CARNET_OK;
}

/* A text field of at most @p max bytes (required or not). */
static int
text(carnet_db *db, const cJSON *svc, size_t i, const char *field, size_t max, int required,
     char *out, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(svc, field);

    out[0] = '\0';
    if (v == NULL && !required) {
        return CARNET_OK;
    }
    if (v == NULL || !cJSON_IsString(v) || (required && v->valuestring[0] == '\0') ||
        strlen(v->valuestring) > max || !carnet__utf8_valid(v->valuestring, 0)) {
        return carnet__fail(db, CARNET_EINVAL,
                            "services[%zu].%s : texte de %zu octets au plus "
                            "attendu",
                            i, field, max);
    }
    (void)snprintf(out, size, "%s", v->valuestring);
    return CARNET_OK;
}

static int
check_service(carnet_db *db, const cJSON *ref, const cJSON *svc, size_t i, carnet_offer *o)
{
    int rc;

    memset(o, 0, sizeof *o);
    if (!cJSON_IsObject(svc)) {
        return carnet__fail(db, CARNET_EINVAL, "services[%zu] : objet attendu", i);
    }
    rc = text(db, svc, i, "id", 63, 1, o->id, sizeof o->id);
    if (rc == CARNET_OK && !carnet__handle_valid(o->id)) {
        rc = carnet__fail(db, CARNET_EINVAL,
                          "services[%zu].id : identifiant parmi a-z, 0-9, '.', '-' et '_' attendu",
                          i);
    }
    rc = rc == CARNET_OK ? text(db, svc, i, "nom", 127, 1, o->name, sizeof o->name) : rc;
    rc = rc == CARNET_OK ? text(db, svc, i, "structure", 127, 1, o->structure, sizeof o->structure)
                         : rc;
    rc = rc == CARNET_OK ? text(db, svc, i, "commune", 63, 1, o->commune, sizeof o->commune) : rc;
    rc = rc == CARNET_OK ? text(db, svc, i, "code_postal", 5, 0, o->postcode, sizeof o->postcode)
                         : rc;
    rc = rc == CARNET_OK
             ? text(db, svc, i, "description", 511, 0, o->description, sizeof o->description)
             : rc;
    rc = rc == CARNET_OK ? codes(db, svc, i, "thematiques",
                                 cJSON_GetObjectItemCaseSensitive(ref, "thematiques"), 1, o->themes,
                                 sizeof o->themes)
                         : rc;
    rc = rc == CARNET_OK
             ? codes(db, svc, i, "publics", cJSON_GetObjectItemCaseSensitive(ref, "publics"), 0,
                     o->publics, sizeof o->publics)
             : rc;
    rc = rc == CARNET_OK ? codes(db, svc, i, "modes_accueil",
                                 cJSON_GetObjectItemCaseSensitive(ref, "modes_accueil"), 0,
                                 o->modes, sizeof o->modes)
                         : rc;
    rc = rc == CARNET_OK
             ? codes(db, svc, i, "frais", cJSON_GetObjectItemCaseSensitive(ref, "frais"), 0,
                     o->fees, sizeof o->fees)
             : rc;
    rc = rc == CARNET_OK ? codes(db, svc, i, "zone_eligibilite", NULL, 0, o->zone, sizeof o->zone)
                         : rc;
    if (rc == CARNET_OK && strcmp(o->publics, ",") == 0) {
        (void)snprintf(o->publics, sizeof o->publics, ",tous-publics,");
    }
    return rc;
}

static int
store(carnet_db *db, const carnet_offer *o)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_STORE);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, o->id);
    carnet__bind_text(st, 2, o->name);
    carnet__bind_text(st, 3, o->structure);
    carnet__bind_text(st, 4, o->commune);
    carnet__bind_text(st, 5, o->postcode[0] != '\0' ? o->postcode : NULL);
    carnet__bind_text(st, 6, o->themes);
    carnet__bind_text(st, 7, o->publics);
    carnet__bind_text(st, 8, o->modes);
    carnet__bind_text(st, 9, o->fees);
    carnet__bind_text(st, 10, o->description);
    carnet__bind_text(st, 11, o->zone);
    return carnet__exec_stmt(db, st, "enregistrement du catalogue");
}

int
carnet_offers_import(size_t *count, carnet_db *db, carnet_actor *admin, const char *json,
                     size_t len)
{
    cJSON *doc = NULL, *ref = NULL;
    const cJSON *list, *svc;
    carnet_offer o;
    size_t i = 0;
    int rc;

    *count = 0;
    if (admin == NULL || !carnet__actor_is_admin(admin)) {
        return carnet__fail(db, CARNET_ECONSENT, "seul l'administrateur importe le catalogue");
    }
    rc = carnet__json_parse(db, json, len, &doc, "catalogue");
    if (rc == CARNET_OK) {
        ref = cJSON_ParseWithLength((const char *)carnet__embed_data_inclusion,
                                    carnet__embed_data_inclusion_len);
        rc = ref != NULL ? CARNET_OK : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    list = cJSON_GetObjectItemCaseSensitive(doc, "services");
    if (rc == CARNET_OK && (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > SERVICES_MAX)) {
        rc = carnet__fail(db, CARNET_EINVAL, "services : liste attendue");
    }
    rc = rc == CARNET_OK ? carnet__begin(db) : rc;
    cJSON_ArrayForEach(svc, list)
    {
        if (rc != CARNET_OK) {
            break;
        }
        rc = check_service(db, ref, svc, i++, &o);
        rc = rc == CARNET_OK ? store(db, &o) : rc;
    }
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    } else if (doc != NULL && ref != NULL && cJSON_IsArray(list)) {
        carnet__rollback(db);
    }
    cJSON_Delete(doc);
    cJSON_Delete(ref);
    if (rc == CARNET_OK) {
        *count = i;
        return carnet__ok(db);
    }
    return rc;
}

/* ------------------------------------------------------------ reading */

/* A stored ",a,b," list as "a,b". */
static void
col_list(carnet__statement *st, int col, char *out, size_t size)
{
    size_t n;

    carnet__col_text(st, col, out, size);
    n = strlen(out);
    if (n >= 2 && out[0] == ',' && out[n - 1] == ',') {
        memmove(out, out + 1, n - 2);
        out[n - 2] = '\0';
    } else {
        out[0] = '\0';
    }
}

static void
read_offer(carnet__statement *st, carnet_offer *o)
{
    memset(o, 0, sizeof *o);
    carnet__col_text(st, 0, o->id, sizeof o->id);
    carnet__col_text(st, 1, o->name, sizeof o->name);
    carnet__col_text(st, 2, o->structure, sizeof o->structure);
    carnet__col_text(st, 3, o->commune, sizeof o->commune);
    carnet__col_text(st, 4, o->postcode, sizeof o->postcode);
    col_list(st, 5, o->themes, sizeof o->themes);
    col_list(st, 6, o->publics, sizeof o->publics);
    col_list(st, 7, o->modes, sizeof o->modes);
    col_list(st, 8, o->fees, sizeof o->fees);
    carnet__col_text(st, 9, o->description, sizeof o->description);
    col_list(st, 10, o->zone, sizeof o->zone);
}

int
carnet_offer_get(carnet_offer *out, carnet_db *db, const char *id)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_OFFER_GET);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, id);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        read_offer(st, out);
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "service '%s' absent du catalogue",
                            id != NULL ? id : "");
    }
    return rc == CARNET__ROW ? carnet__ok(db) : carnet__store_fail(db, rc, "lecture du catalogue");
}

struct carnet_offer_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_offer_iter_new(carnet_offer_iter **out, carnet_db *db, const carnet_offer_query *q)
{
    carnet_offer_iter *it;

    *out = NULL;
    if (q == NULL || q->version != CARNET_OFFER_QUERY_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "recherche : version inconnue");
    }
    it = carnet__iter_new(db, sizeof *it, CARNET__Q_OFFER_ITER_NEW, "lecture du catalogue");
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(it->cur.st, 1, q->theme);
    carnet__bind_text(it->cur.st, 2, q->place);
    carnet__bind_text(it->cur.st, 3, q->public_);
    carnet__bind_text(it->cur.st, 4, q->words);
    *out = it;
    return carnet__ok(db);
}

int
carnet_offer_iter_next(carnet_offer_iter *it, carnet_offer *out)
{
    int rc = carnet__cursor_next(&it->cur);

    if (rc != CARNET_OK) {
        return rc;
    }
    read_offer(it->cur.st, out);
    return CARNET_OK;
}

void
carnet_offer_iter_free(carnet_offer_iter *it)
{
    carnet__iter_free(it);
}
