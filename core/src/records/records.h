/* records.h - what is stored about each carnet, read and checked without any
 * key: its row and groupe de suivi, its journal, the signed authorisations,
 * which epoch was current when, and entry rows with their envelopes.
 * SPDX-License-Identifier: MIT
 *
 * Nothing here decides an access or opens a key: rules/ and keys/ do.
 */
#ifndef CARNET_RECORDS_INT_H
#define CARNET_RECORDS_INT_H

#include <carnet/audit.h>
#include <carnet/consent.h>
#include <carnet/member.h>
#include <carnet/parcours.h>

#include "vocab/vocab.h"

/* A carnet row. */
typedef struct carnet__carnet {
    int64_t rowid;
    unsigned char id[CARNET_ID_BYTES];
    int64_t person;  /* pid */
    int64_t creator; /* pid */
    carnet_lifecycle lifecycle;
    int64_t created_at;
    int64_t referent;  /* pid or 0 */
    int64_t structure; /* pid or 0 */
    int64_t next_no;
    int64_t creation_entries; /* entries of the creation batch */
    int erased;
} carnet__carnet;
int carnet__carnet_by_person(carnet_db *db, const char *person, carnet__carnet *out);
int carnet__carnet_by_rowid(carnet_db *db, int64_t rowid, carnet__carnet *out);
int carnet__carnet_insert(carnet_db *db, carnet__carnet *c);
int carnet__carnet_set_lifecycle(carnet_db *db, int64_t carnet, carnet_lifecycle st);
int carnet__carnet_set_referent(carnet_db *db, int64_t carnet, int64_t referent, int64_t structure);
/* The stable code of a role of the groupe de suivi, or NULL (carnet_member_role_code). */
const char *carnet__member_role_code(carnet_member_role r);
int carnet__member_start(carnet_db *db, int64_t carnet, int64_t member, carnet_member_role role,
                         int64_t by);
int carnet__member_end(carnet_db *db, int64_t carnet, int64_t member, int64_t by);
/* The role of a stored code; CARNET_EINVAL (and *out unchanged) if unknown. */
int carnet__member_role_parse(const char *code, carnet_member_role *out);
/* What a member record commits to: the carnet, the member, whether the
 * membership starts (with its role) or ends ("cdb/v2/member-commit"). */
void carnet__member_commit(unsigned char out[CARNET_HASH_BYTES],
                           const unsigned char carnet[CARNET_ID_BYTES],
                           const unsigned char member[CARNET_ID_BYTES], int start,
                           carnet_member_role role);
/* What a référent record commits to (@p entry 0, "cdb/v2/referent-commit"),
 * or an orientation record (the orientation entry @p entry,
 * "cdb/v2/orient-commit"): the carnet, the référent and his structure. */
/* What a réorientation record commits to: the request @p no, its state
 * (1 asked, 2 accepted, 3 maintained) and the entry that says why. */
void carnet__reorientation_commit(unsigned char out[CARNET_HASH_BYTES],
                                  const unsigned char carnet[CARNET_ID_BYTES], int64_t no,
                                  int state, int64_t entry);
void carnet__referent_commit(unsigned char out[CARNET_HASH_BYTES],
                             const unsigned char carnet[CARNET_ID_BYTES], int64_t entry,
                             const unsigned char referent[CARNET_ID_BYTES],
                             const unsigned char structure[CARNET_ID_BYTES]);
/* Encode the epoch context bound into commitments and wraps (CARNET__EPOCH_CTX_BYTES). */
enum { CARNET__EPOCH_CTX_BYTES = 16 + CARNET_ID_BYTES + 1 + 4 };
size_t carnet__epoch_ctx(unsigned char *out, const unsigned char carnet[CARNET_ID_BYTES],
                         int section, uint32_t epoch);
/* Current epoch number of a section. */
int carnet__epoch_current(carnet_db *db, int64_t carnet, int section, uint32_t *out);
/* Epoch that was current at time t (0 if t precedes all). */
int carnet__epoch_at(carnet_db *db, int64_t carnet, int section, int64_t t, uint32_t *out);
/* Does a wrap exist for (carnet, section, epoch, principal)? */
int carnet__wrap_exists(carnet_db *db, int64_t carnet, int section, uint32_t epoch, int64_t pid);
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
/* An authorisation as signed by the person (records/grants.c). */
enum {
    CARNET__GRANT_TBS = CARNET_ID_BYTES + 8 + CARNET_ID_BYTES + CARNET_SIGN_PK_BYTES +
                        CARNET_BOX_PK_BYTES + 3 + 8 * 3 + 2 + 8 + CARNET_HASH_BYTES
};
typedef struct carnet__grant {
    int64_t no;
    int64_t grantee;
    unsigned sections;
    carnet_access access;
    carnet_scope scope;
    int64_t since, not_before, not_after, created_at, revoked_at;
    carnet_purpose purpose;
    carnet_method method;
    unsigned char prev[CARNET_HASH_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
} carnet__grant;
/* The bytes the person signs for @p g given to @p grantee; their length. */
size_t carnet__grant_tbs(unsigned char out[CARNET__GRANT_TBS], const carnet__carnet *c,
                         const carnet__grant *g, const carnet__principal *grantee);
/* Read the consent row @p st stands on; 0 when its hash or signature
 * column is missing or of the wrong size. */
int carnet__grant_read(carnet__statement *st, carnet__grant *g);
/* Whether the person (her certified key) signed exactly this grant. */
int carnet__grant_signed(carnet_db *db, const carnet__carnet *c, const carnet__grant *g,
                         const carnet__principal *grantee);
/* What the record of an authorisation commits to: its signed bytes and signature. */
void carnet__grant_commit(unsigned char out[CARNET_HASH_BYTES], const unsigned char *tbs, size_t n,
                          const unsigned char sig[CARNET_SIG_BYTES]);
/* The number and commitment of the consent row @p st stands on; 0 when it
 * cannot be read. */
int carnet__grant_row_commit(carnet_db *db, const carnet__carnet *c, carnet__statement *st,
                             int64_t *no, unsigned char out[CARNET_HASH_BYTES]);
/* Authorisation @p no of @p c. */
int carnet__grant_load(carnet_db *db, const carnet__carnet *c, int64_t no, carnet__grant *g);
/* The number of the last authorisation and the hash that the next one chains to. */
int carnet__grant_chain_prev(carnet_db *db, const carnet__carnet *c, int64_t *last_no,
                             unsigned char prev[CARNET_HASH_BYTES]);
int carnet__grants_log_expired(carnet_db *db, const carnet__carnet *c, const carnet_actor *a);
/* The blind index of the flows (lookup.c): each row bound to its carnet
 * under the index key. */
void carnet__lookup_bind(unsigned char out[CARNET_HASH_BYTES], const carnet_epoch_key *index,
                         const unsigned char tag[CARNET_HASH_BYTES],
                         const unsigned char carnet[CARNET_ID_BYTES]);
/* The carnet (rowid) @p tag leads to, 0 when none; CARNET_EINTEGRITY when
 * the row is unbound or bound to another carnet. */
int carnet__lookup_find(carnet_db *db, const carnet_epoch_key *index,
                        const unsigned char tag[CARNET_HASH_BYTES], int64_t *carnet);
/* Lead @p tag to @p c, bound. */
int carnet__lookup_put(carnet_db *db, const carnet_epoch_key *index,
                       const unsigned char tag[CARNET_HASH_BYTES], const carnet__carnet *c,
                       const char *kind);
/* Bind every row written before binds (the administrator's migration):
 * what the file says at that moment is attested; *n rows bound. */
int carnet__lookup_bind_all(carnet_db *db, const carnet_epoch_key *index, int64_t *n);

/* A record of a carnet's chain as verified by carnet__audit_walk(). */
typedef struct carnet__record {
    int64_t seq;
    int64_t at;
    int64_t actor; /* pid of the signer */
    carnet_audit_action action;
    int section; /* -1: none */
    int64_t object;
    int refused;
    int has_commit;
    unsigned char commit[CARNET_HASH_BYTES]; /* the state it changes (v2 records) */
    int64_t reg_seq; /* the registry head it was decided against (v3; 0: none) */
    unsigned char hash[CARNET_HASH_BYTES];
    int ok; /* signature, hash and position verified */
} carnet__record;

/* The next record this handle appended to carnet @p carnet's chain right
 * after (@p seq, @p head), in a transaction that has committed or is still
 * open (a rollback forgets it), signed by a principal the walk would trust:
 * 1 and *out (taken from the list), else 0.
 * Records of that carnet at or before @p seq are dropped from the list. */
int carnet__audit_adopt_next(carnet_db *db, int64_t carnet, int64_t seq,
                             const unsigned char head[CARNET_HASH_BYTES], carnet__record *out);

/* What a walk found: records read, the first broken link (0: none), the
 * head after the last verified record. */
typedef struct carnet__walk_report {
    int64_t records;
    int64_t last_seq;
    int broken;
    int64_t first_bad;
    unsigned char head[CARNET_HASH_BYTES];
    int64_t signatures; /* records whose signature was checked */
    int trust_missed;   /* the chain did not reach the trusted head with its hash */
} carnet__walk_report;

/* A head verified before: by this handle, or remembered by its actor. */
typedef struct carnet__walk_trust {
    int64_t seq; /* 0: none */
    unsigned char hash[CARNET_HASH_BYTES];
} carnet__walk_trust;

/* Verify the records of @p c after (@p from_seq, @p from_hash) (0, NULL:
 * from the genesis), calling @p fn with each record that verifies until the
 * first broken link; a failure of @p fn stops the walk and is returned.
 * Records up to @p trust (or NULL) are followed by link and hash only; a
 * chain that does not reach it with the same hash stops the walk with
 * rep->trust_missed set, and the caller walks again without trust. */
int carnet__audit_walk(carnet_db *db, const carnet__carnet *c, int64_t from_seq,
                       const unsigned char from_hash[CARNET_HASH_BYTES],
                       const carnet__walk_trust *trust,
                       int (*fn)(void *ctx, const carnet__record *r), void *ctx,
                       carnet__walk_report *rep);
/* The head this handle knows verified for carnet @p carnet (rowid): the
 * last one a history verified or adopted, or the last record it appended
 * on a chain it created or had verified; *found 0 when none. */
void carnet__audit_tip_get(carnet_db *db, int64_t carnet, carnet__walk_trust *out, int *found);
/* Remember (@p seq, @p hash) as verified for carnet @p carnet. */
void carnet__audit_tip_set(carnet_db *db, int64_t carnet, int64_t seq,
                           const unsigned char hash[CARNET_HASH_BYTES]);
/* The stored hash of record @p seq of carnet @p carnet (rowid): 0, or -1
 * when there is none. */
int carnet__audit_hash_at(carnet_db *db, int64_t carnet, int64_t seq,
                          unsigned char out[CARNET_HASH_BYTES]);
/* Append a record that commits to the state it changes (@p commit, 32
 * bytes, or NULL). */
int carnet__audit_commit(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                         carnet_audit_action action, int section, int64_t object,
                         int refused_status, const unsigned char *commit);
int carnet__audit(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                  carnet_audit_action action, int section, int64_t object, int refused_status);
/* Audit a refusal in its own transaction (the failed operation rolled back). */
void carnet__audit_refusal(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                           carnet_audit_action action, int section, int64_t object, int status);
/* Resolve "supersedes" given by the caller to the head of its chain; with
 * @p given 0, the chain a one-chain kind continues (0: a new one). */
int carnet__entry_chain(carnet_db *db, const carnet__carnet *c, const carnet__kind *k,
                        int64_t given, int64_t *head, int64_t *root);
/* The latest entry of @p kind in the carnet and its chain (*no 0: none;
 * @p root may be NULL). */
int carnet__entry_last_of(carnet_db *db, const carnet__carnet *c, uint16_t kind, int64_t *no,
                          int64_t *root);
/* Whether the carnet's parcours has ended: its latest exit or closing comes
 * after its latest orientation. Read from the entry rows, which the history
 * binds; carnet.status, a cache, is not read. */
int carnet__entry_parcours_ended(carnet_db *db, const carnet__carnet *c, int *out);
/* One entry row with its envelope (body_ct owned by env). */
typedef struct carnet__entry_row {
    carnet_entry_meta meta;
    int64_t author_pid;
    unsigned char id[CARNET_ID_BYTES];
    unsigned char supersedes_id[CARNET_ID_BYTES];
    uint16_t kind_code;
    carnet_envelope env;
    unsigned char ct_hash[CARNET_HASH_BYTES]; /* of the ciphertext, kept after erasure */
    int has_ct_hash;                          /* 0: written before the verified history */
} carnet__entry_row;
/* The identifier of entry @p no (CARNET_EINVAL, named, when there is none). */
int carnet__entry_id_of(carnet_db *db, const carnet__carnet *c, int64_t no,
                        unsigned char id[CARNET_ID_BYTES]);
/* Fill @p out from the entry row @p st stands on (columns of the entry row queries). */
int carnet__entry_row_read(carnet_db *db, carnet__statement *st, carnet__entry_row *out);
/* The hash of an envelope's ciphertext (wrapped key, nonces, body). */
int carnet__entry_ct_hash(unsigned char out[CARNET_HASH_BYTES], const carnet_envelope *env);
/* What the record of an entry commits to: its number, supersession, root,
 * section, epoch, kind, time, identifiers, ciphertext hash and signature. */
void carnet__entry_commit(unsigned char out[CARNET_HASH_BYTES], const carnet__carnet *c,
                          const carnet__entry_row *row);
/* The commitment of stored entry @p no. */
int carnet__entry_commit_of(carnet_db *db, const carnet__carnet *c, int64_t no,
                            unsigned char out[CARNET_HASH_BYTES]);
/* Load one entry row by number. */
int carnet__entry_row_get(carnet_db *db, const carnet__carnet *c, int64_t no,
                          carnet__entry_row *out);

/* ----------------------------------------------------------- roster.c */

/* The référent and the groupe de suivi of a carnet, replayed from its
 * records (embedded in its history; zeroed to start). */
struct carnet__roster_member {
    int64_t pid;
    carnet_member_role role;
};
/* A réorientation request as its records commit to it. */
struct carnet__roster_request {
    int64_t no;
    int decided;    /* 0: pending */
    int64_t record; /* the request's record */
    unsigned char request[CARNET_HASH_BYTES];
    unsigned char decision[CARNET_HASH_BYTES];
};
typedef struct carnet__roster {
    carnet_db *db; /* while a walk runs */
    unsigned char cid[CARNET_ID_BYTES];
    int64_t person;
    int ref_state;      /* whether the records say who the référent is */
    int64_t referent;   /* his pid (0: none) */
    int64_t ref_record; /* the record that designated him */
    struct carnet__roster_member *m;
    size_t nm, cap_m;
    int members_unknown;              /* a record that does not say whom it changed */
    struct carnet__roster_request *q; /* réorientation requests, in order */
    size_t nq, cap_q;
    int requests_unknown; /* a réorientation record without commitment */
    carnet__fault fault;
} carnet__roster;
/* Replay one verified record (creation, member, référent, orientation;
 * others are ignored): CARNET_EINTEGRITY with the fault in @p h. */
int carnet__roster_apply(carnet__roster *h, const carnet__record *r);
/* Check the carnet row's référent and structure and the current
 * membership rows against the replayed state. */
int carnet__roster_check(carnet__roster *h, carnet_db *db, const carnet__carnet *c);
int64_t carnet__roster_referent(const carnet__roster *h, int *known);
void carnet__roster_free(carnet__roster *h);

/* ---------------------------------------------------------- history.c */

/* The verified state of a carnet (opaque; owned by the handle). */
typedef struct carnet__history carnet__history;

/* Verify the carnet's history (only what was added since this handle last
 * verified it) and check its entry rows against their records: the state
 * that decisions read, or CARNET_EINTEGRITY naming the first fault. */
int carnet__history_get(carnet_db *db, const carnet__carnet *c, const carnet__history **out);

/* What a full verification found (carnet__history_verify). */
typedef struct carnet__history_report {
    int64_t records;      /* records verified before the first fault */
    int64_t entries;      /* entry rows checked */
    int64_t fault_record; /* the record of the first fault, 0 when an entry row */
    char fault[160];      /* "" when the history holds */
} carnet__history_report;

/* Verify the whole history of @p c from its start, without the handle's
 * memory; a fault is reported in @p out, not returned. */
int carnet__history_verify(carnet_db *db, const carnet__carnet *c, carnet__history_report *out);

/* When authorisation @p no was revoked by a verified record (0: it was not). */
int64_t carnet__history_revoked_at(const carnet__history *h, int64_t no);
/* Whether authorisation @p no was given by a verified record committing to
 * @p commit (records written before the history carry no commitment). */
int carnet__history_grant_recorded(const carnet__history *h, int64_t no,
                                   const unsigned char commit[CARNET_HASH_BYTES]);
/* Whether the person had blocked @p pid at @p t, and since when. */
int carnet__history_blocked_at(const carnet__history *h, int64_t pid, int64_t t, int64_t *since);
/* The creator of the carnet and how many entries the creation wrote (0, 0
 * before the creation record). */
int64_t carnet__history_creator(const carnet__history *h, int64_t *creation_entries);

/* The référent the history designated last (0: none yet); *known is 0 when
 * an orientation written before orientations committed to their référent
 * may have changed him (the carnet row is then unchecked). */
int64_t carnet__history_referent(const carnet__history *h, int *known);
/* Whether an erasure record erased the whole carnet. */
int carnet__history_erased(const carnet__history *h);

#endif /* CARNET_RECORDS_INT_H */
