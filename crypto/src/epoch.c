/* epoch.c - epoch keys: generation, commitment, sealing to readers.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "internal.h"

_Static_assert(CARNET_WRAP_BYTES == crypto_box_SEALBYTES + 32, "wrap size");

static int
epoch_key_alloc(carnet_epoch_key **out)
{
    carnet_epoch_key *k = sodium_malloc(sizeof *k);

    *out = k;
    return k == NULL ? CARNET_ENOMEM : CARNET_OK;
}

int
carnet_epoch_key_generate(carnet_epoch_key **out)
{
    int rc = epoch_key_alloc(out);

    if (rc != CARNET_OK) {
        return rc;
    }
    crypto_aead_xchacha20poly1305_ietf_keygen((*out)->k);
    sodium_mprotect_readonly(*out);
    return CARNET_OK;
}

int
carnet__epoch_key_from_bytes(carnet_epoch_key **out, const unsigned char k[32])
{
    int rc = epoch_key_alloc(out);

    if (rc != CARNET_OK) {
        return rc;
    }
    memcpy((*out)->k, k, sizeof(*out)->k);
    sodium_mprotect_readonly(*out);
    return CARNET_OK;
}

void
carnet_epoch_key_free(carnet_epoch_key *k)
{
    sodium_free(k);
}

void
carnet_epoch_key_id(unsigned char out[CARNET_KEY_ID_BYTES], const carnet_epoch_key *k)
{
    static const char domain[] = "cdb/v1/keyid";

    crypto_generichash(out, CARNET_KEY_ID_BYTES, (const unsigned char *)domain, sizeof domain, k->k,
                       sizeof k->k);
}

int
carnet_epoch_commit(unsigned char key_id[CARNET_KEY_ID_BYTES], unsigned char sig[CARNET_SIG_BYTES],
                    const carnet_keypair *signer, const carnet_epoch_key *k,
                    const unsigned char *ctx, size_t ctx_len)
{
    carnet__part parts[2];

    carnet_epoch_key_id(key_id, k);
    parts[0] = (carnet__part){ctx, ctx_len};
    parts[1] = (carnet__part){key_id, CARNET_KEY_ID_BYTES};
    return carnet__sign_parts(sig, signer, "cdb/v1/epoch", parts, 2);
}

int
carnet_epoch_verify_commit(const unsigned char key_id[CARNET_KEY_ID_BYTES],
                           const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *signer,
                           const unsigned char *ctx, size_t ctx_len)
{
    carnet__part parts[2] = {{ctx, ctx_len}, {key_id, CARNET_KEY_ID_BYTES}};

    return carnet__verify_parts(sig, signer, "cdb/v1/epoch", parts, 2);
}

/* The sealer signs the context, the recipient's keys and the sealed box. */
static void
wrap_parts(carnet__part parts[4], const carnet_pubkey *recipient,
           const unsigned char wrap[CARNET_WRAP_BYTES], const unsigned char *ctx, size_t ctx_len)
{
    parts[0] = (carnet__part){ctx, ctx_len};
    parts[1] = (carnet__part){recipient->sign, CARNET_SIGN_PK_BYTES};
    parts[2] = (carnet__part){recipient->box, CARNET_BOX_PK_BYTES};
    parts[3] = (carnet__part){wrap, CARNET_WRAP_BYTES};
}

int
carnet_epoch_seal(unsigned char wrap[CARNET_WRAP_BYTES], unsigned char sig[CARNET_SIG_BYTES],
                  const carnet_keypair *sealer, const carnet_epoch_key *k,
                  const carnet_pubkey *recipient, const unsigned char *ctx, size_t ctx_len)
{
    carnet__part parts[4];

    if (crypto_box_seal(wrap, k->k, sizeof k->k, recipient->box) != 0) {
        return CARNET_ERROR;
    }
    wrap_parts(parts, recipient, wrap, ctx, ctx_len);
    return carnet__sign_parts(sig, sealer, "cdb/v1/wrap", parts, 4);
}

int
carnet_epoch_open(carnet_epoch_key **out, const unsigned char wrap[CARNET_WRAP_BYTES],
                  const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *sealer,
                  const carnet_keypair *recipient, const unsigned char key_id[CARNET_KEY_ID_BYTES],
                  const unsigned char *ctx, size_t ctx_len)
{
    carnet_epoch_key *k = NULL;
    unsigned char id[CARNET_KEY_ID_BYTES];
    carnet__part parts[4];
    int rc;

    *out = NULL;
    /* Authorship first: a sealed box alone says nothing about who made it. */
    wrap_parts(parts, &recipient->pk, wrap, ctx, ctx_len);
    if (carnet__verify_parts(sig, sealer, "cdb/v1/wrap", parts, 4) != CARNET_OK) {
        return CARNET_EAUTH;
    }
    rc = epoch_key_alloc(&k);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (crypto_box_seal_open(k->k, wrap, CARNET_WRAP_BYTES, recipient->pk.box, recipient->box_sk) !=
        0) {
        rc = CARNET_EAUTH;
        goto out;
    }
    carnet_epoch_key_id(id, k);
    if (sodium_memcmp(id, key_id, sizeof id) != 0) {
        rc = CARNET_EAUTH; /* a key other than the committed one */
        goto out;
    }
    sodium_mprotect_readonly(k);
    *out = k;
    k = NULL;
out:
    carnet_epoch_key_free(k);
    return rc;
}

void
carnet_keyed_hash(unsigned char out[CARNET_HASH_BYTES], const carnet_epoch_key *k,
                  const char *domain, const unsigned char *msg, size_t len)
{
    crypto_generichash_state st;

    crypto_generichash_init(&st, k->k, sizeof k->k, CARNET_HASH_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
    if (len > 0) {
        crypto_generichash_update(&st, msg, len);
    }
    crypto_generichash_final(&st, out, CARNET_HASH_BYTES);
}
