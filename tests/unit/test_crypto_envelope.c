/* test_crypto_envelope.c - epoch keys, wraps and entry envelopes.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "testing.h"
#include "tests.h"

static const unsigned char ctx[] = "carnet:42/section:plan/epoch:0";

static void
make_header(carnet_envelope_header *h, const unsigned char author_byte)
{
    memset(h, 0, sizeof *h);
    memset(h->carnet, 0xc1, sizeof h->carnet);
    memset(h->entry, 0xe1, sizeof h->entry);
    memset(h->author, author_byte, sizeof h->author);
    h->created_at = 1767225600; /* 2026-01-01 */
    h->epoch = 3;
    h->kind = 17;
    h->section = 6;
}

void
test_crypto_epoch_seal_open(void **state)
{
    carnet_keypair *person = th_keypair(1), *reader = th_keypair(2), *other = th_keypair(3);
    carnet_pubkey ppk, rpk, opk;
    carnet_epoch_key *k = NULL, *got = NULL;
    unsigned char key_id[CARNET_KEY_ID_BYTES], id2[CARNET_KEY_ID_BYTES];
    unsigned char csig[CARNET_SIG_BYTES];
    unsigned char wrap[CARNET_WRAP_BYTES], wsig[CARNET_SIG_BYTES];

    (void)state;
    carnet_keypair_public(&ppk, person);
    carnet_keypair_public(&rpk, reader);
    carnet_keypair_public(&opk, other);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    assert_int_equal(carnet_epoch_commit(key_id, csig, person, k, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_verify_commit(key_id, csig, &ppk, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_verify_commit(key_id, csig, &rpk, ctx, sizeof ctx), CARNET_EAUTH);
    assert_int_equal(carnet_epoch_verify_commit(key_id, csig, &ppk, ctx, sizeof ctx - 1),
                     CARNET_EAUTH);

    assert_int_equal(carnet_epoch_seal(wrap, wsig, person, k, &rpk, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, reader, key_id, ctx, sizeof ctx),
                     CARNET_OK);
    carnet_epoch_key_id(id2, got);
    assert_memory_equal(id2, key_id, sizeof id2);
    carnet_epoch_key_free(got);
    got = NULL;

    /* Not the recipient; wrong claimed sealer; another context; tampered wrap. */
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, other, key_id, ctx, sizeof ctx),
                     CARNET_EAUTH);
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &opk, reader, key_id, ctx, sizeof ctx),
                     CARNET_EAUTH);
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, reader, key_id, ctx, 3),
                     CARNET_EAUTH);
    for (size_t i = 0; i < sizeof wrap; i++) {
        wrap[i] ^= 0x80;
        assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, reader, key_id, ctx, sizeof ctx),
                         CARNET_EAUTH);
        wrap[i] ^= 0x80;
    }
    assert_null(got);
    carnet_epoch_key_free(k);
    carnet_keypair_free(person);
    carnet_keypair_free(reader);
    carnet_keypair_free(other);
}

void
test_crypto_epoch_unsigned_wrap_refused(void **state)
{
    /* Anyone can seal a key to a reader's public key; an attacker who is not
     * an authorised sealer signs it with its own key and claims the person's. */
    carnet_keypair *person = th_keypair(1), *reader = th_keypair(2), *mallory = th_keypair(6);
    carnet_pubkey ppk, rpk;
    carnet_epoch_key *k = NULL, *got = NULL;
    unsigned char key_id[CARNET_KEY_ID_BYTES], csig[CARNET_SIG_BYTES];
    unsigned char wrap[CARNET_WRAP_BYTES], wsig[CARNET_SIG_BYTES];

    (void)state;
    carnet_keypair_public(&ppk, person);
    carnet_keypair_public(&rpk, reader);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    assert_int_equal(carnet_epoch_commit(key_id, csig, person, k, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_seal(wrap, wsig, mallory, k, &rpk, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, reader, key_id, ctx, sizeof ctx),
                     CARNET_EAUTH);
    memset(wsig, 0, sizeof wsig);
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, reader, key_id, ctx, sizeof ctx),
                     CARNET_EAUTH);
    assert_null(got);
    carnet_epoch_key_free(k);
    carnet_keypair_free(person);
    carnet_keypair_free(reader);
    carnet_keypair_free(mallory);
}

void
test_crypto_key_commitment(void **state)
{
    /* A wrap of K' while the signed key id commits to K must be refused,
     * even when the wrap itself carries a valid signature (T7). */
    carnet_keypair *person = th_keypair(1), *reader = th_keypair(2);
    carnet_pubkey ppk, rpk;
    carnet_epoch_key *k = NULL, *k2 = NULL, *got = NULL;
    unsigned char key_id[CARNET_KEY_ID_BYTES], csig[CARNET_SIG_BYTES];
    unsigned char wrap[CARNET_WRAP_BYTES], wsig[CARNET_SIG_BYTES];

    (void)state;
    carnet_keypair_public(&ppk, person);
    carnet_keypair_public(&rpk, reader);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    assert_int_equal(carnet_epoch_key_generate(&k2), CARNET_OK);
    assert_int_equal(carnet_epoch_commit(key_id, csig, person, k, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_seal(wrap, wsig, person, k2, &rpk, ctx, sizeof ctx), CARNET_OK);
    assert_int_equal(carnet_epoch_open(&got, wrap, wsig, &ppk, reader, key_id, ctx, sizeof ctx),
                     CARNET_EAUTH);
    assert_null(got);
    carnet_epoch_key_free(k);
    carnet_epoch_key_free(k2);
    carnet_keypair_free(person);
    carnet_keypair_free(reader);
}

void
test_crypto_epoch_keys_independent(void **state)
{
    enum { N = 1000 };
    unsigned char(*ids)[CARNET_KEY_ID_BYTES] = calloc(N, CARNET_KEY_ID_BYTES);

    (void)state;
    assert_non_null(ids);
    for (size_t i = 0; i < N; i++) {
        carnet_epoch_key *k = NULL;
        assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
        carnet_epoch_key_id(ids[i], k);
        carnet_epoch_key_free(k);
    }
    for (size_t i = 0; i < N; i++) {
        for (size_t j = i + 1; j < N; j++) {
            assert_memory_not_equal(ids[i], ids[j], CARNET_KEY_ID_BYTES);
        }
    }
    free(ids);
}

void
test_crypto_envelope_roundtrip(void **state)
{
    static const size_t sizes[] = {0, 1, 223, 224, 255, 256, 1000, 70000};
    carnet_keypair *author = th_keypair(5);
    carnet_pubkey apk;
    carnet_epoch_key *k = NULL;
    carnet_envelope_header h;
    carnet_envelope env;
    carnet_secbuf *out = NULL;
    unsigned char *body = malloc(70000);

    (void)state;
    assert_non_null(body);
    for (size_t i = 0; i < 70000; i++) {
        body[i] = (unsigned char)(i * 7 + 3);
    }
    carnet_keypair_public(&apk, author);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    assert_int_equal(carnet_secbuf_new(&out, 0), CARNET_OK);
    make_header(&h, 0xa0);
    carnet_envelope_init(&env);
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        assert_int_equal(carnet_envelope_seal(&env, &h, k, author, body, sizes[s]), CARNET_OK);
        /* Lengths are hidden up to the padding block. */
        assert_int_equal((env.body_ct_len - 16) % CARNET_PAD_BLOCK, 0);
        assert_true(env.body_ct_len >= 16 + 32 + sizes[s]);
        assert_int_equal(carnet_envelope_verify(&h, &env, &apk), CARNET_OK);
        assert_int_equal(carnet_envelope_open(out, &h, &env, k, &apk), CARNET_OK);
        assert_int_equal(carnet_secbuf_len(out), sizes[s]);
        if (sizes[s] > 0) {
            assert_memory_equal(carnet_secbuf_str(out), body, sizes[s]);
        }
        /* The ciphertext does not contain the plaintext. */
        if (sizes[s] >= 16) {
            assert_false(th_memmem(env.body_ct, env.body_ct_len, body, 16));
        }
    }
    carnet_envelope_release(&env);
    assert_int_equal(carnet_envelope_seal(&env, &h, k, author, body, CARNET_BODY_MAX + 1),
                     CARNET_EINVAL);
    assert_null(env.body_ct);
    free(body);
    carnet_secbuf_free(out);
    carnet_epoch_key_free(k);
    carnet_keypair_free(author);
}

static void
expect_refused(const carnet_envelope_header *h, const carnet_envelope *env,
               const carnet_epoch_key *k, const carnet_pubkey *apk, carnet_secbuf *out)
{
    assert_int_equal(carnet_envelope_open(out, h, env, k, apk), CARNET_EAUTH);
    /* No plaintext escapes: the output is empty and wiped. */
    assert_int_equal(carnet_secbuf_len(out), 0);
    for (size_t i = 0; i <= carnet_secbuf_cap(out); i++) {
        assert_int_equal(carnet_secbuf_str(out)[i], 0);
    }
}

static void
flip_all(unsigned char *bytes, size_t n, const carnet_envelope_header *h,
         const carnet_envelope *env, const carnet_epoch_key *k, const carnet_pubkey *apk,
         carnet_secbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        bytes[i] ^= 0x01;
        expect_refused(h, env, k, apk, out);
        bytes[i] ^= 0x01;
    }
}

void
test_crypto_envelope_tamper(void **state)
{
    static const char body[] = "{\"situation\":\"canari-logement-precaire\"}";
    carnet_keypair *author = th_keypair(5);
    carnet_pubkey apk;
    carnet_epoch_key *k = NULL;
    carnet_envelope_header h, t;
    carnet_envelope env;
    carnet_secbuf *out = NULL;

    (void)state;
    carnet_keypair_public(&apk, author);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    assert_int_equal(carnet_secbuf_new(&out, 512), CARNET_OK);
    make_header(&h, 0xa0);
    carnet_envelope_init(&env);
    assert_int_equal(
        carnet_envelope_seal(&env, &h, k, author, (const unsigned char *)body, sizeof body - 1),
        CARNET_OK);
    assert_int_equal(carnet_envelope_open(out, &h, &env, k, &apk), CARNET_OK);

    /* Every byte of every stored field. */
    flip_all(env.nonce_w, sizeof env.nonce_w, &h, &env, k, &apk, out);
    flip_all(env.wrapped_dek, sizeof env.wrapped_dek, &h, &env, k, &apk, out);
    flip_all(env.nonce_b, sizeof env.nonce_b, &h, &env, k, &apk, out);
    flip_all(env.sig, sizeof env.sig, &h, &env, k, &apk, out);
    flip_all(env.body_ct, env.body_ct_len, &h, &env, k, &apk, out);

    /* Every header field: moving the entry to another carnet, section,
     * epoch, author, time, kind, or supersession chain. */
    t = h;
    flip_all(t.carnet, sizeof t.carnet, &t, &env, k, &apk, out);
    flip_all(t.entry, sizeof t.entry, &t, &env, k, &apk, out);
    flip_all(t.author, sizeof t.author, &t, &env, k, &apk, out);
    flip_all(t.supersedes, sizeof t.supersedes, &t, &env, k, &apk, out);
    t.created_at++;
    expect_refused(&t, &env, k, &apk, out);
    t = h;
    t.epoch++;
    expect_refused(&t, &env, k, &apk, out);
    t = h;
    t.kind++;
    expect_refused(&t, &env, k, &apk, out);
    t = h;
    t.section++;
    expect_refused(&t, &env, k, &apk, out);

    /* Truncated ciphertext. */
    env.body_ct_len -= 1;
    expect_refused(&h, &env, k, &apk, out);
    env.body_ct_len += 1;
    assert_int_equal(carnet_envelope_open(out, &h, &env, k, &apk), CARNET_OK);
    carnet_envelope_release(&env);
    carnet_envelope_release(NULL);
    carnet_secbuf_free(out);
    carnet_epoch_key_free(k);
    carnet_keypair_free(author);
}

void
test_crypto_envelope_forged_author(void **state)
{
    /* Another key holder re-signs the entry and claims to be its author. */
    static const unsigned char body[] = "rendez-vous";
    carnet_keypair *author = th_keypair(5), *forger = th_keypair(6);
    carnet_pubkey apk, fpk;
    carnet_epoch_key *k = NULL, *k2 = NULL;
    carnet_envelope_header h, hf;
    carnet_envelope env;
    carnet_secbuf *out = NULL;

    (void)state;
    carnet_keypair_public(&apk, author);
    carnet_keypair_public(&fpk, forger);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    assert_int_equal(carnet_epoch_key_generate(&k2), CARNET_OK);
    assert_int_equal(carnet_secbuf_new(&out, 0), CARNET_OK);
    make_header(&h, 0xa0);
    carnet_envelope_init(&env);
    assert_int_equal(carnet_envelope_seal(&env, &h, k, author, body, sizeof body), CARNET_OK);
    /* Verifying against someone else's key fails. */
    assert_int_equal(carnet_envelope_verify(&h, &env, &fpk), CARNET_EAUTH);
    expect_refused(&h, &env, k, &fpk, out);
    /* Re-attributing the entry to the forger's id does not verify either. */
    hf = h;
    memset(hf.author, 0xf0, sizeof hf.author);
    expect_refused(&hf, &env, k, &fpk, out);
    /* The wrong epoch key cannot open an authentic entry. */
    expect_refused(&h, &env, k2, &apk, out);
    carnet_envelope_release(&env);
    carnet_secbuf_free(out);
    carnet_epoch_key_free(k);
    carnet_epoch_key_free(k2);
    carnet_keypair_free(author);
    carnet_keypair_free(forger);
}

void
test_crypto_envelope_known_answer(void **state)
{
    static const char body[] = "{\"kind\":\"test\"}";
    unsigned char kb[32], dek[32], nw[CARNET_NONCE_BYTES], nb[CARNET_NONCE_BYTES];
    carnet_keypair *author = th_keypair(5);
    carnet_epoch_key *k = NULL;
    carnet_envelope_header h;
    carnet_envelope env;
    unsigned char key_id[CARNET_KEY_ID_BYTES];

    (void)state;
    memset(kb, 0x11, sizeof kb);
    memset(dek, 0x22, sizeof dek);
    memset(nw, 0x33, sizeof nw);
    memset(nb, 0x44, sizeof nb);
    assert_int_equal(carnet__epoch_key_from_bytes(&k, kb), CARNET_OK);
    carnet_epoch_key_id(key_id, k);
    th_kat("epoch-key-id-0x11", key_id, sizeof key_id);
    make_header(&h, 0xa0);
    carnet_envelope_init(&env);
    assert_int_equal(carnet__envelope_seal_det(&env, &h, k, author, (const unsigned char *)body,
                                               sizeof body - 1, dek, nw, nb),
                     CARNET_OK);
    th_kat("envelope-wrapped-dek", env.wrapped_dek, sizeof env.wrapped_dek);
    th_kat("envelope-body-ct", env.body_ct, env.body_ct_len);
    th_kat("envelope-sig", env.sig, sizeof env.sig);
    carnet_envelope_release(&env);
    carnet_epoch_key_free(k);
    carnet_keypair_free(author);
}

static int
cmp_nonce(const void *a, const void *b)
{
    return memcmp(a, b, CARNET_NONCE_BYTES);
}

void
test_crypto_nonces_never_repeat(void **state)
{
    /* 50 000 envelopes carry 100 000 nonces (wrap and body) (T12). */
    enum { N = 50000 };
    unsigned char(*nonces)[CARNET_NONCE_BYTES] = calloc((size_t)2 * N, CARNET_NONCE_BYTES);
    static const unsigned char zero[CARNET_NONCE_BYTES];
    carnet_keypair *author = th_keypair(5);
    carnet_epoch_key *k = NULL;
    carnet_envelope_header h;
    carnet_envelope env;

    (void)state;
    assert_non_null(nonces);
    assert_int_equal(carnet_epoch_key_generate(&k), CARNET_OK);
    make_header(&h, 0xa0);
    carnet_envelope_init(&env);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(carnet_envelope_seal(&env, &h, k, author, (const unsigned char *)"x", 1),
                         CARNET_OK);
        memcpy(nonces[2 * i], env.nonce_w, CARNET_NONCE_BYTES);
        memcpy(nonces[2 * i + 1], env.nonce_b, CARNET_NONCE_BYTES);
    }
    carnet_envelope_release(&env);
    qsort(nonces, (size_t)2 * N, CARNET_NONCE_BYTES, cmp_nonce);
    for (size_t i = 0; i < (size_t)2 * N; i++) {
        assert_memory_not_equal(nonces[i], zero, CARNET_NONCE_BYTES);
        if (i > 0) {
            assert_memory_not_equal(nonces[i], nonces[i - 1], CARNET_NONCE_BYTES);
        }
    }
    free(nonces);
    carnet_epoch_key_free(k);
    carnet_keypair_free(author);
}
