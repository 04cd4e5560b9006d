/* internal.h - private definitions of the core library (never installed).
 * SPDX-License-Identifier: MIT
 *
 * Cross-file helpers are named carnet__*. Only store/ includes <sqlite3.h>
 * and holds SQL text: the layers above name a statement by its purpose.
 */
#ifndef CARNET_CORE_INTERNAL_H
#define CARNET_CORE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include <carnet/audit.h>
#include <carnet/consent.h>
#include <carnet/crypto.h>
#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/entry.h>
#include <carnet/exchange.h>
#include <carnet/model.h>
#include <carnet/parcours.h>
#include <carnet/referentiel.h>
#include <carnet/rules.h>

#include "base/base.h"
#include "store/store.h"

#define CARNET_SCHEMA_VERSION 2
#define CARNET_JSON_MAX       ((size_t)64 * 1024)

/* ---------------------------------------------------------------- handles */

struct carnet__ref; /* référentiel, loaded lazily (referentiel.c) */

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

typedef struct carnet__kind carnet__kind;

/* A carnet row. */
typedef struct carnet__carnet {
    int64_t rowid;
    unsigned char id[CARNET_ID_BYTES];
    int64_t person;  /* pid */
    int64_t creator; /* pid */
    carnet_status_code status;
    int64_t created_at;
    int64_t referent;  /* pid or 0 */
    int64_t structure; /* pid or 0 */
    int64_t next_no;
    int64_t creation_entries; /* entries of the creation batch */
    int erased;
} carnet__carnet;

/* --------------------------------------------------------- model.c */

int carnet__handle_valid(const char *h);
/* Encode / decode little-endian integers into TBS buffers. */
unsigned char *carnet__put64(unsigned char *p, int64_t v);
unsigned char *carnet__put32(unsigned char *p, uint32_t v);
unsigned char *carnet__put8(unsigned char *p, unsigned v);
unsigned char *carnet__putid(unsigned char *p, const unsigned char id[CARNET_ID_BYTES]);
/* Is the text valid UTF-8 without control characters (except \t \n \r)? */
int carnet__utf8_valid(const char *s, int allow_newlines);

/* --------------------------------------------------------- vocab.c */

struct carnet__vocab_row {
    const char *code;
    const char *label;
    const char *ext; /* external code (CAF), or NULL */
};
const struct carnet__vocab_row *carnet__vocab_rows(carnet_vocab v);
const struct carnet__vocab_row *carnet__vocab_find(carnet_vocab v, const char *code);
const struct carnet__vocab_row *carnet__vocab_find_ext(carnet_vocab v, const char *ext);

/* --------------------------------------------------------- directory.c */

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
/* Create a person principal (keys sealed under passphrase and/or code). */
int carnet__person_create(carnet_db *db, const carnet_actor *creator, const carnet_keypair *kp,
                          const carnet_secbuf *passphrase, const carnet_secbuf *code,
                          carnet__principal *out);
int carnet__actor_is_admin(const carnet_actor *a);
/* The directory index key of a structure or professional actor (unlocked lazily). */
int carnet__actor_index_key(carnet_actor *a, const carnet_epoch_key **out);

/* --------------------------------------------------------- carnet rows */

int carnet__carnet_by_person(carnet_db *db, const char *person, carnet__carnet *out);
int carnet__carnet_by_rowid(carnet_db *db, int64_t rowid, carnet__carnet *out);
int carnet__carnet_insert(carnet_db *db, carnet__carnet *c);
int carnet__carnet_set_status(carnet_db *db, int64_t carnet, carnet_status_code st);
int carnet__carnet_set_referent(carnet_db *db, int64_t carnet, int64_t referent, int64_t structure);
int carnet__member_start(carnet_db *db, int64_t carnet, int64_t member, carnet_member_role role,
                         int64_t by);
int carnet__member_end(carnet_db *db, int64_t carnet, int64_t member, int64_t by);

/* A carnet being created: the person's keys and the first epoch keys stay
 * in memory so the creation batch can be written (carnet.c). */
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

/* --------------------------------------------------------- keyring.c */

/* Encode the epoch context bound into commitments and wraps. */
size_t carnet__epoch_ctx(unsigned char *out, const unsigned char carnet[CARNET_ID_BYTES],
                         int section, uint32_t epoch);
/* Current epoch number of a section. */
int carnet__epoch_current(carnet_db *db, int64_t carnet, int section, uint32_t *out);
/* Epoch that was current at time t (0 if t precedes all). */
int carnet__epoch_at(carnet_db *db, int64_t carnet, int section, int64_t t, uint32_t *out);
/* Start a new epoch for a section, sealed to the person and to @p readers. */
int carnet__epoch_new(carnet_db *db, const carnet__carnet *c, int section, carnet_actor *by,
                      const carnet_keypair *signer, const carnet__principal *readers,
                      size_t nreaders, const char *reason, carnet_epoch_key **key_out,
                      uint32_t *epoch_out);
/* Seal an epoch key to one more principal. */
int carnet__wrap_add(carnet_db *db, const carnet__carnet *c, int section, uint32_t epoch,
                     const carnet_epoch_key *k, const carnet_keypair *sealer, int64_t sealer_pid,
                     const carnet__principal *to);
/* Does a wrap exist for (carnet, section, epoch, principal)? */
int carnet__wrap_exists(carnet_db *db, int64_t carnet, int section, uint32_t epoch, int64_t pid);
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

/* --------------------------------------------------------- policy.c */

/* The access decision, with its explanation; no key needed. */
int carnet__decide(carnet_db *db, const carnet__principal *who, const carnet__carnet *c,
                   int section, carnet_access access, int64_t at, carnet_decision *out);
int carnet__blocked_at(carnet_db *db, int64_t carnet, int64_t pid, int64_t t, int *blocked,
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

/* --------------------------------------------------------- consent.c */

int carnet__grant_insert(carnet_db *db, const carnet__carnet *c, const carnet_keypair *person_kp,
                         carnet_actor *person_actor, const carnet_grant_params *p, int64_t *no_out);
int carnet__grant_revoke_pid(carnet_db *db, const carnet__carnet *c, carnet_actor *person,
                             int64_t grantee_pid);
/* Record an "expire" audit event, once, for every authorisation of the
 * carnet that has expired by now (noted by @p a, who is rotating keys). */
/* The columns of a consent row (the queries that select one list them in
 * this order) and the numbers of those access decisions read. */
enum {
    CARNET__GRANT_COL_NO = 0,
    CARNET__GRANT_COL_NOT_BEFORE = 6,
    CARNET__GRANT_COL_NOT_AFTER = 7,
    CARNET__GRANT_COL_CREATED_AT = 10,
    CARNET__GRANT_COL_REVOKED_AT = 11
};
/* Whether the consent row @p st stands on (selected with
 * CARNET__GRANT_COL_*) bears the person's valid signature; a tampered
 * or forged row gives 0. */
int carnet__grant_row_signed(carnet_db *db, const carnet__carnet *c, carnet__statement *st);
int carnet__grants_log_expired(carnet_db *db, const carnet__carnet *c, const carnet_actor *a);

/* --------------------------------------------------------- audit.c */

int carnet__audit(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                  carnet_audit_action action, int section, int64_t object, int refused_status);
/* Audit a refusal in its own transaction (the failed operation rolled back). */
void carnet__audit_refusal(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                           carnet_audit_action action, int section, int64_t object, int status);

/* --------------------------------------------------------- kinds.c */

struct carnet__kind {
    const char *name;
    const char *label;
    uint16_t code;
    carnet_section section;
    int versioned; /* 0: never superseded; 1: chains named by their root; 2: one chain */
    int internal;  /* written by the library only */
    const struct carnet__field *fields;
    /* extra checks needing the workspace (référentiel, handles, references) */
    int (*check)(carnet_db *db, const carnet__carnet *c, const cJSON *body, char *msg,
                 size_t msg_size);
};
const carnet__kind *carnet__kind_by_name(const char *name);
const carnet__kind *carnet__kind_by_code(uint16_t code);
/* Parse and check a body; on success *out is the parsed tree (free with cJSON_Delete). */
int carnet__kind_parse(carnet_db *db, const carnet__carnet *c, const carnet__kind *k,
                       const char *json, cJSON **out, char *msg, size_t msg_size);

/* --------------------------------------------------------- entry.c */

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
/* Resolve "supersedes" given by the caller to the head of its chain. */
int carnet__entry_chain(carnet_db *db, const carnet__carnet *c, const carnet__kind *k,
                        int64_t given, int64_t *head, int64_t *root);
/* Side effects of a kind on clear metadata (facts, carnet status). */
int carnet__entry_effects(carnet_db *db, carnet__carnet *c, const carnet__kind *k,
                          const cJSON *body, int64_t no, int64_t root, int64_t author_pid);
/* Record a clear fact for the indicators. */
int carnet__fact(carnet_db *db, const carnet__carnet *c, const char *kind, int64_t entry,
                 int64_t root, int64_t at, const char *code, int64_t value);
/* One entry row with its envelope (body_ct owned by env). */
typedef struct carnet__entry_row {
    carnet_entry_meta meta;
    int64_t author_pid;
    unsigned char id[CARNET_ID_BYTES];
    unsigned char supersedes_id[CARNET_ID_BYTES];
    uint16_t kind_code;
    carnet_envelope env;
} carnet__entry_row;
/* Verify authorship and decrypt one entry into @p out (reader.c). */
int carnet__entry_open(carnet_db *db, carnet_actor *a, const carnet__carnet *c,
                       carnet__entry_row *row, carnet_secbuf *out);
/* Load one entry row by number. */
int carnet__entry_row_get(carnet_db *db, const carnet__carnet *c, int64_t no,
                          carnet__entry_row *out);
/* Decrypt the latest entry of a kind into a parsed tree (NULL if none). */
int carnet__entry_latest(carnet_db *db, carnet_actor *a, const carnet__carnet *c,
                         const carnet__kind *k, cJSON **out, int64_t *no_out);

/* --------------------------------------------------------- json.c */

/* Parse with length; on failure a message with the byte offset. */
int carnet__json_parse(carnet_db *db, const char *json, size_t len, cJSON **out, const char *what);
/* Print compactly into a malloc'd string (free with carnet__json_free_str). */
char *carnet__json_print(const cJSON *j);
/* Wipe and free a printed string. */
void carnet__json_free_str(char *s);
/* Wipe every string of a tree, then free it (trees hold personal data). */
void carnet__json_wipe_delete(cJSON *j);
const char *carnet__json_str(const cJSON *obj, const char *key);

/* --------------------------------------------------------- referentiel.c */

void carnet__ref_free(struct carnet__ref *ref);
int carnet__rome_valid(carnet_db *db, const char *code);

/* --------------------------------------------------------- embedded data */

extern const unsigned char carnet__embed_referentiel[];
extern const size_t carnet__embed_referentiel_len;
extern const unsigned char carnet__embed_rome[];
extern const size_t carnet__embed_rome_len;
extern const unsigned char carnet__embed_rules[];
extern const size_t carnet__embed_rules_len;
extern const unsigned char carnet__embed_data_inclusion[];
extern const size_t carnet__embed_data_inclusion_len;

#endif /* CARNET_CORE_INTERNAL_H */
