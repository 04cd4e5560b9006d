/* internal.h - private definitions of the crypto module (never installed).
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CRYPTO_INTERNAL_H
#define CARNET_CRYPTO_INTERNAL_H

#include <sodium.h>

#include <carnet/crypto.h>

#include "testing.h"

struct carnet_secbuf {
    unsigned char *data; /* sodium_malloc(cap + 1) */
    size_t len;
    size_t cap;
};

struct carnet_keypair {
    unsigned char sign_sk[crypto_sign_SECRETKEYBYTES];
    unsigned char box_sk[crypto_box_SECRETKEYBYTES];
    carnet_pubkey pk;
};

struct carnet_epoch_key {
    unsigned char k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
};

/* One part of a message that is hashed before being signed. */
typedef struct carnet__part {
    const unsigned char *p;
    size_t n;
} carnet__part;

/* Sign / verify the domain-separated BLAKE2b-512 digest of several parts. */
int carnet__sign_parts(unsigned char sig[CARNET_SIG_BYTES], const carnet_keypair *kp,
                       const char *domain, const carnet__part *parts, size_t nparts);
int carnet__verify_parts(const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *pk,
                         const char *domain, const carnet__part *parts, size_t nparts);

/* Allocate a key pair in guarded memory (zeroed, read-write). */
int carnet__keypair_alloc(carnet_keypair **out);

/* Little-endian helpers for the fixed binary formats. */
void carnet__store64(unsigned char *p, uint64_t v);
uint64_t carnet__load64(const unsigned char *p);
void carnet__store32(unsigned char *p, uint32_t v);
void carnet__store16(unsigned char *p, uint16_t v);

#endif /* CARNET_CRYPTO_INTERNAL_H */
