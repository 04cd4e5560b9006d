/* carnet.h - umbrella header of libcarnet: includes every public module.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CARNET_H
#define CARNET_CARNET_H

#include <carnet/crypto.h>
#include <carnet/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CARNET_VERSION "0.1.0"

/**
 * Return the library version as "MAJOR.MINOR.PATCH" (static storage).
 */
const char *carnet_version(void);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_CARNET_H */
