/* exchange_flows.c - "dites-le nous une fois": CAF/MSA and France Travail flows mapped
 * into identité, situation and diagnostic entries, with source attribution,
 * matched to carnets by a keyed blind index and never imported twice.
 * SPDX-License-Identifier: MIT
 *
 * The formats (docs/flows.md) follow the field names of the real flows: the
 * CNAF "vrsb0801" XML for the CAF, the "principal" extract for France
 * Travail. The NIR is read only to be dropped: it is never stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "adapters/flows.h"

const char *
carnet_flow_kind_code(carnet_flow_kind k)
{
    switch (k) {
    case CARNET_FLOW_CAF:
        return "caf";
    case CARNET_FLOW_FRANCE_TRAVAIL:
        return "france_travail";
    }
    return NULL;
}

/* ----------------------------------------------------------- blind index */

/* ------------------------------------------------------------ merging */

/* Overlay @p add onto @p base (objects merged one level down). */
static int
overlay(cJSON *base, const cJSON *add)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, add)
    {
        cJSON *cur = cJSON_GetObjectItemCaseSensitive(base, e->string);
        if (cJSON_IsObject(e) && cJSON_IsObject(cur)) {
            if (!overlay(cur, e)) {
                return 0;
            }
            continue;
        }
        cJSON *copy = cJSON_Duplicate(e, 1);
        if (copy == NULL) {
            return 0;
        }
        if (cur != NULL) {
            cJSON_ReplaceItemInObjectCaseSensitive(base, e->string, copy);
        } else {
            cJSON_AddItemToObject(base, e->string, copy);
        }
    }
    return 1;
}

/* Add the flow's projects whose ROME code is not there yet; set the work
 * situation when none is recorded. */
static int
merge_projects(cJSON *base, const cJSON *add)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(base, "projets");
    const cJSON *p, *st = cJSON_GetObjectItemCaseSensitive(add, "situation_travail");

    if (list == NULL) {
        list = cJSON_AddArrayToObject(base, "projets");
    }
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(add, "projets"))
    {
        const char *rome = carnet__json_str(p, "rome");
        const cJSON *q;
        int present = 0;
        cJSON_ArrayForEach(q, list)
        {
            const char *r2 = carnet__json_str(q, "rome");
            present |= rome != NULL && r2 != NULL && strcmp(rome, r2) == 0;
        }
        if (!present && cJSON_GetArraySize(list) < 5 &&
            !cJSON_AddItemToArray(list, cJSON_Duplicate(p, 1))) {
            return 0;
        }
    }
    if (st != NULL && cJSON_GetObjectItemCaseSensitive(base, "situation_travail") == NULL) {
        return cJSON_AddItemToObject(base, "situation_travail", cJSON_Duplicate(st, 1));
    }
    return 1;
}

struct flow_ctx {
    carnet_db *db;
    carnet_actor *importer;
    carnet_flow_kind kind;
    const carnet_epoch_key *index;
    carnet_flow_result *res;
    int fatal; /* the workspace itself failed (full disk…): stop there */
    char fatal_msg[sizeof((carnet_flow_result *)0)->message];
};

static int
write_body(struct flow_ctx *f, carnet__carnet *c, const char *kind, const cJSON *body)
{
    const carnet__kind *k = carnet__kind_by_name(kind);
    char *canon = carnet__json_print(body);
    carnet__write w;
    int64_t no = 0;
    int rc;

    if (canon == NULL) {
        return carnet__fail(f->db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    memset(&w, 0, sizeof w);
    w.kind = k;
    w.body = canon;
    rc = carnet__entry_chain(f->db, c, k, 0, &w.supersedes, &w.root);
    if (rc == CARNET_OK) {
        rc = carnet__entry_write(f->db, f->importer, c, &w, &no);
    }
    if (rc == CARNET_OK) {
        f->res->entries++;
    }
    carnet__json_free_str(canon);
    return rc;
}

/* Update one singleton kind from the flow: write only what changes. */
static int
update_kind(struct flow_ctx *f, carnet__carnet *c, const char *kind, const cJSON *add, int how)
{
    const carnet__kind *k = carnet__kind_by_name(kind);
    cJSON *cur = NULL, *merged;
    char *before = NULL, *after = NULL;
    int64_t no = 0;
    int rc, ok;

    if (add == NULL) {
        return CARNET_OK;
    }
    rc = carnet__audit(f->db, c, f->importer, CARNET_AUDIT_READ, (int)k->section, 0, CARNET_OK);
    if (rc == CARNET_OK) {
        rc = carnet__entry_latest(f->db, f->importer, c, k, &cur, &no);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (how == 2 && cur != NULL) {
        carnet__json_wipe_delete(cur); /* only filled in when still empty */
        return CARNET_OK;
    }
    merged = cur != NULL ? cJSON_Duplicate(cur, 1) : cJSON_Duplicate(add, 1);
    ok = merged != NULL &&
         (cur == NULL || (how == 1 ? merge_projects(merged, add) : overlay(merged, add)));
    before = cur != NULL ? carnet__json_print(cur) : NULL;
    after = ok ? carnet__json_print(merged) : NULL;
    if (after == NULL) {
        rc = carnet__fail(f->db, CARNET_ENOMEM, "mémoire insuffisante");
    } else if (before == NULL || strcmp(before, after) != 0) {
        rc = write_body(f, c, kind, merged);
    }
    carnet__json_free_str(before);
    carnet__json_free_str(after);
    carnet__json_wipe_delete(merged);
    carnet__json_wipe_delete(cur);
    return rc;
}

static int
tag_of(unsigned char tag[CARNET_HASH_BYTES], const struct flow_ctx *f, const char *domain,
       const char *text)
{
    carnet_keyed_hash(tag, f->index, domain, (const unsigned char *)text, strlen(text));
    return CARNET_OK;
}

static int
update_carnet(struct flow_ctx *f, carnet__carnet *c, const carnet__mapped *m)
{
    unsigned char tag[CARNET_HASH_BYTES];
    char key[160];
    int64_t owner = 0;
    int rc = update_kind(f, c, "identite", m->identite, 0);

    if (rc == CARNET_OK) {
        rc = update_kind(f, c, "situation.droits", m->droits, 0);
    }
    if (rc == CARNET_OK) {
        rc = update_kind(f, c, "diagnostic.pro", m->diag_pro, 1);
    }
    if (rc == CARNET_OK) {
        rc = update_kind(f, c, "diagnostic.social", m->social, 2);
    }
    if (rc == CARNET_OK && m->contrat != NULL) {
        (void)snprintf(key, sizeof key, "%s:%s", m->match,
                       carnet__json_str(m->contrat, "date_signature"));
        rc = tag_of(tag, f, "cdb/v1/flow-contract", key);
        rc = rc == CARNET_OK ? carnet__lookup_find(f->db, f->index, tag, &owner) : rc;
        if (rc == CARNET_OK && owner == 0) {
            rc = write_body(f, c, "situation.contrat", m->contrat);
            rc = rc == CARNET_OK ? carnet__lookup_put(f->db, f->index, tag, c, "record") : rc;
        }
    }
    return rc;
}

static int
create_carnet(struct flow_ctx *f, const carnet__mapped *m, carnet__carnet *out)
{
    static const char *const kinds[] = {"identite", "situation.droits", "diagnostic.pro",
                                        "situation.contrat", "diagnostic.social"};
    const cJSON *bodies[] = {m->identite, m->droits, m->diag_pro, m->contrat, m->social};
    carnet__creation cr;
    int rc = carnet__creation_begin(f->db, f->importer, NULL, &cr);

    for (size_t i = 0; rc == CARNET_OK && i < sizeof kinds / sizeof kinds[0]; i++) {
        char *canon;
        int64_t no = 0;
        if (bodies[i] == NULL) {
            continue;
        }
        canon = carnet__json_print(bodies[i]);
        rc = canon != NULL ? carnet__creation_entry(f->db, f->importer, &cr,
                                                    carnet__kind_by_name(kinds[i]), canon, 0, &no)
                           : carnet__fail(f->db, CARNET_ENOMEM, "mémoire insuffisante");
        carnet__json_free_str(canon);
        f->res->entries += rc == CARNET_OK;
    }
    if (rc == CARNET_OK) {
        rc = carnet__creation_finish(f->db, f->importer, &cr, NULL);
    }
    if (rc == CARNET_OK) { /* committed with the carnet, or not at all */
        rc = carnet__activation_code_keep(f->db, f->importer, &cr.person, cr.code);
    }
    if (rc == CARNET_OK) {
        *out = cr.c;
        f->res->created = 1;
        (void)carnet__strlcpy(f->res->person, cr.person.handle, sizeof f->res->person);
        f->res->activation_code = cr.code;
        cr.code = NULL; /* released by the caller after the callback */
    }
    carnet__creation_release(&cr);
    return rc;
}

/* Check every mapped body against its kind, as any entry is. */
static int
validate(struct flow_ctx *f, const carnet__mapped *m)
{
    static const char *const kinds[] = {"identite", "situation.droits", "diagnostic.pro",
                                        "situation.contrat", "diagnostic.social"};
    const cJSON *bodies[] = {m->identite, m->droits, m->diag_pro, m->contrat, m->social};
    char msg[CARNET_ERRMSG_MAX];

    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        cJSON *checked = NULL;
        char *text;
        int rc;
        if (bodies[i] == NULL) {
            continue;
        }
        text = carnet__json_print(bodies[i]);
        rc = text != NULL ? carnet__kind_parse(f->db, 0, carnet__kind_by_name(kinds[i]), text,
                                               &checked, msg, sizeof msg)
                          : CARNET_ENOMEM;
        carnet__json_free_str(text);
        carnet__json_wipe_delete(checked);
        if (rc != CARNET_OK) {
            return carnet__fail(f->db, rc, "%s : %s", m->label,
                                rc == CARNET_ENOMEM ? "mémoire insuffisante" : msg);
        }
    }
    return CARNET_OK;
}

static int
record_digest(unsigned char tag[CARNET_HASH_BYTES], const struct flow_ctx *f,
              const carnet__mapped *m)
{
    const cJSON *bodies[] = {m->identite, m->droits, m->diag_pro, m->contrat, m->social};
    cJSON *all = cJSON_CreateObject(), *list = NULL;
    int ok = all != NULL && cJSON_AddStringToObject(all, "match", m->match) != NULL &&
             (list = cJSON_AddArrayToObject(all, "b")) != NULL;
    char *text;

    for (size_t i = 0; ok && i < sizeof bodies / sizeof bodies[0]; i++) {
        ok = bodies[i] == NULL || cJSON_AddItemToArray(list, cJSON_Duplicate(bodies[i], 1));
    }
    text = ok ? carnet__json_print(all) : NULL;
    carnet__json_wipe_delete(all);
    if (text == NULL) {
        return CARNET_ENOMEM;
    }
    carnet_keyed_hash(tag, f->index, "cdb/v1/flow-record", (const unsigned char *)text,
                      strlen(text));
    carnet__json_free_str(text);
    return CARNET_OK;
}

/* Two identity fields agree when both are given and equal, ignoring case. */
static int
same_field(const cJSON *a, const cJSON *b, const char *key)
{
    const char *x = carnet__json_str(a, key), *y = carnet__json_str(b, key);

    return x == NULL || y == NULL || strcasecmp(x, y) == 0;
}

/* A record attached to a named carnet must describe its person: the same
 * birth date and first name, where both sides give them. The family name
 * may change (marriage, usage name): the flow's then wins. */
static int
same_person(struct flow_ctx *f, const carnet__carnet *c, const carnet__mapped *m,
            const char *person)
{
    const carnet__kind *k = carnet__kind_by_name("identite");
    cJSON *cur = NULL;
    int64_t no = 0;
    int rc = carnet__audit(f->db, c, f->importer, CARNET_AUDIT_READ, (int)k->section, 0, CARNET_OK);

    if (rc == CARNET_OK) {
        rc = carnet__entry_latest(f->db, f->importer, c, k, &cur, &no);
    }
    if (rc == CARNET_OK && cur != NULL &&
        (!same_field(cur, m->identite, "date_naissance") ||
         !same_field(cur, m->identite, "prenom"))) {
        rc = carnet__fail(f->db, CARNET_EINVAL,
                          "%s : l'identité du dossier (prénom, date de naissance) ne "
                          "correspond pas à celle du carnet de %s ; rien n'est importé",
                          m->label, person);
    }
    carnet__json_wipe_delete(cur);
    return rc;
}

static int
import_mapped(struct flow_ctx *f, const carnet__mapped *m, const char *person)
{
    unsigned char digest[CARNET_HASH_BYTES], match[CARNET_HASH_BYTES];
    carnet__carnet c = {0};
    int64_t seen = 0, owner = 0;
    int rc = record_digest(digest, f, m);

    if (rc == CARNET_OK) {
        rc = tag_of(match, f, "cdb/v1/flow-match", m->match);
    }
    if (rc == CARNET_OK) {
        rc = carnet__lookup_find(f->db, f->index, digest, &seen);
    }
    if (rc == CARNET_OK && seen != 0) {
        f->res->unchanged = 1;
        return carnet__carnet_by_rowid(f->db, seen, &c) == CARNET_OK
                   ? carnet__principal_handle(f->db, c.person, f->res->person)
                   : CARNET_OK;
    }
    if (rc == CARNET_OK && person != NULL) {
        rc = carnet__carnet_by_person(f->db, person, &c);
        owner = rc == CARNET_OK ? c.rowid : 0;
        rc = rc == CARNET_OK ? same_person(f, &c, m, person) : rc;
    } else if (rc == CARNET_OK) {
        rc = carnet__lookup_find(f->db, f->index, match, &owner);
        rc = rc == CARNET_OK && owner != 0 ? carnet__carnet_by_rowid(f->db, owner, &c) : rc;
    }
    if (rc == CARNET_OK && owner != 0) {
        rc = carnet__principal_handle(f->db, c.person, f->res->person);
        rc = rc == CARNET_OK ? update_carnet(f, &c, m) : rc;
    } else if (rc == CARNET_OK) {
        rc = create_carnet(f, m, &c);
    }
    if (rc == CARNET_OK) {
        rc = carnet__lookup_put(f->db, f->index, match, &c, carnet_flow_kind_code(f->kind));
    }
    if (rc == CARNET_OK) {
        rc = carnet__lookup_put(f->db, f->index, digest, &c, "record");
    }
    return rc;
}

/* ------------------------------------------------------------- driver */

static int
process(struct flow_ctx *f, const cJSON *a, const cJSON *b, size_t index, const char *person)
{
    carnet__mapped m;
    int rc, mapped;

    memset(&m, 0, sizeof m);
    mapped = f->kind == CARNET_FLOW_CAF ? carnet__map_caf(&m, a, b, index)
                                        : carnet__map_france_travail(&m, a, index);
    (void)carnet__strlcpy(f->res->message, m.label, sizeof f->res->message);
    if (mapped == 0 && m.mistyped[0] != '\0') {
        rc = carnet__fail(f->db, CARNET_EINVAL,
                          "%s : le champ « %s » doit être une chaîne de caractères, pas %s",
                          m.label, m.mistyped, m.found);
    } else if (mapped == 0) {
        rc = carnet__fail(
            f->db, CARNET_EINVAL, "%s : identifiant ou champ obligatoire absent (%s)", m.label,
            f->kind == CARNET_FLOW_CAF ? "MATRICULE, PRENOM et DTNAI" : "identifiant_unique_de");
    } else if (mapped < 0) {
        rc = carnet__fail(f->db, CARNET_ENOMEM, "mémoire insuffisante");
    } else {
        rc = validate(f, &m);
    }
    if (rc == CARNET_OK) {
        rc = carnet__begin(f->db);
        if (rc == CARNET_OK) {
            rc = import_mapped(f, &m, person);
            rc = rc == CARNET_OK ? carnet__commit(f->db) : rc;
        }
        if (rc != CARNET_OK) {
            carnet__rollback(f->db);
            carnet__actor_forget_keys(f->importer, 0);
            f->res->entries = 0;
            if (f->res->created) { /* rolled back: no person, no code to hand out */
                f->res->created = 0;
                f->res->person[0] = '\0';
                carnet_secbuf_free((carnet_secbuf *)(uintptr_t)f->res->activation_code);
                f->res->activation_code = NULL;
            }
        }
    }
    if (rc != CARNET_OK && f->res->person[0] != '\0') {
        carnet__carnet c;
        char msg[CARNET_ERRMSG_MAX];
        memcpy(msg, f->db->msg, sizeof msg);
        if (rc == CARNET_ECONSENT &&
            carnet__carnet_by_person(f->db, f->res->person, &c) == CARNET_OK) {
            carnet__audit_refusal(f->db, &c, f->importer, CARNET_AUDIT_IMPORT, -1, 0, rc);
        }
        memcpy(f->db->msg, msg, sizeof msg);
    }
    f->res->status = rc;
    if (rc != CARNET_OK) {
        (void)carnet__strlcpy(f->res->message, f->db->msg, sizeof f->res->message);
    }
    carnet__mapped_free(&m);
    return rc;
}

static int
records_of(carnet_db *db, carnet_flow_kind kind, const cJSON *doc, const cJSON **list)
{
    const char *key = kind == CARNET_FLOW_CAF ? "InfosFoyerRSA" : "individus";

    *list = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (!cJSON_IsObject(doc)) {
        return carnet__fail(db, CARNET_EINVAL, "flux : objet JSON attendu à la racine");
    }
    if (!cJSON_IsArray(*list)) {
        return carnet__fail(db, CARNET_EINVAL, "flux %s : liste « %s » attendue",
                            carnet_flow_kind_code(kind), key);
    }
    return CARNET_OK;
}

static void
count(carnet_flow_summary *out, const carnet_flow_result *r)
{
    out->records++;
    if (r->status != CARNET_OK) {
        out->refused++;
    } else if (r->created) {
        out->created++;
    } else if (r->entries > 0) {
        out->updated++;
    } else {
        out->unchanged++;
    }
}

/* Import one record and report it; returns nonzero to stop. */
static int
one(struct flow_ctx *f, carnet_flow_summary *out, const cJSON *a, const cJSON *b, size_t index,
    const char *person, carnet_flow_cb cb, void *payload)
{
    carnet_flow_result r;
    int stop = 0;

    memset(&r, 0, sizeof r);
    r.index = index;
    f->res = &r;
    (void)process(f, a, b, index, person);
    r.unchanged = r.status == CARNET_OK && !r.created && r.entries == 0;
    count(out, &r);
    if (r.status == CARNET_EIO || r.status == CARNET_ENOMEM || r.status == CARNET_EBUSY) {
        f->fatal = r.status;
        memcpy(f->fatal_msg, r.message, sizeof f->fatal_msg);
    }
    if (cb != NULL) {
        stop = cb(&r, payload);
    }
    stop = stop || f->fatal != CARNET_OK;
    carnet_secbuf_free((carnet_secbuf *)(uintptr_t)r.activation_code);
    f->res = NULL;
    return stop;
}

static int
import_records(struct flow_ctx *f, carnet_flow_summary *out, const cJSON *list, const char *person,
               carnet_flow_cb cb, void *payload)
{
    const cJSON *rec, *p, *people;
    size_t index = 0;
    int stop = 0;

    for (rec = list != NULL ? list->child : NULL; rec != NULL && !stop; rec = rec->next) {
        if (f->kind == CARNET_FLOW_FRANCE_TRAVAIL) {
            stop = one(f, out, rec, NULL, index++, person, cb, payload);
            continue;
        }
        people = cJSON_GetObjectItemCaseSensitive(rec, "Personne");
        for (p = people != NULL ? people->child : NULL; p != NULL && !stop; p = p->next) {
            stop = one(f, out, rec, p, index, person, cb, payload);
        }
        index++;
    }
    if (f->fatal != CARNET_OK) {
        return carnet__fail(f->db, f->fatal, "%s ; import arrêté, à relancer", f->fatal_msg);
    }
    return CARNET_OK;
}

int
carnet_flow_import(carnet_flow_summary *out, carnet_db *db, carnet_actor *importer,
                   carnet_flow_kind kind, const char *json, size_t len, const char *person,
                   carnet_flow_cb cb, void *payload)
{
    struct flow_ctx f;
    const cJSON *list = NULL;
    cJSON *doc = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (carnet_flow_kind_code(kind) == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "type de flux inconnu");
    }
    if (importer == NULL || importer->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_ECONSENT, "un flux est importé par un professionnel");
    }
    memset(&f, 0, sizeof f);
    f.db = db;
    f.importer = importer;
    f.kind = kind;
    rc = carnet__actor_index_key(importer, &f.index);
    if (rc == CARNET_OK) {
        rc = carnet__json_parse(db, json, len, &doc, "flux");
    }
    if (rc == CARNET_OK) {
        rc = records_of(db, kind, doc, &list);
    }
    if (rc == CARNET_OK) {
        rc = import_records(&f, out, list, person, cb, payload);
    }
    carnet__json_wipe_delete(doc);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
