/* backend.h - what the files of the store share among themselves (store/ only).
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_STORE_BACKEND_H
#define CARNET_STORE_BACKEND_H

#include "base/base.h"
#include "store/store.h"

/* Record a failure of class @p rc, with the backend's own words @p detail
 * (fail.c): what carnet__store_fail() does once the backend is asked. */
int carnet__store_fail_as(carnet_db *db, int rc, const char *what, const char *detail);
/* The backend's own words for its last failure on @p db (borrowed). */
const char *carnet__store_detail(const carnet_db *db);

#endif /* CARNET_STORE_BACKEND_H */
