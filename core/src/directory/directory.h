/* directory.h - principals and actors: who is who in a workspace, whose
 * certificate verifies, and the in-memory handle of an unlocked actor.
 * SPDX-License-Identifier: MIT
 *
 * Above the store, below everything that names a carnet.
 */
#ifndef CARNET_DIRECTORY_INT_H
#define CARNET_DIRECTORY_INT_H

#include <carnet/directory.h>

#include "memory/memory.h"
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

/* ----------------------------------------------------------- registry.c */

/* The registry: the verified history of the workspace (certificates of
 * the administrator, structures and professionals; deactivations; rules). */
typedef struct carnet__registry carnet__registry;

typedef enum carnet__reg_action {
    CARNET__REG_CERTIFY = 1,
    CARNET__REG_DEACTIVATE = 2,
    CARNET__REG_RULES = 3,
    CARNET__REG_ATTEST = 4
} carnet__reg_action;

/* Append a record, signed by @p by, inside the caller's transaction. */
int carnet__registry_certify(carnet_db *db, const carnet__principal *by, const carnet_keypair *kp,
                             int64_t pid);
int carnet__registry_deactivate(carnet_db *db, const carnet__principal *by,
                                const carnet_keypair *kp, int64_t pid,
                                const unsigned char id[CARNET_ID_BYTES]);
int carnet__registry_rules(carnet_db *db, const carnet__principal *admin, const carnet_keypair *kp,
                           int64_t rules_id, const char *doc, size_t len);
int carnet__registry_attest(carnet_db *db, const carnet__principal *admin, const carnet_keypair *kp,
                            int64_t count, const unsigned char commit[CARNET_HASH_BYTES]);
void carnet__registry_rules_commit(unsigned char out[CARNET_HASH_BYTES], const char *doc,
                                   size_t len);
/* The verified registry (only the records added since this handle last
 * verified it): CARNET_ENOTFOUND before the deployment exists,
 * CARNET_EINTEGRITY when a record is missing, altered or unauthorised. A
 * registry of no record is a workspace created before it (migrate). */
int carnet__registry_get(carnet_db *db, const carnet__registry **out);
/* Fail with the message that names `carnet espace migrer`. */
int carnet__registry_unmigrated(carnet_db *db);
int64_t carnet__registry_records(const carnet__registry *r);
/* Is @p pid certified by the registry with these very keys? */
int carnet__registry_has(const carnet__registry *r, int64_t pid, const carnet_pubkey *pk);
/* The hash of record @p seq (-1 when the registry has no such record). */
int carnet__registry_hash_at(const carnet__registry *r, int64_t seq,
                             unsigned char out[CARNET_HASH_BYTES]);
/* The record that deactivated @p pid (0: none). */
int64_t carnet__registry_deactivated_seq(const carnet__registry *r, int64_t pid);
/* When the registry deactivated @p pid (0: it did not). */
int64_t carnet__registry_deactivated_at(const carnet__registry *r, int64_t pid);
/* The rules row in force and its commitment (0: none installed). */
int64_t carnet__registry_rules_in_force(const carnet__registry *r,
                                        unsigned char commit[CARNET_HASH_BYTES]);

/* What a full verification of the registry found. */
typedef struct carnet__registry_report {
    int64_t records;
    int64_t attested;     /* records attested by a migration */
    int64_t fault_record; /* 0 when the fault is not at one record */
    char fault[160];      /* "" when the registry holds */
    int64_t mismatches;   /* clear columns that disagree with it (caches) */
    char mismatch[160];
} carnet__registry_report;
/* Verify the whole registry from its start, without the handle's cache. */
int carnet__registry_verify(carnet_db *db, carnet__registry_report *out);

#endif /* CARNET_DIRECTORY_INT_H */
