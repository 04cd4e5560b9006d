/* policy.h - the access decision: whether an actor may read or write a section of a
 * carnet, and why (the rule, the authorisation, the epoch key), from clear
 * metadata only.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_POLICY_H
#define CARNET_POLICY_H

#include <stdint.h>

#include <carnet/db.h>
#include <carnet/export.h>
#include <carnet/model.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Why access is or is not possible. */
typedef struct carnet_decision {
    int allowed;
    carnet_access ceiling; /**< what the rules allow this role and structure type */
    int rule;              /**< index of the deciding rule, -1 if none */
    char rule_name[64];
    int64_t grant;    /**< number of the covering authorisation, 0 if none */
    int holds_key;    /**< a wrap of the epoch current at that time exists */
    uint32_t epoch;   /**< that epoch */
    int owner;        /**< the actor is the person herself */
    char reason[256]; /**< French sentence saying why */
} carnet_decision;

/**
 * Explain whether @p actor may @p access section @p s of the carnet at time
 * @p at (0: now), and why: which rule, which authorisation, which epoch. It
 * reads clear metadata only and needs no key.
 * @return CARNET_OK (whatever the answer), CARNET_ENOTFOUND, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_explain(carnet_decision *out, carnet_db *db,
                                               const char *actor, const char *person,
                                               carnet_section s, carnet_access access, int64_t at);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_POLICY_H */
