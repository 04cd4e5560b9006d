/* referentiel.h - the reference lists of the real Carnet de bord: thèmes,
 * situations, objectifs and actions, ROME job titles (the closed lists of
 * the diagnostic and the plan: carnet/vocab.h). Shipped in
 * fixtures/referentiel/ with their sources.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread (the lists are loaded lazily into it).
 */
#ifndef CARNET_REFERENTIEL_H
#define CARNET_REFERENTIEL_H

#include <stddef.h>

#include <carnet/db.h>
#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a référentiel item is. */
typedef enum carnet_ref_kind {
    CARNET_REF_THEME = 1,
    CARNET_REF_SITUATION = 2,
    CARNET_REF_OBJECTIF = 3,
    CARNET_REF_ACTION = 4,
    CARNET_REF_ROME = 5
} carnet_ref_kind;

/** One item. Strings are borrowed from the handle for its lifetime. */
typedef struct carnet_ref_item {
    carnet_ref_kind kind;
    const char *theme; /**< theme code ("logement"); for ROME, the ROME code */
    const char *label; /**< French label */
} carnet_ref_item;

/** A search over the référentiel. */
typedef struct carnet_ref_iter carnet_ref_iter;

/**
 * Search items of one kind, optionally in one theme (NULL: all), whose
 * label contains every word of @p words (case- and accent-insensitive;
 * NULL or "" matches everything).
 * @return CARNET_OK, CARNET_EINVAL (unknown theme), CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_ref_search(carnet_ref_iter **out, carnet_db *db,
                                                  carnet_ref_kind kind, const char *theme,
                                                  const char *words);

/** @return CARNET_OK, CARNET_ITEROVER */
CARNET_API int carnet_ref_next(carnet_ref_iter *it, carnet_ref_item *out);

/** Free a search. NULL is a no-op. */
CARNET_API void carnet_ref_iter_free(carnet_ref_iter *it);

/**
 * Is @p label an item of @p kind in @p theme (exact match)?
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_ref_check(carnet_db *db, carnet_ref_kind kind,
                                                 const char *theme, const char *label);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_REFERENTIEL_H */
