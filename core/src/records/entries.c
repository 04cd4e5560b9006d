/* entries.c - entry rows as stored: reading one with its envelope, and resolving
 * a supersession chain to its head.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* Fill a row from a statement whose columns are those of an entry row query. */
int
carnet__entry_row_read(carnet_db *db, carnet__statement *st, carnet__entry_row *out)
{
    const carnet__kind *k;
    const void *ct;
    size_t n;
    int bad = 0;

    memset(out, 0, sizeof *out);
    carnet_envelope_init(&out->env);
    out->meta.no = carnet__col_int(st, 0);
    out->meta.root = carnet__col_int(st, 1);
    out->meta.supersedes = carnet__col_int(st, 2);
    out->meta.superseded_by = carnet__col_int(st, 3);
    out->kind_code = (uint16_t)carnet__col_int32(st, 4);
    k = carnet__kind_by_code(out->kind_code);
    (void)carnet__strlcpy(out->meta.kind, k != NULL ? k->name : "inconnu", sizeof out->meta.kind);
    out->meta.section = (carnet_section)carnet__col_int32(st, 5);
    out->meta.created_at = carnet__col_int(st, 6);
    carnet__col_text(st, 7, out->meta.author, sizeof out->meta.author);
    out->meta.epoch = (uint32_t)carnet__col_int(st, 8);
    out->meta.erased = carnet__col_int32(st, 9);
    out->author_pid = carnet__col_int(st, 10);
    bad |= carnet__col_blob(st, 11, out->id, CARNET_ID_BYTES);
    if (!carnet__col_null(st, 12)) {
        bad |= carnet__col_blob(st, 12, out->supersedes_id, CARNET_ID_BYTES);
    }
    bad |= carnet__col_blob(st, 17, out->env.sig, CARNET_SIG_BYTES);
    out->has_ct_hash = carnet__col_blob(st, 18, out->ct_hash, CARNET_HASH_BYTES) == 0;
    if (!out->meta.erased) {
        bad |= carnet__col_blob(st, 13, out->env.nonce_w, CARNET_NONCE_BYTES);
        bad |= carnet__col_blob(st, 14, out->env.wrapped_dek, CARNET_WRAPPED_DEK_BYTES);
        bad |= carnet__col_blob(st, 15, out->env.nonce_b, CARNET_NONCE_BYTES);
        ct = carnet__col_bytes(st, 16, &n);
        if (ct != NULL && n > 0) {
            out->env.body_ct = malloc(n);
            if (out->env.body_ct == NULL) {
                return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
            }
            memcpy(out->env.body_ct, ct, n);
            out->env.body_ct_len = (size_t)n;
        }
    }
    if (bad != 0 || k == NULL || (unsigned)out->meta.section >= CARNET_SECTION_COUNT) {
        /* The envelope checks will fail; keep the row so the caller can name it. */
        out->env.body_ct_len = 0;
    }
    return CARNET_OK;
}

int
carnet__entry_row_get(carnet_db *db, const carnet__carnet *c, int64_t no, carnet__entry_row *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_ENTRY_ROW_GET);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, no);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = carnet__entry_row_read(db, st, out);
        carnet__reset(st);
        return rc;
    }
    carnet__reset(st);
    return rc == CARNET__DONE
               ? carnet__fail(db, CARNET_ENOTFOUND, "entrée n°%lld introuvable", (long long)no)
               : carnet__store_fail(db, rc, "lecture des entrées");
}

int
carnet__entry_id_of(carnet_db *db, const carnet__carnet *c, int64_t no,
                    unsigned char id[CARNET_ID_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_ENTRY_ID_OF);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, no);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = carnet__col_blob(st, 0, id, CARNET_ID_BYTES) == 0 ? CARNET__DONE : CARNET__S_CORRUPT;
    } else if (rc == CARNET__DONE) {
        rc = CARNET__S_NOTFOUND;
    }
    carnet__reset(st);
    if (rc == CARNET__S_NOTFOUND) {
        return carnet__fail(db, CARNET_EINVAL, "entrée n°%lld introuvable", (long long)no);
    }
    return rc == CARNET__DONE ? CARNET_OK : carnet__store_fail(db, rc, "lecture des entrées");
}

int
carnet__entry_last_of(carnet_db *db, const carnet__carnet *c, uint16_t kind, int64_t *no,
                      int64_t *root)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_ENTRY_CHAIN_SINGLE);
    int rc;

    *no = 0;
    if (root != NULL) {
        *root = 0;
    }
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, kind);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *no = carnet__col_int(st, 0);
        if (root != NULL) {
            *root = carnet__col_int(st, 1);
        }
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE
               ? CARNET_OK
               : carnet__store_fail(db, rc, "lecture des entrées");
}

int
carnet__entry_parcours_ended(carnet_db *db, const carnet__carnet *c, int *out)
{
    int64_t orientation = 0, exit = 0, closing = 0;
    int rc = carnet__entry_last_of(db, c, CARNET__CODE_ORIENTATION, &orientation, NULL);

    rc = rc == CARNET_OK ? carnet__entry_last_of(db, c, CARNET__CODE_SORTIE, &exit, NULL) : rc;
    rc = rc == CARNET_OK ? carnet__entry_last_of(db, c, CARNET__CODE_CLOTURE, &closing, NULL) : rc;
    *out = rc == CARNET_OK && (exit > orientation || closing > orientation);
    return rc;
}

/* The chain a new entry of a one-chain kind continues: the latest one of
 * its kind, unless (versioned 3) an orientation came after it: a parcours
 * that starts again has its own. */
static int
single_chain(carnet_db *db, const carnet__carnet *c, const carnet__kind *k, int64_t *head,
             int64_t *root)
{
    int64_t orientation = 0;
    int rc = carnet__entry_last_of(db, c, k->code, head, root);

    if (rc == CARNET_OK && k->versioned == 3 && *head != 0) {
        rc = carnet__entry_last_of(db, c, CARNET__CODE_ORIENTATION, &orientation, NULL);
        if (rc == CARNET_OK && orientation > *head) {
            *head = 0;
            *root = 0;
        }
    }
    return rc;
}

int
carnet__entry_chain(carnet_db *db, const carnet__carnet *c, const carnet__kind *k, int64_t given,
                    int64_t *head, int64_t *root)
{
    carnet__statement *st;
    int rc, kind = 0;

    *head = 0;
    *root = 0;
    if (given == 0 && k->versioned < 2) {
        return CARNET_OK; /* a new chain */
    }
    if (given == 0) {
        return single_chain(db, c, k, head, root); /* supersede the current one, if any */
    }
    if (k->versioned == 0) {
        return carnet__fail(db, CARNET_EINVAL, "%s : ce type d'entrée ne se remplace pas", k->name);
    }
    st = carnet__stmt(db, CARNET__Q_ENTRY_CHAIN_ROOT);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, given);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *root = carnet__col_int(st, 0);
        kind = carnet__col_int32(st, 1);
    }
    carnet__reset(st);
    if (rc != CARNET__ROW && rc != CARNET__DONE) {
        return carnet__store_fail(db, rc, "lecture des entrées");
    }
    if (rc == CARNET__DONE || kind != k->code) {
        return carnet__fail(db, CARNET_EINVAL, "l'entrée n°%lld n'existe pas ou n'est pas un(e) %s",
                            (long long)given, k->name);
    }
    st = carnet__stmt(db, CARNET__Q_ENTRY_CHAIN_HEAD);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, *root);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *head = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture des entrées");
}

int
carnet__entry_ct_hash(unsigned char out[CARNET_HASH_BYTES], const carnet_envelope *env)
{
    size_t n = CARNET_NONCE_BYTES + CARNET_WRAPPED_DEK_BYTES + CARNET_NONCE_BYTES;
    unsigned char *buf = malloc(n + env->body_ct_len);
    unsigned char *p = buf;

    if (buf == NULL) {
        return CARNET_ENOMEM;
    }
    memcpy(p, env->nonce_w, CARNET_NONCE_BYTES);
    p += CARNET_NONCE_BYTES;
    memcpy(p, env->wrapped_dek, CARNET_WRAPPED_DEK_BYTES);
    p += CARNET_WRAPPED_DEK_BYTES;
    memcpy(p, env->nonce_b, CARNET_NONCE_BYTES);
    p += CARNET_NONCE_BYTES;
    if (env->body_ct_len > 0) {
        memcpy(p, env->body_ct, env->body_ct_len);
    }
    carnet_hash(out, "cdb/v2/entry-ciphertext", buf, n + env->body_ct_len);
    free(buf);
    return CARNET_OK;
}

void
carnet__entry_commit(unsigned char out[CARNET_HASH_BYTES], const carnet__carnet *c,
                     const carnet__entry_row *row)
{
    unsigned char buf[CARNET_ID_BYTES + 8 + 8 + 8 + 1 + 4 + 2 + 8 + CARNET_ID_BYTES * 2 +
                      CARNET_HASH_BYTES + CARNET_SIG_BYTES];
    unsigned char *p = carnet__putid(buf, c->id);

    p = carnet__put64(p, row->meta.no);
    p = carnet__put64(p, row->meta.supersedes);
    p = carnet__put64(p, row->meta.root);
    p = carnet__put8(p, (unsigned)row->meta.section);
    p = carnet__put32(p, row->meta.epoch);
    p = carnet__put8(p, row->kind_code & 0xffu);
    p = carnet__put8(p, (unsigned)row->kind_code >> 8);
    p = carnet__put64(p, row->meta.created_at);
    p = carnet__putid(p, row->id);
    p = carnet__putid(p, row->supersedes_id);
    memcpy(p, row->ct_hash, CARNET_HASH_BYTES);
    p += CARNET_HASH_BYTES;
    memcpy(p, row->env.sig, CARNET_SIG_BYTES);
    p += CARNET_SIG_BYTES;
    carnet_hash(out, "cdb/v2/entry-commit", buf, (size_t)(p - buf));
}

int
carnet__entry_commit_of(carnet_db *db, const carnet__carnet *c, int64_t no,
                        unsigned char out[CARNET_HASH_BYTES])
{
    carnet__entry_row row;
    int rc = carnet__entry_row_get(db, c, no, &row);

    if (rc == CARNET_OK && !row.has_ct_hash) {
        rc = carnet__fail(db, CARNET_EINTEGRITY, "entrée n°%lld sans empreinte de son chiffré",
                          (long long)no);
    }
    if (rc == CARNET_OK) {
        carnet__entry_commit(out, c, &row);
    }
    carnet_envelope_release(&row.env);
    return rc;
}
