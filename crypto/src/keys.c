/* keys.c - key pairs, fingerprints, domain-separated signatures and hashes.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "internal.h"

int
carnet__keypair_alloc(carnet_keypair **out)
{
    carnet_keypair *kp;

    *out = NULL;
    kp = sodium_malloc(sizeof *kp);
    if (kp == NULL) {
        return CARNET_ENOMEM;
    }
    sodium_memzero(kp, sizeof *kp);
    *out = kp;
    return CARNET_OK;
}

static int
keypair_from_seed(carnet_keypair **out, const unsigned char seed[32])
{
    carnet_keypair *kp;
    unsigned char sub[crypto_box_SEEDBYTES];
    int rc = carnet__keypair_alloc(&kp);

    if (rc != CARNET_OK) {
        return rc;
    }
    /* The signing key uses the seed as RFC 8032 does (so its test vectors
     * apply); the sealing key uses an independent sub-seed. */
    crypto_sign_seed_keypair(kp->pk.sign, kp->sign_sk, seed);
    crypto_generichash(sub, sizeof sub, (const unsigned char *)"cdb-seed-box", 12, seed, 32);
    crypto_box_seed_keypair(kp->pk.box, kp->box_sk, sub);
    sodium_memzero(sub, sizeof sub);
    sodium_mprotect_readonly(kp);
    *out = kp;
    return CARNET_OK;
}

int
carnet_keypair_generate(carnet_keypair **out)
{
    unsigned char seed[32];
    int rc;

    randombytes_buf(seed, sizeof seed);
    rc = keypair_from_seed(out, seed);
    sodium_memzero(seed, sizeof seed);
    return rc;
}

int
carnet_keypair_from_seed(carnet_keypair **out, const unsigned char seed[32])
{
    return keypair_from_seed(out, seed);
}

void
carnet_keypair_free(carnet_keypair *kp)
{
    sodium_free(kp); /* NULL is a no-op; the memory is wiped */
}

void
carnet_keypair_public(carnet_pubkey *out, const carnet_keypair *kp)
{
    memcpy(out, &kp->pk, sizeof *out);
}

void
carnet_pubkey_fingerprint(char out[CARNET_FPR_STRLEN], const carnet_pubkey *pk)
{
    static const char hexd[] = "0123456789abcdef";
    unsigned char h[16];
    crypto_generichash_state st;
    size_t o = 0;

    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)"cdb-fpr-v1", 11);
    crypto_generichash_update(&st, pk->sign, sizeof pk->sign);
    crypto_generichash_update(&st, pk->box, sizeof pk->box);
    crypto_generichash_final(&st, h, sizeof h);
    for (size_t i = 0; i < sizeof h; i++) {
        if (i > 0 && i % 2 == 0) {
            out[o++] = '-';
        }
        out[o++] = hexd[h[i] >> 4];
        out[o++] = hexd[h[i] & 15];
    }
    out[o] = '\0';
}

/* ------------------------------------------------------------ signatures */

static void
digest_parts(unsigned char out[crypto_generichash_BYTES_MAX], const char *domain,
             const carnet__part *parts, size_t nparts)
{
    crypto_generichash_state st;

    crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES_MAX);
    /* The NUL terminator separates the domain from the message. */
    crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
    for (size_t i = 0; i < nparts; i++) {
        if (parts[i].n > 0) {
            crypto_generichash_update(&st, parts[i].p, parts[i].n);
        }
    }
    crypto_generichash_final(&st, out, crypto_generichash_BYTES_MAX);
}

int
carnet__sign_parts(unsigned char sig[CARNET_SIG_BYTES], const carnet_keypair *kp,
                   const char *domain, const carnet__part *parts, size_t nparts)
{
    unsigned char d[crypto_generichash_BYTES_MAX];

    if (domain == NULL) {
        return CARNET_EINVAL;
    }
    digest_parts(d, domain, parts, nparts);
    crypto_sign_detached(sig, NULL, d, sizeof d, kp->sign_sk);
    return CARNET_OK;
}

int
carnet__verify_parts(const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *pk,
                     const char *domain, const carnet__part *parts, size_t nparts)
{
    unsigned char d[crypto_generichash_BYTES_MAX];

    if (domain == NULL || pk == NULL) {
        return CARNET_EAUTH;
    }
    digest_parts(d, domain, parts, nparts);
    return crypto_sign_verify_detached(sig, d, sizeof d, pk->sign) == 0 ? CARNET_OK : CARNET_EAUTH;
}

int
carnet_sign(unsigned char sig[CARNET_SIG_BYTES], const carnet_keypair *kp, const char *domain,
            const unsigned char *msg, size_t len)
{
    carnet__part p = {msg, len};
    return carnet__sign_parts(sig, kp, domain, &p, 1);
}

int
carnet_verify(const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *pk,
              const char *domain, const unsigned char *msg, size_t len)
{
    carnet__part p = {msg, len};
    return carnet__verify_parts(sig, pk, domain, &p, 1);
}

void
carnet_hash(unsigned char out[CARNET_HASH_BYTES], const char *domain, const unsigned char *msg,
            size_t len)
{
    crypto_generichash_state st;

    crypto_generichash_init(&st, NULL, 0, CARNET_HASH_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
    if (len > 0) {
        crypto_generichash_update(&st, msg, len);
    }
    crypto_generichash_final(&st, out, CARNET_HASH_BYTES);
}
