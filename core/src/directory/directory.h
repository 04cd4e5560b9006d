/* directory.h - principals and actors: who is who in a workspace, whose
 * certificate verifies, and the in-memory handle of an unlocked actor.
 * SPDX-License-Identifier: MIT
 *
 * Above the store, below everything that names a carnet.
 */
#ifndef CARNET_DIRECTORY_INT_H
#define CARNET_DIRECTORY_INT_H

#include <carnet/directory.h>

#include "store/store.h"

/* An opened epoch key, cached in the actor that opened it; at most
 * CARNET__KEY_CACHE_MAX keys of other carnets are kept (keyring.c). */
#define CARNET__KEY_CACHE_MAX 64
/* An opened epoch key, cached in the actor that opened it. */
struct carnet__key_slot {
    int64_t carnet;
    int section;
    uint32_t epoch;
    carnet_epoch_key *key;
};
struct carnet_actor {
    carnet_db *db; /* borrowed */
    int64_t pid;
    unsigned char id[CARNET_ID_BYTES];
    char handle[CARNET_HANDLE_MAX + 1];
    carnet_principal_kind kind;
    carnet_role role;
    int64_t structure;
    carnet_structure_type stype;
    carnet_keypair *kp;
    carnet_pubkey pk;
    carnet_epoch_key *index_key; /* directory index key (structures, professionals) */
    struct carnet__key_slot *keys;
    size_t nkeys;
    size_t capkeys;
};
/* A principal as loaded from the directory (public part). */
typedef struct carnet__principal {
    int64_t pid;
    unsigned char id[CARNET_ID_BYTES];
    char handle[CARNET_HANDLE_MAX + 1];
    carnet_principal_kind kind;
    carnet_role role;
    int64_t structure;
    carnet_structure_type stype;
    int sensitive;
    carnet_pubkey pk;
    int64_t created_at;
    int64_t deactivated_at;
} carnet__principal;
int carnet__principal_by_handle(carnet_db *db, const char *handle, carnet__principal *out);
int carnet__principal_by_pid(carnet_db *db, int64_t pid, carnet__principal *out);
int carnet__principal_handle(carnet_db *db, int64_t pid, char out[CARNET_HANDLE_MAX + 1]);
/* Check the certification chain of a principal (cached per handle). */
int carnet__principal_certified(carnet_db *db, const carnet__principal *p);
/* Load a principal and require a valid certification chain. */
int carnet__principal_trusted(carnet_db *db, int64_t pid, carnet__principal *out);
/* A principal about to be inserted. */
typedef struct carnet__new_principal {
    carnet__principal p; /* handle, kind, role, structure, stype, sensitive set by caller */
    const char *name;
    const char *postcode;
    const unsigned char *sealed;   /* set by carnet__principal_register */
    const unsigned char *recovery; /* or NULL */
    int64_t cert_by;
    unsigned char cert_sig[CARNET_SIG_BYTES];
    unsigned char self_sig_buf[CARNET_SIG_BYTES];
    const unsigned char *self_sig;
    const unsigned char *index_wrap;
    const unsigned char *index_sig;
    int64_t index_by;
} carnet__new_principal;
/* Seal the keys, certify (issuer NULL: self) and insert; fills np->p.pid and id. */
int carnet__principal_register(carnet_db *db, carnet__new_principal *np, const carnet_keypair *kp,
                               const carnet_keypair *issuer_kp, const carnet__principal *issuer,
                               const carnet_secbuf *pass, carnet_kdf_profile prof);
int carnet__kdf_profile(carnet_db *db, carnet_kdf_profile *out);
int carnet__check_passphrase(carnet_db *db, const carnet_secbuf *pass, const char *who);
int carnet__actor_is_admin(const carnet_actor *a);

#endif /* CARNET_DIRECTORY_INT_H */
