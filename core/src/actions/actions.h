/* actions.h - what actors do to a carnet: create it, write and read entries,
 * authorise, revoke, orient; each a transaction with its audit record.
 * SPDX-License-Identifier: MIT
 *
 * The public functions of these files are the library's verbs; the
 * helpers below are shared with the views and adapters above.
 */
#ifndef CARNET_ACTIONS_INT_H
#define CARNET_ACTIONS_INT_H

#include <carnet/exchange.h>
#include <carnet/orientation.h>
#include <carnet/reader.h>

#include "keys/keyring.h"

/* Attach @p actor's memory kept in @p dir, its anchor checked (pinned on
 * first use), without checking the registry's head against it: the first
 * step of carnet_memory_attach() and of an accepted restore. The
 * workspace's id in @p ws (or NULL). */
int carnet__memory_attach_anchor(carnet_db *db, const carnet_actor *actor, const char *dir,
                                 unsigned char ws[CARNET_ID_BYTES]);
/* The context of the directory index key's commitment and wraps. */
#define CARNET__INDEX_CTX "cdb/v1/index-key"
/* A name (UTF-8, at most CARNET_NAME_MAX bytes) and a handle, checked; the
 * message names @p what (directory_actor.c). */
int carnet__check_name(carnet_db *db, const char *name, const char *what);
int carnet__check_handle(carnet_db *db, const char *handle);
/* Create a person principal (keys sealed under passphrase and/or code). */
int carnet__person_create(carnet_db *db, const carnet_actor *creator, const carnet_keypair *kp,
                          const carnet_secbuf *passphrase, const carnet_secbuf *code,
                          carnet__principal *out);
/* The directory index key of a structure or professional actor (unlocked lazily). */
int carnet__actor_index_key(carnet_actor *a, const carnet_epoch_key **out);
/* A carnet being created: the person's keys and the first epoch keys stay
 * in memory so the creation batch can be written (parcours.c). */
typedef struct carnet__creation {
    carnet__carnet c;
    carnet__principal person;
    carnet_keypair *kp;
    carnet_epoch_key *keys[CARNET_SECTION_COUNT];
    carnet_secbuf *code; /* recovery or activation code, as displayed */
} carnet__creation;
/* Inside a transaction: person, carnet and first epochs. */
int carnet__creation_begin(carnet_db *db, carnet_actor *creator, const carnet_secbuf *passphrase,
                           carnet__creation *cr);
/* An entry of the creation batch, written by the creator. */
int carnet__creation_entry(carnet_db *db, carnet_actor *creator, carnet__creation *cr,
                           const carnet__kind *k, const char *canonical_json, int64_t supersedes,
                           int64_t *no_out);
/* Close the batch; with @p grant, the person (present) authorises the creator. */
int carnet__creation_finish(carnet_db *db, carnet_actor *creator, carnet__creation *cr,
                            const carnet_grant_params *grant);
void carnet__creation_release(carnet__creation *cr);
/* A transient actor for keys held in memory (not owned). */
carnet_actor *carnet__actor_wrap(carnet_db *db, const carnet__principal *p, carnet_keypair *kp);
void carnet__actor_unwrap(carnet_actor *a);
int carnet__grant_insert(carnet_db *db, const carnet__carnet *c, const carnet_keypair *person_kp,
                         carnet_actor *person_actor, const carnet_grant_params *p, int64_t *no_out);
int carnet__grant_revoke_pid(carnet_db *db, const carnet__carnet *c, carnet_actor *person,
                             int64_t grantee_pid);
typedef struct carnet__write {
    const carnet__kind *kind;
    const char *body;   /* canonical JSON */
    int64_t supersedes; /* entry number, or 0 */
    int64_t root;       /* chain root, or 0 for a new chain */
} carnet__write;
/* Encrypt, sign and insert one entry inside the current transaction. The
 * caller holds the epoch key of the section's current epoch. */
int carnet__entry_insert(carnet_db *db, carnet__carnet *c, const carnet_keypair *author_kp,
                         int64_t author_pid, const unsigned char author_id[CARNET_ID_BYTES],
                         const carnet_epoch_key *k, uint32_t epoch, const carnet__write *w,
                         int64_t *no_out);
/* Full write path for an actor (policy, rotation, key, insert, side effects, audit). */
int carnet__entry_write(carnet_db *db, carnet_actor *a, carnet__carnet *c, const carnet__write *w,
                        int64_t *no_out);
/* Side effects of a kind on clear metadata (facts, carnet status). */
int carnet__entry_effects(carnet_db *db, carnet__carnet *c, const carnet__kind *k,
                          const cJSON *body, int64_t no, int64_t root, int64_t author_pid);
/* Record a clear fact for the indicators. */
int carnet__fact(carnet_db *db, const carnet__carnet *c, const char *kind, int64_t entry,
                 int64_t root, int64_t at, const char *code, int64_t value);
/* Verify authorship and decrypt one entry into @p out (reader.c). */
int carnet__entry_open(carnet_db *db, carnet_actor *a, const carnet__carnet *c,
                       carnet__entry_row *row, carnet_secbuf *out);
/* Decrypt the latest entry of a kind into a parsed tree (NULL if none). */
int carnet__entry_latest(carnet_db *db, carnet_actor *a, const carnet__carnet *c,
                         const carnet__kind *k, cJSON **out, int64_t *no_out);

#endif /* CARNET_ACTIONS_INT_H */
