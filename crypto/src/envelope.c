/* envelope.c - the encrypted, signed form of one entry.
 * SPDX-License-Identifier: MIT
 *
 * header bytes H = "cdb/v1/entry" ‖ carnet ‖ section ‖ epoch (u32) ‖ entry ‖
 *                  author ‖ created_at (i64) ‖ supersedes ‖ kind (u16)
 * wrapped_dek    = XChaCha20-Poly1305(epoch key, nonce_w, DEK, AD = H)
 * body_ct        = XChaCha20-Poly1305(DEK, nonce_b, pad(B ‖ body), AD = H)
 *                  where B = BLAKE2b-256("cdb/v1/entry-author" ‖ author ‖ body)
 * sig            = Ed25519 of the digest of H ‖ nonce_w ‖ wrapped_dek ‖
 *                  nonce_b ‖ body_ct under domain "cdb/v1/entry-sig"
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum {
    DOMAIN_LEN = 12,
    HDR_BYTES = DOMAIN_LEN + 3 * CARNET_ID_BYTES + 1 + 4 + 8 + CARNET_ID_BYTES + 2,
    DEK_BYTES = crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    TAG_BYTES = crypto_aead_xchacha20poly1305_ietf_ABYTES,
    INNER_BYTES = CARNET_HASH_BYTES
};

_Static_assert(CARNET_WRAPPED_DEK_BYTES == DEK_BYTES + TAG_BYTES, "wrapped key size");
_Static_assert(CARNET_NONCE_BYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce size");

static void
encode_header(unsigned char out[HDR_BYTES], const carnet_envelope_header *h)
{
    unsigned char *p = out;

    memcpy(p, "cdb/v1/entry", DOMAIN_LEN);
    p += DOMAIN_LEN;
    memcpy(p, h->carnet, CARNET_ID_BYTES);
    p += CARNET_ID_BYTES;
    *p++ = h->section;
    carnet__store32(p, h->epoch);
    p += 4;
    memcpy(p, h->entry, CARNET_ID_BYTES);
    p += CARNET_ID_BYTES;
    memcpy(p, h->author, CARNET_ID_BYTES);
    p += CARNET_ID_BYTES;
    carnet__store64(p, (uint64_t)h->created_at);
    p += 8;
    memcpy(p, h->supersedes, CARNET_ID_BYTES);
    p += CARNET_ID_BYTES;
    carnet__store16(p, h->kind);
}

static void
inner_hash(unsigned char out[INNER_BYTES], const unsigned char author[CARNET_ID_BYTES],
           const unsigned char *body, size_t len)
{
    static const char domain[] = "cdb/v1/entry-author";
    crypto_generichash_state st;

    crypto_generichash_init(&st, NULL, 0, INNER_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain);
    crypto_generichash_update(&st, author, CARNET_ID_BYTES);
    if (len > 0) {
        crypto_generichash_update(&st, body, len);
    }
    crypto_generichash_final(&st, out, INNER_BYTES);
}

static void
sig_parts(carnet__part parts[5], const unsigned char hdr[HDR_BYTES], const carnet_envelope *env)
{
    parts[0] = (carnet__part){hdr, HDR_BYTES};
    parts[1] = (carnet__part){env->nonce_w, CARNET_NONCE_BYTES};
    parts[2] = (carnet__part){env->wrapped_dek, CARNET_WRAPPED_DEK_BYTES};
    parts[3] = (carnet__part){env->nonce_b, CARNET_NONCE_BYTES};
    parts[4] = (carnet__part){env->body_ct, env->body_ct_len};
}

void
carnet_envelope_init(carnet_envelope *env)
{
    memset(env, 0, sizeof *env);
}

void
carnet_envelope_release(carnet_envelope *env)
{
    if (env == NULL) {
        return;
    }
    free(env->body_ct);
    memset(env, 0, sizeof *env);
}

int
carnet__envelope_seal_det(carnet_envelope *env, const carnet_envelope_header *hdr,
                          const carnet_epoch_key *k, const carnet_keypair *author,
                          const unsigned char *body, size_t len, const unsigned char dek[32],
                          const unsigned char nonce_w[CARNET_NONCE_BYTES],
                          const unsigned char nonce_b[CARNET_NONCE_BYTES])
{
    unsigned char h[HDR_BYTES];
    unsigned char *pt = NULL;
    size_t cap, padded = 0;
    unsigned char *ct = NULL;
    carnet__part parts[5];
    int rc = CARNET_ENOMEM;

    if (env == NULL || hdr == NULL || k == NULL || author == NULL) {
        return CARNET_EINVAL;
    }
    carnet_envelope_release(env);
    if (len > CARNET_BODY_MAX || (len > 0 && body == NULL)) {
        return CARNET_EINVAL;
    }
    encode_header(h, hdr);
    /* room for the inner hash, the body and at least one padding byte */
    cap = ((INNER_BYTES + len) / CARNET_PAD_BLOCK + 1) * CARNET_PAD_BLOCK;
    pt = malloc(cap);
    ct = malloc(cap + TAG_BYTES);
    if (pt == NULL || ct == NULL) {
        goto out;
    }
    inner_hash(pt, hdr->author, body, len);
    if (len > 0) {
        memcpy(pt + INNER_BYTES, body, len);
    }
    if (sodium_pad(&padded, pt, INNER_BYTES + len, CARNET_PAD_BLOCK, cap) != 0) {
        rc = CARNET_ERROR;
        goto out;
    }
    memcpy(env->nonce_w, nonce_w, CARNET_NONCE_BYTES);
    memcpy(env->nonce_b, nonce_b, CARNET_NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(env->wrapped_dek, NULL, dek, DEK_BYTES, h, sizeof h,
                                               NULL, env->nonce_w, k->k);
    crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, pt, padded, h, sizeof h, NULL,
                                               env->nonce_b, dek);
    env->body_ct = ct;
    env->body_ct_len = padded + TAG_BYTES;
    ct = NULL;
    sig_parts(parts, h, env);
    rc = carnet__sign_parts(env->sig, author, "cdb/v1/entry-sig", parts, 5);
out:
    if (pt != NULL) {
        sodium_memzero(pt, cap);
        free(pt);
    }
    free(ct);
    if (rc != CARNET_OK) {
        carnet_envelope_release(env);
    }
    return rc;
}

int
carnet_envelope_seal(carnet_envelope *env, const carnet_envelope_header *hdr,
                     const carnet_epoch_key *k, const carnet_keypair *author,
                     const unsigned char *body, size_t len)
{
    unsigned char dek[DEK_BYTES];
    unsigned char nw[CARNET_NONCE_BYTES];
    unsigned char nb[CARNET_NONCE_BYTES];
    int rc;

    crypto_aead_xchacha20poly1305_ietf_keygen(dek);
    randombytes_buf(nw, sizeof nw);
    randombytes_buf(nb, sizeof nb);
    rc = carnet__envelope_seal_det(env, hdr, k, author, body, len, dek, nw, nb);
    sodium_memzero(dek, sizeof dek);
    return rc;
}

int
carnet_envelope_verify(const carnet_envelope_header *hdr, const carnet_envelope *env,
                       const carnet_pubkey *author)
{
    unsigned char h[HDR_BYTES];
    carnet__part parts[5];

    if (env->body_ct == NULL || author == NULL) {
        return CARNET_EAUTH;
    }
    encode_header(h, hdr);
    sig_parts(parts, h, env);
    return carnet__verify_parts(env->sig, author, "cdb/v1/entry-sig", parts, 5);
}

int
carnet_envelope_open(carnet_secbuf *out, const carnet_envelope_header *hdr,
                     const carnet_envelope *env, const carnet_epoch_key *k,
                     const carnet_pubkey *author)
{
    unsigned char h[HDR_BYTES];
    unsigned char dek[DEK_BYTES];
    unsigned char inner[INNER_BYTES];
    size_t padded, unpadded = 0;
    carnet__part parts[5];
    int rc = CARNET_EAUTH;

    carnet_secbuf_clear(out);
    if (env->body_ct == NULL || author == NULL || env->body_ct_len < TAG_BYTES + CARNET_PAD_BLOCK ||
        (env->body_ct_len - TAG_BYTES) % CARNET_PAD_BLOCK != 0 ||
        env->body_ct_len - TAG_BYTES > CARNET_BODY_MAX + 2u * CARNET_PAD_BLOCK) {
        return CARNET_EAUTH;
    }
    encode_header(h, hdr);
    sig_parts(parts, h, env);
    if (carnet__verify_parts(env->sig, author, "cdb/v1/entry-sig", parts, 5) != CARNET_OK) {
        return CARNET_EAUTH; /* nothing is decrypted before the signature holds */
    }
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(dek, NULL, NULL, env->wrapped_dek,
                                                   CARNET_WRAPPED_DEK_BYTES, h, sizeof h,
                                                   env->nonce_w, k->k) != 0) {
        goto out;
    }
    padded = env->body_ct_len - TAG_BYTES;
    rc = carnet_secbuf_reserve(out, padded);
    if (rc != CARNET_OK) {
        goto out;
    }
    rc = CARNET_EAUTH;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out->data, NULL, NULL, env->body_ct,
                                                   env->body_ct_len, h, sizeof h, env->nonce_b,
                                                   dek) != 0) {
        goto out;
    }
    out->len = padded;
    if (sodium_unpad(&unpadded, out->data, padded, CARNET_PAD_BLOCK) != 0 ||
        unpadded < INNER_BYTES) {
        goto out;
    }
    inner_hash(inner, hdr->author, out->data + INNER_BYTES, unpadded - INNER_BYTES);
    if (sodium_memcmp(inner, out->data, INNER_BYTES) != 0) {
        goto out;
    }
    memmove(out->data, out->data + INNER_BYTES, unpadded - INNER_BYTES);
    sodium_memzero(out->data + unpadded - INNER_BYTES, out->cap + 1 - (unpadded - INNER_BYTES));
    out->len = unpadded - INNER_BYTES;
    rc = CARNET_OK;
out:
    if (rc != CARNET_OK) {
        carnet_secbuf_clear(out);
    }
    sodium_memzero(dek, sizeof dek);
    sodium_memzero(inner, sizeof inner);
    return rc;
}
