/* vocab.h - the closed lists of the diagnostic and the plan (work
 * situations, education levels, contracts, statuses): their stable codes
 * and French labels, shipped in fixtures/referentiel/.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safe: the lists are static.
 */
#ifndef CARNET_VOCAB_H
#define CARNET_VOCAB_H

#include <stddef.h>

#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#endif /* CARNET_VOCAB_H */
