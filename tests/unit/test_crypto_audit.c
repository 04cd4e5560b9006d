/* test_crypto_audit.c - the audit hash chain and its verifier (T8).
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "tests.h"

enum { N = 10 };

struct rec {
    uint64_t seq;
    unsigned char prev[CARNET_HASH_BYTES];
    unsigned char hash[CARNET_HASH_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
    unsigned char tbs[32];
    size_t tbs_len;
    const carnet_pubkey *actor;
};

struct chain {
    carnet_keypair *kp;
    carnet_pubkey pk;
    unsigned char carnet[CARNET_ID_BYTES];
    unsigned char genesis[CARNET_HASH_BYTES];
    struct rec r[N + 1];
};

static void
append(struct chain *c, size_t i, uint64_t seq, const unsigned char prev[CARNET_HASH_BYTES])
{
    struct rec *r = &c->r[i];
    int n = snprintf((char *)r->tbs, sizeof r->tbs, "event-%llu", (unsigned long long)seq);

    assert_true(n > 0);
    r->tbs_len = (size_t)n;
    r->seq = seq;
    r->actor = &c->pk;
    memcpy(r->prev, prev, CARNET_HASH_BYTES);
    assert_int_equal(carnet_audit_link(r->hash, r->sig, prev, seq, r->tbs, r->tbs_len, c->kp),
                     CARNET_OK);
}

static void
build(struct chain *c)
{
    c->kp = th_keypair(0x0a);
    carnet_keypair_public(&c->pk, c->kp);
    memset(c->carnet, 0x77, sizeof c->carnet);
    carnet_audit_genesis(c->genesis, c->carnet);
    for (size_t i = 0; i < N; i++) {
        append(c, i, i + 1, i == 0 ? c->genesis : c->r[i - 1].hash);
    }
}

/* Feed records in the given order; return the first broken sequence number. */
static uint64_t
verify(const struct chain *c, const size_t *order, size_t n)
{
    carnet_audit_verifier v;
    int rc = CARNET_OK;

    carnet_audit_verifier_init(&v, c->genesis);
    for (size_t i = 0; i < n; i++) {
        const struct rec *r = &c->r[order[i]];
        int r2 = carnet_audit_verifier_add(&v, r->seq, r->prev, r->hash, r->sig, r->tbs, r->tbs_len,
                                           r->actor);
        if (rc == CARNET_OK) {
            rc = r2;
        }
    }
    assert_int_equal(rc == CARNET_OK, v.first_bad == 0);
    return v.first_bad;
}

static size_t *
identity(size_t *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        o[i] = i;
    }
    return o;
}

void
test_crypto_audit_chain_valid(void **state)
{
    struct chain c;
    size_t o[N + 1];

    (void)state;
    build(&c);
    assert_int_equal(verify(&c, identity(o, N), N), 0);
    th_kat("audit-genesis-0x77", c.genesis, sizeof c.genesis);
    th_kat("audit-hash-1", c.r[0].hash, sizeof c.r[0].hash);
    th_kat("audit-sig-1", c.r[0].sig, sizeof c.r[0].sig);
    carnet_keypair_free(c.kp);
}

void
test_crypto_audit_chain_modified(void **state)
{
    struct chain c;
    size_t o[N + 1];

    (void)state;
    build(&c);
    c.r[4].tbs[0] ^= 1; /* record 5 altered */
    assert_int_equal(verify(&c, identity(o, N), N), 5);
    c.r[4].tbs[0] ^= 1;
    c.r[6].sig[3] ^= 1; /* record 7's signature altered */
    assert_int_equal(verify(&c, identity(o, N), N), 7);
    c.r[6].sig[3] ^= 1;
    c.r[2].hash[0] ^= 1; /* record 3's stored hash altered */
    assert_int_equal(verify(&c, identity(o, N), N), 3);
    carnet_keypair_free(c.kp);
}

void
test_crypto_audit_chain_deleted(void **state)
{
    struct chain c;
    size_t o[N + 1];
    size_t k = 0;

    (void)state;
    build(&c);
    for (size_t i = 0; i < N; i++) {
        if (i != 5) {
            o[k++] = i;
        }
    }
    assert_int_equal(verify(&c, o, k), 6); /* the gap is where seq 6 was */
    carnet_keypair_free(c.kp);
}

void
test_crypto_audit_chain_reordered(void **state)
{
    struct chain c;
    size_t o[N + 1];

    (void)state;
    build(&c);
    identity(o, N);
    o[3] = 4;
    o[4] = 3;
    assert_int_equal(verify(&c, o, N), 4);
    carnet_keypair_free(c.kp);
}

void
test_crypto_audit_chain_inserted(void **state)
{
    struct chain c;
    size_t o[N + 1];
    size_t k = 0;
    carnet_keypair *mallory = th_keypair(0x0c), *holder;

    (void)state;
    build(&c);
    for (size_t i = 0; i < N; i++) {
        o[k++] = i;
        if (i == 3) {
            o[k++] = N;
        }
    }
    /* A record forged by someone without the actor's key, inserted after
     * record 4 and linked to it, fails at its own position. */
    holder = c.kp;
    c.kp = mallory;
    append(&c, N, 5, c.r[3].hash);
    c.r[N].actor = &c.pk;
    assert_int_equal(verify(&c, o, k), 5);
    /* Even a valid signature by a key holder cannot make room for itself:
     * the displaced record 5 then breaks the chain. */
    c.kp = holder;
    append(&c, N, 5, c.r[3].hash);
    assert_int_equal(verify(&c, o, k), 6);
    carnet_keypair_free(mallory);
    carnet_keypair_free(c.kp);
}

void
test_crypto_audit_chain_wrong_actor(void **state)
{
    struct chain c;
    size_t o[N + 1];
    carnet_keypair *other = th_keypair(0x0b);
    carnet_pubkey opk;

    (void)state;
    build(&c);
    carnet_keypair_public(&opk, other);
    c.r[7].actor = &opk; /* the record names someone who did not sign it */
    assert_int_equal(verify(&c, identity(o, N), N), 8);
    c.r[7].actor = NULL; /* unknown actor */
    assert_int_equal(verify(&c, identity(o, N), N), 8);
    carnet_keypair_free(other);
    carnet_keypair_free(c.kp);
}

void
test_crypto_audit_link_rejects_seq_zero(void **state)
{
    carnet_keypair *kp = th_keypair(1);
    unsigned char prev[CARNET_HASH_BYTES] = {0}, h[CARNET_HASH_BYTES], s[CARNET_SIG_BYTES];

    (void)state;
    assert_int_equal(carnet_audit_link(h, s, prev, 0, (const unsigned char *)"x", 1, kp),
                     CARNET_EINVAL);
    carnet_keypair_free(kp);
}

/* ------------------------------------------------ chain edge cases (issue 15) */

/* A record numbered @p seq after @p prev, signed by @p kp and naming @p claimed. */
static void
forge(struct rec *r, uint64_t seq, const unsigned char prev[CARNET_HASH_BYTES],
      const carnet_keypair *kp, const carnet_pubkey *claimed)
{
    int n = snprintf((char *)r->tbs, sizeof r->tbs, "forged-%llu", (unsigned long long)seq);

    assert_true(n > 0);
    r->tbs_len = (size_t)n;
    r->seq = seq;
    r->actor = claimed;
    memcpy(r->prev, prev, CARNET_HASH_BYTES);
    assert_int_equal(carnet_audit_link(r->hash, r->sig, prev, seq, r->tbs, r->tbs_len, kp),
                     CARNET_OK);
}

/* Feed @p n records; each add must succeed before the first broken link
 * and fail with CARNET_EAUTH from it on. Returns first_bad; the verifier
 * is left in *v. */
static uint64_t
feed(carnet_audit_verifier *v, const unsigned char genesis[CARNET_HASH_BYTES],
     const struct rec *const *recs, size_t n)
{
    carnet_audit_verifier_init(v, genesis);
    for (size_t i = 0; i < n; i++) {
        const struct rec *r = recs[i];
        int rc = carnet_audit_verifier_add(v, r->seq, r->prev, r->hash, r->sig, r->tbs, r->tbs_len,
                                           r->actor);
        assert_int_equal(rc, v->broken ? CARNET_EAUTH : CARNET_OK);
    }
    return v->first_bad;
}

/* An empty chain is not broken and its head is the genesis; the first
 * record must follow the genesis of its own carnet. */
void
test_crypto_audit_chain_empty(void **state)
{
    struct chain c;
    struct rec other;
    const struct rec *recs[1] = {&other};
    unsigned char elsewhere[CARNET_ID_BYTES], g2[CARNET_HASH_BYTES];
    carnet_audit_verifier v;

    (void)state;
    build(&c);
    assert_int_equal(feed(&v, c.genesis, NULL, 0), 0);
    assert_int_equal(v.broken, 0);
    assert_int_equal(v.next_seq, 1);
    assert_memory_equal(v.expect_prev, c.genesis, CARNET_HASH_BYTES);
    /* A valid first record of another carnet's chain does not start this one. */
    memset(elsewhere, 0x78, sizeof elsewhere);
    carnet_audit_genesis(g2, elsewhere);
    assert_memory_not_equal(g2, c.genesis, CARNET_HASH_BYTES);
    forge(&other, 1, g2, c.kp, &c.pk);
    assert_int_equal(feed(&v, c.genesis, recs, 1), 1);
    assert_int_equal(feed(&v, g2, recs, 1), 0);
    carnet_keypair_free(c.kp);
}

/* One record: it verifies alone and becomes the head; numbered 2, or
 * altered, it fails at 1. */
void
test_crypto_audit_chain_one_record(void **state)
{
    struct chain c;
    struct rec two;
    const struct rec *recs[1];
    carnet_audit_verifier v;

    (void)state;
    build(&c);
    recs[0] = &c.r[0];
    assert_int_equal(feed(&v, c.genesis, recs, 1), 0);
    assert_int_equal(v.next_seq, 2);
    assert_memory_equal(v.expect_prev, c.r[0].hash, CARNET_HASH_BYTES);
    forge(&two, 2, c.genesis, c.kp, &c.pk); /* the only record, numbered 2 */
    recs[0] = &two;
    assert_int_equal(feed(&v, c.genesis, recs, 1), 1);
    c.r[0].tbs[c.r[0].tbs_len - 1] ^= 1;
    recs[0] = &c.r[0];
    assert_int_equal(feed(&v, c.genesis, recs, 1), 1);
    carnet_keypair_free(c.kp);
}

/* seq 1 then 3, the third validly signed and linked to the first: the
 * gap is reported at 2. */
void
test_crypto_audit_chain_gap(void **state)
{
    struct chain c;
    struct rec three;
    const struct rec *recs[3];
    carnet_audit_verifier v;

    (void)state;
    build(&c);
    forge(&three, 3, c.r[0].hash, c.kp, &c.pk);
    recs[0] = &c.r[0];
    recs[1] = &three;
    assert_int_equal(feed(&v, c.genesis, recs, 2), 2);
    /* Linked and hashed as record 2, but stored as 3: the number alone. */
    forge(&three, 2, c.r[0].hash, c.kp, &c.pk);
    three.seq = 3;
    assert_int_equal(feed(&v, c.genesis, recs, 2), 2);
    /* Nothing after the gap verifies, not even the genuine record 3. */
    recs[1] = &c.r[2];
    assert_int_equal(feed(&v, c.genesis, recs, 2), 2);
    recs[1] = &c.r[1];
    recs[2] = &c.r[2];
    assert_int_equal(feed(&v, c.genesis, recs, 3), 0);
    carnet_keypair_free(c.kp);
}

/* seq 1, 2, 2: a second record numbered 2, whether a copy of the first or
 * a validly signed record linked to it, fails at 3. */
void
test_crypto_audit_chain_duplicate_number(void **state)
{
    struct chain c;
    struct rec again;
    const struct rec *recs[3];
    carnet_audit_verifier v;

    (void)state;
    build(&c);
    recs[0] = &c.r[0];
    recs[1] = &c.r[1];
    recs[2] = &c.r[1]; /* replayed */
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    forge(&again, 2, c.r[1].hash, c.kp, &c.pk); /* numbered 2, linked to 2 */
    recs[2] = &again;
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    forge(&again, 2, c.r[0].hash, c.kp, &c.pk); /* a fork: another 2 after 1 */
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    /* Linked and hashed as record 3, but stored as 2: the number alone. */
    forge(&again, 3, c.r[1].hash, c.kp, &c.pk);
    again.seq = 2;
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    carnet_keypair_free(c.kp);
}

/* A validly signed record whose previous hash is not its predecessor's:
 * the genesis, an older record, or arbitrary bytes. */
void
test_crypto_audit_chain_wrong_predecessor(void **state)
{
    struct chain c;
    struct rec bad;
    const struct rec *recs[3] = {NULL, NULL, &bad};
    unsigned char junk[CARNET_HASH_BYTES];
    carnet_audit_verifier v;

    (void)state;
    build(&c);
    recs[0] = &c.r[0];
    recs[1] = &c.r[1];
    forge(&bad, 3, c.r[0].hash, c.kp, &c.pk);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    forge(&bad, 3, c.genesis, c.kp, &c.pk);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    memset(junk, 0x5a, sizeof junk);
    forge(&bad, 3, junk, c.kp, &c.pk);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    /* Hashed over the right predecessor but storing another: the stored
     * prev is compared too, not only the hash. */
    forge(&bad, 3, c.r[1].hash, c.kp, &c.pk);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 0);
    memcpy(bad.prev, c.r[0].hash, CARNET_HASH_BYTES);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    carnet_keypair_free(c.kp);
}

/* A record in its right place, hash right, signed by another key than the
 * claimed signer's: it fails at itself; naming the real signer, it passes. */
void
test_crypto_audit_chain_wrong_signer(void **state)
{
    struct chain c;
    struct rec bad;
    const struct rec *recs[3] = {NULL, NULL, &bad};
    carnet_keypair *mallory = th_keypair(0x0d);
    carnet_pubkey mpk;
    carnet_audit_verifier v;

    (void)state;
    build(&c);
    carnet_keypair_public(&mpk, mallory);
    recs[0] = &c.r[0];
    recs[1] = &c.r[1];
    forge(&bad, 3, c.r[1].hash, mallory, &c.pk);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    assert_memory_equal(v.expect_prev, c.r[1].hash, CARNET_HASH_BYTES);
    bad.actor = &mpk;
    assert_int_equal(feed(&v, c.genesis, recs, 3), 0);
    /* The signature of the genuine record 3 on the forged one. */
    forge(&bad, 3, c.r[1].hash, mallory, &c.pk);
    memcpy(bad.sig, c.r[2].sig, CARNET_SIG_BYTES);
    assert_int_equal(feed(&v, c.genesis, recs, 3), 3);
    carnet_keypair_free(mallory);
    carnet_keypair_free(c.kp);
}
