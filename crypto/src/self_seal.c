/* self_seal.c - a short secret sealed by a principal to herself.
 * SPDX-License-Identifier: MIT
 *
 *   K      = BLAKE2b-256(key = X25519(box sk, box pk), "cdb/v1/self-seal" ‖ 0x00 ‖ box pk)
 *   sealed = nonce[24] ‖ XChaCha20-Poly1305(K, nonce, msg, AD = ctx)
 *
 * Like crypto_box_seal, only the holder of the X25519 secret key opens it;
 * unlike it, only she can make one (K needs the secret key too), so a row
 * written by someone else does not open. The context binds the box to
 * where it is stored: a box moved elsewhere does not open either.
 */
#include <string.h>

#include "internal.h"

enum { TAG_BYTES = crypto_aead_xchacha20poly1305_ietf_ABYTES };

_Static_assert(CARNET_SELF_SEAL_OVERHEAD == CARNET_NONCE_BYTES + TAG_BYTES, "self-seal overhead");

static int
self_key(unsigned char k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES], const carnet_keypair *kp)
{
    static const char domain[] = "cdb/v1/self-seal";
    unsigned char shared[crypto_scalarmult_BYTES];
    crypto_generichash_state st;
    int rc = CARNET_OK;

    if (crypto_scalarmult(shared, kp->box_sk, kp->pk.box) != 0) {
        rc = CARNET_ERROR;
    } else {
        crypto_generichash_init(&st, shared, sizeof shared,
                                crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
        crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain);
        crypto_generichash_update(&st, kp->pk.box, CARNET_BOX_PK_BYTES);
        crypto_generichash_final(&st, k, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    }
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(&st, sizeof st);
    return rc;
}

int
carnet__self_seal_det(unsigned char *out, const carnet_keypair *kp, const unsigned char *ctx,
                      size_t ctx_len, const unsigned char *msg, size_t len,
                      const unsigned char nonce[CARNET_NONCE_BYTES])
{
    unsigned char k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    int rc;

    if (out == NULL || kp == NULL || (len > 0 && msg == NULL) || len > CARNET_SELF_SEAL_MAX ||
        (ctx_len > 0 && ctx == NULL)) {
        return CARNET_EINVAL;
    }
    rc = self_key(k, kp);
    if (rc == CARNET_OK) {
        memcpy(out, nonce, CARNET_NONCE_BYTES);
        crypto_aead_xchacha20poly1305_ietf_encrypt(out + CARNET_NONCE_BYTES, NULL, msg, len, ctx,
                                                   ctx_len, NULL, nonce, k);
    }
    sodium_memzero(k, sizeof k);
    return rc;
}

int
carnet_self_seal(unsigned char *out, const carnet_keypair *kp, const unsigned char *ctx,
                 size_t ctx_len, const unsigned char *msg, size_t len)
{
    unsigned char nonce[CARNET_NONCE_BYTES];

    randombytes_buf(nonce, sizeof nonce);
    return carnet__self_seal_det(out, kp, ctx, ctx_len, msg, len, nonce);
}

int
carnet_self_open(carnet_secbuf *out, const carnet_keypair *kp, const unsigned char *ctx,
                 size_t ctx_len, const unsigned char *sealed, size_t sealed_len)
{
    unsigned char k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    size_t len;
    int rc;

    carnet_secbuf_clear(out);
    if (kp == NULL || sealed == NULL || sealed_len < CARNET_SELF_SEAL_OVERHEAD ||
        sealed_len - CARNET_SELF_SEAL_OVERHEAD > CARNET_SELF_SEAL_MAX ||
        (ctx_len > 0 && ctx == NULL)) {
        return CARNET_EAUTH;
    }
    len = sealed_len - CARNET_SELF_SEAL_OVERHEAD;
    rc = carnet_secbuf_reserve(out, len);
    if (rc == CARNET_OK) {
        rc = self_key(k, kp);
    }
    if (rc == CARNET_OK && crypto_aead_xchacha20poly1305_ietf_decrypt(
                               out->data, NULL, NULL, sealed + CARNET_NONCE_BYTES,
                               sealed_len - CARNET_NONCE_BYTES, ctx, ctx_len, sealed, k) != 0) {
        rc = CARNET_EAUTH;
    }
    if (rc == CARNET_OK) {
        out->len = len;
        out->data[len] = '\0';
    } else {
        carnet_secbuf_clear(out);
    }
    sodium_memzero(k, sizeof k);
    return rc;
}
