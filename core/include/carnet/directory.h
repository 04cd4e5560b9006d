/* directory.h - principals (administrator, structures, professionals,
 * persons), their certified keys, and actors: principals whose secret keys
 * are unlocked for the length of a session.
 * SPDX-License-Identifier: MIT
 *
 * Keys are certified along administrator → structure → professional. A
 * person's key is registered by the professional who creates her carnet and
 * self-signed by her. Handles are identifiers, not names: a person's handle
 * is generated ("p-7k3mq2xa") so that no name is ever stored in clear.
 *
 * Thread-safety: one handle (and its actors) per thread.
 */
#ifndef CARNET_DIRECTORY_H
#define CARNET_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/crypto.h>
#include <carnet/db.h>
#include <carnet/export.h>
#include <carnet/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A principal whose secret keys are unlocked. */
typedef struct carnet_actor carnet_actor;

/**
 * Unlock a principal's keys with its passphrase.
 *
 * @param[out] out  the actor, NULL on failure
 * @param[in]  handle the principal's handle
 * @param[in]  passphrase its passphrase
 * @return CARNET_OK, CARNET_ENOTFOUND (unknown handle), CARNET_EPASSPHRASE
 *         (wrong passphrase or damaged key), CARNET_ECONSENT (deactivated),
 *         CARNET_ENOMEM
 * Ownership: free with carnet_actor_free(), before closing @p db.
 */
CARNET_API CARNET_NODISCARD int carnet_actor_unlock(carnet_actor **out, carnet_db *db,
                                                    const char *handle,
                                                    const carnet_secbuf *passphrase);

/**
 * Unlock a person's keys with her recovery (or activation) code, seal them
 * under a new passphrase and issue a new recovery code; the old code stops
 * working.
 *
 * @param[out] out       the actor
 * @param[out] new_code  the new recovery code, to print once
 * @param[in]  typed     the code as typed
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EINVAL (mistyped code),
 *         CARNET_EPASSPHRASE (wrong code), CARNET_ENOMEM, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_actor_recover(carnet_actor **out, carnet_secbuf **new_code,
                                                     carnet_db *db, const char *handle,
                                                     const char *typed,
                                                     const carnet_secbuf *new_passphrase);

/** Wipe and free an actor. NULL is a no-op. */
CARNET_API void carnet_actor_free(carnet_actor *a);

/** The actor's handle. Borrowed for the actor's lifetime. */
CARNET_API const char *carnet_actor_handle(const carnet_actor *a);

/** The actor's kind. */
CARNET_API carnet_principal_kind carnet_actor_kind(const carnet_actor *a);

/** Parameters of carnet_structure_create(). */
typedef struct carnet_structure_params {
    int version;        /**< CARNET_STRUCTURE_PARAMS_VERSION */
    const char *handle; /**< e.g. "ccas-roubaix" */
    const char *name;   /**< display name, e.g. "CCAS de Roubaix" */
    carnet_structure_type type;
    int sensitive;        /**< nonzero: the name itself reveals something about a person */
    const char *postcode; /**< 5 digits, or NULL */
    const carnet_secbuf *passphrase; /**< of the structure's own keys */
} carnet_structure_params;

#define CARNET_STRUCTURE_PARAMS_VERSION 1
#define CARNET_STRUCTURE_PARAMS_INIT                                                               \
    {                                                                                              \
        CARNET_STRUCTURE_PARAMS_VERSION, NULL, NULL, 0, 0, NULL, NULL                              \
    }

/**
 * Create a structure; its keys are certified by the administrator.
 * @param[in] admin the deployment administrator
 * @return CARNET_OK, CARNET_EEXISTS (handle taken), CARNET_EINVAL,
 *         CARNET_ECONSENT (@p admin is not the administrator), CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_structure_create(carnet_db *db, carnet_actor *admin,
                                                        const carnet_structure_params *p);

/** Parameters of carnet_professional_create(). */
typedef struct carnet_professional_params {
    int version;        /**< CARNET_PROFESSIONAL_PARAMS_VERSION */
    const char *handle; /**< e.g. "sofia" */
    carnet_role role;
    const carnet_secbuf *passphrase;
} carnet_professional_params;

#define CARNET_PROFESSIONAL_PARAMS_VERSION 1
#define CARNET_PROFESSIONAL_PARAMS_INIT                                                            \
    {                                                                                              \
        CARNET_PROFESSIONAL_PARAMS_VERSION, NULL, 0, NULL                                          \
    }

/**
 * Create a professional of the structure @p structure (an actor of kind
 * structure, which certifies the new keys).
 * @return CARNET_OK, CARNET_EEXISTS, CARNET_EINVAL, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_professional_create(carnet_db *db, carnet_actor *structure,
                                                           const carnet_professional_params *p);

/**
 * Deactivate a professional (by its structure or the administrator). Its
 * authorisations stop at once; the next writer of each carnet it could read
 * rotates the keys.
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_professional_deactivate(carnet_db *db, carnet_actor *by,
                                                               const char *handle);

/** A principal as the directory shows it (public information only). */
typedef struct carnet_principal_info {
    char handle[CARNET_HANDLE_MAX + 1];
    carnet_principal_kind kind;
    carnet_role role;                      /**< professionals */
    char structure[CARNET_HANDLE_MAX + 1]; /**< professionals: their structure */
    char name[CARNET_NAME_MAX + 1];        /**< structures */
    carnet_structure_type structure_type;  /**< structures and professionals */
    int sensitive;                         /**< structures and professionals */
    char postcode[8];                      /**< structures */
    char fingerprint[CARNET_FPR_STRLEN];
    char certified_by[CARNET_HANDLE_MAX + 1];
    int certificate_ok; /**< the certification chain verifies */
    carnet_kdf_profile kdf;
    int64_t created_at;
    int64_t deactivated_at; /**< 0 when active */
} carnet_principal_info;

/**
 * Look up a principal and verify its certification chain.
 * @return CARNET_OK or CARNET_ENOTFOUND
 */
CARNET_API CARNET_NODISCARD int carnet_principal_get(carnet_principal_info *out, carnet_db *db,
                                                     const char *handle);

/** Iterator over principals. */
typedef struct carnet_principal_iter carnet_principal_iter;

/**
 * List the principals of one kind (0 for every kind), by handle.
 * @return CARNET_OK or CARNET_EIO; free with carnet_principal_iter_free()
 */
CARNET_API CARNET_NODISCARD int
carnet_principal_iter_new(carnet_principal_iter **out, carnet_db *db, carnet_principal_kind kind);

/** @return CARNET_OK, CARNET_ITEROVER or an error */
CARNET_API int carnet_principal_iter_next(carnet_principal_iter *it, carnet_principal_info *out);

/** Free an iterator. NULL is a no-op. */
CARNET_API void carnet_principal_iter_free(carnet_principal_iter *it);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_DIRECTORY_H */
