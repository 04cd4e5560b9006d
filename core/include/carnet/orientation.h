/* orientation.h - orienting a carnet: the orientation decision, the change of référent
 * and the réorientation requested by the référent and decided by the
 * structure. Widening who reads the carnet takes the person's signature
 * (an unlocked person actor, or NULL: recorded, no access until she
 * authorises it).
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_ORIENTATION_H
#define CARNET_ORIENTATION_H

#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * person is present, authorise the new référent. An orientation after the
 * carnet's latest exit or closing (suivi.sortie, suivi.cloture) starts the
 * parcours again: the carnet is back to CARNET_LIFECYCLE_EN_COURS, the
 * indicators count a return (`retours`), and the next suivi.sortie is a new
 * exit rather than a new version of the previous one.
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

#endif /* CARNET_ORIENTATION_H */
