/* fuzz_envelope.c - decoding, verification and opening of an entry
 * envelope (carnet_envelope_verify, carnet_envelope_open).
 * SPDX-License-Identifier: MIT
 *
 * The input is a stored entry in this layout (integers little-endian):
 *   header: carnet[16] entry[16] author[16] supersedes[16] created_at[8]
 *           epoch[4] kind[2] section[1]
 *   then nonce_w[24] wrapped_dek[48] nonce_b[24] signature[64] body_ct[...]
 * The author's keys and the epoch key are fixed, so the one valid input is
 * known: the entry sealed by this harness at start (its seed). Properties:
 * an envelope that verifies or opens is that entry, byte for byte — any
 * other bytes (a forged or altered header, key, nonce, ciphertext or
 * signature) are refused with CARNET_EAUTH.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "testing.h"

enum {
    HDR_BYTES = 4 * CARNET_ID_BYTES + 8 + 4 + 2 + 1,
    FIXED_BYTES = HDR_BYTES + CARNET_NONCE_BYTES + CARNET_WRAPPED_DEK_BYTES + CARNET_NONCE_BYTES +
                  CARNET_SIG_BYTES
};

static const char body[] = "{\"resume\":\"Entretien avec Inès, canari-fuzz\"}";

struct keys {
    carnet_keypair *author;
    carnet_pubkey pk;
    carnet_epoch_key *epoch;
    unsigned char valid[FIXED_BYTES + 4096];
    size_t valid_len;
};

static uint64_t
load(const uint8_t *p, size_t n)
{
    uint64_t v = 0;

    for (size_t i = n; i > 0; i--) {
        v = (v << 8) | p[i - 1];
    }
    return v;
}

static void
store(uint8_t *p, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void
decode(carnet_envelope_header *h, carnet_envelope *e, const uint8_t *d, size_t n)
{
    const uint8_t *p = d;

    memcpy(h->carnet, p, CARNET_ID_BYTES);
    memcpy(h->entry, p + 16, CARNET_ID_BYTES);
    memcpy(h->author, p + 32, CARNET_ID_BYTES);
    memcpy(h->supersedes, p + 48, CARNET_ID_BYTES);
    h->created_at = (int64_t)load(p + 64, 8);
    h->epoch = (uint32_t)load(p + 72, 4);
    h->kind = (uint16_t)load(p + 76, 2);
    h->section = p[78];
    p += HDR_BYTES;
    memcpy(e->nonce_w, p, CARNET_NONCE_BYTES);
    p += CARNET_NONCE_BYTES;
    memcpy(e->wrapped_dek, p, CARNET_WRAPPED_DEK_BYTES);
    p += CARNET_WRAPPED_DEK_BYTES;
    memcpy(e->nonce_b, p, CARNET_NONCE_BYTES);
    p += CARNET_NONCE_BYTES;
    memcpy(e->sig, p, CARNET_SIG_BYTES);
    e->body_ct = (unsigned char *)(uintptr_t)(d + FIXED_BYTES);
    e->body_ct_len = n - FIXED_BYTES;
}

static void
encode(uint8_t *out, const carnet_envelope_header *h, const carnet_envelope *e)
{
    uint8_t *p = out;

    memcpy(p, h->carnet, CARNET_ID_BYTES);
    memcpy(p + 16, h->entry, CARNET_ID_BYTES);
    memcpy(p + 32, h->author, CARNET_ID_BYTES);
    memcpy(p + 48, h->supersedes, CARNET_ID_BYTES);
    store(p + 64, (uint64_t)h->created_at, 8);
    store(p + 72, h->epoch, 4);
    store(p + 76, h->kind, 2);
    p[78] = h->section;
    p += HDR_BYTES;
    memcpy(p, e->nonce_w, CARNET_NONCE_BYTES);
    p += CARNET_NONCE_BYTES;
    memcpy(p, e->wrapped_dek, CARNET_WRAPPED_DEK_BYTES);
    p += CARNET_WRAPPED_DEK_BYTES;
    memcpy(p, e->nonce_b, CARNET_NONCE_BYTES);
    p += CARNET_NONCE_BYTES;
    memcpy(p, e->sig, CARNET_SIG_BYTES);
    memcpy(out + FIXED_BYTES, e->body_ct, e->body_ct_len);
}

/* The fixed keys and the one valid entry, made on first use. */
static struct keys *
keys_get(void)
{
    static struct keys k; /* one per process, like libFuzzer's own state */
    unsigned char seed[32], raw[32], dek[32], nw[CARNET_NONCE_BYTES], nb[CARNET_NONCE_BYTES];
    carnet_envelope_header h;
    carnet_envelope e;

    if (k.author != NULL) {
        return &k;
    }
    FUZZ_REQUIRE(carnet_crypto_init() == CARNET_OK, "libsodium");
    memset(seed, 0x11, sizeof seed);
    memset(raw, 0x22, sizeof raw);
    memset(dek, 0x33, sizeof dek);
    memset(nw, 0x44, sizeof nw);
    memset(nb, 0x55, sizeof nb);
    FUZZ_REQUIRE(carnet_keypair_from_seed(&k.author, seed) == CARNET_OK, "author keys");
    carnet_keypair_public(&k.pk, k.author);
    FUZZ_REQUIRE(carnet__epoch_key_from_bytes(&k.epoch, raw) == CARNET_OK, "epoch key");
    memset(&h, 0, sizeof h);
    memset(h.carnet, 0xc1, sizeof h.carnet);
    memset(h.entry, 0xe1, sizeof h.entry);
    memset(h.author, 0xa1, sizeof h.author);
    h.created_at = 1767258000;
    h.epoch = 3;
    h.kind = 41;
    h.section = 6;
    carnet_envelope_init(&e);
    FUZZ_REQUIRE(carnet__envelope_seal_det(&e, &h, k.epoch, k.author, (const unsigned char *)body,
                                           strlen(body), dek, nw, nb) == CARNET_OK,
                 "seal");
    FUZZ_REQUIRE(FIXED_BYTES + e.body_ct_len <= sizeof k.valid, "valid entry size");
    encode(k.valid, &h, &e);
    k.valid_len = FIXED_BYTES + e.body_ct_len;
    carnet_envelope_release(&e);
    fuzz_write_seed(k.valid, k.valid_len);
    return &k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct keys *k = keys_get();
    carnet_envelope_header h;
    carnet_envelope e;
    carnet_secbuf *out = NULL;
    int same, rv, ro;

    if (size < FIXED_BYTES) {
        return 0;
    }
    memset(&h, 0, sizeof h);
    carnet_envelope_init(&e);
    decode(&h, &e, data, size);
    same = size == k->valid_len && memcmp(data, k->valid, size) == 0;
    rv = carnet_envelope_verify(&h, &e, &k->pk);
    FUZZ_REQUIRE(rv == (same ? CARNET_OK : CARNET_EAUTH), "only the sealed entry verifies");
    FUZZ_REQUIRE(carnet_secbuf_new(&out, 64) == CARNET_OK, "secbuf");
    ro = carnet_envelope_open(out, &h, &e, k->epoch, &k->pk);
    FUZZ_REQUIRE(ro == CARNET_OK || ro == CARNET_EAUTH || ro == CARNET_ENOMEM, "documented status");
    if (ro == CARNET_OK) {
        FUZZ_REQUIRE(same, "only the sealed entry opens");
        FUZZ_REQUIRE(carnet_secbuf_len(out) == strlen(body) &&
                         memcmp(carnet_secbuf_data(out), body, strlen(body)) == 0,
                     "the sealed body comes back");
    } else {
        FUZZ_REQUIRE(!same || ro == CARNET_ENOMEM, "the sealed entry opens");
        FUZZ_REQUIRE(carnet_secbuf_len(out) == 0, "nothing is written on failure");
    }
    carnet_secbuf_free(out);
    return 0;
}
