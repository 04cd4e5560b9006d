/* grants.c - the person's signed authorisations as records: their signed bytes,
 * reading a row, checking its signature (remembered per handle), the
 * consent chain, and the expiry events.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

size_t
carnet__grant_tbs(unsigned char out[CARNET__GRANT_TBS], const carnet__carnet *c,
                  const carnet__grant *g, const carnet__principal *grantee)
{
    unsigned char *p = carnet__putid(out, c->id);

    p = carnet__put64(p, g->no);
    p = carnet__putid(p, grantee->id);
    memcpy(p, grantee->pk.sign, CARNET_SIGN_PK_BYTES);
    p += CARNET_SIGN_PK_BYTES;
    memcpy(p, grantee->pk.box, CARNET_BOX_PK_BYTES);
    p += CARNET_BOX_PK_BYTES;
    p = carnet__put8(p, g->sections);
    p = carnet__put8(p, (unsigned)g->access);
    p = carnet__put8(p, (unsigned)g->scope);
    p = carnet__put64(p, g->since);
    p = carnet__put64(p, g->not_before);
    p = carnet__put64(p, g->not_after);
    p = carnet__put8(p, (unsigned)g->purpose);
    p = carnet__put8(p, (unsigned)g->method);
    p = carnet__put64(p, g->created_at);
    memcpy(p, g->prev, CARNET_HASH_BYTES);
    p += CARNET_HASH_BYTES;
    return (size_t)(p - out);
}

void
carnet__grant_commit(unsigned char out[CARNET_HASH_BYTES], const unsigned char *tbs, size_t n,
                     const unsigned char sig[CARNET_SIG_BYTES])
{
    unsigned char buf[CARNET__GRANT_TBS + CARNET_SIG_BYTES];

    memcpy(buf, tbs, n);
    memcpy(buf + n, sig, CARNET_SIG_BYTES);
    carnet_hash(out, "cdb/v2/grant-commit", buf, n + CARNET_SIG_BYTES);
}

int
carnet__grant_row_commit(carnet_db *db, const carnet__carnet *c, carnet__statement *st, int64_t *no,
                         unsigned char out[CARNET_HASH_BYTES])
{
    unsigned char tbs[CARNET__GRANT_TBS];
    carnet__principal grantee;
    carnet__grant g;
    size_t n;

    if (!carnet__grant_read(st, &g) ||
        carnet__principal_by_pid(db, g.grantee, &grantee) != CARNET_OK) {
        return 0;
    }
    *no = g.no;
    n = carnet__grant_tbs(tbs, c, &g, &grantee);
    carnet__grant_commit(out, tbs, n, g.sig);
    return 1;
}

static int
parse_code(carnet_enum_id list, carnet__statement *st, int col)
{
    int v = 0;
    return carnet_enum_parse(&v, list, carnet__col_str(st, col)) == CARNET_OK ? v : 0;
}

/* Read a consent row selected with the columns of CARNET__GRANT_COL_*; 0 when its hash or
 * signature column is missing or of the wrong size. */
int
carnet__grant_read(carnet__statement *st, carnet__grant *g)
{
    memset(g, 0, sizeof *g);
    g->no = carnet__col_int(st, 0);
    g->grantee = carnet__col_int(st, 1);
    g->sections = (unsigned)carnet__col_int32(st, 2);
    g->access = (carnet_access)parse_code(CARNET_ENUM_ACCESS, st, 3);
    g->scope = (carnet_scope)parse_code(CARNET_ENUM_SCOPE, st, 4);
    g->since = carnet__col_int(st, 5);
    g->not_before = carnet__col_int(st, 6);
    g->not_after = carnet__col_int(st, 7);
    g->purpose = (carnet_purpose)parse_code(CARNET_ENUM_PURPOSE, st, 8);
    g->method = (carnet_method)parse_code(CARNET_ENUM_METHOD, st, 9);
    g->created_at = carnet__col_int(st, 10);
    g->revoked_at = carnet__col_int(st, 11);
    return carnet__col_blob(st, 12, g->prev, sizeof g->prev) == 0 &&
           carnet__col_blob(st, 13, g->sig, sizeof g->sig) == 0;
}

/* Slots of the per-handle cache of verified grants (a power of two). */
#define GRANTS_OK_SLOTS 1024u

/* Whether the person (her certified key) signed exactly this grant. Every
 * access decision asks, once per entry read: a grant verified once on this
 * handle is remembered, in a direct-mapped cache indexed by (carnet, number),
 * by a digest of all it was verified over, so a row changed in the file
 * misses the cache. The digest is of public data: memcmp is enough. */
int
carnet__grant_signed(carnet_db *db, const carnet__carnet *c, const carnet__grant *g,
                     const carnet__principal *grantee)
{
    unsigned char buf[CARNET__GRANT_TBS + CARNET_SIG_BYTES + CARNET_SIGN_PK_BYTES];
    unsigned char digest[CARNET_HASH_BYTES];
    carnet__principal person;
    size_t n = carnet__grant_tbs(buf, c, g, grantee);
    size_t slot = (size_t)((uint64_t)c->rowid * 0x9E3779B97F4A7C15u + (uint64_t)g->no) &
                  (GRANTS_OK_SLOTS - 1);
    unsigned char(*cache)[CARNET_HASH_BYTES] = carnet__cache_get(db, CARNET__CACHE_GRANTS);
    int ok;

    if (carnet__principal_trusted(db, c->person, &person) != CARNET_OK) {
        return 0;
    }
    memcpy(buf + n, g->sig, CARNET_SIG_BYTES);
    memcpy(buf + n + CARNET_SIG_BYTES, person.pk.sign, CARNET_SIGN_PK_BYTES);
    carnet_hash(digest, "cdb/v1/grant-verified", buf, n + CARNET_SIG_BYTES + CARNET_SIGN_PK_BYTES);
    if (cache != NULL && memcmp(cache[slot], digest, sizeof digest) == 0) {
        return 1;
    }
    ok = carnet_verify(g->sig, &person.pk, "cdb/v1/grant", buf, n) == CARNET_OK;
    if (ok && cache == NULL) {
        cache = calloc(GRANTS_OK_SLOTS, sizeof *cache);
        carnet__cache_set(db, CARNET__CACHE_GRANTS, cache, free);
    }
    if (ok && cache != NULL) {
        memcpy(cache[slot], digest, sizeof digest);
    }
    return ok;
}

/* Authorisation @p no of @p c. */
int
carnet__grant_load(carnet_db *db, const carnet__carnet *c, int64_t no, carnet__grant *g)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_LOAD_GRANT);
    int rc;

    memset(g, 0, sizeof *g);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, no);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        (void)carnet__grant_read(st, g);
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "autorisation n°%lld introuvable", (long long)no);
    }
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture des autorisations");
}

int
carnet__grant_row_signed(carnet_db *db, const carnet__carnet *c, carnet__statement *st)
{
    carnet__principal grantee;
    carnet__grant g;

    return carnet__grant_read(st, &g) &&
           carnet__principal_by_pid(db, g.grantee, &grantee) == CARNET_OK &&
           carnet__grant_signed(db, c, &g, &grantee);
}

/* The consent chain: each authorisation hashes the previous one's bytes. */
int
carnet__grant_chain_prev(carnet_db *db, const carnet__carnet *c, int64_t *last_no,
                         unsigned char prev[CARNET_HASH_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_CHAIN_PREV);
    unsigned char buf[CARNET_HASH_BYTES + CARNET_SIG_BYTES];
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    rc = carnet__step(st);
    *last_no = 0;
    if (rc == CARNET__ROW) {
        *last_no = carnet__col_int(st, 0);
        rc = carnet__col_blob(st, 1, buf, CARNET_HASH_BYTES) == 0 &&
                     carnet__col_blob(st, 2, buf + CARNET_HASH_BYTES, CARNET_SIG_BYTES) == 0
                 ? CARNET__DONE
                 : CARNET__S_CORRUPT;
        carnet_hash(prev, "cdb/v1/consent-chain", buf, sizeof buf);
    } else if (rc == CARNET__DONE) {
        carnet_hash(prev, "cdb/v1/consent-chain", c->id, CARNET_ID_BYTES);
    }
    carnet__reset(st);
    return rc == CARNET__DONE ? CARNET_OK : carnet__store_fail(db, rc, "lecture des autorisations");
}

int
carnet__grants_log_expired(carnet_db *db, const carnet__carnet *c, const carnet_actor *a)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_GRANTS_LOG_EXPIRED);
    int64_t nos[64];
    size_t n = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, carnet_db_now(db));
    while ((rc = carnet__step(st)) == CARNET__ROW && n < 64) {
        nos[n++] = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    if (rc != CARNET__DONE && rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture des autorisations expirées");
    }
    rc = CARNET_OK;
    for (size_t i = 0; rc == CARNET_OK && i < n; i++) {
        rc = carnet__audit(db, c, a, CARNET_AUDIT_EXPIRE, -1, nos[i], CARNET_OK);
    }
    return rc;
}
