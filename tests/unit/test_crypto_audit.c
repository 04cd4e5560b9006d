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
