/* status.h - status codes shared by every carnet module.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_STATUS_H
#define CARNET_STATUS_H

#include <carnet/export.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CARNET_NODISCARD    __attribute__((warn_unused_result))
#define CARNET_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CARNET_NODISCARD
#define CARNET_PRINTF(f, a)
#endif

/**
 * Status codes returned by every fallible carnet function.
 *
 * Success is 0 and every failure is negative, so `if (rc < 0)` catches any
 * failure. CARNET_ITEROVER is not a failure: it ends an iteration.
 */
typedef enum carnet_status {
    CARNET_OK = 0,
    CARNET_ERROR = -1,       /**< internal error: a bug or an unexpected library failure */
    CARNET_ENOMEM = -2,      /**< out of memory */
    CARNET_ENOTFOUND = -3,   /**< the named record does not exist */
    CARNET_EEXISTS = -4,     /**< the record already exists */
    CARNET_EINVAL = -5,      /**< invalid input: malformed, out of range, unknown value */
    CARNET_ECONSENT = -6,    /**< refused: no rule, no authorisation or no key allows it */
    CARNET_EAUTH = -7,       /**< a signature or ciphertext failed authentication */
    CARNET_EPASSPHRASE = -8, /**< a sealed key could not be unlocked (wrong secret or damage) */
    CARNET_EBUSY = -9,       /**< the workspace is locked by another writer; retry */
    CARNET_EIO = -10,        /**< read or write error, disk full, read-only file */
    CARNET_ECORRUPT = -11,   /**< stored data is damaged or inconsistent */
    CARNET_ENOINPUT = -12,   /**< an input file or the workspace does not exist */
    CARNET_ITEROVER = -13,   /**< an iterator has no more items (not an error) */
    CARNET_EINTEGRITY = -14, /**< a verified history is broken: a record is missing, altered,
                                  out of order, or does not match the stored rows */
    CARNET_EROLLBACK = -15   /**< the workspace is older than, or diverges from, what the
                                  actor already saw, or its anchor changed */
} carnet_status;

/**
 * Return a static, human-readable (French) description of a status code.
 *
 * @param[in] status any value; unknown values give a generic text
 * @return a string with static storage duration; never NULL
 * Thread-safe.
 */
CARNET_API const char *carnet_strerror(int status);

/**
 * Return the stable, lower-case, ASCII name of a status code (e.g. "consent").
 *
 * Meant for machine-readable output such as `--json` reports.
 * @return a string with static storage duration; never NULL
 */
CARNET_API const char *carnet_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_STATUS_H */
