/* crypto.h - keys, sealed key records, epoch keys, entry envelopes and the audit chain.
 * SPDX-License-Identifier: MIT
 *
 * This module is the only part of carnet that sees raw key bytes or libsodium.
 * Every secret lives in memory obtained from sodium_malloc and is wiped when it
 * is freed; every stack temporary is wiped before the function returns, on
 * every path. Functions return a carnet_status and never print or exit.
 *
 * Thread-safety: after carnet_crypto_init() has returned, every function may be
 * called from any thread, but a given object (key pair, epoch key, buffer,
 * verifier) must not be used by two threads at once.
 *
 * Byte formats are fixed-size and little-endian; they are described in
 * docs/crypto.md and pinned by the known-answer tests in fixtures/crypto/.
 */
#ifndef CARNET_CRYPTO_H
#define CARNET_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- sizes */

#define CARNET_ID_BYTES           16  /**< random identifier of a principal, carnet or entry */
#define CARNET_SIGN_PK_BYTES      32  /**< Ed25519 public key */
#define CARNET_BOX_PK_BYTES       32  /**< X25519 public key */
#define CARNET_SIG_BYTES          64  /**< Ed25519 signature */
#define CARNET_HASH_BYTES         32  /**< BLAKE2b-256 digest */
#define CARNET_KEY_ID_BYTES       32  /**< commitment to an epoch key */
#define CARNET_WRAP_BYTES         80  /**< an epoch key sealed to one recipient */
#define CARNET_NONCE_BYTES        24  /**< XChaCha20-Poly1305 nonce */
#define CARNET_WRAPPED_DEK_BYTES  48  /**< a data key encrypted under an epoch key */
#define CARNET_SEALED_KEY_BYTES   256 /**< a secret key pair sealed under a passphrase */
#define CARNET_PAD_BLOCK          256 /**< entry bodies are padded to a multiple of this */
#define CARNET_FPR_STRLEN         40  /**< "xxxx-xxxx-…" fingerprint, NUL included */
#define CARNET_RECOVERY_CODE_LEN  34  /**< "XXXX-…-XXXX" recovery code, NUL excluded */
#define CARNET_BODY_MAX           (1u << 20) /**< largest entry body accepted, in bytes */
#define CARNET_SELF_SEAL_OVERHEAD 40         /**< nonce and tag added by carnet_self_seal */
#define CARNET_SELF_SEAL_MAX      1024       /**< longest secret carnet_self_seal takes, in bytes */

/* ---------------------------------------------------------- initialisation */

/**
 * Initialise the cryptographic library. Call once before any other carnet
 * function; later calls are harmless.
 *
 * @return CARNET_OK, or CARNET_ERROR if libsodium cannot initialise
 */
CARNET_API CARNET_NODISCARD int carnet_crypto_init(void);

/**
 * Fill @p buf with @p len unpredictable bytes (identifiers, not keys: keys are
 * generated inside this module).
 */
CARNET_API void carnet_random(void *buf, size_t len);

/**
 * Return a uniformly distributed integer in [0, upper) (0 when upper < 2).
 */
CARNET_API uint32_t carnet_random_uniform(uint32_t upper);

/**
 * Compare two byte strings in time that depends only on @p len.
 * @return 0 when equal, -1 otherwise (not an ordering)
 */
CARNET_API int carnet_ct_equal(const void *a, const void *b, size_t len);

/**
 * Wipe @p len bytes at @p p in a way the compiler cannot optimise away. For
 * transient copies of personal data held outside guarded memory.
 */
CARNET_API void carnet_memzero(void *p, size_t len);

/* ------------------------------------------------------ secure buffers */

/**
 * A growable byte buffer in guarded memory (sodium_malloc), wiped when freed
 * or resized. It holds passphrases, recovery codes and decrypted bodies.
 * Its content is always followed by a NUL byte, so text can be read as a
 * C string.
 */
typedef struct carnet_secbuf carnet_secbuf;

/**
 * Create an empty buffer able to hold @p cap bytes without growing.
 *
 * @param[out] out the new buffer, NULL on failure
 * @param[in]  cap initial capacity in bytes (0 is allowed)
 * @return CARNET_OK or CARNET_ENOMEM
 * Ownership: free with carnet_secbuf_free().
 */
CARNET_API CARNET_NODISCARD int carnet_secbuf_new(carnet_secbuf **out, size_t cap);

/** Wipe and free @p b. NULL is a no-op. */
CARNET_API void carnet_secbuf_free(carnet_secbuf *b);

/** Bytes in use. */
CARNET_API size_t carnet_secbuf_len(const carnet_secbuf *b);

/** Capacity in bytes (not counting the trailing NUL). */
CARNET_API size_t carnet_secbuf_cap(const carnet_secbuf *b);

/**
 * Borrow the content for writing. Valid until the next call that may grow the
 * buffer (carnet_secbuf_reserve, carnet_secbuf_append) or until it is freed.
 */
CARNET_API unsigned char *carnet_secbuf_data(carnet_secbuf *b);

/** Borrow the content as a NUL-terminated string; same lifetime as _data. */
CARNET_API const char *carnet_secbuf_str(const carnet_secbuf *b);

/**
 * Make room for @p cap bytes, moving (and wiping the old copy of) the content.
 * @return CARNET_OK or CARNET_ENOMEM (the buffer is then unchanged)
 */
CARNET_API CARNET_NODISCARD int carnet_secbuf_reserve(carnet_secbuf *b, size_t cap);

/**
 * Set the length to @p len (at most the capacity) and terminate with NUL.
 * @return CARNET_OK, or CARNET_EINVAL if len exceeds the capacity
 */
CARNET_API CARNET_NODISCARD int carnet_secbuf_set_len(carnet_secbuf *b, size_t len);

/** Append @p len bytes, growing when needed. @return CARNET_OK or CARNET_ENOMEM */
CARNET_API CARNET_NODISCARD int carnet_secbuf_append(carnet_secbuf *b, const void *data,
                                                     size_t len);

/** Wipe the content and set the length to 0. */
CARNET_API void carnet_secbuf_clear(carnet_secbuf *b);

/* --------------------------------------------------------------- keys */

/** The public half of a principal's keys: Ed25519 (signing) and X25519 (sealing). */
typedef struct carnet_pubkey {
    unsigned char sign[CARNET_SIGN_PK_BYTES];
    unsigned char box[CARNET_BOX_PK_BYTES];
} carnet_pubkey;

/** A principal's two secret keys, held in guarded memory. */
typedef struct carnet_keypair carnet_keypair;

/**
 * Generate a fresh Ed25519 + X25519 key pair.
 * @param[out] out the key pair, NULL on failure
 * @return CARNET_OK or CARNET_ENOMEM
 * Ownership: free with carnet_keypair_free().
 */
CARNET_API CARNET_NODISCARD int carnet_keypair_generate(carnet_keypair **out);

/**
 * Derive a key pair from a 32-byte seed. For test vectors and fixtures only:
 * anyone who knows the seed knows the keys.
 * @return CARNET_OK or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_keypair_from_seed(carnet_keypair **out,
                                                         const unsigned char seed[32]);

/** Wipe and free @p kp. NULL is a no-op. */
CARNET_API void carnet_keypair_free(carnet_keypair *kp);

/** Copy the public keys of @p kp into @p out. */
CARNET_API void carnet_keypair_public(carnet_pubkey *out, const carnet_keypair *kp);

/**
 * Write the display fingerprint of @p pk: the first 16 bytes of
 * BLAKE2b-128("cdb-fpr-v1" ‖ 0x00 ‖ sign ‖ box) as eight groups of four
 * lower-case hex digits joined by '-' (39 characters and a NUL).
 */
CARNET_API void carnet_pubkey_fingerprint(char out[CARNET_FPR_STRLEN], const carnet_pubkey *pk);

/* ----------------------------------------------------- signatures, hashes */

/**
 * Sign @p msg under the domain string @p domain (e.g. "cdb/v1/grant").
 *
 * The signed value is BLAKE2b-512(domain ‖ 0x00 ‖ msg), so a signature made
 * for one domain never verifies for another.
 * @param[out] sig the 64-byte signature
 * @return CARNET_OK, or CARNET_EINVAL if domain is NULL
 */
CARNET_API CARNET_NODISCARD int carnet_sign(unsigned char sig[CARNET_SIG_BYTES],
                                            const carnet_keypair *kp, const char *domain,
                                            const unsigned char *msg, size_t len);

/**
 * Verify a signature made by carnet_sign().
 * @return CARNET_OK, or CARNET_EAUTH when it does not verify
 */
CARNET_API CARNET_NODISCARD int carnet_verify(const unsigned char sig[CARNET_SIG_BYTES],
                                              const carnet_pubkey *pk, const char *domain,
                                              const unsigned char *msg, size_t len);

/**
 * Hash @p msg with BLAKE2b-256 under the domain string @p domain.
 */
CARNET_API void carnet_hash(unsigned char out[CARNET_HASH_BYTES], const char *domain,
                            const unsigned char *msg, size_t len);

/* ---------------------------------------------- secret keys at rest */

/**
 * Key-derivation profiles for sealing secret keys under a passphrase. The
 * profile and its exact Argon2id parameters are recorded in the sealed record,
 * so opening never depends on the current table.
 */
typedef enum carnet_kdf_profile {
    CARNET_KDF_MODERATE = 1,  /**< default: Argon2id, 3 passes, 256 MiB */
    CARNET_KDF_SENSITIVE = 2, /**< Argon2id, 4 passes, 1 GiB */
    CARNET_KDF_FAST = 3       /**< tests and demonstrations only: 1 pass, 64 KiB */
} carnet_kdf_profile;

/** What a sealed record is locked with. */
typedef enum carnet_seal_kind {
    CARNET_SEAL_PASSPHRASE = 1, /**< the principal's passphrase */
    CARNET_SEAL_RECOVERY = 2    /**< a person's recovery code */
} carnet_seal_kind;

/**
 * Return the stable name of a profile ("moderate", "sensitive", "fast"), or
 * NULL for an unknown value.
 */
CARNET_API const char *carnet_kdf_profile_name(carnet_kdf_profile p);

/**
 * Parse a profile name as given by carnet_kdf_profile_name().
 * @return CARNET_OK, or CARNET_EINVAL for an unknown name
 */
CARNET_API CARNET_NODISCARD int carnet_kdf_profile_parse(carnet_kdf_profile *out, const char *name);

/**
 * Seal the secret keys of @p kp under @p secret (a passphrase or a recovery
 * code) into a CARNET_SEALED_KEY_BYTES record.
 *
 * The record header (magic, version, kind, profile, Argon2id parameters, salt,
 * nonce, public keys and @p owner id) is authenticated as associated data of
 * the XChaCha20-Poly1305 encryption of the secret keys.
 *
 * @param[out] out    the sealed record
 * @param[in]  kp     the keys to seal
 * @param[in]  owner  the principal's identifier, bound into the record
 * @param[in]  kind   passphrase or recovery code
 * @param[in]  profile Argon2id parameters to use
 * @param[in]  secret the passphrase or normalised recovery code; not empty
 * @return CARNET_OK, CARNET_EINVAL (empty secret, unknown profile) or
 *         CARNET_ENOMEM (the key derivation could not get its memory)
 */
CARNET_API CARNET_NODISCARD int carnet_key_seal(unsigned char out[CARNET_SEALED_KEY_BYTES],
                                                const carnet_keypair *kp,
                                                const unsigned char owner[CARNET_ID_BYTES],
                                                carnet_seal_kind kind, carnet_kdf_profile profile,
                                                const carnet_secbuf *secret);

/**
 * Open a sealed record made by carnet_key_seal().
 *
 * A wrong secret, any altered byte (header, parameters, ciphertext or tag), a
 * record bound to another owner, and parameters outside the accepted bounds
 * all give the same status, CARNET_EPASSPHRASE, so the result is not an oracle.
 *
 * @param[out] out     the key pair, NULL on failure
 * @param[in]  rec     the record (exactly CARNET_SEALED_KEY_BYTES bytes)
 * @param[in]  owner   expected owner identifier
 * @param[in]  secret  passphrase or normalised recovery code
 * @return CARNET_OK, CARNET_EPASSPHRASE or CARNET_ENOMEM
 * Ownership: free *out with carnet_keypair_free().
 */
CARNET_API CARNET_NODISCARD int carnet_key_open(carnet_keypair **out,
                                                const unsigned char rec[CARNET_SEALED_KEY_BYTES],
                                                const unsigned char owner[CARNET_ID_BYTES],
                                                const carnet_secbuf *secret);

/**
 * Read the public keys and profile recorded in a sealed record without
 * opening it (the header is public).
 * @return CARNET_OK, or CARNET_ECORRUPT if the magic or version is wrong
 */
CARNET_API CARNET_NODISCARD int carnet_key_info(carnet_pubkey *pk_out,
                                                carnet_kdf_profile *profile_out,
                                                const unsigned char rec[CARNET_SEALED_KEY_BYTES]);

/**
 * Generate a recovery code: 128 random bits and two check characters in
 * Crockford base32, as seven groups of four joined by '-', for example
 * "7K3M-Q2XA-…". It is meant to be printed once and typed back by hand.
 *
 * @param[out] out the code as a NUL-terminated string in guarded memory
 * @return CARNET_OK or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_recovery_code_new(carnet_secbuf **out);

/**
 * Normalise a typed recovery code: drop spaces and dashes, upper-case, read
 * O as 0 and I or L as 1, then check its length and check characters.
 *
 * @param[out] out the canonical code (to pass to carnet_key_seal/open)
 * @param[in]  typed what the person typed
 * @return CARNET_OK, CARNET_EINVAL (malformed or mistyped: the check fails)
 *         or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_recovery_code_normalise(carnet_secbuf **out,
                                                               const char *typed);

/* ---------------------------------------------------------- epoch keys */

/** A 32-byte symmetric key in guarded memory: the key of one (carnet,
 *  section, epoch), or the workspace's directory index key. */
typedef struct carnet_epoch_key carnet_epoch_key;

/**
 * Generate an independent random epoch key (never derived from another).
 * @return CARNET_OK or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_epoch_key_generate(carnet_epoch_key **out);

/** Wipe and free @p k. NULL is a no-op. */
CARNET_API void carnet_epoch_key_free(carnet_epoch_key *k);

/**
 * Compute the key id that commits to @p k: BLAKE2b-256 keyed with @p k
 * over the domain "cdb/v1/keyid". Publishing it lets every reader check that the key it
 * unwrapped is the key everyone else got.
 */
CARNET_API void carnet_epoch_key_id(unsigned char out[CARNET_KEY_ID_BYTES],
                                    const carnet_epoch_key *k);

/**
 * Sign the commitment of an epoch: the signer signs @p ctx (the encoded
 * carnet, section and epoch) followed by the key id.
 *
 * @param[out] key_id the key id of @p k
 * @param[out] sig    signature under domain "cdb/v1/epoch"
 * @return CARNET_OK or CARNET_EINVAL
 */
CARNET_API CARNET_NODISCARD int carnet_epoch_commit(unsigned char key_id[CARNET_KEY_ID_BYTES],
                                                    unsigned char sig[CARNET_SIG_BYTES],
                                                    const carnet_keypair *signer,
                                                    const carnet_epoch_key *k,
                                                    const unsigned char *ctx, size_t ctx_len);

/**
 * Verify an epoch commitment made by carnet_epoch_commit().
 * @return CARNET_OK or CARNET_EAUTH
 */
CARNET_API CARNET_NODISCARD int
carnet_epoch_verify_commit(const unsigned char key_id[CARNET_KEY_ID_BYTES],
                           const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *signer,
                           const unsigned char *ctx, size_t ctx_len);

/**
 * Seal @p k to @p recipient (crypto_box_seal) and sign the wrap.
 *
 * Sealed boxes are anonymous, so the sealer signs ctx ‖ recipient keys ‖ wrap
 * under domain "cdb/v1/wrap"; carnet_epoch_open() refuses unsigned wraps.
 *
 * @param[out] wrap the sealed key (CARNET_WRAP_BYTES)
 * @param[out] sig  the sealer's signature
 * @return CARNET_OK or CARNET_ERROR
 */
CARNET_API CARNET_NODISCARD int
carnet_epoch_seal(unsigned char wrap[CARNET_WRAP_BYTES], unsigned char sig[CARNET_SIG_BYTES],
                  const carnet_keypair *sealer, const carnet_epoch_key *k,
                  const carnet_pubkey *recipient, const unsigned char *ctx, size_t ctx_len);

/**
 * Open a wrap made by carnet_epoch_seal().
 *
 * Checks, in order: the sealer's signature, the sealed box, and that the key
 * matches the committed @p key_id (constant-time comparison). A wrap of
 * another key K' while key_id commits to K is refused.
 *
 * @param[out] out the epoch key, NULL on failure
 * @return CARNET_OK, CARNET_EAUTH or CARNET_ENOMEM
 * Ownership: free *out with carnet_epoch_key_free().
 */
CARNET_API CARNET_NODISCARD int
carnet_epoch_open(carnet_epoch_key **out, const unsigned char wrap[CARNET_WRAP_BYTES],
                  const unsigned char sig[CARNET_SIG_BYTES], const carnet_pubkey *sealer,
                  const carnet_keypair *recipient, const unsigned char key_id[CARNET_KEY_ID_BYTES],
                  const unsigned char *ctx, size_t ctx_len);

/**
 * Keyed hash for blind indexes: BLAKE2b-256 keyed with @p k over
 * domain ‖ 0x00 ‖ msg. Whoever lacks the key cannot test a guess.
 */
CARNET_API void carnet_keyed_hash(unsigned char out[CARNET_HASH_BYTES], const carnet_epoch_key *k,
                                  const char *domain, const unsigned char *msg, size_t len);

/* ------------------------------------------------- secrets sealed to oneself */

/**
 * Seal a short secret (an activation code) to its holder's own key, bound
 * to a context (where it is stored, what it is for).
 *
 * K = BLAKE2b-256 keyed with X25519(box sk, box pk) over
 * "cdb/v1/self-seal" ‖ 0x00 ‖ box pk; the output is a fresh random nonce
 * followed by XChaCha20-Poly1305(K, nonce, msg, AD = ctx). As with a sealed
 * box, only the holder of @p kp opens it; unlike one, only she can make
 * one, so a box written by anyone else does not open.
 *
 * @param[out] out  len + CARNET_SELF_SEAL_OVERHEAD bytes
 * @param[in]  kp   the holder's keys (the secret half is needed)
 * @param[in]  ctx  the context, given again to open (may be empty)
 * @param[in]  msg  the secret, at most CARNET_SELF_SEAL_MAX bytes
 * @return CARNET_OK, CARNET_EINVAL (too long, NULL arguments) or CARNET_ERROR
 */
CARNET_API CARNET_NODISCARD int carnet_self_seal(unsigned char *out, const carnet_keypair *kp,
                                                 const unsigned char *ctx, size_t ctx_len,
                                                 const unsigned char *msg, size_t len);

/**
 * Open a box made by carnet_self_seal(). Another holder's key, another
 * context (a box moved to another row) and any altered byte all give
 * CARNET_EAUTH, and @p out is then empty.
 *
 * @param[in,out] out receives the secret (its previous content is wiped)
 * @return CARNET_OK, CARNET_EAUTH or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_self_open(carnet_secbuf *out, const carnet_keypair *kp,
                                                 const unsigned char *ctx, size_t ctx_len,
                                                 const unsigned char *sealed, size_t sealed_len);

/* ------------------------------------------------------ entry envelopes */

/**
 * The clear header of an entry. It is the associated data of both
 * encryptions and is covered by the author's signature, so an entry cannot
 * be moved to another carnet, section or epoch, nor re-attributed.
 */
typedef struct carnet_envelope_header {
    unsigned char carnet[CARNET_ID_BYTES];
    unsigned char entry[CARNET_ID_BYTES];
    unsigned char author[CARNET_ID_BYTES];
    unsigned char supersedes[CARNET_ID_BYTES]; /**< all zero when it supersedes nothing */
    int64_t created_at;                        /**< seconds since the Unix epoch */
    uint32_t epoch;
    uint16_t kind; /**< entry kind code (clear metadata) */
    uint8_t section;
} carnet_envelope_header;

/**
 * The stored form of an entry. Fixed-size fields are inline; the body
 * ciphertext is heap memory owned by the envelope.
 */
typedef struct carnet_envelope {
    unsigned char nonce_w[CARNET_NONCE_BYTES];
    unsigned char wrapped_dek[CARNET_WRAPPED_DEK_BYTES];
    unsigned char nonce_b[CARNET_NONCE_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
    unsigned char *body_ct;
    size_t body_ct_len;
} carnet_envelope;

/** Zero an envelope before first use. */
CARNET_API void carnet_envelope_init(carnet_envelope *env);

/** Free the body ciphertext of @p env and zero it. NULL is a no-op. */
CARNET_API void carnet_envelope_release(carnet_envelope *env);

/**
 * Encrypt and sign an entry body.
 *
 * A fresh data key encrypts the padded body (BLAKE2b(author ‖ body) ‖ body),
 * the epoch key wraps the data key, both under fresh random nonces and with
 * the encoded header as associated data; the author then signs the header
 * and every stored byte.
 *
 * @param[out] env    receives nonces, wrapped key, ciphertext and signature
 *                    (call carnet_envelope_release() afterwards)
 * @param[in]  hdr    the clear header (its author must be @p author)
 * @param[in]  k      the epoch key of hdr->epoch
 * @param[in]  author the author's keys
 * @param[in]  body   the plaintext, at most CARNET_BODY_MAX bytes
 * @return CARNET_OK, CARNET_EINVAL (body too large) or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_envelope_seal(carnet_envelope *env,
                                                     const carnet_envelope_header *hdr,
                                                     const carnet_epoch_key *k,
                                                     const carnet_keypair *author,
                                                     const unsigned char *body, size_t len);

/**
 * Check the author's signature over header and stored bytes, without any key.
 * @return CARNET_OK or CARNET_EAUTH
 */
CARNET_API CARNET_NODISCARD int carnet_envelope_verify(const carnet_envelope_header *hdr,
                                                       const carnet_envelope *env,
                                                       const carnet_pubkey *author);

/**
 * Verify then decrypt an entry. The signature is checked before any
 * decryption; nothing is written to @p out unless every check passes.
 *
 * @param[in,out] out receives the body (its previous content is wiped)
 * @return CARNET_OK, CARNET_EAUTH (signature, wrap, ciphertext, padding or
 *         inner author hash) or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_envelope_open(carnet_secbuf *out,
                                                     const carnet_envelope_header *hdr,
                                                     const carnet_envelope *env,
                                                     const carnet_epoch_key *k,
                                                     const carnet_pubkey *author);

/* -------------------------------------------------------- audit chain */

/**
 * The first "previous hash" of a carnet's chain: BLAKE2b-256 of the domain
 * "cdb/v1/audit-genesis" and the carnet identifier.
 */
CARNET_API void carnet_audit_genesis(unsigned char out[CARNET_HASH_BYTES],
                                     const unsigned char carnet[CARNET_ID_BYTES]);

/**
 * Make the next link of an audit chain.
 *
 * hash = BLAKE2b-256("cdb/v1/audit-link" ‖ 0x00 ‖ prev ‖ seq (u64 le) ‖ tbs) and
 * sig is the actor's signature of hash under domain "cdb/v1/audit". @p tbs is
 * the caller's fixed binary encoding of the record.
 *
 * @return CARNET_OK or CARNET_EINVAL
 */
CARNET_API CARNET_NODISCARD int carnet_audit_link(unsigned char hash[CARNET_HASH_BYTES],
                                                  unsigned char sig[CARNET_SIG_BYTES],
                                                  const unsigned char prev[CARNET_HASH_BYTES],
                                                  uint64_t seq, const unsigned char *tbs,
                                                  size_t tbs_len, const carnet_keypair *actor);

/**
 * Streaming verifier of one chain. Feed the records in stored order; the
 * first record that does not follow (wrong sequence number, wrong previous
 * hash, wrong hash, bad signature) is remembered in @c first_bad and every
 * later call fails too.
 */
typedef struct carnet_audit_verifier {
    unsigned char expect_prev[CARNET_HASH_BYTES];
    uint64_t next_seq;  /**< sequence number expected next (starts at 1) */
    uint64_t first_bad; /**< sequence number of the first broken link, 0 if none */
    int broken;         /**< nonzero once a link failed */
} carnet_audit_verifier;

/** Start verifying a chain whose genesis hash is @p genesis. */
CARNET_API void carnet_audit_verifier_init(carnet_audit_verifier *v,
                                           const unsigned char genesis[CARNET_HASH_BYTES]);

/**
 * Check the next record.
 *
 * @param[in] seq   the record's sequence number as stored
 * @param[in] prev  its stored previous hash
 * @param[in] hash  its stored hash
 * @param[in] sig   its stored signature
 * @param[in] tbs   its encoded fields
 * @param[in] actor the public keys of the actor named in the record, or NULL
 *                  when that actor is unknown (the link then fails)
 * @return CARNET_OK, or CARNET_EAUTH with v->first_bad set
 */
CARNET_API CARNET_NODISCARD int carnet_audit_verifier_add(
    carnet_audit_verifier *v, uint64_t seq, const unsigned char prev[CARNET_HASH_BYTES],
    const unsigned char hash[CARNET_HASH_BYTES], const unsigned char sig[CARNET_SIG_BYTES],
    const unsigned char *tbs, size_t tbs_len, const carnet_pubkey *actor);

/**
 * Follow the next record of a prefix whose head was verified before (by
 * this program, or remembered signed by its actor): its number, link and
 * hash are checked, not its signature. If the prefix reaches the head
 * verified before with the same hash, every record of it holds what was
 * verified then (the hash covers each record's fields and its
 * predecessor); the caller compares the hash at that head and walks again
 * with carnet_audit_verifier_add() when it differs.
 *
 * @return CARNET_OK, or CARNET_EAUTH with v->first_bad set
 */
CARNET_API CARNET_NODISCARD int carnet_audit_verifier_follow(
    carnet_audit_verifier *v, uint64_t seq, const unsigned char prev[CARNET_HASH_BYTES],
    const unsigned char hash[CARNET_HASH_BYTES], const unsigned char *tbs, size_t tbs_len);

/* --------------------------------------------------------- encodings */

/**
 * Write @p len bytes as lower-case hex into @p out (2 * len + 1 bytes).
 */
CARNET_API void carnet_hex_encode(char *out, const unsigned char *in, size_t len);

/**
 * Decode exactly @p len bytes of hex from @p in (which must be 2 * len
 * characters followed by NUL or end of string).
 * @return CARNET_OK or CARNET_EINVAL
 */
CARNET_API CARNET_NODISCARD int carnet_hex_decode(unsigned char *out, size_t len, const char *in);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_CRYPTO_H */
