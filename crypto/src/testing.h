/* testing.h - test-only entry points of the crypto module (never installed).
 * SPDX-License-Identifier: MIT
 *
 * These variants take the randomness as arguments so that known-answer tests
 * can pin the exact bytes. The public functions draw fresh randomness and
 * call them; nothing else outside the tests may.
 */
#ifndef CARNET_CRYPTO_TESTING_H
#define CARNET_CRYPTO_TESTING_H

#include <carnet/crypto.h>

int carnet__envelope_seal_det(carnet_envelope *env, const carnet_envelope_header *hdr,
                              const carnet_epoch_key *k, const carnet_keypair *author,
                              const unsigned char *body, size_t len, const unsigned char dek[32],
                              const unsigned char nonce_w[CARNET_NONCE_BYTES],
                              const unsigned char nonce_b[CARNET_NONCE_BYTES]);
int carnet__key_seal_det(unsigned char out[CARNET_SEALED_KEY_BYTES], const carnet_keypair *kp,
                         const unsigned char owner[CARNET_ID_BYTES], carnet_seal_kind kind,
                         carnet_kdf_profile profile, const carnet_secbuf *secret,
                         const unsigned char salt[16],
                         const unsigned char nonce[CARNET_NONCE_BYTES]);
int carnet__self_seal_det(unsigned char *out, const carnet_keypair *kp, const unsigned char *ctx,
                          size_t ctx_len, const unsigned char *msg, size_t len,
                          const unsigned char nonce[CARNET_NONCE_BYTES]);
int carnet__epoch_key_from_bytes(carnet_epoch_key **out, const unsigned char k[32]);

#endif /* CARNET_CRYPTO_TESTING_H */
