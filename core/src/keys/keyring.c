/* keyring.c - epochs: their keys, commitments, wraps and rotations.
 * SPDX-License-Identifier: MIT
 *
 * Each (carnet, section) has a sequence of epochs. An epoch's key is random,
 * committed by a signed key id, and sealed to the person and to every reader
 * entitled when it starts. A rotation starts a new epoch sealed only to the
 * readers still entitled; it is how revocation, expiry, blocking and
 * deactivation take cryptographic effect.
 */
#include <stdlib.h>
#include <string.h>

#include "keys/keyring.h"

int
carnet__wrap_add(carnet_db *db, const carnet__carnet *c, int section, uint32_t epoch,
                 const carnet_epoch_key *k, const carnet_keypair *sealer, int64_t sealer_pid,
                 const carnet__principal *to)
{
    unsigned char ctx[CARNET__EPOCH_CTX_BYTES], wrap[CARNET_WRAP_BYTES], sig[CARNET_SIG_BYTES];
    size_t n = carnet__epoch_ctx(ctx, c->id, section, epoch);
    carnet__statement *st;
    int rc = carnet_epoch_seal(wrap, sig, sealer, k, &to->pk, ctx, n);

    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "scellement d'une clé pour '%s' impossible", to->handle);
    }
    st = carnet__stmt(db, CARNET__Q_WRAP_ADD);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, section);
    carnet__bind_int(st, 3, epoch);
    carnet__bind_int(st, 4, to->pid);
    carnet__bind_blob(st, 5, wrap, sizeof wrap);
    carnet__bind_int(st, 6, sealer_pid);
    carnet__bind_int(st, 7, carnet_db_now(db));
    carnet__bind_blob(st, 8, sig, sizeof sig);
    return carnet__exec_stmt(db, st, "enregistrement d'une clé");
}

static int
insert_epoch(carnet_db *db, const carnet__carnet *c, int section, uint32_t epoch,
             const unsigned char key_id[CARNET_KEY_ID_BYTES], int64_t by, const char *reason,
             const unsigned char sig[CARNET_SIG_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT_EPOCH);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, section);
    carnet__bind_int(st, 3, epoch);
    carnet__bind_blob(st, 4, key_id, CARNET_KEY_ID_BYTES);
    carnet__bind_int(st, 5, by);
    carnet__bind_int(st, 6, carnet_db_now(db));
    carnet__bind_text(st, 7, reason);
    carnet__bind_blob(st, 8, sig, CARNET_SIG_BYTES);
    return carnet__exec_stmt(db, st, "enregistrement d'une époque");
}

int
carnet__epoch_new(carnet_db *db, const carnet__carnet *c, int section, carnet_actor *by,
                  const carnet_keypair *signer, const carnet__principal *readers, size_t nreaders,
                  const char *reason, carnet_epoch_key **key_out, uint32_t *epoch_out)
{
    unsigned char ctx[CARNET__EPOCH_CTX_BYTES], key_id[CARNET_KEY_ID_BYTES], sig[CARNET_SIG_BYTES];
    carnet_epoch_key *k = NULL;
    carnet__principal person;
    uint32_t epoch = 0;
    int64_t by_pid = by != NULL && by->kp == signer ? by->pid : c->person;
    size_t n;
    int rc;

    *key_out = NULL;
    if (strcmp(reason, "init") != 0) {
        rc = carnet__epoch_current(db, c->rowid, section, &epoch);
        if (rc != CARNET_OK) {
            return rc;
        }
        epoch++;
    }
    rc = carnet__principal_by_pid(db, c->person, &person);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet_epoch_key_generate(&k);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "génération d'une clé d'époque impossible");
    }
    n = carnet__epoch_ctx(ctx, c->id, section, epoch);
    rc = carnet_epoch_commit(key_id, sig, signer, k, ctx, n);
    if (rc == CARNET_OK) {
        rc = insert_epoch(db, c, section, epoch, key_id, by_pid, reason, sig);
    }
    if (rc == CARNET_OK) {
        rc = carnet__wrap_add(db, c, section, epoch, k, signer, by_pid, &person);
    }
    for (size_t i = 0; rc == CARNET_OK && i < nreaders; i++) {
        if (readers[i].pid != c->person) {
            rc = carnet__wrap_add(db, c, section, epoch, k, signer, by_pid, &readers[i]);
        }
    }
    if (rc != CARNET_OK) {
        carnet_epoch_key_free(k);
        return rc;
    }
    *key_out = k;
    *epoch_out = epoch;
    return CARNET_OK;
}

/* ------------------------------------------------------------ opening */

static struct carnet__key_slot *
cache_find(carnet_actor *a, int64_t carnet, int section, uint32_t epoch)
{
    for (size_t i = 0; i < a->nkeys; i++) {
        struct carnet__key_slot *s = &a->keys[i];
        if (s->carnet == carnet && s->section == section && s->epoch == epoch) {
            return s;
        }
    }
    return NULL;
}

/* Drop the cached keys of every carnet but @p keep. Keys are only used
 * within one operation on one carnet, so no other carnet's key is in use. */
static void
cache_trim(carnet_actor *a, int64_t keep)
{
    size_t j = 0;

    for (size_t i = 0; i < a->nkeys; i++) {
        if (a->keys[i].carnet != keep) {
            carnet_epoch_key_free(a->keys[i].key);
        } else {
            a->keys[j++] = a->keys[i];
        }
    }
    a->nkeys = j;
}

static int
cache_put(carnet_actor *a, int64_t carnet, int section, uint32_t epoch, carnet_epoch_key *k)
{
    /* Bounded: a référent's actor that walks a whole portfolio, or an
     * importer's, would otherwise keep (and mlock) a key per section of
     * every carnet it touched. */
    if (a->nkeys >= CARNET__KEY_CACHE_MAX) {
        cache_trim(a, carnet);
    }
    if (a->nkeys == a->capkeys) {
        size_t cap = a->capkeys == 0 ? 16 : a->capkeys * 2;
        struct carnet__key_slot *n = realloc(a->keys, cap * sizeof *n);
        if (n == NULL) {
            return CARNET_ENOMEM;
        }
        a->keys = n;
        a->capkeys = cap;
    }
    a->keys[a->nkeys].carnet = carnet;
    a->keys[a->nkeys].section = section;
    a->keys[a->nkeys].epoch = epoch;
    a->keys[a->nkeys].key = k;
    a->nkeys++;
    return CARNET_OK;
}

void
carnet__actor_forget_keys(carnet_actor *a, int64_t carnet)
{
    size_t j = 0;

    for (size_t i = 0; i < a->nkeys; i++) {
        if (carnet == 0 || a->keys[i].carnet == carnet) {
            carnet_epoch_key_free(a->keys[i].key);
        } else {
            a->keys[j++] = a->keys[i];
        }
    }
    a->nkeys = j;
}

struct stored_epoch {
    unsigned char key_id[CARNET_KEY_ID_BYTES];
    unsigned char csig[CARNET_SIG_BYTES];
    int64_t created_by;
    int64_t created_at;
    unsigned char wrap[CARNET_WRAP_BYTES];
    unsigned char wsig[CARNET_SIG_BYTES];
    int64_t sealed_by;
    int64_t sealed_at;
};

static int
load_epoch(carnet_db *db, int64_t carnet, int section, uint32_t epoch, int64_t pid,
           struct stored_epoch *e)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_LOAD_EPOCH);
    int rc;

    memset(e, 0, sizeof *e);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, section);
    carnet__bind_int(st, 3, epoch);
    carnet__bind_int(st, 4, pid);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        int bad = carnet__col_blob(st, 0, e->key_id, sizeof e->key_id) != 0 ||
                  carnet__col_blob(st, 1, e->csig, sizeof e->csig) != 0 ||
                  carnet__col_blob(st, 4, e->wrap, sizeof e->wrap) != 0 ||
                  carnet__col_blob(st, 5, e->wsig, sizeof e->wsig) != 0;
        e->created_by = carnet__col_int(st, 2);
        e->created_at = carnet__col_int(st, 3);
        e->sealed_by = carnet__col_int(st, 6);
        e->sealed_at = carnet__col_int(st, 7);
        carnet__reset(st);
        return bad ? CARNET_EAUTH : CARNET_OK;
    }
    carnet__reset(st);
    return rc == CARNET__DONE ? CARNET_ECONSENT : carnet__store_fail(db, rc, "lecture des clés");
}

/* The signer of an epoch or of a wrap must be trusted and hold authority. */
static int
check_authority(carnet_db *db, const carnet__carnet *c, int section, int64_t pid, int64_t at,
                carnet__principal *out)
{
    int yes = 0;
    int rc = carnet__principal_trusted(db, pid, out);

    if (rc == CARNET_OK) {
        rc = carnet__write_authority(db, c, pid, section, at, &yes);
    }
    if (rc == CARNET_OK && !yes) {
        rc = carnet__fail(db, CARNET_EAUTH,
                          "clé de la section %d scellée par '%s', qui n'en avait pas le droit",
                          section, out->handle);
    }
    return rc;
}

int
carnet__epoch_key(carnet_db *db, carnet_actor *a, const carnet__carnet *c, int section,
                  uint32_t epoch, const carnet_epoch_key **out)
{
    struct carnet__key_slot *slot = cache_find(a, c->rowid, section, epoch);
    struct stored_epoch e;
    carnet__principal creator, sealer;
    unsigned char ctx[CARNET__EPOCH_CTX_BYTES];
    carnet_epoch_key *k = NULL;
    size_t n;
    int rc;

    *out = NULL;
    if (slot != NULL) {
        /* The cache only spares the unwrapping: the wrap must still be in
         * the workspace (a revocation deletes it). */
        rc = carnet__wrap_exists(db, c->rowid, section, epoch, a->pid);
        if (rc == 1) {
            *out = slot->key;
            return CARNET_OK;
        }
        if (rc < 0) {
            return rc;
        }
        return carnet__fail(db, CARNET_ECONSENT,
                            "'%s' n'a plus la clé de l'époque %u de la section %s", a->handle,
                            epoch, carnet_enum_code(CARNET_ENUM_SECTION, section));
    }
    rc = load_epoch(db, c->rowid, section, epoch, a->pid, &e);
    if (rc == CARNET_ECONSENT) {
        return carnet__fail(db, rc, "'%s' n'a pas la clé de l'époque %u de la section %s",
                            a->handle, epoch, carnet_enum_code(CARNET_ENUM_SECTION, section));
    }
    if (rc != CARNET_OK) {
        return rc == CARNET_EAUTH ? carnet__fail(db, rc, "clé d'époque endommagée") : rc;
    }
    rc = check_authority(db, c, section, e.created_by, e.created_at, &creator);
    /* Widening access is the person's: a writer seals keys only when it
     * starts an epoch, to the readers entitled at that moment. */
    if (rc == CARNET_OK && e.sealed_by != c->person &&
        (e.sealed_by != e.created_by || e.sealed_at != e.created_at)) {
        rc = carnet__fail(
            db, CARNET_EAUTH,
            "clé de l'époque %u scellée hors de sa création par un autre que la personne", epoch);
    }
    if (rc == CARNET_OK) {
        rc = check_authority(db, c, section, e.sealed_by, e.sealed_at, &sealer);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    n = carnet__epoch_ctx(ctx, c->id, section, epoch);
    if (carnet_epoch_verify_commit(e.key_id, e.csig, &creator.pk, ctx, n) != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH, "engagement de la clé de l'époque %u invalide",
                            epoch);
    }
    rc = carnet_epoch_open(&k, e.wrap, e.wsig, &sealer.pk, a->kp, e.key_id, ctx, n);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc,
                            "clé de l'époque %u de la section %d refusée (signature, "
                            "scellement ou engagement invalide)",
                            epoch, section);
    }
    rc = cache_put(a, c->rowid, section, epoch, k);
    if (rc != CARNET_OK) {
        carnet_epoch_key_free(k);
        return carnet__fail(db, rc, "mémoire insuffisante");
    }
    *out = k;
    return CARNET_OK;
}

/* ------------------------------------------------------------ rotation */

int
carnet__wraps_delete(carnet_db *db, int64_t carnet, unsigned mask, int64_t pid)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_WRAPS_DELETE);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, pid);
    carnet__bind_int(st, 3, mask);
    return carnet__exec_stmt(db, st, "suppression de clés");
}

/* Every professional holding a wrap of the current epoch or a grant on the
 * section: the candidates for the next epoch. */
static int
candidates(carnet_db *db, const carnet__carnet *c, int section, uint32_t epoch,
           carnet__principal **out, size_t *n)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_CANDIDATES);
    carnet__principal *list = NULL;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, section);
    carnet__bind_int(st, 3, epoch);
    carnet__bind_int(st, 4, c->person);
    carnet__bind_int(st, 5, (int64_t)CARNET_SECTION_BIT(section));
    /* Collect the ids first: loading principals reuses other statements. */
    int64_t pids[256];
    size_t np = 0;
    while ((rc = carnet__step(st)) == CARNET__ROW && np < 256) {
        pids[np++] = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    if (rc != CARNET__DONE && rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture des lecteurs");
    }
    if (np == 256) {
        return carnet__fail(db, CARNET_EINVAL, "trop de lecteurs sur une section");
    }
    for (size_t i = 0; i < np; i++) {
        if (*n == cap) {
            cap = cap == 0 ? 8 : cap * 2;
            carnet__principal *m = realloc(list, cap * sizeof *m);
            if (m == NULL) {
                free(list);
                return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
            }
            list = m;
        }
        rc = carnet__principal_by_pid(db, pids[i], &list[*n]);
        if (rc != CARNET_OK) {
            free(list);
            return rc;
        }
        (*n)++;
    }
    *out = list;
    return CARNET_OK;
}

/* Split the candidates: who stays entitled (@p keep) and whether a holder
 * of the current epoch lost access (*stale). */
static int
sort_readers(carnet_db *db, const carnet__carnet *c, int section, uint32_t epoch,
             const carnet__principal *cand, size_t n, carnet__principal *keep, size_t *nkeep,
             int *stale)
{
    int64_t now = carnet_db_now(db);
    int rc = CARNET_OK;

    *nkeep = 0;
    for (size_t i = 0; rc == CARNET_OK && i < n; i++) {
        int entitled = 0, holds = 0;
        rc = carnet__entitled(db, c, &cand[i], section, now, &entitled);
        if (rc == CARNET_OK) {
            holds = carnet__wrap_exists(db, c->rowid, section, epoch, cand[i].pid);
            rc = holds < 0 ? holds : CARNET_OK;
        }
        if (rc == CARNET_OK && entitled) {
            keep[(*nkeep)++] = cand[i];
        } else if (rc == CARNET_OK && holds) {
            *stale = 1; /* a wrap holder lost access: rotate (the Megolm rule) */
        }
    }
    return rc;
}

/* Start the next epoch for who is entitled and drop everyone else's wraps. */
static int
rotate(carnet_db *db, carnet_actor *a, const carnet__carnet *c, int section,
       const carnet__principal *cand, size_t n, const carnet__principal *keep, size_t nkeep,
       const char *reason)
{
    carnet_epoch_key *k = NULL;
    uint32_t next = 0;
    int rc = carnet__epoch_new(db, c, section, a, a->kp, keep, nkeep, reason, &k, &next);

    for (size_t i = 0; rc == CARNET_OK && i < n; i++) {
        int kept = 0;
        for (size_t j = 0; j < nkeep; j++) {
            kept |= keep[j].pid == cand[i].pid;
        }
        if (!kept) {
            rc = carnet__wraps_delete(db, c->rowid, CARNET_SECTION_BIT(section), cand[i].pid);
        }
    }
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, c, a, CARNET_AUDIT_ROTATE, section, (int64_t)next, CARNET_OK);
    }
    if (rc == CARNET_OK) {
        rc = cache_put(a, c->rowid, section, next, k);
        k = rc == CARNET_OK ? NULL : k;
    }
    carnet_epoch_key_free(k);
    return rc;
}

int
carnet__epoch_refresh(carnet_db *db, carnet_actor *a, const carnet__carnet *c, int section,
                      int force, const char *reason)
{
    carnet__principal *cand = NULL, *keep = NULL;
    size_t n = 0, nkeep = 0;
    uint32_t epoch = 0;
    int stale = force, rc;

    rc = carnet__grants_log_expired(db, c, a);
    if (rc == CARNET_OK) {
        rc = carnet__epoch_current(db, c->rowid, section, &epoch);
    }
    if (rc == CARNET_OK) {
        rc = candidates(db, c, section, epoch, &cand, &n);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    keep = calloc(n + 1, sizeof *keep);
    rc = keep != NULL ? sort_readers(db, c, section, epoch, cand, n, keep, &nkeep, &stale)
                      : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    if (rc == CARNET_OK && stale) {
        rc = rotate(db, a, c, section, cand, n, keep, nkeep, reason);
    }
    free(cand);
    free(keep);
    return rc;
}
