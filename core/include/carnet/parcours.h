/* parcours.h - a person's carnet: its creation, its public information and
 * lifecycle, the list of carnets (orientation and réorientation:
 * carnet/orientation.h; the groupe de suivi: carnet/member.h).
 * SPDX-License-Identifier: MIT
 *
 * A carnet is designated by its person's handle. Operations that widen who
 * can read the carnet need the person's signature: they take an unlocked
 * person actor ("assisted" mode at the professional's desk). When it is
 * NULL, the operation is recorded but nobody gains access until the person
 * authorises it.
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_PARCOURS_H
#define CARNET_PARCOURS_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/crypto.h>
#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Options of carnet_create(). Initialise with CARNET_CREATE_OPTS_INIT. */
typedef struct carnet_create_opts {
    int version; /**< CARNET_CREATE_OPTS_VERSION */
    /** The person's new passphrase: she is present and authorises the
     *  creator on @c creator_sections. NULL: the carnet is created from a
     *  flow without her; her keys are then sealed only under the activation
     *  code returned in place of a recovery code. */
    const carnet_secbuf *person_passphrase;
    unsigned creator_sections;    /**< sections the person opens to the creator */
    carnet_access creator_access; /**< read or write */
    const char *identite_json;    /**< first identity entry (kind "identite"), or NULL */
} carnet_create_opts;

#define CARNET_CREATE_OPTS_VERSION 1
#define CARNET_CREATE_OPTS_INIT                                                                    \
    {                                                                                              \
        CARNET_CREATE_OPTS_VERSION, NULL,                                                          \
            CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE) |                                          \
                CARNET_SECTION_BIT(CARNET_SECTION_SITUATION),                                      \
            CARNET_ACCESS_WRITE, NULL                                                              \
    }

/**
 * Create a person and her carnet: her keys (sealed under her passphrase and
 * a recovery code), the eight sections with their first epoch keys, and,
 * when she is present, her authorisation for the creator.
 *
 * @param[out] person_out the generated handle of the person
 * @param[out] code_out   the recovery (or activation) code, to print once
 * @param[in]  creator    a professional
 * @return CARNET_OK, CARNET_EINVAL, CARNET_ECONSENT (@p creator is not an
 *         active professional), CARNET_ENOMEM, CARNET_EBUSY, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_create(char person_out[CARNET_HANDLE_MAX + 1],
                                              carnet_secbuf **code_out, carnet_db *db,
                                              carnet_actor *creator,
                                              const carnet_create_opts *opts);

/** Public, clear information about a carnet. */
typedef struct carnet_info {
    char person[CARNET_HANDLE_MAX + 1];
    carnet_lifecycle lifecycle;
    int64_t created_at;
    char created_by[CARNET_HANDLE_MAX + 1];
    char referent[CARNET_HANDLE_MAX + 1];  /**< "" when none */
    char structure[CARNET_HANDLE_MAX + 1]; /**< structure of the orientation, "" when none */
    int64_t entries;
    int64_t last_entry_at;
    int64_t reorientation_pending; /**< number of the pending request, 0 if none */
    int erased;
} carnet_info;

/** @return CARNET_OK or CARNET_ENOTFOUND */
CARNET_API CARNET_NODISCARD int carnet_info_get(carnet_info *out, carnet_db *db,
                                                const char *person);

/** Iterator over carnets. */
typedef struct carnet_iter carnet_iter;

/**
 * List carnets, optionally only those whose current référent is
 * @p referent (NULL for all).
 * @return CARNET_OK or CARNET_EIO; free with carnet_iter_free()
 */
CARNET_API CARNET_NODISCARD int carnet_iter_new(carnet_iter **out, carnet_db *db,
                                                const char *referent);

/** @return CARNET_OK, CARNET_ITEROVER or an error */
CARNET_API int carnet_iter_next(carnet_iter *it, carnet_info *out);

/** Free an iterator. NULL is a no-op. */
CARNET_API void carnet_iter_free(carnet_iter *it);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_PARCOURS_H */
