/* floor.c - counting and pricing the libsodium primitives carnet performs.
 * SPDX-License-Identifier: MIT
 *
 * The bench program is linked with -Wl,--wrap=<primitive> for every
 * primitive crypto/src calls: each call from libcarnet lands in a
 * __wrap_ function here, which counts it and calls the real one. The
 * library itself keeps no counter and no global state.
 *
 * This file includes <sodium.h> outside crypto/: an accepted exception for
 * the benchmark, which must price the raw primitives (the floor) without
 * going through carnet. The unit costs call __real_* so they are not
 * counted.
 *
 * Global state: the counters below are the only mutable globals of the
 * bench program; --wrap leaves no other place for them. The bench is
 * single-threaded.
 */
#include <sodium.h>
#include <string.h>

#include "bench.h"
#include "floor.h"

static bench_counts counts;

static void
tick(bench_prim p, uint64_t bytes)
{
    counts.n[p]++;
    counts.bytes[p] += bytes;
}

/* NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
int __real_crypto_aead_xchacha20poly1305_ietf_encrypt(
    unsigned char *c, unsigned long long *clen_p, const unsigned char *m, unsigned long long mlen,
    const unsigned char *ad, unsigned long long adlen, const unsigned char *nsec,
    const unsigned char *npub, const unsigned char *k);
int __wrap_crypto_aead_xchacha20poly1305_ietf_encrypt(
    unsigned char *c, unsigned long long *clen_p, const unsigned char *m, unsigned long long mlen,
    const unsigned char *ad, unsigned long long adlen, const unsigned char *nsec,
    const unsigned char *npub, const unsigned char *k);
int __real_crypto_aead_xchacha20poly1305_ietf_decrypt(
    unsigned char *m, unsigned long long *mlen_p, unsigned char *nsec, const unsigned char *c,
    unsigned long long clen, const unsigned char *ad, unsigned long long adlen,
    const unsigned char *npub, const unsigned char *k);
int __wrap_crypto_aead_xchacha20poly1305_ietf_decrypt(
    unsigned char *m, unsigned long long *mlen_p, unsigned char *nsec, const unsigned char *c,
    unsigned long long clen, const unsigned char *ad, unsigned long long adlen,
    const unsigned char *npub, const unsigned char *k);
int __real_crypto_sign_detached(unsigned char *sig, unsigned long long *siglen_p,
                                const unsigned char *m, unsigned long long mlen,
                                const unsigned char *sk);
int __wrap_crypto_sign_detached(unsigned char *sig, unsigned long long *siglen_p,
                                const unsigned char *m, unsigned long long mlen,
                                const unsigned char *sk);
int __real_crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m,
                                       unsigned long long mlen, const unsigned char *pk);
int __wrap_crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m,
                                       unsigned long long mlen, const unsigned char *pk);
int __real_crypto_generichash(unsigned char *out, size_t outlen, const unsigned char *in,
                              unsigned long long inlen, const unsigned char *key, size_t keylen);
int __wrap_crypto_generichash(unsigned char *out, size_t outlen, const unsigned char *in,
                              unsigned long long inlen, const unsigned char *key, size_t keylen);
int __real_crypto_generichash_update(crypto_generichash_state *state, const unsigned char *in,
                                     unsigned long long inlen);
int __wrap_crypto_generichash_update(crypto_generichash_state *state, const unsigned char *in,
                                     unsigned long long inlen);
int __real_crypto_generichash_final(crypto_generichash_state *state, unsigned char *out,
                                    size_t outlen);
int __wrap_crypto_generichash_final(crypto_generichash_state *state, unsigned char *out,
                                    size_t outlen);
int __real_crypto_box_seal(unsigned char *c, const unsigned char *m, unsigned long long mlen,
                           const unsigned char *pk);
int __wrap_crypto_box_seal(unsigned char *c, const unsigned char *m, unsigned long long mlen,
                           const unsigned char *pk);
int __real_crypto_box_seal_open(unsigned char *m, const unsigned char *c, unsigned long long clen,
                                const unsigned char *pk, const unsigned char *sk);
int __wrap_crypto_box_seal_open(unsigned char *m, const unsigned char *c, unsigned long long clen,
                                const unsigned char *pk, const unsigned char *sk);
int __real_crypto_pwhash(unsigned char *out, unsigned long long outlen, const char *passwd,
                         unsigned long long passwdlen, const unsigned char *salt,
                         unsigned long long opslimit, size_t memlimit, int alg);
int __wrap_crypto_pwhash(unsigned char *out, unsigned long long outlen, const char *passwd,
                         unsigned long long passwdlen, const unsigned char *salt,
                         unsigned long long opslimit, size_t memlimit, int alg);
void __real_randombytes_buf(void *buf, size_t size);
void __wrap_randombytes_buf(void *buf, size_t size);
int __real_crypto_sign_seed_keypair(unsigned char *pk, unsigned char *sk,
                                    const unsigned char *seed);
int __wrap_crypto_sign_seed_keypair(unsigned char *pk, unsigned char *sk,
                                    const unsigned char *seed);
int __real_crypto_box_seed_keypair(unsigned char *pk, unsigned char *sk, const unsigned char *seed);
int __wrap_crypto_box_seed_keypair(unsigned char *pk, unsigned char *sk, const unsigned char *seed);
int __real_crypto_scalarmult_base(unsigned char *q, const unsigned char *n);
int __wrap_crypto_scalarmult_base(unsigned char *q, const unsigned char *n);
void __real_crypto_aead_xchacha20poly1305_ietf_keygen(unsigned char *k);
void __wrap_crypto_aead_xchacha20poly1305_ietf_keygen(unsigned char *k);

/* The Argon2id parameters carnet last used: the unit cost is measured with
 * them (the workspace's fast profile). */
static unsigned long long pw_ops = 1;
static size_t pw_mem = 65536;

int
__wrap_crypto_aead_xchacha20poly1305_ietf_encrypt(unsigned char *c, unsigned long long *clen_p,
                                                  const unsigned char *m, unsigned long long mlen,
                                                  const unsigned char *ad, unsigned long long adlen,
                                                  const unsigned char *nsec,
                                                  const unsigned char *npub, const unsigned char *k)
{
    tick(BENCH_AEAD_ENC, mlen + adlen);
    return __real_crypto_aead_xchacha20poly1305_ietf_encrypt(c, clen_p, m, mlen, ad, adlen, nsec,
                                                             npub, k);
}

int
__wrap_crypto_aead_xchacha20poly1305_ietf_decrypt(unsigned char *m, unsigned long long *mlen_p,
                                                  unsigned char *nsec, const unsigned char *c,
                                                  unsigned long long clen, const unsigned char *ad,
                                                  unsigned long long adlen,
                                                  const unsigned char *npub, const unsigned char *k)
{
    tick(BENCH_AEAD_DEC, clen + adlen);
    return __real_crypto_aead_xchacha20poly1305_ietf_decrypt(m, mlen_p, nsec, c, clen, ad, adlen,
                                                             npub, k);
}

int
__wrap_crypto_sign_detached(unsigned char *sig, unsigned long long *siglen_p,
                            const unsigned char *m, unsigned long long mlen,
                            const unsigned char *sk)
{
    tick(BENCH_SIGN, mlen);
    return __real_crypto_sign_detached(sig, siglen_p, m, mlen, sk);
}

int
__wrap_crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m,
                                   unsigned long long mlen, const unsigned char *pk)
{
    tick(BENCH_VERIFY, mlen);
    return __real_crypto_sign_verify_detached(sig, m, mlen, pk);
}

int
__wrap_crypto_generichash(unsigned char *out, size_t outlen, const unsigned char *in,
                          unsigned long long inlen, const unsigned char *key, size_t keylen)
{
    tick(BENCH_HASH, inlen);
    return __real_crypto_generichash(out, outlen, in, inlen, key, keylen);
}

int
__wrap_crypto_generichash_update(crypto_generichash_state *state, const unsigned char *in,
                                 unsigned long long inlen)
{
    counts.bytes[BENCH_HASH] += inlen;
    return __real_crypto_generichash_update(state, in, inlen);
}

int
__wrap_crypto_generichash_final(crypto_generichash_state *state, unsigned char *out, size_t outlen)
{
    tick(BENCH_HASH, 0);
    return __real_crypto_generichash_final(state, out, outlen);
}

int
__wrap_crypto_box_seal(unsigned char *c, const unsigned char *m, unsigned long long mlen,
                       const unsigned char *pk)
{
    tick(BENCH_SEAL, mlen);
    return __real_crypto_box_seal(c, m, mlen, pk);
}

int
__wrap_crypto_box_seal_open(unsigned char *m, const unsigned char *c, unsigned long long clen,
                            const unsigned char *pk, const unsigned char *sk)
{
    tick(BENCH_SEAL_OPEN, clen);
    return __real_crypto_box_seal_open(m, c, clen, pk, sk);
}

int
__wrap_crypto_pwhash(unsigned char *out, unsigned long long outlen, const char *passwd,
                     unsigned long long passwdlen, const unsigned char *salt,
                     unsigned long long opslimit, size_t memlimit, int alg)
{
    tick(BENCH_PWHASH, 0);
    pw_ops = opslimit;
    pw_mem = memlimit;
    return __real_crypto_pwhash(out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg);
}

void
__wrap_randombytes_buf(void *buf, size_t size)
{
    tick(BENCH_RANDOM, size);
    __real_randombytes_buf(buf, size);
}

int
__wrap_crypto_sign_seed_keypair(unsigned char *pk, unsigned char *sk, const unsigned char *seed)
{
    tick(BENCH_KEYPAIR, 0);
    return __real_crypto_sign_seed_keypair(pk, sk, seed);
}

int
__wrap_crypto_box_seed_keypair(unsigned char *pk, unsigned char *sk, const unsigned char *seed)
{
    tick(BENCH_KEYPAIR, 0);
    return __real_crypto_box_seed_keypair(pk, sk, seed);
}

int
__wrap_crypto_scalarmult_base(unsigned char *q, const unsigned char *n)
{
    tick(BENCH_SCALARMULT, 0);
    return __real_crypto_scalarmult_base(q, n);
}

void
__wrap_crypto_aead_xchacha20poly1305_ietf_keygen(unsigned char *k)
{
    tick(BENCH_RANDOM, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    __real_crypto_aead_xchacha20poly1305_ietf_keygen(k);
}

/* ------------------------------------------------------------ unit costs */

const char *
bench_prim_name(bench_prim p)
{
    static const char *const names[BENCH_PRIM_COUNT] = {
        "aead_encrypt",  "aead_decrypt", "ed25519_sign", "ed25519_verify", "blake2b",    "box_seal",
        "box_seal_open", "argon2id",     "randombytes",  "keypair",        "x25519_base"};

    return (unsigned)p < BENCH_PRIM_COUNT ? names[p] : "?";
}

void
bench_counts_get(bench_counts *out)
{
    *out = counts;
}

void
bench_counts_diff(bench_counts *out, const bench_counts *a, const bench_counts *b)
{
    for (int i = 0; i < BENCH_PRIM_COUNT; i++) {
        out->n[i] = b->n[i] - a->n[i];
        out->bytes[i] = b->bytes[i] - a->bytes[i];
    }
}

/* Everything one measurement needs, set up once. */
struct lab {
    unsigned char key[32], nonce[24], sk[64], pk[32], bsk[32], bpk[32];
    unsigned char buf[4096 + 64], out[4096 + 128];
    unsigned char sig[64];
    crypto_generichash_state st;
};

/* One call of @p p on @p len bytes. */
static void
call(struct lab *l, bench_prim p, size_t len)
{
    unsigned long long olen;

    switch (p) {
    case BENCH_AEAD_ENC:
        (void)__real_crypto_aead_xchacha20poly1305_ietf_encrypt(l->out, &olen, l->buf, len, NULL, 0,
                                                                NULL, l->nonce, l->key);
        break;
    case BENCH_AEAD_DEC:
        (void)__real_crypto_aead_xchacha20poly1305_ietf_decrypt(
            l->buf, &olen, NULL, l->out, len + 16, NULL, 0, l->nonce, l->key);
        break;
    case BENCH_SIGN:
        (void)__real_crypto_sign_detached(l->sig, NULL, l->buf, len, l->sk);
        break;
    case BENCH_VERIFY:
        if (__real_crypto_sign_verify_detached(l->sig, l->buf, len, l->pk) != 0) {
            l->buf[0] ^= 1; /* never taken: the signature was made above */
        }
        break;
    case BENCH_HASH:
        (void)crypto_generichash_init(&l->st, NULL, 0, 32);
        (void)__real_crypto_generichash_update(&l->st, l->buf, len);
        (void)__real_crypto_generichash_final(&l->st, l->out, 32);
        break;
    case BENCH_SEAL:
        (void)__real_crypto_box_seal(l->out, l->buf, 32, l->bpk);
        break;
    case BENCH_SEAL_OPEN:
        (void)__real_crypto_box_seal_open(l->buf + 64, l->out, 32 + crypto_box_SEALBYTES, l->bpk,
                                          l->bsk);
        break;
    case BENCH_PWHASH:
        (void)__real_crypto_pwhash(l->out, 32, "phrase-du-banc-d-essai", 22, l->nonce, pw_ops,
                                   pw_mem, crypto_pwhash_ALG_ARGON2ID13);
        break;
    case BENCH_RANDOM:
        __real_randombytes_buf(l->out, len);
        break;
    case BENCH_KEYPAIR:
        (void)__real_crypto_sign_seed_keypair(l->out, l->out + 32, l->key);
        break;
    default:
        (void)__real_crypto_scalarmult_base(l->out, l->key);
        break;
    }
}

/* The median of @p n values (sorted in place, insertion sort: n is small). */
static double
median(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Median of five rounds of ~4 ms: seconds per call of @p len bytes. */
static double
time_one(struct lab *l, bench_prim p, size_t len)
{
    double r[5];

    for (int round = 0; round < 5; round++) {
        double t0 = bench_now(), t;
        long k = 0;
        do {
            call(l, p, len);
            k++;
        } while ((t = bench_now() - t0) < 0.004);
        r[round] = t / (double)k;
    }
    return median(r, 5);
}

void
bench_units_median(bench_units *out, const bench_units *samples, size_t n)
{
    double f[BENCH_UNIT_SAMPLES], b[BENCH_UNIT_SAMPLES];

    memset(out, 0, sizeof *out);
    for (int p = 0; n > 0 && n <= BENCH_UNIT_SAMPLES && p < BENCH_PRIM_COUNT; p++) {
        for (size_t i = 0; i < n; i++) {
            f[i] = samples[i].fixed[p];
            b[i] = samples[i].per_byte[p];
        }
        out->fixed[p] = median(f, n);
        out->per_byte[p] = median(b, n);
    }
}

void
bench_units_measure(bench_units *out)
{
    struct lab l;

    memset(&l, 0, sizeof l);
    __real_randombytes_buf(l.key, sizeof l.key);
    __real_randombytes_buf(l.buf, sizeof l.buf);
    (void)__real_crypto_sign_seed_keypair(l.pk, l.sk, l.key);
    (void)__real_crypto_box_seed_keypair(l.bpk, l.bsk, l.key);
    for (int p = 0; p < BENCH_PRIM_COUNT; p++) {
        /* Costs that grow with the message: two sizes give fixed + per byte. */
        int linear = p == BENCH_AEAD_ENC || p == BENCH_AEAD_DEC || p == BENCH_HASH ||
                     p == BENCH_RANDOM || p == BENCH_SIGN || p == BENCH_VERIFY;
        double small, large;
        if (p == BENCH_AEAD_DEC) {
            (void)__real_crypto_aead_xchacha20poly1305_ietf_encrypt(l.out, NULL, l.buf, 64, NULL, 0,
                                                                    NULL, l.nonce, l.key);
        }
        if (p == BENCH_VERIFY) {
            (void)__real_crypto_sign_detached(l.sig, NULL, l.buf, 64, l.sk);
        }
        if (p == BENCH_SEAL_OPEN) {
            (void)__real_crypto_box_seal(l.out, l.buf, 32, l.bpk);
        }
        small = time_one(&l, (bench_prim)p, 64);
        large = small;
        if (linear && p != BENCH_AEAD_DEC && p != BENCH_VERIFY) {
            large = time_one(&l, (bench_prim)p, 4096);
        } else if (linear) {
            /* Decryption and verification need matching inputs of 4 KiB. */
            if (p == BENCH_AEAD_DEC) {
                (void)__real_crypto_aead_xchacha20poly1305_ietf_encrypt(
                    l.out, NULL, l.buf, 4096, NULL, 0, NULL, l.nonce, l.key);
            } else {
                (void)__real_crypto_sign_detached(l.sig, NULL, l.buf, 4096, l.sk);
            }
            large = time_one(&l, (bench_prim)p, 4096);
        }
        out->per_byte[p] = large > small ? (large - small) / (4096.0 - 64.0) : 0.0;
        out->fixed[p] = small - out->per_byte[p] * 64.0;
        if (out->fixed[p] < 0) {
            out->fixed[p] = 0;
        }
    }
}

double
bench_floor(const bench_counts *c, const bench_units *u, int only)
{
    double s = 0;

    for (int p = 0; p < BENCH_PRIM_COUNT; p++) {
        if (only < 0 || only == p) {
            s += (double)c->n[p] * u->fixed[p] + (double)c->bytes[p] * u->per_byte[p];
        }
    }
    return s;
}
/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
