/* kind.h - the kinds of entry ("plan.action", "suivi.rdv", …): their section, their
 * label, and the validation of a body against their fields (docs/entries.md).
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_KIND_H
#define CARNET_KIND_H

#include <stddef.h>

#include <carnet/export.h>
#include <carnet/model.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Information about an entry kind. */
typedef struct carnet_kind_info {
    const char *name;  /**< e.g. "plan.action" (static storage) */
    const char *label; /**< French label (static storage) */
    carnet_section section;
    int versioned; /**< a new entry supersedes the previous one */
} carnet_kind_info;

/**
 * Look up a kind by name.
 * @return CARNET_OK or CARNET_EINVAL (unknown kind)
 */
CARNET_API CARNET_NODISCARD int carnet_kind_get(carnet_kind_info *out, const char *name);

/** Visit every kind: *it starts at 0. @return CARNET_OK or CARNET_ITEROVER */
CARNET_API int carnet_kind_next(carnet_kind_info *out, size_t *it);

/**
 * Check a body against its kind without writing anything.
 * @param[out] msg  on failure, a French message naming the field
 * @return CARNET_OK, CARNET_EINVAL or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_kind_validate(const char *kind, const char *json, char *msg,
                                                     size_t msg_size);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_KIND_H */
