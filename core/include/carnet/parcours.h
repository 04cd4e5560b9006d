/* parcours.h - a person's carnet: creation, orientation, référent, groupe de
 * suivi, réorientation, status.
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

/** An orientation decision. Initialise with CARNET_ORIENT_PARAMS_INIT. */
typedef struct carnet_orient_params {
    int version;
    carnet_orientation type;
    const char *dispositif; /**< e.g. "Socio-professionnel", free text */
    const char *structure;  /**< handle of the structure carrying the parcours */
    const char *referent;   /**< handle of the référent (a professional of it) */
    const char *motif;      /**< reason, free text (encrypted), or NULL */
    unsigned sections;      /**< what the person opens to the référent */
    carnet_scope scope;     /**< history the référent receives */
    int64_t since;          /**< with CARNET_SCOPE_SINCE */
    int revoke_previous;    /**< revoke the previous référent's authorisations */
} carnet_orient_params;

#define CARNET_ORIENT_PARAMS_VERSION 1
#define CARNET_ORIENT_PARAMS_INIT                                                                  \
    {                                                                                              \
        CARNET_ORIENT_PARAMS_VERSION, CARNET_ORIENTATION_SOCIOPRO, NULL, NULL, NULL, NULL,         \
            CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE, CARNET_SCOPE_ALL, 0, 0               \
    }

/**
 * Orient the person: record the orientation (encrypted, section situation),
 * make the référent the single current référent (the previous one, if any,
 * leaves that role but stays in the groupe de suivi; with revoke_previous
 * and the person present, its authorisations are revoked), and, when the
 * person is present, authorise the new référent.
 *
 * @param[in] by     a chargé d'orientation or a référent with write access
 *                   to the situation section
 * @param[in] person_actor the person, present, or NULL
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EINVAL, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_orient(carnet_db *db, carnet_actor *by,
                                              carnet_actor *person_actor, const char *person,
                                              const carnet_orient_params *p);

/**
 * Change the référent in one transaction: the new référent becomes the
 * single current référent and, when the person is present, is authorised
 * with the given sections and history; the old one stays a member or
 * leaves, and with @p revoke_old its authorisations are revoked (new
 * epochs).
 *
 * @param[in] by the person herself, or a chargé d'orientation (who then
 *               needs @p person_actor to grant anything)
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EINVAL, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_referent_change(carnet_db *db, carnet_actor *by,
                                                       carnet_actor *person_actor,
                                                       const char *person, const char *new_referent,
                                                       unsigned sections, carnet_scope scope,
                                                       int revoke_old);

/** Roles in the groupe de suivi. */
typedef enum carnet_member_role {
    CARNET_MEMBER_REFERENT = 1,
    CARNET_MEMBER_ACCOMPAGNATEUR = 2,
    CARNET_MEMBER_CHARGE_ORIENTATION = 3,
    CARNET_MEMBER_COMMISSION = 4
} carnet_member_role;

/** Stable code of a member role ("referent", …), or NULL. */
CARNET_API const char *carnet_member_role_code(carnet_member_role r);

/**
 * Invite a professional into the groupe de suivi (membership only: access
 * still needs the person's authorisation).
 * @param[in] by a member of the group, or the person
 * @return CARNET_OK, CARNET_EEXISTS (already a member), CARNET_ENOTFOUND,
 *         CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_member_invite(carnet_db *db, carnet_actor *by,
                                                     const char *person, const char *member,
                                                     carnet_member_role role);

/**
 * End a membership (the record stays: the history is never deleted).
 * A référent cannot leave this way: change the référent instead.
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EINVAL, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_member_leave(carnet_db *db, carnet_actor *by,
                                                    const char *person, const char *member);

/** One row of the membership history. */
typedef struct carnet_member_info {
    char member[CARNET_HANDLE_MAX + 1];
    char structure[CARNET_HANDLE_MAX + 1];
    carnet_member_role role;
    int64_t started_at;
    int64_t ended_at; /**< 0 while current */
    char started_by[CARNET_HANDLE_MAX + 1];
} carnet_member_info;

/** Iterator over the membership history of a carnet, oldest first. */
typedef struct carnet_member_iter carnet_member_iter;

CARNET_API CARNET_NODISCARD int carnet_member_iter_new(carnet_member_iter **out, carnet_db *db,
                                                       const char *person);
/** @return CARNET_OK, CARNET_ITEROVER or an error */
CARNET_API int carnet_member_iter_next(carnet_member_iter *it, carnet_member_info *out);
CARNET_API void carnet_member_iter_free(carnet_member_iter *it);

/**
 * Ask for a réorientation (by the current référent). The reason is
 * encrypted in the situation section.
 * @param[out] no_out the request number
 * @return CARNET_OK, CARNET_EEXISTS (a request is pending), CARNET_ECONSENT,
 *         CARNET_EINVAL, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int
carnet_reorientation_request(int64_t *no_out, carnet_db *db, carnet_actor *referent,
                             const char *person, carnet_orientation wanted, const char *motif);

/**
 * Decide a pending réorientation (by a chargé d'orientation): accepted, with
 * a new orientation (as carnet_orient()), or denied ("maintien de
 * l'accompagnement") with a reason.
 * @param[in] p the new orientation when @p accept, else NULL
 * @return CARNET_OK, CARNET_ENOTFOUND (no pending request), CARNET_EINVAL,
 *         CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_reorientation_decide(carnet_db *db, carnet_actor *by,
                                                            carnet_actor *person_actor,
                                                            const char *person, int accept,
                                                            const char *motif,
                                                            const carnet_orient_params *p);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_PARCOURS_H */
