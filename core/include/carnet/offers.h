/* offers.h - the catalogue of the territory's insertion services
 * ("cartographie de l'offre d'insertion"), shaped after data·inclusion:
 * import, search by thématique, commune and public, and the prescription of
 * a service in a plan action (field "offre" of plan.action).
 * SPDX-License-Identifier: MIT
 *
 * The catalogue is public information about services, never about a
 * person: it is stored in clear. Format: docs/offers.md.
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_OFFERS_H
#define CARNET_OFFERS_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One service of the catalogue. */
typedef struct carnet_offer {
    char id[64];
    char name[128];
    char structure[128];
    char commune[64];
    char postcode[8];
    char themes[512];  /**< data·inclusion sub-thématiques, comma-separated */
    char publics[256]; /**< comma-separated */
    char modes[64];    /**< "en-presentiel", "a-distance", comma-separated */
    char fees[32];     /**< "gratuit", "payant" */
    /** Codes of the Code officiel géographique where the service is open
     *  ("59" a département, "59512" a commune), comma-separated. */
    char zone[128];
    char description[512];
} carnet_offer;

/**
 * Import a catalogue ({"services": [...]}): every service is checked
 * (thématiques, publics, frais and modes from the data·inclusion
 * référentiel), then all are stored in one transaction, replacing those of
 * the same id. By the deployment administrator.
 * @param[out] count the number of services imported
 * @return CARNET_OK, CARNET_EINVAL (the message gives the JSON path),
 *         CARNET_ECONSENT (not the administrator), CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_offers_import(size_t *count, carnet_db *db,
                                                     carnet_actor *admin, const char *json,
                                                     size_t len);

/** @return CARNET_OK or CARNET_ENOTFOUND */
CARNET_API CARNET_NODISCARD int carnet_offer_get(carnet_offer *out, carnet_db *db, const char *id);

/** A search. Every criterion is optional (NULL). */
typedef struct carnet_offer_query {
    int version;         /**< CARNET_OFFER_QUERY_VERSION */
    const char *theme;   /**< a category ("mobilite") or a sub-thématique */
    const char *place;   /**< a commune name or a postcode */
    const char *public_; /**< a public; services for "tous-publics" match any */
    const char *words;   /**< words all found in the name, structure or description */
} carnet_offer_query;

#define CARNET_OFFER_QUERY_VERSION 1
#define CARNET_OFFER_QUERY_INIT                                                                    \
    {                                                                                              \
        CARNET_OFFER_QUERY_VERSION, NULL, NULL, NULL, NULL                                         \
    }

/** Iterator over the services matching a query, by id. */
typedef struct carnet_offer_iter carnet_offer_iter;

CARNET_API CARNET_NODISCARD int carnet_offer_iter_new(carnet_offer_iter **out, carnet_db *db,
                                                      const carnet_offer_query *q);
/** @return CARNET_OK, CARNET_ITEROVER or an error */
CARNET_API int carnet_offer_iter_next(carnet_offer_iter *it, carnet_offer *out);
CARNET_API void carnet_offer_iter_free(carnet_offer_iter *it);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_OFFERS_H */
