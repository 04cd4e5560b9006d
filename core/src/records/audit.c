/* audit.c - appending to, listing and verifying a carnet's audit chain.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

struct action_row {
    const char *code;
    const char *label;
};

static const struct action_row actions[] = {
    {NULL, NULL},
    {"create", "création du carnet"},
    {"read", "lecture"},
    {"write", "écriture"},
    {"grant", "autorisation de partage"},
    {"revoke", "révocation"},
    {"expire", "expiration"},
    {"block", "blocage"},
    {"unblock", "levée de blocage"},
    {"rotate", "nouvelle clé de section"},
    {"orient", "orientation"},
    {"referent", "changement de référent"},
    {"member", "groupe de suivi"},
    {"reorientation", "réorientation"},
    {"export", "export"},
    {"import", "import"},
    {"erase", "effacement"},
    {"recover", "récupération d'accès"},
    {"restore", "retour accepté à une copie antérieure"},
};

enum { NACTIONS = (int)(sizeof actions / sizeof actions[0]) };

const char *
carnet_audit_action_code(carnet_audit_action a)
{
    return (int)a > 0 && (int)a < NACTIONS ? actions[a].code : NULL;
}

const char *
carnet_audit_action_label(carnet_audit_action a)
{
    return (int)a > 0 && (int)a < NACTIONS ? actions[a].label : NULL;
}

static carnet_audit_action
action_parse(const char *code)
{
    for (int i = 1; code != NULL && i < NACTIONS; i++) {
        if (strcmp(actions[i].code, code) == 0) {
            return (carnet_audit_action)i;
        }
    }
    return (carnet_audit_action)0;
}

enum {
    TBS_V1_BYTES = 16 + CARNET_ID_BYTES + 8 + CARNET_ID_BYTES + 1 + 1 + 8 + 1 + 1,
    TBS_V2_BYTES = TBS_V1_BYTES + CARNET_HASH_BYTES,
    TBS_BYTES = TBS_V1_BYTES + 1 + CARNET_HASH_BYTES + 8 + CARNET_HASH_BYTES
};

/* The registry head a record names (v3): its number and hash. */
struct reg_head {
    int64_t seq; /* 0: the record names none (v1, v2) */
    unsigned char hash[CARNET_HASH_BYTES];
};

/* Fixed binary encoding of a record: what the chain hashes. A record that
 * names the registry head it was decided against (@p reg->seq > 0) is
 * encoded under "cdb/v3/audit-tbs": a flag and the commitment (zeros when
 * none), then that head's number and hash. Records written before keep
 * their encoding: v2 ("cdb/v2/audit-tbs", the commitment at the end) when
 * they commit to a state, v1 otherwise, so every chain stays verifiable. */
static size_t
encode(unsigned char out[TBS_BYTES], const unsigned char carnet[CARNET_ID_BYTES], int64_t at,
       const unsigned char actor[CARNET_ID_BYTES], carnet_audit_action action, int section,
       int64_t object, int refused_status, const unsigned char *commit, const struct reg_head *reg)
{
    static const unsigned char zero[CARNET_HASH_BYTES];
    const char *domain = reg->seq > 0     ? "cdb/v3/audit-tbs"
                         : commit != NULL ? "cdb/v2/audit-tbs"
                                          : "cdb/v1/audit-tbs";
    unsigned char *p = out;

    memcpy(p, domain, 16); /* NOLINT(bugprone-not-null-terminated-result) */
    p += 16;
    p = carnet__putid(p, carnet);
    p = carnet__put64(p, at);
    p = carnet__putid(p, actor);
    p = carnet__put8(p, (unsigned)action);
    p = carnet__put8(p, section < 0 ? 0xffu : (unsigned)section);
    p = carnet__put64(p, object);
    p = carnet__put8(p, refused_status != CARNET_OK);
    p = carnet__put8(p, (unsigned)(-refused_status));
    if (reg->seq > 0) {
        p = carnet__put8(p, commit != NULL);
        memcpy(p, commit != NULL ? commit : zero, CARNET_HASH_BYTES);
        p = carnet__put64(p + CARNET_HASH_BYTES, reg->seq);
        memcpy(p, reg->hash, CARNET_HASH_BYTES);
        return TBS_BYTES;
    }
    if (commit != NULL) {
        memcpy(p, commit, CARNET_HASH_BYTES);
        return TBS_V2_BYTES;
    }
    return TBS_V1_BYTES;
}

/* The registry's head now: what a new record names. */
static int
registry_head(carnet_db *db, struct reg_head *out)
{
    const carnet__registry *r = NULL;
    int rc = carnet__registry_get(db, &r);

    memset(out, 0, sizeof *out);
    if (rc != CARNET_OK) {
        return rc;
    }
    out->seq = carnet__registry_records(r);
    if (out->seq > 0 && carnet__registry_hash_at(r, out->seq, out->hash) != 0) {
        out->seq = 0;
    }
    return CARNET_OK;
}

static int
chain_head(carnet_db *db, const carnet__carnet *c, int64_t *seq,
           unsigned char head[CARNET_HASH_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_CHAIN_HEAD);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *seq = carnet__col_int(st, 0);
        rc = carnet__col_blob(st, 1, head, CARNET_HASH_BYTES) == 0 ? CARNET__DONE
                                                                   : CARNET__S_CORRUPT;
    } else if (rc == CARNET__DONE) {
        *seq = 0;
        carnet_audit_genesis(head, c->id);
    }
    carnet__reset(st);
    return rc == CARNET__DONE ? CARNET_OK : carnet__store_fail(db, rc, "lecture du journal");
}

/* ------------------------------------------- records this handle appended */

/* The records a handle appended, kept until the carnet's verified history
 * adopts them (records/history.c): a history whose verified head is a
 * record's predecessor replays it without reading it back and verifying the
 * signature this handle made. A record is adopted once its transaction has
 * committed, or inside that transaction while it is still open (the reader
 * decides section after section, each decision after the previous one's
 * journal record): a rollback then drops both the list and the histories
 * (carnet__cache_rollback), so no adopted record outlives a rollback, as no
 * record walked inside a transaction does. */
#define APPENDED_MAX 64u

struct appended {
    int64_t carnet;
    uint64_t tx; /* db->commits when written: committed once db->commits > tx,
                  * else still in the open transaction (a rollback drops it) */
    unsigned char prev[CARNET_HASH_BYTES];
    unsigned char signer_id[CARNET_ID_BYTES];
    carnet_pubkey signer;
    carnet__record rec;
};

struct appended_list {
    size_t n;
    struct appended a[APPENDED_MAX];
};

/* Remember the record just written inside the open transaction (the oldest
 * is forgotten when the list is full: it will be verified as any other). */
static void
note_appended(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
              const unsigned char prev[CARNET_HASH_BYTES], const carnet__record *rec)
{
    struct appended_list *l = carnet__cache_get(db, CARNET__CACHE_APPENDED);
    struct appended *e;

    if (db->tx_depth == 0) {
        return;
    }
    if (l == NULL) {
        l = calloc(1, sizeof *l);
        if (l == NULL) {
            return;
        }
        carnet__cache_set(db, CARNET__CACHE_APPENDED, l, free);
    }
    if (l->n == APPENDED_MAX) {
        memmove(l->a, l->a + 1, (APPENDED_MAX - 1) * sizeof *l->a);
        l->n--;
    }
    e = &l->a[l->n++];
    e->carnet = c->rowid;
    e->tx = db->commits;
    memcpy(e->prev, prev, CARNET_HASH_BYTES);
    memcpy(e->signer_id, a->id, CARNET_ID_BYTES);
    carnet_keypair_public(&e->signer, a->kp);
    e->rec = *rec;
}

/* Would the walk trust the signer of @p e, as it was when it signed? */
static int
signer_trusted(carnet_db *db, const struct appended *e)
{
    carnet__principal p;
    char msg[CARNET_ERRMSG_MAX];
    int status = db->status, ok;

    memcpy(msg, db->msg, sizeof msg);
    ok = carnet__principal_trusted(db, e->rec.actor, &p) == CARNET_OK &&
         memcmp(p.id, e->signer_id, CARNET_ID_BYTES) == 0 &&
         memcmp(p.pk.sign, e->signer.sign, sizeof p.pk.sign) == 0;
    memcpy(db->msg, msg, sizeof msg); /* a refusal here is no failure of the caller */
    db->status = status;
    return ok;
}

/* ------------------------------------------- heads this handle knows verified */

/* For every carnet whose chain this handle verified, or created and
 * extended itself, the last such head (about 48 bytes a carnet, kept for
 * the handle's life): a later walk follows the records up to it by link
 * and hash instead of checking each signature again, even after the
 * carnet's full state has left the history cache. A rollback drops the
 * table with the histories (carnet__cache_rollback). */
struct tip {
    int64_t carnet; /* rowid; 0: empty slot */
    int64_t seq;
    unsigned char hash[CARNET_HASH_BYTES];
};

struct tips {
    size_t n, cap; /* cap: a power of two */
    struct tip *t;
};

static void
tips_free(void *data)
{
    struct tips *t = data;

    if (t != NULL) {
        free(t->t);
        free(t);
    }
}

static struct tip *
tip_slot(struct tip *t, size_t cap, int64_t carnet)
{
    size_t i = ((uint64_t)carnet * 0x9E3779B97F4A7C15u) & (cap - 1);

    while (t[i].carnet != 0 && t[i].carnet != carnet) {
        i = (i + 1) & (cap - 1);
    }
    return &t[i];
}

static int
tips_grow(struct tips *t)
{
    size_t cap = t->cap == 0 ? 256 : t->cap * 2;
    struct tip *n = calloc(cap, sizeof *n);

    if (n == NULL) {
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (t->t[i].carnet != 0) {
            *tip_slot(n, cap, t->t[i].carnet) = t->t[i];
        }
    }
    free(t->t);
    t->t = n;
    t->cap = cap;
    return 0;
}

void
carnet__audit_tip_set(carnet_db *db, int64_t carnet, int64_t seq,
                      const unsigned char hash[CARNET_HASH_BYTES])
{
    struct tips *t = carnet__cache_get(db, CARNET__CACHE_TIPS);
    struct tip *e;

    if (t == NULL) {
        t = calloc(1, sizeof *t);
        if (t == NULL) {
            return; /* nothing remembered: verified in full next time */
        }
        carnet__cache_set(db, CARNET__CACHE_TIPS, t, tips_free);
    }
    if ((t->n + 1) * 4 > t->cap * 3 && tips_grow(t) != 0) {
        return;
    }
    e = tip_slot(t->t, t->cap, carnet);
    t->n += e->carnet == 0;
    e->carnet = carnet;
    e->seq = seq;
    memcpy(e->hash, hash, CARNET_HASH_BYTES);
}

void
carnet__audit_tip_get(carnet_db *db, int64_t carnet, carnet__walk_trust *out, int *found)
{
    const struct tips *t = carnet__cache_get(db, CARNET__CACHE_TIPS);
    const struct tip *e = t != NULL && t->cap > 0 ? tip_slot(t->t, t->cap, carnet) : NULL;

    *found = e != NULL && e->carnet == carnet;
    memset(out, 0, sizeof *out);
    if (*found) {
        out->seq = e->seq;
        memcpy(out->hash, e->hash, CARNET_HASH_BYTES);
    }
}

/* A record appended at @p seq on @p prev: the tip moves when @p prev was
 * the genesis (a carnet created here) or the tip already known. Returns
 * whether it moved: whether the chain up to this record is one this
 * handle verified or wrote. */
static int
tip_append(carnet_db *db, int64_t carnet, int64_t seq, const unsigned char prev[CARNET_HASH_BYTES],
           const unsigned char hash[CARNET_HASH_BYTES])
{
    carnet__walk_trust t;
    int found;

    carnet__audit_tip_get(db, carnet, &t, &found);
    if (seq == 1 || (found && t.seq == seq - 1 && memcmp(t.hash, prev, CARNET_HASH_BYTES) == 0)) {
        carnet__audit_tip_set(db, carnet, seq, hash);
        return 1;
    }
    return 0;
}

int
carnet__audit_adopt_next(carnet_db *db, int64_t carnet, int64_t seq,
                         const unsigned char head[CARNET_HASH_BYTES], carnet__record *out)
{
    struct appended_list *l = carnet__cache_get(db, CARNET__CACHE_APPENDED);
    size_t keep = 0;
    int found = 0;

    if (l == NULL) {
        return 0;
    }
    for (size_t i = 0; i < l->n; i++) {
        const struct appended *e = &l->a[i];
        int mine = e->carnet == carnet && (e->tx < db->commits || db->tx_depth > 0);
        if (mine && !found && e->rec.seq == seq + 1 &&
            memcmp(e->prev, head, CARNET_HASH_BYTES) == 0 && signer_trusted(db, e)) {
            *out = e->rec;
            found = 1;
        } else if (!mine || e->rec.seq > seq + 1) {
            l->a[keep++] = *e; /* another carnet's, not yet committed, or later */
        }
    }
    l->n = keep;
    return found;
}

int
carnet__audit_hash_at(carnet_db *db, int64_t carnet, int64_t seq,
                      unsigned char out[CARNET_HASH_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_AUDIT_HASH_AT);
    int rc, ok;

    if (st == NULL) {
        return -1;
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, seq);
    rc = carnet__step(st);
    ok = rc == CARNET__ROW && carnet__col_blob(st, 0, out, CARNET_HASH_BYTES) == 0;
    carnet__reset(st);
    return ok ? 0 : -1;
}

int
carnet__audit(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
              carnet_audit_action action, int section, int64_t object, int refused_status)
{
    return carnet__audit_commit(db, c, a, action, section, object, refused_status, NULL);
}

int
carnet__audit_commit(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                     carnet_audit_action action, int section, int64_t object, int refused_status,
                     const unsigned char *commit)
{
    unsigned char tbs[TBS_BYTES], prev[CARNET_HASH_BYTES], hash[CARNET_HASH_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
    int64_t seq = 0, at = carnet_db_now(db);
    struct reg_head reg;
    carnet__statement *st;
    size_t n;
    int rc = chain_head(db, c, &seq, prev);

    rc = rc == CARNET_OK ? registry_head(db, &reg) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    seq++;
    n = encode(tbs, c->id, at, a->id, action, section, object, refused_status, commit, &reg);
    rc = carnet_audit_link(hash, sig, prev, (uint64_t)seq, tbs, n, a->kp);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "signature du journal impossible");
    }
    st = carnet__stmt(db, CARNET__Q_AUDIT);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, seq);
    carnet__bind_int(st, 3, at);
    carnet__bind_int(st, 4, a->pid);
    carnet__bind_text(st, 5, carnet_audit_action_code(action));
    if (section >= 0) {
        carnet__bind_int(st, 6, section);
    }
    carnet__bind_opt(st, 7, object);
    carnet__bind_text(st, 8, refused_status == CARNET_OK ? "ok" : "refused");
    carnet__bind_text(st, 9,
                      refused_status == CARNET_OK ? NULL : carnet_status_name(refused_status));
    carnet__bind_blob(st, 10, prev, sizeof prev);
    carnet__bind_blob(st, 11, hash, sizeof hash);
    carnet__bind_blob(st, 12, sig, sizeof sig);
    carnet__bind_blob(st, 13, commit, CARNET_HASH_BYTES);
    carnet__bind_opt(st, 14, reg.seq);
    rc = carnet__exec_stmt(db, st, "écriture du journal d'accès");
    if (rc == CARNET_OK) {
        carnet__record rec;
        memset(&rec, 0, sizeof rec);
        rec.seq = seq;
        rec.at = at;
        rec.actor = a->pid;
        rec.action = action;
        rec.section = section < 0 ? -1 : section;
        rec.object = object;
        rec.refused = refused_status != CARNET_OK;
        rec.has_commit = commit != NULL;
        if (commit != NULL) {
            memcpy(rec.commit, commit, CARNET_HASH_BYTES);
        }
        rec.reg_seq = reg.seq;
        memcpy(rec.hash, hash, CARNET_HASH_BYTES);
        rec.ok = 1;
        note_appended(db, c, a, prev, &rec);
        /* The actor's memory takes only a head whose chain this handle
         * verified or wrote: a later session follows it unchecked. */
        if (tip_append(db, c->rowid, seq, prev, hash)) {
            rc = carnet__memory_note(db, CARNET__MEM_CARNET, c->id, seq, hash);
        }
    }
    return rc;
}

void
carnet__audit_refusal(carnet_db *db, const carnet__carnet *c, const carnet_actor *a,
                      carnet_audit_action action, int section, int64_t object, int status)
{
    /* Keep the refusal's message: the audit write must not replace it. */
    char msg[CARNET_ERRMSG_MAX];

    memcpy(msg, db->msg, sizeof msg);
    if (carnet__begin(db) == CARNET_OK) {
        if (carnet__audit(db, c, a, action, section, object, status) == CARNET_OK) {
            (void)carnet__commit(db);
        } else {
            carnet__rollback(db);
        }
    }
    memcpy(db->msg, msg, sizeof msg);
    db->status = status;
}

/* ------------------------------------------------------------- listing */

struct carnet_audit_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_audit_iter_new(carnet_audit_iter **out, carnet_db *db, const char *person)
{
    carnet__carnet c;
    carnet_audit_iter *it;
    int rc = carnet__carnet_by_person(db, person, &c);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    it = carnet__iter_new(db, sizeof *it, CARNET__Q_AUDIT_ITER_NEW, "lecture du journal");
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(it->cur.st, 1, c.rowid);
    *out = it;
    return carnet__ok(db);
}

int
carnet_audit_iter_next(carnet_audit_iter *it, carnet_audit_event *out)
{
    int rc = carnet__cursor_next(&it->cur);

    if (rc != CARNET_OK) {
        return rc;
    }
    memset(out, 0, sizeof *out);
    out->seq = carnet__col_int(it->cur.st, 0);
    out->at = carnet__col_int(it->cur.st, 1);
    carnet__col_text(it->cur.st, 2, out->actor, sizeof out->actor);
    out->action = action_parse(carnet__col_str(it->cur.st, 3));
    out->section = carnet__col_null(it->cur.st, 4) ? -1 : carnet__col_int32(it->cur.st, 4);
    out->object = carnet__col_int(it->cur.st, 5);
    out->refused = carnet__col_str(it->cur.st, 6) != NULL &&
                   strcmp(carnet__col_str(it->cur.st, 6), "refused") == 0;
    carnet__col_text(it->cur.st, 7, out->reason, sizeof out->reason);
    carnet__col_text(it->cur.st, 8, out->subject, sizeof out->subject);
    return CARNET_OK;
}

void
carnet_audit_iter_free(carnet_audit_iter *it)
{
    carnet__iter_free(it);
}

/* ---------------------------------------------------------- verification */

static int
status_of_reason(const char *name)
{
    for (int s = CARNET_OK; s >= CARNET_EINTEGRITY; s--) {
        if (name != NULL && strcmp(carnet_status_name(s), name) == 0) {
            return s;
        }
    }
    return CARNET_ERROR;
}

/* Read the record @p st stands on (columns of the verification query) and
 * check it as the next link of @p v; *rec is filled either way. */
static void
verify_row(carnet_db *db, const carnet__carnet *c, carnet__statement *st, carnet_audit_verifier *v,
           int sign, carnet__record *rec)
{
    const carnet__registry *registry = NULL;
    struct reg_head reg;
    unsigned char prev[CARNET_HASH_BYTES], sig[CARNET_SIG_BYTES];
    unsigned char tbs[TBS_BYTES];
    carnet__principal actor;
    const carnet_pubkey *pk = NULL;
    const char *outcome = carnet__col_str(st, 6);
    size_t n = TBS_V1_BYTES;

    memset(rec, 0, sizeof *rec);
    rec->seq = carnet__col_int(st, 0);
    rec->at = carnet__col_int(st, 1);
    rec->actor = carnet__col_int(st, 2);
    rec->action = action_parse(carnet__col_str(st, 3));
    rec->section = carnet__col_null(st, 4) ? -1 : carnet__col_int32(st, 4);
    rec->object = carnet__col_int(st, 5);
    rec->refused = outcome != NULL && strcmp(outcome, "refused") == 0;
    rec->has_commit = carnet__col_blob(st, 11, rec->commit, CARNET_HASH_BYTES) == 0;
    memset(&reg, 0, sizeof reg);
    rec->reg_seq = reg.seq = carnet__col_int(st, 12);
    /* A head the registry does not have leaves the hash zero: the link fails. */
    if (reg.seq > 0 && (carnet__registry_get(db, &registry) != CARNET_OK ||
                        carnet__registry_hash_at(registry, reg.seq, reg.hash) != 0)) {
        memset(reg.hash, 0, sizeof reg.hash);
    }
    if (carnet__col_blob(st, 8, prev, sizeof prev) != 0 ||
        carnet__col_blob(st, 9, rec->hash, sizeof rec->hash) != 0 ||
        carnet__col_blob(st, 10, sig, sizeof sig) != 0) {
        memset(rec->hash, 0, sizeof rec->hash);
    }
    if (carnet__principal_trusted(db, rec->actor, &actor) == CARNET_OK) {
        pk = &actor.pk;
        n = encode(tbs, c->id, rec->at, actor.id, rec->action, rec->section, rec->object,
                   rec->refused ? status_of_reason(carnet__col_str(st, 7)) : CARNET_OK,
                   rec->has_commit ? rec->commit : NULL, &reg);
    } else {
        memset(tbs, 0, sizeof tbs);
    }
    if (sign) {
        rec->ok = carnet_audit_verifier_add(v, (uint64_t)rec->seq, prev, rec->hash, sig, tbs, n,
                                            pk) == CARNET_OK;
    } else {
        rec->ok = pk != NULL && carnet_audit_verifier_follow(v, (uint64_t)rec->seq, prev, rec->hash,
                                                             tbs, n) == CARNET_OK;
    }
}

int
carnet__audit_walk(carnet_db *db, const carnet__carnet *c, int64_t from_seq,
                   const unsigned char from_hash[CARNET_HASH_BYTES],
                   const carnet__walk_trust *trust, int (*fn)(void *ctx, const carnet__record *r),
                   void *ctx, carnet__walk_report *rep)
{
    int64_t trust_to = trust != NULL && trust->seq > from_seq ? trust->seq : 0;
    const unsigned char *trust_hash = trust_to > 0 ? trust->hash : NULL;
    carnet_audit_verifier v;
    carnet__record rec;
    carnet__cursor cur;
    int rc;

    memset(rep, 0, sizeof *rep);
    if (from_seq == 0) {
        unsigned char genesis[CARNET_HASH_BYTES];
        carnet_audit_genesis(genesis, c->id);
        carnet_audit_verifier_init(&v, genesis);
    } else {
        carnet_audit_verifier_init(&v, from_hash);
        v.next_seq = (uint64_t)from_seq + 1;
    }
    rc = carnet__cursor_open(&cur, db, CARNET__Q_AUDIT_VERIFY, "lecture du journal");
    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__bind_int(cur.st, 1, c->rowid);
    carnet__bind_int(cur.st, 2, from_seq);
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        int sign = (int64_t)v.next_seq > trust_to;
        verify_row(db, c, cur.st, &v, sign, &rec);
        rep->records++;
        rep->signatures += sign;
        if (!sign && trust_hash != NULL &&
            (!rec.ok ||
             (rec.seq == trust_to && memcmp(rec.hash, trust_hash, CARNET_HASH_BYTES) != 0))) {
            rep->trust_missed = 1; /* not the prefix verified before */
            break;
        }
        if (rec.ok) {
            rep->last_seq = rec.seq;
        }
        if (rec.ok && fn != NULL && (rc = fn(ctx, &rec)) != CARNET_OK) {
            break;
        }
    }
    carnet__cursor_close(&cur);
    if (rc != CARNET_ITEROVER && rc != CARNET_OK) {
        return rc;
    }
    if (trust_to > 0 && (int64_t)v.next_seq <= trust_to) {
        rep->trust_missed = 1; /* shorter than the head verified before */
    }
    rep->broken = v.broken;
    rep->first_bad = (int64_t)v.first_bad;
    memcpy(rep->head, v.expect_prev, CARNET_HASH_BYTES);
    return CARNET_OK;
}

/* What carnet_audit_verify() remembers along the walk. */
struct verify_state {
    int64_t records;
    int64_t cp_size;
    unsigned char at_cp[CARNET_HASH_BYTES]; /* hash of the record at the checkpoint size */
    int have_cp_hash;
};

static int
at_checkpoint(void *ctx, const carnet__record *r)
{
    struct verify_state *vs = ctx;

    vs->records++;
    if (vs->cp_size > 0 && vs->records == vs->cp_size) {
        memcpy(vs->at_cp, r->hash, sizeof r->hash);
        vs->have_cp_hash = 1;
    }
    return CARNET_OK;
}

static int
checkpoint_tbs(unsigned char out[CARNET_ID_BYTES + 8 + CARNET_HASH_BYTES],
               const unsigned char carnet[CARNET_ID_BYTES], int64_t size,
               const unsigned char head[CARNET_HASH_BYTES])
{
    unsigned char *p = carnet__putid(out, carnet);
    p = carnet__put64(p, size);
    memcpy(p, head, CARNET_HASH_BYTES);
    return CARNET_ID_BYTES + 8 + CARNET_HASH_BYTES;
}

static void
check_checkpoint(carnet_db *db, const carnet__carnet *c, const carnet_checkpoint *cp,
                 struct verify_state *vs, carnet_audit_report *out)
{
    unsigned char tbs[CARNET_ID_BYTES + 8 + CARNET_HASH_BYTES];
    carnet__principal person;
    int n = checkpoint_tbs(tbs, c->id, cp->size, cp->head);

    if (carnet__principal_trusted(db, c->person, &person) != CARNET_OK ||
        carnet_verify(cp->sig, &person.pk, "cdb/v1/checkpoint", tbs, (size_t)n) != CARNET_OK) {
        out->ok = 0;
        (void)snprintf(out->message, sizeof out->message,
                       "le point de contrôle n'est pas signé par la personne");
        return;
    }
    if (vs->records < cp->size) {
        out->ok = 0;
        out->first_bad = vs->records + 1;
        (void)snprintf(out->message, sizeof out->message,
                       "journal tronqué : %lld enregistrements, le point de contrôle en comptait "
                       "%lld",
                       (long long)vs->records, (long long)cp->size);
        return;
    }
    if (!vs->have_cp_hash || memcmp(vs->at_cp, cp->head, CARNET_HASH_BYTES) != 0) {
        out->ok = 0;
        out->first_bad = cp->size;
        (void)snprintf(out->message, sizeof out->message,
                       "journal réécrit : l'enregistrement %lld ne correspond plus au point de "
                       "contrôle",
                       (long long)cp->size);
    }
}

int
carnet_audit_verify(carnet_audit_report *out, carnet_db *db, const char *person,
                    const carnet_checkpoint *cp)
{
    struct verify_state vs;
    carnet__walk_report rep;
    carnet__carnet c;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&vs, 0, sizeof vs);
    rc = carnet__carnet_by_person(db, person, &c);
    if (rc != CARNET_OK) {
        return rc;
    }
    vs.cp_size = cp != NULL ? cp->size : 0;
    rc = carnet__audit_walk(db, &c, 0, NULL, NULL, at_checkpoint, &vs, &rep);
    if (rc != CARNET_OK) {
        return rc;
    }
    vs.records = rep.records;
    out->records = vs.records;
    out->ok = !rep.broken;
    out->first_bad = rep.first_bad;
    memcpy(out->head, rep.head, CARNET_HASH_BYTES);
    if (out->ok) {
        (void)snprintf(out->message, sizeof out->message,
                       "journal intègre : %lld enregistrements vérifiés", (long long)vs.records);
    } else {
        (void)snprintf(out->message, sizeof out->message,
                       "journal altéré : premier maillon rompu à l'enregistrement %lld",
                       (long long)out->first_bad);
    }
    if (out->ok && cp != NULL) {
        check_checkpoint(db, &c, cp, &vs, out);
    }
    return carnet__ok(db);
}

int
carnet_audit_checkpoint(carnet_checkpoint *out, carnet_db *db, carnet_actor *person)
{
    unsigned char tbs[CARNET_ID_BYTES + 8 + CARNET_HASH_BYTES];
    carnet_audit_report rep;
    carnet__carnet c;
    int n, rc;

    memset(out, 0, sizeof *out);
    rc = carnet__carnet_by_person(db, person->handle, &c);
    if (rc != CARNET_OK) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seule la personne fait un point de contrôle de "
                            "son journal");
    }
    rc = carnet_audit_verify(&rep, db, person->handle, NULL);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (!rep.ok) {
        return carnet__fail(db, CARNET_EAUTH, "%s", rep.message);
    }
    (void)carnet__strlcpy(out->person, person->handle, sizeof out->person);
    out->size = rep.records;
    memcpy(out->head, rep.head, CARNET_HASH_BYTES);
    n = checkpoint_tbs(tbs, c.id, out->size, out->head);
    rc = carnet_sign(out->sig, person->kp, "cdb/v1/checkpoint", tbs, (size_t)n);
    return rc == CARNET_OK ? carnet__ok(db) : carnet__fail(db, rc, "signature impossible");
}

void
carnet_checkpoint_format(char out[CARNET_CHECKPOINT_TEXT_MAX + 1], const carnet_checkpoint *cp)
{
    char head[2 * CARNET_HASH_BYTES + 1], sig[2 * CARNET_SIG_BYTES + 1];

    carnet_hex_encode(head, cp->head, sizeof cp->head);
    carnet_hex_encode(sig, cp->sig, sizeof cp->sig);
    (void)snprintf(out, CARNET_CHECKPOINT_TEXT_MAX + 1, "carnet-checkpoint v1 %s %lld %s %s",
                   cp->person, (long long)cp->size, head, sig);
}

int
carnet_checkpoint_parse(carnet_checkpoint *out, const char *text)
{
    char person[CARNET_HANDLE_MAX + 1], head[2 * CARNET_HASH_BYTES + 2];
    char sig[2 * CARNET_SIG_BYTES + 2];
    long long size = 0;

    memset(out, 0, sizeof *out);
    if (text == NULL ||
        sscanf(text, "carnet-checkpoint v1 %63s %lld %65s %129s", person, &size, head, sig) != 4 ||
        size < 1 || !carnet__handle_valid(person) ||
        carnet_hex_decode(out->head, sizeof out->head, head) != CARNET_OK ||
        carnet_hex_decode(out->sig, sizeof out->sig, sig) != CARNET_OK) {
        return CARNET_EINVAL;
    }
    (void)carnet__strlcpy(out->person, person, sizeof out->person);
    out->size = size;
    return CARNET_OK;
}
