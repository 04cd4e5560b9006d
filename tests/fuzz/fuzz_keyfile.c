/* fuzz_keyfile.c - the sealed key record (carnet_key_info, carnet_key_open).
 * SPDX-License-Identifier: MIT
 *
 * The input is a record of CARNET_SEALED_KEY_BYTES bytes (shorter inputs
 * are padded with zeros, longer ones cut). The owner and passphrase are
 * fixed, so the one valid record is known: the one this harness seals at
 * start (its seed). Properties: only that record opens, and it gives back
 * the sealed keys; the public header is read without the passphrase.
 *
 * Records asking for more than 2 passes or 1 MiB of Argon2id memory are
 * only read (carnet_key_info), not opened: opening them costs up to the
 * "sensitive" profile (1 GiB) each and would stall the fuzzer; the bounds
 * themselves are unit-tested (tests/unit/test_crypto_keys.c).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "testing.h"

struct keys {
    carnet_keypair *kp;
    carnet_pubkey pk;
    carnet_secbuf *pass;
    unsigned char owner[CARNET_ID_BYTES];
    unsigned char valid[CARNET_SEALED_KEY_BYTES];
};

static struct keys *
keys_get(void)
{
    static struct keys k; /* one per process, like libFuzzer's own state */
    unsigned char seed[32], salt[16], nonce[CARNET_NONCE_BYTES];

    if (k.kp != NULL) {
        return &k;
    }
    FUZZ_REQUIRE(carnet_crypto_init() == CARNET_OK, "libsodium");
    memset(seed, 0x66, sizeof seed);
    memset(salt, 0x77, sizeof salt);
    memset(nonce, 0x88, sizeof nonce);
    memset(k.owner, 0x99, sizeof k.owner);
    FUZZ_REQUIRE(carnet_keypair_from_seed(&k.kp, seed) == CARNET_OK, "keys");
    carnet_keypair_public(&k.pk, k.kp);
    FUZZ_REQUIRE(carnet_secbuf_new(&k.pass, sizeof FUZZ_PASS) == CARNET_OK, "secbuf");
    FUZZ_REQUIRE(carnet_secbuf_append(k.pass, FUZZ_PASS, strlen(FUZZ_PASS)) == CARNET_OK, "pass");
    FUZZ_REQUIRE(carnet__key_seal_det(k.valid, k.kp, k.owner, CARNET_SEAL_PASSPHRASE,
                                      CARNET_KDF_FAST, k.pass, salt, nonce) == CARNET_OK,
                 "seal");
    fuzz_write_seed(k.valid, sizeof k.valid);
    return &k;
}

static uint64_t
load64(const unsigned char *p)
{
    uint64_t v = 0;

    for (size_t i = 8; i > 0; i--) {
        v = (v << 8) | p[i - 1];
    }
    return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct keys *k = keys_get();
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    carnet_pubkey pk;
    carnet_kdf_profile profile = 0;
    carnet_keypair *kp = NULL;
    int ri, ro, header_ok;

    memset(rec, 0, sizeof rec);
    memcpy(rec, data, size < sizeof rec ? size : sizeof rec);
    header_ok = memcmp(rec, "CDBK", 4) == 0 && rec[4] == 1;
    ri = carnet_key_info(&pk, &profile, rec);
    FUZZ_REQUIRE(ri == (header_ok ? CARNET_OK : CARNET_ECORRUPT), "the header is read as stored");
    if (ri == CARNET_OK) {
        FUZZ_REQUIRE(memcmp(pk.sign, rec + 64, sizeof pk.sign) == 0 &&
                         memcmp(pk.box, rec + 96, sizeof pk.box) == 0,
                     "the public keys are the stored ones");
    }
    if (load64(rec + 8) > 2 || load64(rec + 16) > (uint64_t)1024 * 1024) {
        return 0;
    }
    ro = carnet_key_open(&kp, rec, k->owner, k->pass);
    FUZZ_REQUIRE(ro == CARNET_OK || ro == CARNET_EPASSPHRASE || ro == CARNET_ENOMEM,
                 "documented status");
    if (ro == CARNET_OK) {
        carnet_pubkey got;
        FUZZ_REQUIRE(memcmp(rec, k->valid, sizeof rec) == 0, "only the sealed record opens");
        carnet_keypair_public(&got, kp);
        FUZZ_REQUIRE(memcmp(&got, &k->pk, sizeof got) == 0, "the sealed keys come back");
    } else {
        FUZZ_REQUIRE(kp == NULL, "no keys on failure");
        FUZZ_REQUIRE(memcmp(rec, k->valid, sizeof rec) != 0 || ro == CARNET_ENOMEM,
                     "the sealed record opens");
    }
    carnet_keypair_free(kp);
    return 0;
}
