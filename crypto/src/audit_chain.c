/* audit_chain.c - links of the per-carnet hash chain and their verifier.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "internal.h"

void
carnet_audit_genesis(unsigned char out[CARNET_HASH_BYTES],
                     const unsigned char carnet[CARNET_ID_BYTES])
{
    carnet_hash(out, "cdb/v1/audit-genesis", carnet, CARNET_ID_BYTES);
}

static void
link_hash(unsigned char out[CARNET_HASH_BYTES], const unsigned char prev[CARNET_HASH_BYTES],
          uint64_t seq, const unsigned char *tbs, size_t tbs_len)
{
    static const char domain[] = "cdb/v1/audit-link";
    crypto_generichash_state st;
    unsigned char s[8];

    carnet__store64(s, seq);
    crypto_generichash_init(&st, NULL, 0, CARNET_HASH_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain);
    crypto_generichash_update(&st, prev, CARNET_HASH_BYTES);
    crypto_generichash_update(&st, s, sizeof s);
    if (tbs_len > 0) {
        crypto_generichash_update(&st, tbs, tbs_len);
    }
    crypto_generichash_final(&st, out, CARNET_HASH_BYTES);
}

int
carnet_audit_link(unsigned char hash[CARNET_HASH_BYTES], unsigned char sig[CARNET_SIG_BYTES],
                  const unsigned char prev[CARNET_HASH_BYTES], uint64_t seq,
                  const unsigned char *tbs, size_t tbs_len, const carnet_keypair *actor)
{
    if (seq == 0 || (tbs_len > 0 && tbs == NULL)) {
        return CARNET_EINVAL;
    }
    link_hash(hash, prev, seq, tbs, tbs_len);
    return carnet_sign(sig, actor, "cdb/v1/audit", hash, CARNET_HASH_BYTES);
}

void
carnet_audit_verifier_init(carnet_audit_verifier *v, const unsigned char genesis[CARNET_HASH_BYTES])
{
    memcpy(v->expect_prev, genesis, CARNET_HASH_BYTES);
    v->next_seq = 1;
    v->first_bad = 0;
    v->broken = 0;
}

/* The link of the next record: its number, predecessor and hash. */
static int
link_ok(const carnet_audit_verifier *v, uint64_t seq, const unsigned char prev[CARNET_HASH_BYTES],
        const unsigned char hash[CARNET_HASH_BYTES], const unsigned char *tbs, size_t tbs_len)
{
    unsigned char h[CARNET_HASH_BYTES];

    link_hash(h, v->expect_prev, v->next_seq, tbs, tbs_len);
    return seq == v->next_seq && sodium_memcmp(prev, v->expect_prev, CARNET_HASH_BYTES) == 0 &&
           sodium_memcmp(h, hash, CARNET_HASH_BYTES) == 0;
}

static int
next(carnet_audit_verifier *v, int ok, const unsigned char hash[CARNET_HASH_BYTES])
{
    if (!ok) {
        v->broken = 1;
        v->first_bad = v->next_seq;
        return CARNET_EAUTH;
    }
    memcpy(v->expect_prev, hash, CARNET_HASH_BYTES);
    v->next_seq++;
    return CARNET_OK;
}

int
carnet_audit_verifier_add(carnet_audit_verifier *v, uint64_t seq,
                          const unsigned char prev[CARNET_HASH_BYTES],
                          const unsigned char hash[CARNET_HASH_BYTES],
                          const unsigned char sig[CARNET_SIG_BYTES], const unsigned char *tbs,
                          size_t tbs_len, const carnet_pubkey *actor)
{
    if (v->broken) {
        return CARNET_EAUTH;
    }
    return next(v,
                link_ok(v, seq, prev, hash, tbs, tbs_len) && actor != NULL &&
                    carnet_verify(sig, actor, "cdb/v1/audit", hash, CARNET_HASH_BYTES) == CARNET_OK,
                hash);
}

int
carnet_audit_verifier_follow(carnet_audit_verifier *v, uint64_t seq,
                             const unsigned char prev[CARNET_HASH_BYTES],
                             const unsigned char hash[CARNET_HASH_BYTES], const unsigned char *tbs,
                             size_t tbs_len)
{
    if (v->broken) {
        return CARNET_EAUTH;
    }
    return next(v, link_ok(v, seq, prev, hash, tbs, tbs_len), hash);
}
