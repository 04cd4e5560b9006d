/* memory.h - what an actor remembers of a workspace, outside it: the
 * anchor and the latest verified heads (issue 16, docs/security.md §5).
 * SPDX-License-Identifier: MIT
 *
 * Above the store, below the registry and the carnets' histories, which
 * report every head they verify or append. Nothing happens on a handle
 * without an attached memory (carnet_memory_attach, actions/memory_attach.c).
 */
#ifndef CARNET_MEMORY_INT_H
#define CARNET_MEMORY_INT_H

#include <carnet/memory.h>

#include "store/state.h"
#include "store/store.h"

/* The two kinds of history a head belongs to. */
enum { CARNET__MEM_REGISTRY = 0, CARNET__MEM_CARNET = 1 };

/* The hash of record @p seq of the history being checked (verified), in
 * @p out: 0, or -1 when there is no such record. */
typedef int (*carnet__hash_at_fn)(const void *ctx, int64_t seq,
                                  unsigned char out[CARNET_HASH_BYTES]);

/* Attach the memory of the actor with keys @p kp, kept in @p state_path,
 * to @p db, after checking the workspace's anchor @p now against the one
 * remembered (pinned on first use). */
int carnet__memory_open(carnet_db *db, const carnet_keypair *kp, const char *state_path,
                        const unsigned char name[CARNET_HASH_BYTES],
                        const carnet__state_anchor *now);
/* A history verified up to (@p seq, @p head): CARNET_EROLLBACK if it is
 * older than, or not an extension of, the head remembered; otherwise the
 * head is remembered (at once, or when the open transaction commits). */
int carnet__memory_check(carnet_db *db, int kind, const unsigned char id[CARNET_ID_BYTES],
                         int64_t seq, const unsigned char head[CARNET_HASH_BYTES],
                         carnet__hash_at_fn hash_at, const void *ctx);
/* A record this handle appended: remembered when its transaction commits. */
int carnet__memory_note(carnet_db *db, int kind, const unsigned char id[CARNET_ID_BYTES],
                        int64_t seq, const unsigned char head[CARNET_HASH_BYTES]);
/* The remembered head of (@p kind, @p id), its signature checked: *found 0
 * when none (or no memory attached). */
int carnet__memory_get(carnet_db *db, int kind, const unsigned char id[CARNET_ID_BYTES],
                       carnet__state_head *out, int *found);
/* Replace remembered heads by @p heads whatever their numbers (an accepted
 * restore), signed here. */
int carnet__memory_accept(carnet_db *db, carnet__state_head *heads, size_t n);
/* Every remembered head, signature checked, in (kind, id) order. */
int carnet__memory_each(carnet_db *db, int (*fn)(void *ctx, const carnet__state_head *h),
                        void *ctx);

#endif /* CARNET_MEMORY_INT_H */
