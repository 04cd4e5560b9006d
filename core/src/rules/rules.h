/* rules.h - the sharing rules in force and the access decisions derived
 * from them and from the signed records; no key needed.
 * SPDX-License-Identifier: MIT
 *
 * The key ring asks these decisions, never the reverse.
 */
#ifndef CARNET_RULES_INT_H
#define CARNET_RULES_INT_H

#include <carnet/policy.h>
#include <carnet/rules.h>

#include "records/records.h"

/* The access decision, with its explanation; no key needed. */
int carnet__decide(carnet_db *db, const carnet__principal *who, const carnet__carnet *c,
                   int section, carnet_access access, int64_t at, carnet_decision *out);
int carnet__blocked_at(carnet_db *db, const carnet__carnet *c, int64_t pid, int64_t t, int *blocked,
                       int64_t *since);
/* Is @p pid entitled to read the section now (for rotations)? */
int carnet__entitled(carnet_db *db, const carnet__carnet *c, const carnet__principal *who,
                     int section, int64_t at, int *yes);
/* Did @p pid hold write authority on the section at @p at? */
int carnet__write_authority(carnet_db *db, const carnet__carnet *c, int64_t pid, int section,
                            int64_t at, int *yes);
int carnet__rules_current(carnet_db *db, const carnet_rules **out);
/* Parse, sign and store rules as the rules in force (inside a transaction). */
int carnet__rules_store(carnet_db *db, const char *json, size_t len, const carnet_keypair *admin_kp,
                        const carnet__principal *admin);

#endif /* CARNET_RULES_INT_H */
