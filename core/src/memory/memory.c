/* memory.c - an actor's memory of a workspace: the anchor pinned on first
 * use and the latest verified head of each history, signed by the actor.
 * SPDX-License-Identifier: MIT
 *
 * Every row of the state file is signed by the actor under "cdb/v1/state"
 * over a hash binding it to the file's name, itself derived from the actor's
 * public key and the workspace's real path (actions/memory_attach.c): a row
 * edited by hand, or moved from another actor's or another workspace's
 * file, does not verify. Heads verified inside a transaction, and heads of
 * records the handle appends, wait for the commit; a rollback forgets them.
 */
#include <stdlib.h>
#include <string.h>

#include "memory/memory.h"

#define SIGN_DOMAIN "cdb/v1/state"

struct carnet__memory {
    carnet__state *state;
    const carnet_keypair *kp; /* borrowed from the actor */
    carnet_pubkey pk;
    unsigned char name[CARNET_HASH_BYTES];
    carnet__state_head *pending; /* to remember at the next commit */
    size_t npending;
    size_t cap;
};

static void
memory_free(void *data)
{
    struct carnet__memory *m = data;

    if (m != NULL) {
        carnet__state_close(m->state);
        free(m->pending);
        free(m);
    }
}

static struct carnet__memory *
memory_of(const carnet_db *db)
{
    return carnet__cache_get(db, CARNET__CACHE_MEMORY);
}

/* What the actor signs for a head: it binds the state file's name. */
static void
head_digest(unsigned char out[CARNET_HASH_BYTES], const struct carnet__memory *m,
            const carnet__state_head *h)
{
    unsigned char buf[CARNET_HASH_BYTES + 1 + CARNET_ID_BYTES + 8 + CARNET_HASH_BYTES];
    unsigned char *p = buf;

    memcpy(p, m->name, CARNET_HASH_BYTES);
    p = carnet__put8(p + CARNET_HASH_BYTES, (unsigned)h->kind);
    p = carnet__putid(p, h->id);
    p = carnet__put64(p, h->seq);
    memcpy(p, h->hash, CARNET_HASH_BYTES);
    carnet_hash(out, "cdb/v1/state-head", buf, sizeof buf);
}

static void
anchor_digest(unsigned char out[CARNET_HASH_BYTES], const unsigned char name[CARNET_HASH_BYTES],
              const carnet__state_anchor *a)
{
    unsigned char
        buf[CARNET_HASH_BYTES + 2 * CARNET_ID_BYTES + CARNET_SIGN_PK_BYTES + CARNET_BOX_PK_BYTES];
    unsigned char *p = buf;

    memcpy(p, name, CARNET_HASH_BYTES);
    p = carnet__putid(p + CARNET_HASH_BYTES, a->ws);
    p = carnet__putid(p, a->admin);
    memcpy(p, a->admin_pk.sign, CARNET_SIGN_PK_BYTES);
    memcpy(p + CARNET_SIGN_PK_BYTES, a->admin_pk.box, CARNET_BOX_PK_BYTES);
    carnet_hash(out, "cdb/v1/state-anchor", buf, sizeof buf);
}

static int
edited(carnet_db *db)
{
    return carnet__fail(db, CARNET_EROLLBACK,
                        "mémoire locale de l'acteur modifiée hors de carnet (signature invalide) : "
                        "elle n'est plus digne de confiance");
}

/* The anchor: pinned on first use, compared afterwards. */
static int
pin(carnet_db *db, struct carnet__memory *m, const carnet__state_anchor *now)
{
    carnet__state_anchor was, mine = *now;
    unsigned char d[CARNET_HASH_BYTES];
    char fa[CARNET_FPR_STRLEN], fb[CARNET_FPR_STRLEN];
    int found = 0;
    int rc = carnet__state_anchor_get(db, m->state, &was, &found);

    if (rc != CARNET_OK) {
        return rc;
    }
    if (!found) {
        anchor_digest(d, m->name, &mine);
        rc = carnet_sign(mine.sig, m->kp, SIGN_DOMAIN, d, sizeof d);
        return rc == CARNET_OK ? carnet__state_anchor_put(db, m->state, &mine)
                               : carnet__fail(db, rc, "signature de la mémoire locale impossible");
    }
    anchor_digest(d, m->name, &was);
    if (carnet_verify(was.sig, &m->pk, SIGN_DOMAIN, d, sizeof d) != CARNET_OK) {
        return edited(db);
    }
    if (memcmp(was.ws, now->ws, sizeof was.ws) != 0) {
        return carnet__fail(db, CARNET_EROLLBACK,
                            "ce n'est plus le même espace de travail à cet emplacement : son "
                            "identité a changé depuis votre dernière visite");
    }
    if (memcmp(was.admin, now->admin, sizeof was.admin) != 0 ||
        memcmp(&was.admin_pk, &now->admin_pk, sizeof was.admin_pk) != 0) {
        carnet_pubkey_fingerprint(fa, &was.admin_pk);
        carnet_pubkey_fingerprint(fb, &now->admin_pk);
        return carnet__fail(db, CARNET_EROLLBACK,
                            "la clé de l'administrateur de l'espace a changé : empreinte connue "
                            "%s, trouvée %s",
                            fa, fb);
    }
    return CARNET_OK;
}

int
carnet__memory_open(carnet_db *db, const carnet_keypair *kp, const char *state_path,
                    const unsigned char name[CARNET_HASH_BYTES], const carnet__state_anchor *now)
{
    struct carnet__memory *m = calloc(1, sizeof *m);
    int rc;

    if (m == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    m->kp = kp;
    carnet_keypair_public(&m->pk, kp);
    memcpy(m->name, name, CARNET_HASH_BYTES);
    rc = carnet__state_open(db, state_path, &m->state);
    rc = rc == CARNET_OK ? pin(db, m, now) : rc;
    if (rc != CARNET_OK) {
        memory_free(m);
        return rc;
    }
    carnet__cache_set(db, CARNET__CACHE_MEMORY, m, memory_free);
    return CARNET_OK;
}

static int
sign_head(carnet_db *db, const struct carnet__memory *m, carnet__state_head *h)
{
    unsigned char d[CARNET_HASH_BYTES];
    int rc;

    head_digest(d, m, h);
    rc = carnet_sign(h->sig, m->kp, SIGN_DOMAIN, d, sizeof d);
    return rc == CARNET_OK ? CARNET_OK
                           : carnet__fail(db, rc, "signature de la mémoire locale impossible");
}

/* Write the pending heads, signed, into the state file. */
static int
flush(carnet_db *db, struct carnet__memory *m)
{
    int rc = CARNET_OK;

    for (size_t i = 0; rc == CARNET_OK && i < m->npending; i++) {
        rc = sign_head(db, m, &m->pending[i]);
    }
    if (rc == CARNET_OK && m->npending > 0) {
        rc = carnet__state_heads_put(db, m->state, m->pending, m->npending, 0);
    }
    m->npending = 0;
    return rc;
}

static int
after_tx(carnet_db *db, int committed)
{
    struct carnet__memory *m = memory_of(db);

    if (m == NULL) {
        return CARNET_OK;
    }
    if (!committed) {
        m->npending = 0;
        return CARNET_OK;
    }
    return flush(db, m);
}

/* Queue (or, outside a transaction, write at once) a head to remember. */
static int
remember(carnet_db *db, struct carnet__memory *m, int kind, const unsigned char id[CARNET_ID_BYTES],
         int64_t seq, const unsigned char head[CARNET_HASH_BYTES])
{
    carnet__state_head *h = NULL;

    if (seq <= 0) {
        return CARNET_OK; /* an empty history: nothing to remember */
    }
    for (size_t i = 0; i < m->npending; i++) {
        if (m->pending[i].kind == kind && memcmp(m->pending[i].id, id, CARNET_ID_BYTES) == 0) {
            h = &m->pending[i];
        }
    }
    if (h == NULL) {
        if (m->npending == m->cap) {
            size_t cap = m->cap == 0 ? 8 : m->cap * 2;
            carnet__state_head *p = realloc(m->pending, cap * sizeof *p);

            if (p == NULL) {
                return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
            }
            m->pending = p;
            m->cap = cap;
        }
        h = &m->pending[m->npending++];
        memset(h, 0, sizeof *h);
        h->kind = kind;
        memcpy(h->id, id, CARNET_ID_BYTES);
    } else if (h->seq >= seq) {
        return CARNET_OK;
    }
    h->seq = seq;
    memcpy(h->hash, head, CARNET_HASH_BYTES);
    carnet__set_after_tx(db, after_tx);
    return carnet__in_transaction(db) ? CARNET_OK : flush(db, m);
}

int
carnet__memory_get(carnet_db *db, int kind, const unsigned char id[CARNET_ID_BYTES],
                   carnet__state_head *out, int *found)
{
    struct carnet__memory *m = memory_of(db);
    unsigned char d[CARNET_HASH_BYTES];
    int rc;

    *found = 0;
    if (m == NULL) {
        return CARNET_OK;
    }
    rc = carnet__state_head_get(db, m->state, kind, id, out, found);
    if (rc != CARNET_OK || !*found) {
        return rc;
    }
    head_digest(d, m, out);
    return carnet_verify(out->sig, &m->pk, SIGN_DOMAIN, d, sizeof d) == CARNET_OK ? CARNET_OK
                                                                                  : edited(db);
}

int
carnet__memory_check(carnet_db *db, int kind, const unsigned char id[CARNET_ID_BYTES], int64_t seq,
                     const unsigned char head[CARNET_HASH_BYTES], carnet__hash_at_fn hash_at,
                     const void *ctx)
{
    struct carnet__memory *m = memory_of(db);
    unsigned char at[CARNET_HASH_BYTES];
    carnet__state_head was;
    int found = 0;
    int rc;

    if (m == NULL) {
        return CARNET_OK;
    }
    rc = carnet__memory_get(db, kind, id, &was, &found);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (found && seq < was.seq) {
        return carnet__fail(db, CARNET_EROLLBACK,
                            "retour en arrière : l'historique s'arrête à l'enregistrement n°%lld "
                            "alors que vous avez déjà vu le n°%lld (copie ancienne remise en "
                            "place, ou enregistrements retirés)",
                            (long long)seq, (long long)was.seq);
    }
    if (found && (seq == was.seq ? memcmp(head, was.hash, CARNET_HASH_BYTES) != 0
                                 : hash_at(ctx, was.seq, at) != 0 ||
                                       memcmp(at, was.hash, CARNET_HASH_BYTES) != 0)) {
        return carnet__fail(db, CARNET_EROLLBACK,
                            "bifurcation : l'enregistrement n°%lld n'est plus celui que vous avez "
                            "vu (l'historique a été réécrit)",
                            (long long)was.seq);
    }
    if (found && seq == was.seq) {
        return CARNET_OK;
    }
    return remember(db, m, kind, id, seq, head);
}

int
carnet__memory_note(carnet_db *db, int kind, const unsigned char id[CARNET_ID_BYTES], int64_t seq,
                    const unsigned char head[CARNET_HASH_BYTES])
{
    struct carnet__memory *m = memory_of(db);

    return m == NULL ? CARNET_OK : remember(db, m, kind, id, seq, head);
}

int
carnet__memory_accept(carnet_db *db, carnet__state_head *heads, size_t n)
{
    struct carnet__memory *m = memory_of(db);
    int rc = CARNET_OK;

    if (m == NULL) {
        return CARNET_OK;
    }
    for (size_t i = 0; rc == CARNET_OK && i < n; i++) {
        rc = sign_head(db, m, &heads[i]);
    }
    return rc == CARNET_OK ? carnet__state_heads_put(db, m->state, heads, n, 1) : rc;
}

struct each_ctx {
    carnet_db *db;
    const struct carnet__memory *m;
    int (*fn)(void *ctx, const carnet__state_head *h);
    void *ctx;
};

static int
each_one(void *ctx, const carnet__state_head *h)
{
    struct each_ctx *e = ctx;
    unsigned char d[CARNET_HASH_BYTES];

    head_digest(d, e->m, h);
    if (carnet_verify(h->sig, &e->m->pk, SIGN_DOMAIN, d, sizeof d) != CARNET_OK) {
        return edited(e->db);
    }
    return e->fn(e->ctx, h);
}

int
carnet__memory_each(carnet_db *db, int (*fn)(void *ctx, const carnet__state_head *h), void *ctx)
{
    struct carnet__memory *m = memory_of(db);
    struct each_ctx e = {db, m, fn, ctx};

    return m == NULL ? CARNET_OK : carnet__state_heads_each(db, m->state, each_one, &e);
}
