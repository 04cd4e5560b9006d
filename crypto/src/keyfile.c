/* keyfile.c - secret keys sealed under a passphrase or a recovery code.
 * SPDX-License-Identifier: MIT
 *
 * Record layout (CARNET_SEALED_KEY_BYTES = 256 bytes, integers little-endian):
 *
 *   0  magic "CDBK"          4   version (1)      5  kind        6  profile
 *   7  algorithm (1 = Argon2id v1.3 + XChaCha20-Poly1305-IETF)
 *   8  opslimit (u64)        16  memlimit (u64)   24 salt[16]    40 nonce[24]
 *   64 Ed25519 pk[32]        96  X25519 pk[32]    128 owner id[16]
 *   144 ciphertext of Ed25519 sk[64] ‖ X25519 sk[32], then the 16-byte tag
 *
 * Bytes 0..143 are the associated data, so every header byte is authenticated.
 */
#include <string.h>

#include "internal.h"

enum {
    OFF_VERSION = 4,
    OFF_KIND = 5,
    OFF_PROFILE = 6,
    OFF_ALG = 7,
    OFF_OPS = 8,
    OFF_MEM = 16,
    OFF_SALT = 24,
    OFF_NONCE = 40,
    OFF_PK_SIGN = 64,
    OFF_PK_BOX = 96,
    OFF_OWNER = 128,
    HEADER_BYTES = 144,
    SECRET_BYTES = crypto_sign_SECRETKEYBYTES + crypto_box_SECRETKEYBYTES,
    RECORD_VERSION = 1,
    RECORD_ALG = 1
};

_Static_assert(HEADER_BYTES + SECRET_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES ==
                   CARNET_SEALED_KEY_BYTES,
               "sealed key layout");
_Static_assert(crypto_pwhash_argon2id_SALTBYTES == 16, "salt size");

static const unsigned char magic[4] = {'C', 'D', 'B', 'K'};

/* Upper bounds accepted when opening: no stored record may make us spend
 * more than the "sensitive" profile. */
#define OPS_MAX 10u
#define MEM_MAX ((uint64_t)1024 * 1024 * 1024)

struct profile_row {
    carnet_kdf_profile profile;
    const char *name;
    unsigned long long ops;
    size_t mem;
};

static const struct profile_row profiles[] = {
    {CARNET_KDF_MODERATE, "moderate", crypto_pwhash_argon2id_OPSLIMIT_MODERATE,
     crypto_pwhash_argon2id_MEMLIMIT_MODERATE},
    {CARNET_KDF_SENSITIVE, "sensitive", crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE,
     crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE},
    {CARNET_KDF_FAST, "fast", 1, (size_t)64 * 1024},
};

static const struct profile_row *
profile_find(carnet_kdf_profile p)
{
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        if (profiles[i].profile == p) {
            return &profiles[i];
        }
    }
    return NULL;
}

const char *
carnet_kdf_profile_name(carnet_kdf_profile p)
{
    const struct profile_row *r = profile_find(p);
    return r != NULL ? r->name : NULL;
}

int
carnet_kdf_profile_parse(carnet_kdf_profile *out, const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof profiles / sizeof profiles[0]; i++) {
        if (strcmp(profiles[i].name, name) == 0) {
            *out = profiles[i].profile;
            return CARNET_OK;
        }
    }
    return CARNET_EINVAL;
}

static int
derive(unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES], const carnet_secbuf *secret,
       const unsigned char salt[16], unsigned long long ops, size_t mem)
{
    if (crypto_pwhash(key, crypto_aead_xchacha20poly1305_ietf_KEYBYTES, (const char *)secret->data,
                      secret->len, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return CARNET_ENOMEM; /* the only documented failure: no memory */
    }
    return CARNET_OK;
}

int
carnet__key_seal_det(unsigned char out[CARNET_SEALED_KEY_BYTES], const carnet_keypair *kp,
                     const unsigned char owner[CARNET_ID_BYTES], carnet_seal_kind kind,
                     carnet_kdf_profile profile, const carnet_secbuf *secret,
                     const unsigned char salt[16], const unsigned char nonce[CARNET_NONCE_BYTES])
{
    const struct profile_row *pr = profile_find(profile);
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    unsigned char sk[SECRET_BYTES];
    int rc;

    if (pr == NULL || secret == NULL || secret->len == 0 ||
        (kind != CARNET_SEAL_PASSPHRASE && kind != CARNET_SEAL_RECOVERY)) {
        return CARNET_EINVAL;
    }
    memset(out, 0, CARNET_SEALED_KEY_BYTES);
    memcpy(out, magic, sizeof magic);
    out[OFF_VERSION] = RECORD_VERSION;
    out[OFF_KIND] = (unsigned char)kind;
    out[OFF_PROFILE] = (unsigned char)profile;
    out[OFF_ALG] = RECORD_ALG;
    carnet__store64(out + OFF_OPS, pr->ops);
    carnet__store64(out + OFF_MEM, pr->mem);
    memcpy(out + OFF_SALT, salt, 16);
    memcpy(out + OFF_NONCE, nonce, CARNET_NONCE_BYTES);
    memcpy(out + OFF_PK_SIGN, kp->pk.sign, CARNET_SIGN_PK_BYTES);
    memcpy(out + OFF_PK_BOX, kp->pk.box, CARNET_BOX_PK_BYTES);
    memcpy(out + OFF_OWNER, owner, CARNET_ID_BYTES);

    rc = derive(key, secret, salt, pr->ops, pr->mem);
    if (rc != CARNET_OK) {
        goto out;
    }
    memcpy(sk, kp->sign_sk, crypto_sign_SECRETKEYBYTES);
    memcpy(sk + crypto_sign_SECRETKEYBYTES, kp->box_sk, crypto_box_SECRETKEYBYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + HEADER_BYTES, NULL, sk, sizeof sk, out,
                                               HEADER_BYTES, NULL, out + OFF_NONCE, key);
out:
    sodium_memzero(key, sizeof key);
    sodium_memzero(sk, sizeof sk);
    return rc;
}

int
carnet_key_seal(unsigned char out[CARNET_SEALED_KEY_BYTES], const carnet_keypair *kp,
                const unsigned char owner[CARNET_ID_BYTES], carnet_seal_kind kind,
                carnet_kdf_profile profile, const carnet_secbuf *secret)
{
    unsigned char salt[16];
    unsigned char nonce[CARNET_NONCE_BYTES];

    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    return carnet__key_seal_det(out, kp, owner, kind, profile, secret, salt, nonce);
}

/* Does the decrypted secret key match the public keys in the header? */
static int
keys_match(const carnet_keypair *kp)
{
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char spk[crypto_sign_PUBLICKEYBYTES];
    int ok;

    crypto_sign_ed25519_sk_to_pk(spk, kp->sign_sk);
    ok = crypto_scalarmult_base(pk, kp->box_sk) == 0 &&
         sodium_memcmp(pk, kp->pk.box, sizeof pk) == 0 &&
         sodium_memcmp(spk, kp->pk.sign, sizeof spk) == 0;
    sodium_memzero(pk, sizeof pk);
    return ok;
}

int
carnet_key_open(carnet_keypair **out, const unsigned char rec[CARNET_SEALED_KEY_BYTES],
                const unsigned char owner[CARNET_ID_BYTES], const carnet_secbuf *secret)
{
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    unsigned char sk[SECRET_BYTES];
    carnet_keypair *kp = NULL;
    uint64_t ops = carnet__load64(rec + OFF_OPS);
    uint64_t mem = carnet__load64(rec + OFF_MEM);
    int rc = CARNET_EPASSPHRASE;

    *out = NULL;
    /* Every structural check fails with the same status as a wrong secret. */
    if (secret == NULL || secret->len == 0 || sodium_memcmp(rec, magic, sizeof magic) != 0 ||
        rec[OFF_VERSION] != RECORD_VERSION || rec[OFF_ALG] != RECORD_ALG ||
        sodium_memcmp(rec + OFF_OWNER, owner, CARNET_ID_BYTES) != 0 || ops < 1 || ops > OPS_MAX ||
        mem < crypto_pwhash_argon2id_MEMLIMIT_MIN || mem > MEM_MAX) {
        goto out;
    }
    rc = derive(key, secret, rec + OFF_SALT, ops, (size_t)mem);
    if (rc != CARNET_OK) {
        goto out;
    }
    rc = CARNET_EPASSPHRASE;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(sk, NULL, NULL, rec + HEADER_BYTES,
                                                   SECRET_BYTES +
                                                       crypto_aead_xchacha20poly1305_ietf_ABYTES,
                                                   rec, HEADER_BYTES, rec + OFF_NONCE, key) != 0) {
        goto out;
    }
    if (carnet__keypair_alloc(&kp) != CARNET_OK) {
        rc = CARNET_ENOMEM;
        goto out;
    }
    memcpy(kp->sign_sk, sk, crypto_sign_SECRETKEYBYTES);
    memcpy(kp->box_sk, sk + crypto_sign_SECRETKEYBYTES, crypto_box_SECRETKEYBYTES);
    memcpy(kp->pk.sign, rec + OFF_PK_SIGN, CARNET_SIGN_PK_BYTES);
    memcpy(kp->pk.box, rec + OFF_PK_BOX, CARNET_BOX_PK_BYTES);
    if (!keys_match(kp)) {
        goto out;
    }
    sodium_mprotect_readonly(kp);
    *out = kp;
    kp = NULL;
    rc = CARNET_OK;
out:
    carnet_keypair_free(kp);
    sodium_memzero(key, sizeof key);
    sodium_memzero(sk, sizeof sk);
    return rc;
}

int
carnet_key_info(carnet_pubkey *pk_out, carnet_kdf_profile *profile_out,
                const unsigned char rec[CARNET_SEALED_KEY_BYTES])
{
    if (sodium_memcmp(rec, magic, sizeof magic) != 0 || rec[OFF_VERSION] != RECORD_VERSION) {
        return CARNET_ECORRUPT;
    }
    if (pk_out != NULL) {
        memcpy(pk_out->sign, rec + OFF_PK_SIGN, CARNET_SIGN_PK_BYTES);
        memcpy(pk_out->box, rec + OFF_PK_BOX, CARNET_BOX_PK_BYTES);
    }
    if (profile_out != NULL) {
        *profile_out = (carnet_kdf_profile)rec[OFF_PROFILE];
    }
    return CARNET_OK;
}

/* -------------------------------------------------------- recovery codes */

/* Crockford base32: no I, L, O or U. */
static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

enum { CODE_DATA = 16, CODE_CHARS = 26, CODE_CHECK = 2, CODE_TOTAL = CODE_CHARS + CODE_CHECK };

static void
code_check(char out[CODE_CHECK], const unsigned char data[CODE_DATA])
{
    unsigned char h[CARNET_HASH_BYTES];

    carnet_hash(h, "cdb/v1/recovery-check", data, CODE_DATA);
    out[0] = b32[h[0] & 31];
    out[1] = b32[h[1] & 31];
}

int
carnet_recovery_code_new(carnet_secbuf **out)
{
    unsigned char data[CODE_DATA];
    char digits[CODE_TOTAL];
    carnet_secbuf *b = NULL;
    unsigned int acc = 0;
    int bits = 0;
    size_t n = 0;
    int rc = carnet_secbuf_new(&b, CARNET_RECOVERY_CODE_LEN);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    randombytes_buf(data, sizeof data);
    for (size_t i = 0; i < CODE_DATA; i++) {
        acc = (acc << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            digits[n++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
        acc &= (1u << bits) - 1u;
    }
    digits[n++] = b32[(acc << (5 - bits)) & 31]; /* last 3 bits, zero-padded */
    code_check(digits + n, data);
    for (size_t i = 0; i < CODE_TOTAL; i++) {
        if (i > 0 && i % 4 == 0) {
            b->data[b->len++] = '-';
        }
        b->data[b->len++] = (unsigned char)digits[i];
    }
    b->data[b->len] = '\0';
    sodium_memzero(data, sizeof data);
    sodium_memzero(digits, sizeof digits);
    *out = b;
    return CARNET_OK;
}

static int
b32_value(char c)
{
    if (c >= 'a' && c <= 'z') {
        c = (char)(c - 'a' + 'A');
    }
    if (c == 'O') {
        c = '0';
    } else if (c == 'I' || c == 'L') {
        c = '1';
    }
    for (int i = 0; i < 32; i++) {
        if (b32[i] == c) {
            return i;
        }
    }
    return -1;
}

/* Turn the typed characters into 28 digit values; -1 if malformed. */
static int
code_digits(unsigned char vals[CODE_TOTAL], const char *typed)
{
    size_t n = 0;

    for (const char *p = typed; *p != '\0'; p++) {
        int v;
        if (*p == '-' || *p == ' ') {
            continue;
        }
        v = b32_value(*p);
        if (v < 0 || n == CODE_TOTAL) {
            return -1;
        }
        vals[n++] = (unsigned char)v;
    }
    return n == CODE_TOTAL ? 0 : -1;
}

int
carnet_recovery_code_normalise(carnet_secbuf **out, const char *typed)
{
    unsigned char vals[CODE_TOTAL];
    unsigned char data[CODE_DATA];
    char check[CODE_CHECK];
    carnet_secbuf *b = NULL;
    unsigned int acc = 0;
    int bits = 0;
    size_t n = 0;
    int rc = CARNET_EINVAL;

    *out = NULL;
    if (typed == NULL || code_digits(vals, typed) != 0) {
        goto out;
    }
    for (size_t i = 0; i < CODE_CHARS; i++) {
        acc = (acc << 5) | vals[i];
        bits += 5;
        if (bits >= 8) {
            if (n < CODE_DATA) {
                data[n++] = (unsigned char)(acc >> (bits - 8));
            }
            bits -= 8;
            acc &= (1u << bits) - 1u;
        }
    }
    if (n != CODE_DATA || acc != 0) { /* the two padding bits must be zero */
        goto out;
    }
    code_check(check, data);
    if (check[0] != b32[vals[CODE_CHARS]] || check[1] != b32[vals[CODE_CHARS + 1]]) {
        goto out;
    }
    rc = carnet_secbuf_new(&b, CODE_TOTAL);
    if (rc != CARNET_OK) {
        goto out;
    }
    for (size_t i = 0; i < CODE_TOTAL; i++) {
        b->data[i] = (unsigned char)b32[vals[i]];
    }
    b->len = CODE_TOTAL;
    b->data[b->len] = '\0';
    *out = b;
out:
    sodium_memzero(vals, sizeof vals);
    sodium_memzero(data, sizeof data);
    sodium_memzero(check, sizeof check);
    return rc;
}
