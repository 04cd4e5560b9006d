/* memory_restore.c - accepting a legitimate restore: the workspace put back
 * from an older copy of itself, after an incident (issue 16, point 4).
 * SPDX-License-Identifier: MIT
 *
 * The memory is opened with its anchor checked (a workspace whose identity
 * or administrator changed is not an older copy of the same one), then
 * detached while the registry and every remembered carnet are verified
 * from their start: nothing here is refused for being older than what the
 * actor saw, everything still is for not verifying. What the workspace is
 * behind, or diverges from, is listed; once confirmed, each carnet
 * concerned records the restore in its history, signed by the actor, and
 * the remembered heads are replaced by the workspace's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carnet/memory.h>

#include "actions/actions.h"

struct restore {
    carnet_db *db;
    carnet__state_head *seen; /* remembered heads */
    size_t nseen, cap;
    carnet_memory_loss *loss;  /* one per history behind or diverging */
    carnet__state_head *found; /* its head in the workspace, parallel to loss */
    int64_t *cid;              /* its carnet (0: the registry, or no such carnet) */
    size_t n;
};

static void
restore_free(struct restore *r)
{
    free(r->seen);
    free(r->loss);
    free(r->found);
    free(r->cid);
}

static int
collect(void *ctx, const carnet__state_head *h)
{
    struct restore *r = ctx;

    if (r->nseen == r->cap) {
        size_t cap = r->cap == 0 ? 8 : r->cap * 2;
        carnet__state_head *p = realloc(r->seen, cap * sizeof *p);

        if (p == NULL) {
            return carnet__fail(r->db, CARNET_ENOMEM, "mémoire insuffisante");
        }
        r->seen = p;
        r->cap = cap;
    }
    r->seen[r->nseen++] = *h;
    return CARNET_OK;
}

/* Record a loss: @p seen is behind or diverges from (@p seq, @p head). */
static int
lose(struct restore *r, const carnet__state_head *seen, int64_t seq,
     const unsigned char head[CARNET_HASH_BYTES], int diverges, const char *what, int64_t cid)
{
    size_t i = r->n;
    carnet_memory_loss *l = realloc(r->loss, (i + 1) * sizeof *l);
    carnet__state_head *f;
    int64_t *c;

    if (l != NULL) {
        r->loss = l;
    }
    f = l != NULL ? realloc(r->found, (i + 1) * sizeof *f) : NULL;
    if (f != NULL) {
        r->found = f;
    }
    c = f != NULL ? realloc(r->cid, (i + 1) * sizeof *c) : NULL;
    if (c == NULL) {
        return carnet__fail(r->db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    r->cid = c;
    memset(&r->loss[i], 0, sizeof r->loss[i]);
    (void)carnet__strlcpy(r->loss[i].what, what, sizeof r->loss[i].what);
    r->loss[i].seen = seen->seq;
    r->loss[i].found = seq;
    r->loss[i].diverges = diverges;
    memset(&r->found[i], 0, sizeof r->found[i]);
    r->found[i].kind = seen->kind;
    memcpy(r->found[i].id, seen->id, CARNET_ID_BYTES);
    r->found[i].seq = seq;
    if (seq > 0) {
        memcpy(r->found[i].hash, head, CARNET_HASH_BYTES);
    }
    r->cid[i] = cid;
    r->n++;
    return CARNET_OK;
}

/* Is the workspace's history, at (@p seq, @p head) and with @p at the hash
 * of its record @p seen->seq (-1: none), behind or diverging? 1 (and
 * *diverges) or 0. */
static int
behind(const carnet__state_head *seen, int64_t seq, const unsigned char head[CARNET_HASH_BYTES],
       int at_rc, const unsigned char at[CARNET_HASH_BYTES], int *diverges)
{
    *diverges = 0;
    if (seq < seen->seq) {
        return 1;
    }
    if (seq == seen->seq) {
        *diverges = memcmp(head, seen->hash, CARNET_HASH_BYTES) != 0;
    } else {
        *diverges = at_rc != 0 || memcmp(at, seen->hash, CARNET_HASH_BYTES) != 0;
    }
    return *diverges;
}

static int
check_registry(struct restore *r, const carnet__state_head *seen)
{
    const carnet__registry *reg = NULL;
    unsigned char head[CARNET_HASH_BYTES] = {0}, at[CARNET_HASH_BYTES] = {0};
    int64_t seq;
    int rc = carnet__registry_get(r->db, &reg), at_rc, diverges;

    if (rc != CARNET_OK) {
        return rc;
    }
    seq = carnet__registry_records(reg);
    if (seq > 0 && carnet__registry_hash_at(reg, seq, head) != 0) {
        seq = 0;
    }
    at_rc = carnet__registry_hash_at(reg, seen->seq, at);
    return behind(seen, seq, head, at_rc, at, &diverges)
               ? lose(r, seen, seq, head, diverges, "registre", 0)
               : CARNET_OK;
}

/* The rowid of the carnet of id @p id: *cid 0 when the workspace has none. */
static int
carnet_by_id(carnet_db *db, const unsigned char id[CARNET_ID_BYTES], int64_t *cid)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_CARNET_BY_ID);
    int rc;

    *cid = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_id(st, 1, id);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *cid = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE
               ? CARNET_OK
               : carnet__store_fail(db, rc, "lecture du carnet");
}

static int
check_carnet(struct restore *r, const carnet__state_head *seen)
{
    unsigned char head[CARNET_HASH_BYTES] = {0}, at[CARNET_HASH_BYTES] = {0};
    char who[CARNET_HANDLE_MAX + 1] = "?", what[CARNET_HANDLE_MAX + 16];
    carnet__history_report rep;
    carnet__carnet c;
    int64_t cid = 0;
    int rc = carnet_by_id(r->db, seen->id, &cid), at_rc, diverges;

    if (rc != CARNET_OK) {
        return rc;
    }
    if (cid == 0) { /* the copy does not have this carnet at all */
        return lose(r, seen, 0, head, 0, "carnet absent de l'espace", 0);
    }
    rc = carnet__carnet_by_rowid(r->db, cid, &c);
    rc = rc == CARNET_OK ? carnet__history_verify(r->db, &c, &rep) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    (void)carnet__principal_handle(r->db, c.person, who);
    if (rep.fault[0] != '\0') {
        return carnet__fail(r->db, CARNET_EINTEGRITY,
                            "carnet de '%s' : historique rompu : %s (un retour à une copie "
                            "antérieure ne passe pas outre)",
                            who, rep.fault);
    }
    if (rep.records > 0 && carnet__audit_hash_at(r->db, cid, rep.records, head) != 0) {
        return carnet__fail(r->db, CARNET_EIO, "lecture du journal");
    }
    at_rc = carnet__audit_hash_at(r->db, cid, seen->seq, at);
    if (!behind(seen, rep.records, head, at_rc, at, &diverges)) {
        return CARNET_OK;
    }
    (void)snprintf(what, sizeof what, "carnet de %s", who);
    return lose(r, seen, rep.records, head, diverges, what, cid);
}

/* In each carnet concerned, a record of the restore by @p a (its object:
 * the record number she had seen); the heads to remember move to it. */
static int
journal(struct restore *r, const carnet_actor *a)
{
    int rc = carnet__begin(r->db);

    for (size_t i = 0; rc == CARNET_OK && i < r->n; i++) {
        carnet__carnet c;

        if (r->cid[i] == 0) {
            continue;
        }
        rc = carnet__carnet_by_rowid(r->db, r->cid[i], &c);
        rc = rc == CARNET_OK
                 ? carnet__audit(r->db, &c, a, CARNET_AUDIT_RESTORE, -1, r->loss[i].seen, CARNET_OK)
                 : rc;
    }
    if (rc != CARNET_OK) {
        carnet__rollback(r->db);
        return rc;
    }
    rc = carnet__commit(r->db);
    for (size_t i = 0; rc == CARNET_OK && i < r->n; i++) {
        if (r->cid[i] != 0 &&
            carnet__audit_hash_at(r->db, r->cid[i], r->found[i].seq + 1, r->found[i].hash) == 0) {
            r->found[i].seq++;
        }
    }
    return rc;
}

static int
survey(struct restore *r)
{
    int rc = CARNET_OK;

    for (size_t i = 0; rc == CARNET_OK && i < r->nseen; i++) {
        rc = r->seen[i].kind == CARNET__MEM_REGISTRY ? check_registry(r, &r->seen[i])
                                                     : check_carnet(r, &r->seen[i]);
    }
    return rc;
}

int
carnet_memory_restore(carnet_db *db, carnet_actor *actor, const char *dir, int confirm,
                      carnet_memory_loss **out, size_t *n)
{
    struct restore r;
    int rc;

    if (out == NULL || n == NULL || actor == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "argument manquant");
    }
    *out = NULL;
    *n = 0;
    memset(&r, 0, sizeof r);
    r.db = db;
    /* The anchor checked, the heads read; then nothing attached while the
     * workspace is verified, so that nothing refuses it for its age. */
    rc = carnet__memory_attach_anchor(db, actor, dir, NULL);
    rc = rc == CARNET_OK ? carnet__memory_each(db, collect, &r) : rc;
    carnet__cache_set(db, CARNET__CACHE_MEMORY, NULL, NULL);
    rc = rc == CARNET_OK ? survey(&r) : rc;
    rc = rc == CARNET_OK && confirm && r.n > 0 ? journal(&r, actor) : rc;
    rc = rc == CARNET_OK ? carnet__memory_attach_anchor(db, actor, dir, NULL) : rc;
    rc = rc == CARNET_OK && confirm && r.n > 0 ? carnet__memory_accept(db, r.found, r.n) : rc;
    if (rc != CARNET_OK) {
        carnet__cache_set(db, CARNET__CACHE_MEMORY, NULL, NULL);
        restore_free(&r);
        return rc;
    }
    *out = r.loss;
    *n = r.n;
    r.loss = NULL;
    restore_free(&r);
    return carnet__ok(db);
}
