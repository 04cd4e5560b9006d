/* consent.h - the person's authorisations ("autorisations de partage"),
 * revocations and blocks (the explanation of an access decision: carnet/policy.h).
 * SPDX-License-Identifier: MIT
 *
 * Reading a section needs three things: the rules allow the reader's role
 * and structure type to read it (carnet/rules.h), the person signed a valid
 * authorisation covering it, and the reader holds a wrap of the section's
 * epoch key. Revocation, expiry, blocking and deactivation start a new epoch
 * whose key is sealed only to the remaining readers; what a reader already
 * saw cannot be taken back.
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_CONSENT_H
#define CARNET_CONSENT_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An authorisation to give. Initialise with CARNET_GRANT_PARAMS_INIT. */
typedef struct carnet_grant_params {
    int version;          /**< CARNET_GRANT_PARAMS_VERSION */
    const char *grantee;  /**< handle of a professional */
    unsigned sections;    /**< section mask; sante and justice only when named */
    carnet_access access; /**< read, or write (which includes read) */
    carnet_scope scope;   /**< which past entries the grantee receives */
    int64_t since;        /**< with CARNET_SCOPE_SINCE */
    int64_t not_before;   /**< 0: from now */
    int64_t not_after;    /**< 0: until revoked */
    carnet_purpose purpose;
    carnet_method method;
} carnet_grant_params;

#define CARNET_GRANT_PARAMS_VERSION 1
#define CARNET_GRANT_PARAMS_INIT                                                                   \
    {                                                                                              \
        CARNET_GRANT_PARAMS_VERSION, NULL, 0, CARNET_ACCESS_READ, CARNET_SCOPE_ALL, 0, 0, 0,       \
            CARNET_PURPOSE_ACCOMPAGNEMENT, CARNET_METHOD_IN_PERSON                                 \
    }

/**
 * Authorise a professional: the person signs the authorisation, it is
 * checked against the rules (any section outside them refuses the whole
 * authorisation), and the epoch keys within its history scope are sealed to
 * the grantee. CARNET_SCOPE_FROM_NOW starts a new epoch first.
 *
 * @param[out] no_out the authorisation's number in the carnet
 * @param[in]  person the person herself (her own carnet)
 * @return CARNET_OK, CARNET_EINVAL, CARNET_ENOTFOUND (grantee), CARNET_ECONSENT
 *         (outside the rules, grantee blocked or deactivated), CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_grant(int64_t *no_out, carnet_db *db, carnet_actor *person,
                                             const carnet_grant_params *p);

/**
 * Revoke an authorisation at once: every section it covered gets a new
 * epoch sealed to the remaining readers, and the grantee's wraps are deleted.
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EINVAL (already ended),
 *         CARNET_ECONSENT (not the person), CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_revoke(carnet_db *db, carnet_actor *person, int64_t no);

/**
 * Block a professional on the person's carnet (a deny that overrides any
 * authorisation and the rules), or lift the block.
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EINVAL (not a professional,
 *         already blocked, or not blocked), CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_block(carnet_db *db, carnet_actor *person, const char *who,
                                             int blocked);

/** Status of an authorisation. */
typedef enum carnet_grant_status {
    CARNET_GRANT_ACTIVE = 1,
    CARNET_GRANT_REVOKED = 2,
    CARNET_GRANT_EXPIRED = 3
} carnet_grant_status;

/** Stable code of a grant status ("active", "revoquee", "expiree"), or NULL. */
CARNET_API const char *carnet_grant_status_code(carnet_grant_status s);

/** An authorisation as stored (clear consent structure). */
typedef struct carnet_grant_info {
    int64_t no;
    char grantee[CARNET_HANDLE_MAX + 1];
    char grantee_fingerprint[CARNET_FPR_STRLEN];
    unsigned sections;
    carnet_access access;
    carnet_scope scope;
    int64_t since;
    int64_t not_before;
    int64_t not_after;
    carnet_purpose purpose;
    carnet_method method;
    int64_t created_at;
    carnet_grant_status status;
    int64_t ended_at;
    int signature_ok; /**< the person's signature verifies */
} carnet_grant_info;

/** Iterator over the authorisations of a carnet, oldest first. */
typedef struct carnet_grant_iter carnet_grant_iter;

CARNET_API CARNET_NODISCARD int carnet_grant_iter_new(carnet_grant_iter **out, carnet_db *db,
                                                      const char *person);
/** @return CARNET_OK, CARNET_ITEROVER or an error */
CARNET_API int carnet_grant_iter_next(carnet_grant_iter *it, carnet_grant_info *out);
CARNET_API void carnet_grant_iter_free(carnet_grant_iter *it);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_CONSENT_H */
