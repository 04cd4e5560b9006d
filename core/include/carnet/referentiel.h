/* referentiel.h - the reference lists of the real Carnet de bord: thèmes,
 * situations, objectifs and actions, ROME job titles, and the closed lists
 * of the diagnostic and the plan (work situations, education levels,
 * contracts, statuses). Shipped in fixtures/referentiel/ with their sources.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread (the lists are loaded lazily into it).
 */
#ifndef CARNET_REFERENTIEL_H
#define CARNET_REFERENTIEL_H

#include <stddef.h>

#include <carnet/db.h>
#include <carnet/status.h>
#include <carnet/export.h>

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

/** Closed lists of the diagnostic and the plan. */
typedef enum carnet_vocab {
    CARNET_VOCAB_WORK_SITUATION = 1, /**< situation de travail (29 codes) */
    CARNET_VOCAB_EDUCATION,          /**< niveau de formation */
    CARNET_VOCAB_CONTRACT,           /**< contrat d'engagement: cer, ppae, cej, pacea, aucun */
    CARNET_VOCAB_JOB_CONTRACT,       /**< type de contrat recherché: cdi, cdd, … */
    CARNET_VOCAB_WORK_TIME,          /**< temps plein / partiel */
    CARNET_VOCAB_OBJECTIF_STATUS,    /**< en_cours, realise, abandonne */
    CARNET_VOCAB_ACTION_STATUS,      /**< the six statuses of an action */
    CARNET_VOCAB_RDV_STATUS,         /**< prevu, present, absent, excuse */
    CARNET_VOCAB_RSA_RIGHT,          /**< état du droit RSA */
    CARNET_VOCAB_SOURCE,             /**< personne, professionnel, caf, france_travail */
    CARNET_VOCAB_EXIT,               /**< kinds of exit */
    CARNET_VOCAB_FOLLOWUP,           /**< situation at a post-exit contact */
    CARNET_VOCAB_THEME,              /**< the ten thèmes */
    CARNET_VOCAB_EVENT,              /**< kinds of change of situation */
    CARNET_VOCAB_RSA_SUSPENSION,     /**< motifs de suspension du versement RSA */
    CARNET_VOCAB_RSA_CLOSURE         /**< motifs de clôture du droit RSA */
} carnet_vocab;

/**
 * Visit a closed list: *it starts at 0.
 * @param[out] code  stable code (static storage)
 * @param[out] label French label (static storage)
 * @return CARNET_OK or CARNET_ITEROVER
 */
CARNET_API int carnet_vocab_next(carnet_vocab v, size_t *it, const char **code, const char **label);

/** The French label of @p code in @p v, or NULL when it is not in the list. */
CARNET_API const char *carnet_vocab_label(carnet_vocab v, const char *code);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_REFERENTIEL_H */
