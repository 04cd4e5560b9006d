/* exchange_import.c - importing a person's export as a new carnet, and erasing a
 * whole carnet by crypto-shredding.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

#define IMPORT_MAX_ENTRIES 100000

struct renumber {
    int64_t *old_no;
    int64_t *new_no;
    size_t n;
};

static int64_t
renumbered(const struct renumber *map, int64_t old)
{
    for (size_t i = 0; i < map->n; i++) {
        if (map->old_no[i] == old) {
            return map->new_no[i];
        }
    }
    return 0;
}

/* References to other entries (axe, objectif) follow the renumbering. */
static int
remap_refs(cJSON *body, const struct renumber *map)
{
    static const char *const refs[] = {"axe", "objectif"};

    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(body, refs[i]);
        if (cJSON_IsNumber(v)) {
            int64_t n = renumbered(map, (int64_t)v->valuedouble);
            if (n == 0) {
                return 0;
            }
            cJSON_SetNumberValue(v, (double)n);
        }
    }
    return 1;
}

static int
add_origin(cJSON *body, const char *space, const cJSON *e)
{
    cJSON *o;
    const char *author = carnet__json_str(e, "auteur");
    const char *date = carnet__json_str(e, "date");
    const cJSON *no = cJSON_GetObjectItemCaseSensitive(e, "no");

    if (cJSON_GetObjectItemCaseSensitive(body, "origine") != NULL) {
        return 1; /* already imported once: keep the first origin */
    }
    o = cJSON_AddObjectToObject(body, "origine");
    return o != NULL && cJSON_AddStringToObject(o, "type", "import") != NULL &&
           (space == NULL || cJSON_AddStringToObject(o, "espace", space) != NULL) &&
           (!cJSON_IsNumber(no) || cJSON_AddNumberToObject(o, "no", no->valuedouble) != NULL) &&
           (author == NULL || cJSON_AddStringToObject(o, "auteur", author) != NULL) &&
           (date == NULL || cJSON_AddStringToObject(o, "date", date) != NULL);
}

static int
import_entry(carnet_db *db, carnet_actor *importer, carnet__creation *cr, const cJSON *e, size_t i,
             const char *space, struct renumber *map)
{
    const carnet__kind *k = carnet__kind_by_name(carnet__json_str(e, "type"));
    const cJSON *no = cJSON_GetObjectItemCaseSensitive(e, "no");
    const cJSON *sup = cJSON_GetObjectItemCaseSensitive(e, "remplace");
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(e, "contenu");
    cJSON *body = NULL, *checked = NULL;
    char msg[CARNET_ERRMSG_MAX];
    char *text = NULL;
    int64_t new_no = 0;
    int rc;

    if (map->old_no == NULL || map->new_no == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "efface"))) {
        return CARNET_OK; /* erased at the source: nothing to carry */
    }
    if (k == NULL || !cJSON_IsNumber(no) || !cJSON_IsObject(content)) {
        return carnet__fail(db, CARNET_EINVAL,
                            "entrees[%zu] : « type » connu, « no » et « contenu » attendus", i);
    }
    body = cJSON_Duplicate(content, 1);
    if (body == NULL || !add_origin(body, space, e)) {
        carnet__json_wipe_delete(body);
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (!remap_refs(body, map)) {
        carnet__json_wipe_delete(body);
        return carnet__fail(db, CARNET_EINVAL, "entrees[%zu] : référence à une entrée absente", i);
    }
    text = carnet__json_print(body);
    /* Structural checks only: handles name principals of the source workspace. */
    rc = text != NULL ? carnet__kind_parse(NULL, 0, k, text, &checked, msg, sizeof msg)
                      : CARNET_ENOMEM;
    if (rc != CARNET_OK) {
        rc = carnet__fail(db, rc, "entrees[%zu].contenu : %s", i,
                          text != NULL ? msg : "mémoire insuffisante");
    } else {
        int64_t s = cJSON_IsNumber(sup) ? renumbered(map, (int64_t)sup->valuedouble) : 0;
        rc = carnet__creation_entry(db, importer, cr, k, text, s, &new_no);
    }
    if (rc == CARNET_OK) {
        map->old_no[map->n] = (int64_t)no->valuedouble;
        map->new_no[map->n] = new_no;
        map->n++;
    }
    carnet__json_free_str(text);
    carnet__json_wipe_delete(checked);
    carnet__json_wipe_delete(body);
    return rc;
}

static int
import_archive(carnet_db *db, carnet_actor *importer, carnet__creation *cr, const cJSON *doc)
{
    cJSON *a = cJSON_CreateObject();
    const char *space = carnet__json_str(doc, "espace");
    static const char *const keys[][2] = {
        {"autorisations", "autorisations"}, {"groupe_de_suivi", "membres"}, {"journal", "journal"}};
    char *text;
    int64_t no = 0;
    int ok = a != NULL && (space == NULL || cJSON_AddStringToObject(a, "source", space) != NULL);
    int rc;

    for (size_t i = 0; ok && i < sizeof keys / sizeof keys[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, keys[i][0]);
        ok = v == NULL || cJSON_AddItemToObject(a, keys[i][1], cJSON_Duplicate(v, 1));
    }
    text = ok ? carnet__json_print(a) : NULL;
    rc = text != NULL ? carnet__creation_entry(db, importer, cr,
                                               carnet__kind_by_name("archive.import"), text, 0, &no)
                      : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    carnet__json_free_str(text);
    carnet__json_wipe_delete(a);
    return rc;
}

static int
check_export(carnet_db *db, const cJSON *doc, const cJSON **entries)
{
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "schema_version");
    const char *type = carnet__json_str(doc, "type");
    const char *space = carnet__json_str(doc, "espace");

    *entries = cJSON_GetObjectItemCaseSensitive(doc, "entrees");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1.0 || type == NULL ||
        strcmp(type, "carnet-export") != 0) {
        return carnet__fail(db, CARNET_EINVAL,
                            "export : « schema_version » 1 et « type » carnet-export attendus");
    }
    if (space != NULL && (strlen(space) > 127 || !carnet__utf8_valid(space, 0))) {
        return carnet__fail(db, CARNET_EINVAL, "espace : texte de 127 octets au plus attendu");
    }
    if (!cJSON_IsArray(*entries) || cJSON_GetArraySize(*entries) > IMPORT_MAX_ENTRIES) {
        return carnet__fail(db, CARNET_EINVAL, "entrees : liste de %d entrées au plus attendue",
                            IMPORT_MAX_ENTRIES);
    }
    return CARNET_OK;
}

static int
import_all(carnet_db *db, carnet_actor *importer, carnet__creation *cr, const cJSON *doc,
           const cJSON *entries, const carnet_secbuf *passphrase)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    struct renumber map;
    const cJSON *e;
    size_t n = (size_t)cJSON_GetArraySize(entries), i = 0;
    int rc = CARNET_OK;

    map.n = 0;
    map.old_no = calloc(n + 1, sizeof *map.old_no);
    map.new_no = calloc(n + 1, sizeof *map.new_no);
    if (map.old_no == NULL || map.new_no == NULL) {
        rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    cJSON_ArrayForEach(e, entries)
    {
        if (rc == CARNET_OK) {
            rc = import_entry(db, importer, cr, e, i, carnet__json_str(doc, "espace"), &map);
        }
        i++;
    }
    free(map.old_no);
    free(map.new_no);
    if (rc == CARNET_OK) {
        rc = import_archive(db, importer, cr, doc);
    }
    if (rc == CARNET_OK) {
        g.grantee = importer->handle;
        g.sections = CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE) |
                     CARNET_SECTION_BIT(CARNET_SECTION_SITUATION);
        g.access = CARNET_ACCESS_WRITE;
        g.method = CARNET_METHOD_ASSISTED;
        rc = carnet__creation_finish(db, importer, cr, passphrase != NULL ? &g : NULL);
    }
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &cr->c, importer, CARNET_AUDIT_IMPORT, -1, 0, CARNET_OK);
    }
    return rc;
}

int
carnet_import(char person_out[CARNET_HANDLE_MAX + 1], carnet_secbuf **code_out, carnet_db *db,
              carnet_actor *importer, const char *json, size_t len, const carnet_secbuf *passphrase)
{
    carnet__creation cr;
    const cJSON *entries = NULL;
    cJSON *doc = NULL;
    int rc;

    person_out[0] = '\0';
    *code_out = NULL;
    memset(&cr, 0, sizeof cr);
    if (importer == NULL || importer->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_ECONSENT, "un carnet est importé par un professionnel");
    }
    if (passphrase != NULL) {
        rc = carnet__check_passphrase(db, passphrase, "la personne");
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    rc = carnet__json_parse(db, json, len, &doc, "export");
    if (rc == CARNET_OK) {
        rc = check_export(db, doc, &entries);
    }
    if (rc == CARNET_OK) {
        rc = carnet__begin(db);
    }
    if (rc == CARNET_OK) {
        rc = carnet__creation_begin(db, importer, passphrase, &cr);
        rc = rc == CARNET_OK ? import_all(db, importer, &cr, doc, entries, passphrase) : rc;
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
        if (rc != CARNET_OK) {
            carnet__rollback(db);
            carnet__actor_forget_keys(importer, 0);
        }
    }
    if (rc == CARNET_OK) {
        (void)carnet__strlcpy(person_out, cr.person.handle, CARNET_HANDLE_MAX + 1);
        *code_out = cr.code;
        cr.code = NULL;
    }
    carnet__creation_release(&cr);
    carnet__json_wipe_delete(doc);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

/* ---------------------------------------------------------------- erasure */

static int
shred(carnet_db *db, const carnet__carnet *c)
{
    static const carnet__query steps[] = {
        CARNET__Q_SHRED_ENTRIES,     CARNET__Q_SHRED_WRAPS,           CARNET__Q_SHRED_LOOKUPS,
        CARNET__Q_SHRED_PERSON_KEYS, CARNET__Q_SHRED_ACTIVATION_CODE, CARNET__Q_SHRED_CARNET};
    int rc = CARNET_OK;

    for (size_t i = 0; rc == CARNET_OK && i < sizeof steps / sizeof steps[0]; i++) {
        carnet__statement *st = carnet__stmt(db, steps[i]);
        if (st == NULL) {
            return carnet__status(db);
        }
        carnet__bind_int(st, 1, c->rowid);
        carnet__bind_int(st, 2, carnet_db_now(db));
        rc = carnet__exec_stmt(db, st, "effacement du carnet");
    }
    return rc;
}

int
carnet_erase(carnet_db *db, carnet_actor *by, const char *person)
{
    carnet__carnet c;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc != CARNET_OK) {
        return rc;
    }
    if (by == NULL || (by->pid != c.person && !carnet__actor_is_admin(by))) {
        rc = carnet__fail(db, CARNET_ECONSENT,
                          "seuls la personne et l'administrateur effacent un carnet");
        if (by != NULL) {
            carnet__audit_refusal(db, &c, by, CARNET_AUDIT_ERASE, -1, 0, rc);
        }
        return rc;
    }
    if (c.erased) {
        return carnet__fail(db, CARNET_EINVAL, "le carnet de '%s' est déjà effacé", person);
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = shred(db, &c);
        rc = rc == CARNET_OK ? carnet__audit(db, &c, by, CARNET_AUDIT_ERASE, -1, 0, CARNET_OK) : rc;
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
        if (rc != CARNET_OK) {
            carnet__rollback(db);
        }
    }
    carnet__actor_forget_keys(by, c.rowid);
    if (rc == CARNET_OK) {
        rc = carnet_db_compact(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
