/* stats.h - the indicators of a territory or of a référent's portfolio,
 * computed from clear metadata only: no key is needed and nothing is
 * decrypted (DESIGN §7).
 * SPDX-License-Identifier: MIT
 *
 * The indicators are about a cohort: the carnets that entered the parcours
 * (were created) within the period, optionally only those whose current
 * référent is given. They read the carnet rows, the coded facts each entry
 * writes in clear (docs/data-model.md, "The indicator facts"), the
 * membership, réorientation and authorisation tables.
 *
 * Thread-safety: one handle per thread; a result is immutable.
 */
#ifndef CARNET_STATS_H
#define CARNET_STATS_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>
#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What to compute. Initialise with CARNET_STATS_OPTS_INIT. */
typedef struct carnet_stats_opts {
    int version;          /**< CARNET_STATS_OPTS_VERSION */
    const char *referent; /**< a référent's portfolio, or NULL for the territory */
    int64_t from;         /**< carnets created at or after (0: no bound) */
    int64_t to;           /**< carnets created before (0: no bound) */
} carnet_stats_opts;

#define CARNET_STATS_OPTS_VERSION 1
#define CARNET_STATS_OPTS_INIT                                                                     \
    {                                                                                              \
        CARNET_STATS_OPTS_VERSION, NULL, 0, 0                                                      \
    }

/** A computed set of indicators. */
typedef struct carnet_stats carnet_stats;

/**
 * Compute the indicators. Takes the workspace only: no actor, no key.
 * @param[out] out the result; free with carnet_stats_free()
 * @return CARNET_OK, CARNET_ENOTFOUND (unknown référent), CARNET_EINVAL,
 *         CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_stats_compute(carnet_stats **out, carnet_db *db,
                                                     const carnet_stats_opts *opts);

/** Free a result. NULL is a no-op. */
CARNET_API void carnet_stats_free(carnet_stats *st);

/** One indicator. Strings are borrowed for the result's lifetime. */
typedef struct carnet_indicator {
    /** Stable code: "carnets", "premier_rdv.dans_30_jours",
     *  "actions.emploi.en_cours", "sorties.emploi_durable"… */
    const char *code;
    const char *label; /**< French */
    double value;      /**< a count, a number of days, a share in %, a mean rating */
    int64_t base;      /**< what a share or mean is computed over (0 when n/a) */
    const char *unit;  /**< "carnets", "jours", "%", "actions", "sur 10"… */
} carnet_indicator;

/** Number of indicators. */
CARNET_API size_t carnet_stats_count(const carnet_stats *st);

/** The indicator at @p i. @return CARNET_OK or CARNET_EINVAL */
CARNET_API int carnet_stats_get(const carnet_stats *st, size_t i, carnet_indicator *out);

/** The indicator of code @p code. @return CARNET_OK or CARNET_ENOTFOUND */
CARNET_API int carnet_stats_find(const carnet_stats *st, const char *code, carnet_indicator *out);

/** A carnet of a portfolio that needs attention, and why. */
typedef struct carnet_attention {
    char person[CARNET_HANDLE_MAX + 1];
    /** "rdv_en_retard", "sans_diagnostic" or "autorisation_expire_bientot" */
    const char *code;
    int64_t at; /**< the rendez-vous date, the entry date, the end of the authorisation */
} carnet_attention;

/** Number of attention rows (computed only for a portfolio). */
CARNET_API size_t carnet_stats_attention_count(const carnet_stats *st);

/** The attention row at @p i. @return CARNET_OK or CARNET_EINVAL */
CARNET_API int carnet_stats_attention_get(const carnet_stats *st, size_t i, carnet_attention *out);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_STATS_H */
