/* keyring.h - epoch keys: starting an epoch, sealing its key to a reader,
 * opening it for an actor, and rotating when a reader loses access.
 * SPDX-License-Identifier: MIT
 *
 * The only layer of core that opens or seals an epoch key (through crypto/).
 */
#ifndef CARNET_KEYRING_INT_H
#define CARNET_KEYRING_INT_H

#include "rules/rules.h"

/* Start a new epoch for a section, sealed to the person and to @p readers. */
int carnet__epoch_new(carnet_db *db, const carnet__carnet *c, int section, carnet_actor *by,
                      const carnet_keypair *signer, const carnet__principal *readers,
                      size_t nreaders, const char *reason, carnet_epoch_key **key_out,
                      uint32_t *epoch_out);
/* Seal an epoch key to one more principal. */
int carnet__wrap_add(carnet_db *db, const carnet__carnet *c, int section, uint32_t epoch,
                     const carnet_epoch_key *k, const carnet_keypair *sealer, int64_t sealer_pid,
                     const carnet__principal *to);
/* Open (and cache) the actor's key of an epoch. EAUTH/ECONSENT on failure. */
int carnet__epoch_key(carnet_db *db, carnet_actor *a, const carnet__carnet *c, int section,
                      uint32_t epoch, const carnet_epoch_key **out);
/* Rotate the section if a wrap holder of its current epoch lost access. */
int carnet__epoch_refresh(carnet_db *db, carnet_actor *a, const carnet__carnet *c, int section,
                          int force, const char *reason);
/* Delete every wrap of @p pid on the carnet's sections in @p mask. */
int carnet__wraps_delete(carnet_db *db, int64_t carnet, unsigned mask, int64_t pid);
/* Drop cached keys of a carnet (0: of every carnet), after a rollback. */
void carnet__actor_forget_keys(carnet_actor *a, int64_t carnet);

#endif /* CARNET_KEYRING_INT_H */
