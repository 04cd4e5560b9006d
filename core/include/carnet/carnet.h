/* carnet.h - umbrella header of libcarnet: includes every public module.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CARNET_H
#define CARNET_CARNET_H

#include <carnet/audit.h>
#include <carnet/consent.h>
#include <carnet/crypto.h>
#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/entry.h>
#include <carnet/exchange.h>
#include <carnet/export.h>
#include <carnet/json.h>
#include <carnet/kind.h>
#include <carnet/member.h>
#include <carnet/memory.h>
#include <carnet/model.h>
#include <carnet/offers.h>
#include <carnet/orientation.h>
#include <carnet/parcours.h>
#include <carnet/policy.h>
#include <carnet/reader.h>
#include <carnet/referentiel.h>
#include <carnet/rules.h>
#include <carnet/stats.h>
#include <carnet/status.h>
#include <carnet/vocab.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CARNET_VERSION "0.1.0"

/**
 * Return the library version as "MAJOR.MINOR.PATCH" (static storage).
 */
CARNET_API const char *carnet_version(void);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_CARNET_H */
