/* member.h - the groupe de suivi of a carnet: its members, their roles and the
 * history of who joined and left.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_MEMBER_H
#define CARNET_MEMBER_H

#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif /* CARNET_MEMBER_H */
