/* state.h - an actor's local state: the heads she has verified, kept
 * outside the workspace (memory/memory.c decides what goes in it).
 * SPDX-License-Identifier: MIT
 *
 * One small SQLite file per actor and workspace path, mode 0600, in a
 * directory of the actor's (by default $XDG_STATE_HOME/carnet). It holds
 * the workspace's anchor (its identity and its administrator's keys, as
 * first seen) and the latest head (number and hash) of the registry and of
 * each carnet, each row signed by the actor. Several processes of the same
 * actor update it safely: every change is one IMMEDIATE transaction that
 * merges (a head only moves forward), so SQLite's lock and journal give the
 * read-merge-write and the atomic replacement.
 */
#ifndef CARNET_STORE_STATE_H
#define CARNET_STORE_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* An open state file (opaque). */
typedef struct carnet__state carnet__state;

/* The workspace as the actor first saw it. */
typedef struct carnet__state_anchor {
    unsigned char ws[CARNET_ID_BYTES];
    unsigned char admin[CARNET_ID_BYTES];
    carnet_pubkey admin_pk;
    unsigned char sig[CARNET_SIG_BYTES];
} carnet__state_anchor;

/* A remembered head: of the registry (kind 0, id the workspace's) or of a
 * carnet (kind 1, id the carnet's). */
typedef struct carnet__state_head {
    int kind;
    unsigned char id[CARNET_ID_BYTES];
    int64_t seq;
    unsigned char hash[CARNET_HASH_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
} carnet__state_head;

/* Open (creating it, mode 0600, and its directory, mode 0700) the state
 * file at @p path. Failures are recorded in @p db. */
int carnet__state_open(carnet_db *db, const char *path, carnet__state **out);
void carnet__state_close(carnet__state *s);
/* The anchor: *found is 0 when none is recorded yet. */
int carnet__state_anchor_get(carnet_db *db, carnet__state *s, carnet__state_anchor *out,
                             int *found);
/* Record the anchor, only if none is recorded (first use). */
int carnet__state_anchor_put(carnet_db *db, carnet__state *s, const carnet__state_anchor *a);
/* The remembered head of (@p kind, @p id): *found is 0 when none. */
int carnet__state_head_get(carnet_db *db, carnet__state *s, int kind,
                           const unsigned char id[CARNET_ID_BYTES], carnet__state_head *out,
                           int *found);
/* Merge @p n heads in one transaction: each replaces the remembered one only
 * if it is further along (@p force: replace it whatever its number, for an
 * accepted restore; one of seq 0 is forgotten). */
int carnet__state_heads_put(carnet_db *db, carnet__state *s, const carnet__state_head *heads,
                            size_t n, int force);
/* Call @p fn for every remembered head, in (kind, id) order. */
int carnet__state_heads_each(carnet_db *db, carnet__state *s,
                             int (*fn)(void *ctx, const carnet__state_head *h), void *ctx);

#endif /* CARNET_STORE_STATE_H */
