/* entry.c - writing entries: numbering, supersession chains, encryption,
 * clear facts for the indicators, and crypto-shredding.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "actions/actions.h"

static int
insert_row(carnet_db *db, const carnet__carnet *c, int64_t no, const carnet_envelope_header *h,
           int64_t author_pid, const carnet__write *w, int64_t root, const carnet_envelope *env)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT_ROW);
    unsigned char ct_hash[CARNET_HASH_BYTES];
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    if (carnet__entry_ct_hash(ct_hash, env) != CARNET_OK) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, no);
    carnet__bind_id(st, 3, h->entry);
    carnet__bind_int(st, 4, h->section);
    carnet__bind_int(st, 5, h->epoch);
    carnet__bind_int(st, 6, h->kind);
    carnet__bind_int(st, 7, author_pid);
    carnet__bind_int(st, 8, h->created_at);
    carnet__bind_opt(st, 9, w->supersedes);
    carnet__bind_int(st, 10, root);
    carnet__bind_blob(st, 11, env->nonce_w, CARNET_NONCE_BYTES);
    carnet__bind_blob(st, 12, env->wrapped_dek, CARNET_WRAPPED_DEK_BYTES);
    carnet__bind_blob(st, 13, env->nonce_b, CARNET_NONCE_BYTES);
    carnet__bind_blob(st, 14, env->body_ct, env->body_ct_len);
    carnet__bind_blob(st, 15, env->sig, CARNET_SIG_BYTES);
    carnet__bind_blob(st, 16, ct_hash, sizeof ct_hash);
    rc = carnet__exec_stmt(db, st, "écriture de l'entrée");
    st = rc == CARNET_OK ? carnet__stmt(db, CARNET__Q_INSERT_ROW_CARNET) : NULL;
    if (st == NULL) {
        return rc != CARNET_OK ? rc : carnet__status(db);
    }
    carnet__bind_int(st, 1, no + 1);
    carnet__bind_int(st, 2, h->created_at);
    carnet__bind_int(st, 3, c->rowid);
    return carnet__exec_stmt(db, st, "écriture de l'entrée");
}

/* The number the next entry takes, read inside the write transaction: the
 * carnet row read before it may be stale when another process wrote since. */
static int
next_number(carnet_db *db, carnet__carnet *c)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_NEXT_NUMBER);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        c->next_no = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture du carnet");
}

int
carnet__entry_insert(carnet_db *db, carnet__carnet *c, const carnet_keypair *author_kp,
                     int64_t author_pid, const unsigned char author_id[CARNET_ID_BYTES],
                     const carnet_epoch_key *k, uint32_t epoch, const carnet__write *w,
                     int64_t *no_out)
{
    carnet_envelope_header h;
    carnet_envelope env;
    int64_t no;
    int rc = next_number(db, c);

    if (rc != CARNET_OK) {
        return rc;
    }
    no = c->next_no;
    memset(&h, 0, sizeof h);
    memcpy(h.carnet, c->id, CARNET_ID_BYTES);
    carnet_random(h.entry, CARNET_ID_BYTES);
    memcpy(h.author, author_id, CARNET_ID_BYTES);
    if (w->supersedes != 0) {
        rc = carnet__entry_id_of(db, c, w->supersedes, h.supersedes);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    h.created_at = carnet_db_now(db);
    h.epoch = epoch;
    h.kind = w->kind->code;
    h.section = (uint8_t)w->kind->section;
    carnet_envelope_init(&env);
    rc = carnet_envelope_seal(&env, &h, k, author_kp, (const unsigned char *)w->body,
                              strlen(w->body));
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "chiffrement de l'entrée impossible");
    }
    rc = insert_row(db, c, no, &h, author_pid, w, w->root != 0 ? w->root : no, &env);
    carnet_envelope_release(&env);
    if (rc == CARNET_OK) {
        c->next_no = no + 1;
        *no_out = no;
    }
    return rc;
}

/* ----------------------------------------------------------------- facts */

int
carnet__fact(carnet_db *db, const carnet__carnet *c, const char *kind, int64_t entry, int64_t root,
             int64_t at, const char *code, int64_t value)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_FACT);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_opt(st, 2, entry);
    carnet__bind_opt(st, 3, root);
    carnet__bind_text(st, 4, kind);
    carnet__bind_int(st, 5, at);
    carnet__bind_text(st, 6, code);
    carnet__bind_int(st, 7, value);
    return carnet__exec_stmt(db, st, "enregistrement d'un indicateur");
}

static int64_t
body_date(const cJSON *body, const char *field, int64_t fallback)
{
    int64_t t;
    const char *s = carnet__json_str(body, field);

    return s != NULL && carnet_date_parse(&t, s) == CARNET_OK ? t : fallback;
}

static int64_t
body_int(const cJSON *body, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, field);
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

static int
person_only(carnet_db *db, const carnet__carnet *c, const carnet__kind *k, int64_t author_pid)
{
    if (author_pid != c->person) {
        return carnet__fail(db, CARNET_ECONSENT, "%s : seule la personne elle-même peut l'écrire",
                            k->name);
    }
    return CARNET_OK;
}

int
carnet__entry_effects(carnet_db *db, carnet__carnet *c, const carnet__kind *k, const cJSON *body,
                      int64_t no, int64_t root, int64_t author_pid)
{
    int64_t now = carnet_db_now(db);
    int rc = CARNET_OK;

    switch (k->code) {
    case 20: /* diagnostic.pro */
    case 30: /* diagnostic.social */
        return carnet__fact(db, c, "diagnostic", no, root, now, k->name, 0);
    case 60:
        return carnet__fact(db, c, "axe", no, root, now, carnet__json_str(body, "theme"), 0);
    case 61:
        return carnet__fact(db, c, "objectif", no, root, now, carnet__json_str(body, "statut"),
                            body_int(body, "axe"));
    case 62:
        return carnet__fact(db, c, "action", no, root, now, carnet__json_str(body, "statut"),
                            body_int(body, "objectif"));
    case 63: /* plan.validation */
        rc = person_only(db, c, k, author_pid);
        return rc == CARNET_OK ? carnet__fact(db, c, "plan_valide", no, root, now, NULL, 0) : rc;
    case 70:
        return carnet__fact(db, c, "rdv", no, root, body_date(body, "date", now),
                            carnet__json_str(body, "statut"), 0);
    case 73: /* suivi.sortie */
        rc = carnet__fact(db, c, "sortie", no, root, body_date(body, "date", now),
                          carnet__json_str(body, "type"), 0);
        if (rc == CARNET_OK) {
            c->lifecycle = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "suivi_post_emploi"))
                               ? CARNET_LIFECYCLE_SUIVI_POST_EMPLOI
                               : CARNET_LIFECYCLE_SORTI;
            rc = carnet__carnet_set_lifecycle(db, c->rowid, c->lifecycle);
        }
        return rc;
    case 74:
        return carnet__fact(db, c, "post_sortie", no, root, body_date(body, "date", now),
                            carnet__json_str(body, "situation"), body_int(body, "mois"));
    case 75: /* suivi.evaluation */
        rc = person_only(db, c, k, author_pid);
        return rc == CARNET_OK
                   ? carnet__fact(db, c, "evaluation", no, root, now, NULL, body_int(body, "note"))
                   : rc;
    case 76: /* suivi.cloture */
        c->lifecycle = CARNET_LIFECYCLE_CLOS;
        rc = carnet__carnet_set_lifecycle(db, c->rowid, c->lifecycle);
        return rc == CARNET_OK ? carnet__fact(db, c, "statut", no, root, now, "clos", 0) : rc;
    default:
        return CARNET_OK;
    }
}

/* ----------------------------------------------------------------- writes */

int
carnet__entry_write(carnet_db *db, carnet_actor *a, carnet__carnet *c, const carnet__write *w,
                    int64_t *no_out)
{
    carnet__principal who;
    carnet_decision d;
    const carnet_epoch_key *k = NULL;
    uint32_t epoch = 0;
    cJSON *body = NULL;
    int section = (int)w->kind->section;
    int rc = carnet__principal_by_pid(db, a->pid, &who);

    if (rc == CARNET_OK) {
        rc = carnet__decide(db, &who, c, section, CARNET_ACCESS_WRITE, carnet_db_now(db), &d);
    }
    if (rc == CARNET_OK && !d.allowed) {
        return carnet__fail(db, CARNET_ECONSENT, "écriture refusée dans la section %s : %s",
                            carnet_enum_code(CARNET_ENUM_SECTION, section), d.reason);
    }
    /* Freshness first: a reader who lost access must not get this entry. */
    if (rc == CARNET_OK) {
        rc = carnet__epoch_refresh(db, a, c, section, 0, "expire");
    }
    if (rc == CARNET_OK) {
        rc = carnet__epoch_current(db, c->rowid, section, &epoch);
    }
    if (rc == CARNET_OK) {
        rc = carnet__epoch_key(db, a, c, section, epoch, &k);
    }
    if (rc == CARNET_OK) {
        rc = carnet__entry_insert(db, c, a->kp, a->pid, a->id, k, epoch, w, no_out);
    }
    if (rc == CARNET_OK) {
        body = cJSON_Parse(w->body);
        rc = body != NULL ? carnet__entry_effects(db, c, w->kind, body, *no_out,
                                                  w->root != 0 ? w->root : *no_out, a->pid)
                          : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        carnet__json_wipe_delete(body);
    }
    if (rc == CARNET_OK) {
        unsigned char commit[CARNET_HASH_BYTES];
        rc = carnet__entry_commit_of(db, c, *no_out, commit);
        rc = rc == CARNET_OK ? carnet__audit_commit(db, c, a, CARNET_AUDIT_WRITE, section, *no_out,
                                                    CARNET_OK, commit)
                             : rc;
    }
    return rc;
}

int
carnet_entry_add(int64_t *no_out, carnet_db *db, carnet_actor *author, const char *person,
                 const char *kind, const char *json, const carnet_entry_opts *opts)
{
    const carnet__kind *k = carnet__kind_by_name(kind);
    carnet__carnet c;
    carnet__write w;
    char msg[CARNET_ERRMSG_MAX];
    cJSON *body = NULL;
    char *canon = NULL;
    int rc;

    *no_out = 0;
    if (k == NULL || k->internal) {
        return carnet__fail(db, CARNET_EINVAL, "type d'entrée %s '%.40s'",
                            k == NULL ? "inconnu" : "réservé", kind != NULL ? kind : "");
    }
    rc = carnet__carnet_by_person(db, person, &c);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet__kind_parse(db, c.rowid, k, json, &body, msg, sizeof msg);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "%s", msg);
    }
    canon = carnet__json_print(body);
    carnet__json_wipe_delete(body);
    if (canon == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    memset(&w, 0, sizeof w);
    w.kind = k;
    w.body = canon;
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = carnet__entry_chain(db, &c, k, opts != NULL ? opts->supersedes : 0, &w.supersedes,
                                 &w.root);
    }
    if (rc == CARNET_OK) {
        rc = carnet__entry_write(db, author, &c, &w, no_out);
    }
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    }
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        carnet__actor_forget_keys(author, c.rowid); /* keys of rolled-back epochs */
        if (rc == CARNET_ECONSENT) {
            carnet__audit_refusal(db, &c, author, CARNET_AUDIT_WRITE, (int)k->section, 0, rc);
        }
    }
    carnet__json_free_str(canon);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_entry_erase(carnet_db *db, carnet_actor *by, const char *person, int64_t no)
{
    carnet__entry_row row;
    carnet__carnet c;
    carnet__statement *st;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__entry_row_get(db, &c, no, &row);
        carnet_envelope_release(&row.env);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (row.meta.erased) {
        return carnet__fail(db, CARNET_EINVAL, "l'entrée n°%lld est déjà effacée", (long long)no);
    }
    if (by->pid != c.person && by->pid != row.author_pid) {
        rc = carnet__fail(db, CARNET_ECONSENT,
                          "seuls la personne et l'auteur de l'entrée n°%lld peuvent l'effacer",
                          (long long)no);
        carnet__audit_refusal(db, &c, by, CARNET_AUDIT_ERASE, (int)row.meta.section, no, rc);
        return rc;
    }
    rc = carnet__begin(db);
    st = rc == CARNET_OK ? carnet__stmt(db, CARNET__Q_ENTRY_ERASE) : NULL;
    if (st != NULL) {
        carnet__bind_int(st, 1, carnet_db_now(db));
        carnet__bind_int(st, 2, c.rowid);
        carnet__bind_int(st, 3, no);
        rc = carnet__exec_stmt(db, st, "effacement de l'entrée");
    } else if (rc == CARNET_OK) {
        rc = carnet__status(db);
    }
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &c, by, CARNET_AUDIT_ERASE, (int)row.meta.section, no, CARNET_OK);
    }
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    }
    if (rc != CARNET_OK) {
        carnet__rollback(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_entry_meta_get(carnet_entry_meta *out, carnet_db *db, const char *person, int64_t no)
{
    carnet__entry_row row;
    carnet__carnet c;
    int rc = carnet__carnet_by_person(db, person, &c);

    memset(out, 0, sizeof *out);
    if (rc == CARNET_OK) {
        rc = carnet__entry_row_get(db, &c, no, &row);
        carnet_envelope_release(&row.env);
    }
    if (rc == CARNET_OK) {
        *out = row.meta;
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_entry_current(int64_t *no_out, carnet_db *db, const char *person, const char *kind)
{
    const carnet__kind *k = carnet__kind_by_name(kind);
    carnet__carnet c;
    int64_t root = 0;
    int rc;

    *no_out = 0;
    if (k == NULL || k->versioned < 2) {
        return carnet__fail(db, CARNET_EINVAL, "type d'entrée %s '%.40s'",
                            k == NULL ? "inconnu" : "sans version unique",
                            kind != NULL ? kind : "");
    }
    rc = carnet__carnet_by_person(db, person, &c);
    if (rc == CARNET_OK) {
        rc = carnet__entry_chain(db, &c, k, 0, no_out, &root);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
