/* audit.h - the signed hash chain of everything done to a carnet: reads,
 * writes, authorisations, revocations, exports, erasures and refusals.
 * SPDX-License-Identifier: MIT
 *
 * Records hold identifiers and codes, never content, so erasing an entry
 * leaves the chain intact. A checkpoint (size and head hash, signed by the
 * person) kept outside the workspace lets her detect a truncated chain.
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_AUDIT_H
#define CARNET_AUDIT_H

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

/** What was done. */
typedef enum carnet_audit_action {
    CARNET_AUDIT_CREATE = 1,
    CARNET_AUDIT_READ,
    CARNET_AUDIT_WRITE,
    CARNET_AUDIT_GRANT,
    CARNET_AUDIT_REVOKE,
    CARNET_AUDIT_EXPIRE,
    CARNET_AUDIT_BLOCK,
    CARNET_AUDIT_UNBLOCK,
    CARNET_AUDIT_ROTATE,
    CARNET_AUDIT_ORIENT,
    CARNET_AUDIT_REFERENT,
    CARNET_AUDIT_MEMBER,
    CARNET_AUDIT_REORIENTATION,
    CARNET_AUDIT_EXPORT,
    CARNET_AUDIT_IMPORT,
    CARNET_AUDIT_ERASE,
    CARNET_AUDIT_RECOVER,
    CARNET_AUDIT_RESTORE
} carnet_audit_action;

/** Stable code of an action ("read", "grant", …), or NULL. */
CARNET_API const char *carnet_audit_action_code(carnet_audit_action a);
/** French label of an action, or NULL. */
CARNET_API const char *carnet_audit_action_label(carnet_audit_action a);

/** One record of the chain. */
typedef struct carnet_audit_event {
    int64_t seq;
    int64_t at;
    char actor[CARNET_HANDLE_MAX + 1];
    carnet_audit_action action;
    int section;     /**< carnet_section, or -1 */
    int64_t object;  /**< entry, authorisation or request number; for block,
                          unblock, member and referent the principal concerned */
    int refused;     /**< the attempt was refused */
    char reason[32]; /**< status code name of a refusal ("consent"), else "" */
    /** Who the action concerns: the professional authorised, revoked,
     *  blocked, unblocked, invited or leaving, the new référent; else "". */
    char subject[CARNET_HANDLE_MAX + 1];
} carnet_audit_event;

/** Iterator over a carnet's chain, in order. */
typedef struct carnet_audit_iter carnet_audit_iter;

CARNET_API CARNET_NODISCARD int carnet_audit_iter_new(carnet_audit_iter **out, carnet_db *db,
                                                      const char *person);
/** @return CARNET_OK, CARNET_ITEROVER or an error */
CARNET_API int carnet_audit_iter_next(carnet_audit_iter *it, carnet_audit_event *out);
CARNET_API void carnet_audit_iter_free(carnet_audit_iter *it);

/** A checkpoint of a chain: its size and head, signed by the person. */
typedef struct carnet_checkpoint {
    char person[CARNET_HANDLE_MAX + 1];
    int64_t size;
    unsigned char head[CARNET_HASH_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
} carnet_checkpoint;

/** Length of a checkpoint's text form, NUL excluded (upper bound). */
#define CARNET_CHECKPOINT_TEXT_MAX 320

/**
 * Make a checkpoint of the person's chain as it is now (after verifying it).
 * @return CARNET_OK, CARNET_EAUTH (the chain is already broken),
 *         CARNET_ECONSENT (not the person), CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_audit_checkpoint(carnet_checkpoint *out, carnet_db *db,
                                                        carnet_actor *person);

/** Write a checkpoint as one line of text. */
CARNET_API void carnet_checkpoint_format(char out[CARNET_CHECKPOINT_TEXT_MAX + 1],
                                         const carnet_checkpoint *cp);

/** Parse the text form. @return CARNET_OK or CARNET_EINVAL */
CARNET_API CARNET_NODISCARD int carnet_checkpoint_parse(carnet_checkpoint *out, const char *text);

/** The result of carnet_audit_verify(). */
typedef struct carnet_audit_report {
    int ok;
    int64_t records;
    int64_t first_bad; /**< sequence number of the first broken link, 0 if none */
    unsigned char head[CARNET_HASH_BYTES];
    char message[256]; /**< French summary */
} carnet_audit_report;

/**
 * Verify a carnet's chain: every link, every signature against the
 * certified key of the actor it names, and, with a checkpoint, that the
 * chain still contains it (no truncation, no rewrite before it).
 * @return CARNET_OK when the verification could run (see out->ok),
 *         CARNET_ENOTFOUND, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_audit_verify(carnet_audit_report *out, carnet_db *db,
                                                    const char *person,
                                                    const carnet_checkpoint *cp);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_AUDIT_H */
