/* test_crypto_keys.c - key pairs, signatures, sealed keys, recovery codes.
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

static const unsigned char owner[CARNET_ID_BYTES] = {1, 2,  3,  4,  5,  6,  7,  8,
                                                     9, 10, 11, 12, 13, 14, 15, 16};

void
test_crypto_status_names(void **state)
{
    (void)state;
    for (int s = CARNET_OK; s >= CARNET_ITEROVER; s--) {
        assert_string_not_equal(carnet_status_name(s), "unknown");
        assert_string_not_equal(carnet_strerror(s), "erreur inconnue");
    }
    assert_string_equal(carnet_status_name(CARNET_ECONSENT), "consent");
    assert_string_equal(carnet_status_name(42), "unknown");
}

void
test_crypto_rfc8032_public_key(void **state)
{
    /* RFC 8032 §7.1, test 1: the signing key uses the seed as Ed25519 does. */
    static const char seed_hex[] =
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static const char pk_hex[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    unsigned char seed[32];
    carnet_keypair *kp = NULL;
    carnet_pubkey pk;
    char hex[65];

    (void)state;
    assert_int_equal(carnet_hex_decode(seed, sizeof seed, seed_hex), CARNET_OK);
    assert_int_equal(carnet_keypair_from_seed(&kp, seed), CARNET_OK);
    carnet_keypair_public(&pk, kp);
    carnet_hex_encode(hex, pk.sign, sizeof pk.sign);
    assert_string_equal(hex, pk_hex);
    carnet_keypair_free(kp);
}

void
test_crypto_known_answers(void **state)
{
    carnet_keypair *kp = th_keypair(0x42);
    carnet_pubkey pk;
    char fpr[CARNET_FPR_STRLEN];
    unsigned char sig[CARNET_SIG_BYTES];
    unsigned char h[CARNET_HASH_BYTES];
    static const unsigned char msg[] = "autorisation de partage";

    (void)state;
    carnet_keypair_public(&pk, kp);
    th_kat("pubkey-0x42", (const unsigned char *)&pk, sizeof pk);
    carnet_pubkey_fingerprint(fpr, &pk);
    assert_int_equal(strlen(fpr), CARNET_FPR_STRLEN - 1);
    th_kat("fingerprint-0x42", (const unsigned char *)fpr, strlen(fpr));
    assert_int_equal(carnet_sign(sig, kp, "cdb/test", msg, sizeof msg - 1), CARNET_OK);
    th_kat("sign-0x42", sig, sizeof sig);
    carnet_hash(h, "cdb/test", msg, sizeof msg - 1);
    th_kat("hash-cdb-test", h, sizeof h);
    carnet_keypair_free(kp);
}

void
test_crypto_sign_domains(void **state)
{
    carnet_keypair *a = th_keypair(1), *b = th_keypair(2);
    carnet_pubkey pa, pb;
    unsigned char sig[CARNET_SIG_BYTES];
    unsigned char msg[] = "message";

    (void)state;
    carnet_keypair_public(&pa, a);
    carnet_keypair_public(&pb, b);
    assert_int_equal(carnet_sign(sig, a, "cdb/one", msg, sizeof msg), CARNET_OK);
    assert_int_equal(carnet_verify(sig, &pa, "cdb/one", msg, sizeof msg), CARNET_OK);
    assert_int_equal(carnet_verify(sig, &pa, "cdb/two", msg, sizeof msg), CARNET_EAUTH);
    assert_int_equal(carnet_verify(sig, &pb, "cdb/one", msg, sizeof msg), CARNET_EAUTH);
    msg[0] ^= 1;
    assert_int_equal(carnet_verify(sig, &pa, "cdb/one", msg, sizeof msg), CARNET_EAUTH);
    msg[0] ^= 1;
    sig[10] ^= 0x20;
    assert_int_equal(carnet_verify(sig, &pa, "cdb/one", msg, sizeof msg), CARNET_EAUTH);
    assert_int_equal(carnet_sign(sig, a, NULL, msg, sizeof msg), CARNET_EINVAL);
    carnet_keypair_free(a);
    carnet_keypair_free(b);
}

void
test_crypto_keypairs_differ(void **state)
{
    carnet_keypair *a = NULL, *b = NULL;
    carnet_pubkey pa, pb;
    char fa[CARNET_FPR_STRLEN], fb[CARNET_FPR_STRLEN];

    (void)state;
    assert_int_equal(carnet_keypair_generate(&a), CARNET_OK);
    assert_int_equal(carnet_keypair_generate(&b), CARNET_OK);
    carnet_keypair_public(&pa, a);
    carnet_keypair_public(&pb, b);
    assert_memory_not_equal(pa.sign, pb.sign, sizeof pa.sign);
    assert_memory_not_equal(pa.box, pb.box, sizeof pa.box);
    assert_memory_not_equal(pa.sign, pa.box, sizeof pa.box);
    carnet_pubkey_fingerprint(fa, &pa);
    carnet_pubkey_fingerprint(fb, &pb);
    assert_string_not_equal(fa, fb);
    carnet_keypair_free(a);
    carnet_keypair_free(b);
    carnet_keypair_free(NULL);
}

void
test_crypto_key_seal_roundtrip(void **state)
{
    carnet_keypair *kp = th_keypair(7), *back = NULL;
    carnet_secbuf *pass = th_secret("correct horse battery staple");
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
    carnet_pubkey pk, pk2;
    carnet_kdf_profile prof;
    static const unsigned char msg[] = "x";

    (void)state;
    assert_int_equal(carnet_key_seal(rec, kp, owner, CARNET_SEAL_PASSPHRASE, CARNET_KDF_FAST, pass),
                     CARNET_OK);
    assert_int_equal(carnet_key_info(&pk, &prof, rec), CARNET_OK);
    assert_int_equal(prof, CARNET_KDF_FAST);
    carnet_keypair_public(&pk2, kp);
    assert_memory_equal(&pk, &pk2, sizeof pk);
    assert_int_equal(carnet_key_open(&back, rec, owner, pass), CARNET_OK);
    /* The reopened keys sign like the original ones. */
    assert_int_equal(carnet_sign(sig, back, "cdb/test", msg, 1), CARNET_OK);
    assert_int_equal(carnet_verify(sig, &pk2, "cdb/test", msg, 1), CARNET_OK);
    carnet_keypair_free(back);
    carnet_keypair_free(kp);
    carnet_secbuf_free(pass);
}

void
test_crypto_key_seal_known_answer(void **state)
{
    carnet_keypair *kp = th_keypair(9);
    carnet_secbuf *pass = th_secret("phrase de passe");
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    unsigned char salt[16], nonce[CARNET_NONCE_BYTES];

    (void)state;
    memset(salt, 0x5a, sizeof salt);
    memset(nonce, 0xa5, sizeof nonce);
    assert_int_equal(carnet__key_seal_det(rec, kp, owner, CARNET_SEAL_PASSPHRASE, CARNET_KDF_FAST,
                                          pass, salt, nonce),
                     CARNET_OK);
    th_kat("sealed-key-fast", rec, sizeof rec);
    carnet_keypair_free(kp);
    carnet_secbuf_free(pass);
}

void
test_crypto_key_open_failures_look_alike(void **state)
{
    carnet_keypair *kp = th_keypair(8), *back = NULL;
    carnet_secbuf *pass = th_secret("bonne phrase"), *wrong = th_secret("bonne phrasf");
    unsigned char rec[CARNET_SEALED_KEY_BYTES], bad[CARNET_SEALED_KEY_BYTES];
    unsigned char other[CARNET_ID_BYTES];

    (void)state;
    assert_int_equal(carnet_key_seal(rec, kp, owner, CARNET_SEAL_PASSPHRASE, CARNET_KDF_FAST, pass),
                     CARNET_OK);
    assert_int_equal(carnet_key_open(&back, rec, owner, wrong), CARNET_EPASSPHRASE);
    assert_null(back);
    /* Every single flipped byte, header or ciphertext, gives the same status. */
    for (size_t i = 0; i < sizeof rec; i++) {
        memcpy(bad, rec, sizeof bad);
        bad[i] ^= 0x01;
        assert_int_equal(carnet_key_open(&back, bad, owner, pass), CARNET_EPASSPHRASE);
        assert_null(back);
    }
    /* Parameters changed to other valid values, or out of bounds. */
    memcpy(bad, rec, sizeof bad);
    bad[8] = 2; /* opslimit 1 -> 2 */
    assert_int_equal(carnet_key_open(&back, bad, owner, pass), CARNET_EPASSPHRASE);
    memcpy(bad, rec, sizeof bad);
    bad[23] = 0x7f; /* memlimit far beyond the accepted maximum */
    assert_int_equal(carnet_key_open(&back, bad, owner, pass), CARNET_EPASSPHRASE);
    memcpy(bad, rec, sizeof bad);
    bad[6] = CARNET_KDF_MODERATE; /* profile byte relabelled */
    assert_int_equal(carnet_key_open(&back, bad, owner, pass), CARNET_EPASSPHRASE);
    memcpy(other, owner, sizeof other);
    other[0] ^= 1;
    assert_int_equal(carnet_key_open(&back, rec, other, pass), CARNET_EPASSPHRASE);
    carnet_secbuf_clear(pass);
    assert_int_equal(carnet_key_open(&back, rec, owner, pass), CARNET_EPASSPHRASE);
    assert_null(back);
    carnet_keypair_free(kp);
    carnet_secbuf_free(pass);
    carnet_secbuf_free(wrong);
}

void
test_crypto_kdf_profiles(void **state)
{
    carnet_kdf_profile p;

    (void)state;
    assert_string_equal(carnet_kdf_profile_name(CARNET_KDF_MODERATE), "moderate");
    assert_string_equal(carnet_kdf_profile_name(CARNET_KDF_FAST), "fast");
    assert_string_equal(carnet_kdf_profile_name(CARNET_KDF_SENSITIVE), "sensitive");
    assert_null(carnet_kdf_profile_name((carnet_kdf_profile)99));
    for (int i = CARNET_KDF_MODERATE; i <= CARNET_KDF_FAST; i++) {
        assert_int_equal(
            carnet_kdf_profile_parse(&p, carnet_kdf_profile_name((carnet_kdf_profile)i)),
            CARNET_OK);
        assert_int_equal(p, i);
    }
    assert_int_equal(carnet_kdf_profile_parse(&p, "rapide"), CARNET_EINVAL);
    assert_int_equal(carnet_kdf_profile_parse(&p, NULL), CARNET_EINVAL);
}

void
test_crypto_recovery_code(void **state)
{
    carnet_secbuf *code = NULL, *norm = NULL, *norm2 = NULL, *pass = th_secret("p");
    carnet_keypair *kp = th_keypair(3), *back = NULL;
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    char typed[64];
    const char *c;

    (void)state;
    assert_int_equal(carnet_recovery_code_new(&code), CARNET_OK);
    c = carnet_secbuf_str(code);
    assert_int_equal(strlen(c), CARNET_RECOVERY_CODE_LEN);
    for (size_t i = 0; i < CARNET_RECOVERY_CODE_LEN; i++) {
        if (i % 5 == 4) {
            assert_int_equal(c[i], '-');
        } else {
            assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c[i]));
        }
    }
    assert_int_equal(carnet_recovery_code_normalise(&norm, c), CARNET_OK);
    assert_int_equal(carnet_secbuf_len(norm), 28);
    assert_int_equal(carnet_key_seal(rec, kp, owner, CARNET_SEAL_RECOVERY, CARNET_KDF_FAST, norm),
                     CARNET_OK);

    /* Typed in lower case, with spaces instead of dashes, O for 0, l for 1. */
    size_t n = 0;
    for (size_t i = 0; c[i] != '\0'; i++) {
        char ch = c[i];
        if (ch == '-') {
            ch = ' ';
        } else if (ch == '0') {
            ch = 'O';
        } else if (ch == '1') {
            ch = 'l';
        } else if (ch >= 'A' && ch <= 'Z') {
            ch = (char)(ch - 'A' + 'a');
        }
        typed[n++] = ch;
    }
    typed[n] = '\0';
    assert_int_equal(carnet_recovery_code_normalise(&norm2, typed), CARNET_OK);
    assert_int_equal(carnet_key_open(&back, rec, owner, norm2), CARNET_OK);
    carnet_keypair_free(back);
    back = NULL;
    carnet_secbuf_free(norm2);
    norm2 = NULL;

    /* A single mistyped character is caught by the check characters. */
    memcpy(typed, c, CARNET_RECOVERY_CODE_LEN + 1);
    typed[0] = typed[0] == '7' ? '8' : '7';
    assert_int_equal(carnet_recovery_code_normalise(&norm2, typed), CARNET_EINVAL);
    assert_null(norm2);
    assert_int_equal(carnet_recovery_code_normalise(&norm2, "ABCD"), CARNET_EINVAL);
    assert_int_equal(carnet_recovery_code_normalise(&norm2, "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU"),
                     CARNET_EINVAL);
    /* The passphrase does not open the recovery record. */
    assert_int_equal(carnet_key_open(&back, rec, owner, pass), CARNET_EPASSPHRASE);
    carnet_secbuf_free(code);
    carnet_secbuf_free(norm);
    carnet_secbuf_free(pass);
    carnet_keypair_free(kp);
}

void
test_crypto_recovery_codes_unique(void **state)
{
    enum { N = 200 };
    char codes[N][CARNET_RECOVERY_CODE_LEN + 1];

    (void)state;
    for (size_t i = 0; i < N; i++) {
        carnet_secbuf *c = NULL;
        assert_int_equal(carnet_recovery_code_new(&c), CARNET_OK);
        memcpy(codes[i], carnet_secbuf_str(c), CARNET_RECOVERY_CODE_LEN + 1);
        carnet_secbuf_free(c);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(codes[i], codes[j]);
        }
    }
}

void
test_crypto_secbuf(void **state)
{
    carnet_secbuf *b = NULL;
    char big[1000];

    (void)state;
    memset(big, 'x', sizeof big);
    assert_int_equal(carnet_secbuf_new(&b, 4), CARNET_OK);
    assert_int_equal(carnet_secbuf_append(b, "abc", 3), CARNET_OK);
    assert_int_equal(carnet_secbuf_append(b, big, sizeof big), CARNET_OK);
    assert_int_equal(carnet_secbuf_len(b), 1003);
    assert_true(carnet_secbuf_cap(b) >= 1003);
    assert_memory_equal(carnet_secbuf_str(b), "abcxx", 5);
    assert_int_equal(carnet_secbuf_str(b)[1003], '\0');
    assert_int_equal(carnet_secbuf_set_len(b, 2), CARNET_OK);
    assert_string_equal(carnet_secbuf_str(b), "ab");
    assert_int_equal(carnet_secbuf_set_len(b, carnet_secbuf_cap(b) + 1), CARNET_EINVAL);
    carnet_secbuf_clear(b);
    assert_int_equal(carnet_secbuf_len(b), 0);
    assert_string_equal(carnet_secbuf_str(b), "");
    carnet_secbuf_free(b);
    carnet_secbuf_free(NULL);
}

void
test_crypto_hex(void **state)
{
    unsigned char in[3] = {0x00, 0xab, 0xff}, out[3];
    char hex[7];

    (void)state;
    carnet_hex_encode(hex, in, sizeof in);
    assert_string_equal(hex, "00abff");
    assert_int_equal(carnet_hex_decode(out, sizeof out, "00ABff"), CARNET_OK);
    assert_memory_equal(in, out, sizeof in);
    assert_int_equal(carnet_hex_decode(out, sizeof out, "00abf"), CARNET_EINVAL);
    assert_int_equal(carnet_hex_decode(out, sizeof out, "00abfg"), CARNET_EINVAL);
    assert_int_equal(carnet_hex_decode(out, sizeof out, NULL), CARNET_EINVAL);
}

/* A secret sealed to oneself: it opens for its holder, in its context
 * only; another key, another context or a flipped byte gives CARNET_EAUTH
 * and an empty buffer; the format is pinned by a known answer. */
void
test_crypto_self_seal(void **state)
{
    static const char code[] = "7K3M-Q2XA-0000-1111-2222-3333-44ZZ";
    static const unsigned char ctx[] = "p-abcdefgh", other[] = "p-hgfedcba";
    unsigned char sealed[sizeof code - 1 + CARNET_SELF_SEAL_OVERHEAD], nonce[CARNET_NONCE_BYTES];
    carnet_keypair *kp = th_keypair(0x42), *mallory = th_keypair(0x43);
    carnet_secbuf *out = NULL;

    (void)state;
    assert_int_equal(carnet_secbuf_new(&out, 0), CARNET_OK);
    assert_int_equal(carnet_self_seal(sealed, kp, ctx, sizeof ctx - 1, (const unsigned char *)code,
                                      sizeof code - 1),
                     CARNET_OK);
    assert_false(th_memmem(sealed, sizeof sealed, code, sizeof code - 1));
    assert_int_equal(carnet_self_open(out, kp, ctx, sizeof ctx - 1, sealed, sizeof sealed),
                     CARNET_OK);
    assert_string_equal(carnet_secbuf_str(out), code);
    assert_int_equal(carnet_self_open(out, kp, other, sizeof other - 1, sealed, sizeof sealed),
                     CARNET_EAUTH);
    assert_int_equal(carnet_secbuf_len(out), 0);
    assert_int_equal(carnet_self_open(out, mallory, ctx, sizeof ctx - 1, sealed, sizeof sealed),
                     CARNET_EAUTH);
    for (size_t i = 0; i < sizeof sealed; i += 7) {
        sealed[i] ^= 1;
        assert_int_equal(carnet_self_open(out, kp, ctx, sizeof ctx - 1, sealed, sizeof sealed),
                         CARNET_EAUTH);
        sealed[i] ^= 1;
    }
    assert_int_equal(carnet_self_open(out, kp, ctx, sizeof ctx - 1, sealed, 10), CARNET_EAUTH);
    assert_int_equal(carnet_self_seal(sealed, kp, ctx, sizeof ctx - 1, NULL, 5), CARNET_EINVAL);
    /* Known answer: seeded key, fixed nonce (the value was checked once
     * against an independent implementation: Python's cryptography X25519
     * and ChaCha20-Poly1305, with HChaCha20 written out). */
    memset(nonce, 0x24, sizeof nonce);
    assert_int_equal(carnet__self_seal_det(sealed, kp, ctx, sizeof ctx - 1,
                                           (const unsigned char *)code, sizeof code - 1, nonce),
                     CARNET_OK);
    th_kat("self-seal-0x42", sealed, sizeof sealed);
    carnet_secbuf_free(out);
    carnet_keypair_free(kp);
    carnet_keypair_free(mallory);
}
