/* backend.h - what store.c asks of the backend (store/ only).
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_STORE_BACKEND_H
#define CARNET_STORE_BACKEND_H

#include "base/base.h"
#include "store/store.h"

/* The backend's own words for its last failure on @p db (borrowed). */
const char *carnet__store_detail(const carnet_db *db);

#endif /* CARNET_STORE_BACKEND_H */
