/* history.c - the verified history of a carnet: its chain of signed records
 * replayed into the state that access decisions read, and checked against
 * the rows stored beside it.
 * SPDX-License-Identifier: MIT
 *
 * Every change of a carnet's state is a record of its chain (audit.c):
 * numbered without gaps, hashed to its predecessor, signed by its author.
 * Replaying the records that verify gives who wrote which entry (and what
 * it commits to), which authorisations the person signed and revoked, and
 * whom she blocked. Decisions read this state, never the clear columns
 * (consent.revoked_at, block): a column that disagrees is a cache that
 * cannot widen access. A handle remembers the state of the carnets it
 * verified and, at the next open, verifies only the records added since.
 *
 * Which records change state, and so need the signer's authority at that
 * point: write (the entry's author), erase, grant, revoke, block and
 * unblock (the person), member (the person or a member, to invite; the
 * person or the member himself, to leave) and référent (the person, a
 * chargé d'orientation or a référent). The others (reads, refusals,
 * rotations, exports, réorientations) need only a certificate that
 * verifies.
 *
 * The référent and the groupe de suivi are replayed too (roster.c), and
 * the carnet row and the current membership rows are checked against them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* Carnets whose verified state a handle keeps (direct-mapped by row). */
#define HISTORY_SLOTS 64u

struct hist_entry {
    unsigned char commit[CARNET_HASH_BYTES];
    int64_t author;
    unsigned char has_commit;
    unsigned char written;
    unsigned char erased;
};

struct hist_grant {
    unsigned char commit[CARNET_HASH_BYTES];
    int64_t revoked_at;
    unsigned char has_commit;
    unsigned char granted;
};

struct hist_block {
    int64_t pid;
    int64_t at;
    int blocked;
};

struct carnet__history {
    int64_t carnet;
    int64_t person;
    int64_t seq; /* records verified */
    unsigned char head[CARNET_HASH_BYTES];
    int64_t creator;
    int64_t creation_entries;
    int64_t writes; /* entries written so far */
    int created;
    int in_creation; /* the write records right after the creation record */
    int erased;
    struct hist_entry *e; /* by entry number - 1 */
    size_t ne;
    struct hist_grant *g; /* by authorisation number - 1 */
    size_t ng;
    struct hist_block *b;
    size_t nb;             /* capacity of b */
    size_t nblocks;        /* blocks and unblocks recorded */
    int64_t reg_seq;       /* the registry head the last record named (0: none yet) */
    carnet__roster roster; /* the référent and the groupe de suivi (roster.c) */
    carnet_db *db;         /* while a walk runs: the handle it reads */
    int64_t rows_checked;  /* entry rows checked against their records, by number */
    uint64_t stamp;        /* the store's stamp when last brought up to date (0: never) */
    /* the first fault, when the walk or a check found one */
    carnet__fault fault;
};

struct history_cache {
    carnet__history *slot[HISTORY_SLOTS];
};

static void
history_free(carnet__history *h)
{
    if (h != NULL) {
        free(h->e);
        free(h->g);
        free(h->b);
        carnet__roster_free(&h->roster);
        free(h);
    }
}

static void
cache_free(void *data)
{
    struct history_cache *hc = data;

    for (size_t i = 0; i < HISTORY_SLOTS; i++) {
        history_free(hc->slot[i]);
    }
    free(hc);
}

/* Grow @p *v (of @p *n items of @p size bytes) to hold index @p i. */
static int
grow(void **v, size_t *n, size_t size, size_t i)
{
    size_t cap = *n;
    unsigned char *p;

    if (i < *n) {
        return 0;
    }
    while (cap <= i) {
        cap = cap == 0 ? 64 : cap * 2;
    }
    p = realloc(*v, cap * size);
    if (p == NULL) {
        return -1;
    }
    memset(p + *n * size, 0, (cap - *n) * size);
    *v = p;
    *n = cap;
    return 0;
}

/* Keep the first fault (the record where it is, 0 for a row). */
#define fault(h, record, ...) carnet__fault_set(&(h)->fault, (record), __VA_ARGS__)

static int
apply_write(carnet__history *h, const carnet__record *r, const char *kind)
{
    size_t i;

    if (r->object <= 0) {
        return fault(h, r->seq, "enregistrement n°%lld (%s) sans numéro d'entrée",
                     (long long)r->seq, kind);
    }
    i = (size_t)(r->object - 1);
    if (grow((void **)&h->e, &h->ne, sizeof *h->e, i) != 0) {
        return CARNET_ENOMEM;
    }
    if (h->e[i].written) {
        return fault(h, r->seq, "enregistrement n°%lld (%s) : entrée n°%lld déjà écrite",
                     (long long)r->seq, kind, (long long)r->object);
    }
    h->e[i].written = 1;
    h->e[i].author = r->actor;
    h->e[i].has_commit = (unsigned char)r->has_commit;
    memcpy(h->e[i].commit, r->commit, CARNET_HASH_BYTES);
    h->writes++;
    return CARNET_OK;
}

static int
apply_erase(carnet__history *h, const carnet__record *r, const char *kind)
{
    if (r->object == 0) {
        h->erased = 1;
    } else if (r->object > 0 && (size_t)r->object <= h->ne && h->e[r->object - 1].written) {
        h->e[r->object - 1].erased = 1;
    } else {
        return fault(h, r->seq, "enregistrement n°%lld (%s) : entrée n°%lld jamais écrite",
                     (long long)r->seq, kind, (long long)r->object);
    }
    return CARNET_OK;
}

static int
apply_block(carnet__history *h, const carnet__record *r)
{
    if (grow((void **)&h->b, &h->nb, sizeof *h->b, h->nblocks) != 0) {
        return CARNET_ENOMEM;
    }
    h->b[h->nblocks].pid = r->object;
    h->b[h->nblocks].at = r->at;
    h->b[h->nblocks].blocked = r->action == CARNET_AUDIT_BLOCK;
    h->nblocks++;
    return CARNET_OK;
}

static int
apply_grant(carnet__history *h, const carnet__record *r, const char *kind)
{
    struct hist_grant *g;

    if (r->object <= 0) {
        return fault(h, r->seq, "enregistrement n°%lld (%s) sans numéro d'autorisation",
                     (long long)r->seq, kind);
    }
    if (grow((void **)&h->g, &h->ng, sizeof *h->g, (size_t)(r->object - 1)) != 0) {
        return CARNET_ENOMEM;
    }
    g = &h->g[r->object - 1];
    if (r->action == CARNET_AUDIT_GRANT) {
        if (g->granted) {
            return fault(h, r->seq, "enregistrement n°%lld (%s) : autorisation n°%lld déjà donnée",
                         (long long)r->seq, kind, (long long)r->object);
        }
        g->granted = 1;
        g->has_commit = (unsigned char)r->has_commit;
        memcpy(g->commit, r->commit, CARNET_HASH_BYTES);
    } else if (!g->granted) {
        return fault(h, r->seq, "enregistrement n°%lld (%s) : autorisation n°%lld jamais donnée",
                     (long long)r->seq, kind, (long long)r->object);
    } else if (g->revoked_at == 0) {
        g->revoked_at = r->at;
    }
    return CARNET_OK;
}

/* The registry head a record names: never older than its predecessor's,
 * never absent once named; and an entry is written or erased only by a
 * professional the registry had not deactivated at that head. */
static int
check_registry(carnet__history *h, const carnet__record *r)
{
    const carnet__registry *reg = NULL;
    int64_t off;

    if (r->reg_seq < h->reg_seq) {
        return fault(h, r->seq,
                     "enregistrement n°%lld : décidé contre un état du registre antérieur à celui "
                     "de son prédécesseur",
                     (long long)r->seq);
    }
    h->reg_seq = r->reg_seq;
    if (r->reg_seq == 0 || r->refused ||
        (r->action != CARNET_AUDIT_WRITE && r->action != CARNET_AUDIT_ERASE)) {
        return CARNET_OK;
    }
    if (carnet__registry_get(h->db, &reg) != CARNET_OK) {
        return carnet__status(h->db);
    }
    off = carnet__registry_deactivated_seq(reg, r->actor);
    if (off != 0 && off <= r->reg_seq) {
        return fault(h, r->seq, "enregistrement n°%lld : écrit par un professionnel désactivé",
                     (long long)r->seq);
    }
    return CARNET_OK;
}

/* The outcome of the roster's replay or check: its fault becomes the
 * history's. */
static int
roster(carnet__history *h, int rc)
{
    return rc == CARNET_EINTEGRITY ? fault(h, h->roster.fault.record, "%s", h->roster.fault.msg)
                                   : rc;
}

/* Replay one verified record into the state. */
static int
apply(void *ctx, const carnet__record *r)
{
    carnet__history *h = ctx;
    const char *kind = carnet_audit_action_label(r->action);
    int rc = check_registry(h, r);

    if (rc != CARNET_OK) {
        return rc;
    }
    h->seq = r->seq;
    memcpy(h->head, r->hash, CARNET_HASH_BYTES);
    /* The creation batch: the entries the creator's writes record right
     * after the creation record (actions/parcours.c). */
    if (h->in_creation && r->action == CARNET_AUDIT_WRITE && !r->refused &&
        r->actor == h->creator) {
        h->creation_entries = r->object;
    } else {
        h->in_creation = 0;
    }
    if (r->refused || kind == NULL) {
        return CARNET_OK;
    }
    switch (r->action) {
    case CARNET_AUDIT_CREATE:
        h->created = 1;
        h->creator = r->actor;
        h->in_creation = 1;
        return roster(h, carnet__roster_apply(&h->roster, r));
    case CARNET_AUDIT_MEMBER:
    case CARNET_AUDIT_REFERENT:
    case CARNET_AUDIT_ORIENT:
    case CARNET_AUDIT_REORIENTATION:
        return roster(h, carnet__roster_apply(&h->roster, r));
    case CARNET_AUDIT_WRITE:
        return apply_write(h, r, kind);
    case CARNET_AUDIT_ERASE:
        return apply_erase(h, r, kind);
    case CARNET_AUDIT_GRANT:
    case CARNET_AUDIT_REVOKE:
    case CARNET_AUDIT_BLOCK:
    case CARNET_AUDIT_UNBLOCK:
        /* The person's decisions: only her signature carries them. */
        if (r->actor != h->person) {
            return fault(h, r->seq, "enregistrement n°%lld (%s) signé par un autre que la personne",
                         (long long)r->seq, kind);
        }
        return r->action == CARNET_AUDIT_BLOCK || r->action == CARNET_AUDIT_UNBLOCK
                   ? apply_block(h, r)
                   : apply_grant(h, r, kind);
    default:
        return CARNET_OK;
    }
}

/* Check one entry row against the record that wrote it. */
static int
check_row(const carnet__carnet *c, carnet__history *h, const carnet__entry_row *row)
{
    unsigned char commit[CARNET_HASH_BYTES], ct[CARNET_HASH_BYTES];
    int64_t no = row->meta.no;
    const struct hist_entry *e = no > 0 && (size_t)no <= h->ne ? &h->e[no - 1] : NULL;

    if (e == NULL || !e->written) {
        return fault(h, 0, "entrée n°%lld sans enregistrement dans l'historique", (long long)no);
    }
    if (e->author != row->author_pid) {
        return fault(h, 0, "entrée n°%lld : l'auteur ne correspond pas à l'historique",
                     (long long)no);
    }
    if (!e->has_commit) {
        return CARNET_OK; /* written before the history committed to entries */
    }
    if (!row->meta.erased && row->env.body_ct_len > 0 &&
        carnet__entry_ct_hash(ct, &row->env) == CARNET_OK &&
        memcmp(ct, row->ct_hash, sizeof ct) != 0) {
        return fault(h, 0, "entrée n°%lld : le chiffré ne correspond pas à son empreinte",
                     (long long)no);
    }
    carnet__entry_commit(commit, c, row);
    if (memcmp(commit, e->commit, sizeof commit) != 0) {
        return fault(h, 0,
                     "entrée n°%lld : ne correspond pas à son enregistrement (modifiée, déplacée "
                     "ou renumérotée)",
                     (long long)no);
    }
    return CARNET_OK;
}

/* Fault on the first entry numbered in [from, to) that a record wrote. */
static int
check_missing(carnet__history *h, int64_t from, int64_t to)
{
    for (int64_t no = from; no < to; no++) {
        if ((size_t)no <= h->ne && h->e[no - 1].written) {
            return fault(h, 0, "entrée n°%lld supprimée", (long long)no);
        }
    }
    return CARNET_OK;
}

/* Check the entry rows numbered after h->rows_checked against the records
 * that wrote them: none missing, none without a record, each as committed. */
static int
check_entries(carnet_db *db, const carnet__carnet *c, carnet__history *h)
{
    carnet__cursor cur;
    carnet__entry_row row;
    int64_t expect = h->rows_checked + 1;
    int rc = carnet__cursor_open(&cur, db, CARNET__Q_ENTRY_ROWS_AFTER, "lecture des entrées");

    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__bind_int(cur.st, 1, c->rowid);
    carnet__bind_int(cur.st, 2, h->rows_checked);
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        rc = carnet__entry_row_read(db, cur.st, &row);
        if (rc == CARNET_OK) {
            rc = check_missing(h, expect, row.meta.no);
        }
        if (rc == CARNET_OK) {
            rc = check_row(c, h, &row);
        }
        expect = row.meta.no + 1;
        carnet_envelope_release(&row.env);
        if (rc != CARNET_OK) {
            break;
        }
    }
    carnet__cursor_close(&cur);
    if (rc == CARNET_ITEROVER) {
        rc = check_missing(h, expect, (int64_t)h->ne + 1);
    }
    if (rc == CARNET_OK || rc == CARNET_ITEROVER) {
        h->rows_checked = expect - 1;
        rc = CARNET_OK;
    }
    return rc;
}

/* The record at h->seq must still be the one verified before. */
static int
still_there(carnet_db *db, const carnet__carnet *c, carnet__history *h)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_AUDIT_HASH_AT);
    unsigned char hash[CARNET_HASH_BYTES];
    int rc, same = 0;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, h->seq);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        same = carnet__col_blob(st, 0, hash, sizeof hash) == 0 &&
               memcmp(hash, h->head, sizeof hash) == 0;
    }
    carnet__reset(st);
    if (rc != CARNET__ROW && rc != CARNET__DONE) {
        return carnet__store_fail(db, rc, "lecture du journal");
    }
    return same ? CARNET_OK
                : fault(h, h->seq, "enregistrement n°%lld, déjà vérifié, a disparu ou changé",
                        (long long)h->seq);
}

/* Bring @p h up to date: new records, then new entry rows. */
/* While records are replayed into @p h: the handle and the carnet they
 * belong to, for the checks that read the store. */
static void
walk_begin(carnet__history *h, carnet_db *db, const carnet__carnet *c)
{
    h->db = db;
    h->roster.db = db;
    h->roster.person = c->person;
    memcpy(h->roster.cid, c->id, CARNET_ID_BYTES);
}

static void
walk_end(carnet__history *h)
{
    h->db = NULL;
    h->roster.db = NULL;
}

/* Forget what @p h verified: from the start next time. */
static void
forget(carnet__history *h)
{
    int64_t carnet = h->carnet, person = h->person;

    free(h->e);
    free(h->g);
    free(h->b);
    carnet__roster_free(&h->roster);
    memset(h, 0, sizeof *h);
    h->carnet = carnet;
    h->person = person;
}

/* Replay the records after h's head; those up to @p trust (or NULL) are
 * followed by link and hash, and walked again in full if the chain does
 * not reach it as it was. */
static int
walk(carnet_db *db, const carnet__carnet *c, carnet__history *h, const carnet__walk_trust *trust,
     carnet__walk_report *rep)
{
    int rc;

    walk_begin(h, db, c);
    rc = carnet__audit_walk(db, c, h->seq, h->head, trust, apply, h, rep);
    walk_end(h);
    db->verified.history += rep->signatures;
    if (rc == CARNET_OK && rep->trust_missed) {
        forget(h);
        rc = walk(db, c, h, NULL, rep);
    }
    return rc;
}

static int
advance(carnet_db *db, const carnet__carnet *c, carnet__history *h, const carnet__walk_trust *trust)
{
    carnet__walk_report rep;
    int rc = h->seq > 0 ? still_there(db, c, h) : CARNET_OK;

    if (rc == CARNET_OK) {
        rc = walk(db, c, h, trust, &rep);
    }
    if (rc == CARNET_OK && rep.broken) {
        rc = fault(h, rep.first_bad,
                   "enregistrement n°%lld : maillon rompu (supprimé, inséré, déplacé ou modifié)",
                   (long long)rep.first_bad);
    }
    if (rc == CARNET_OK) {
        rc = check_entries(db, c, h);
    }
    /* no record at all: an incomplete carnet (views/db_check.c) */
    if (rc == CARNET_OK && h->created) {
        rc = roster(h, carnet__roster_check(&h->roster, db, c));
    }
    return rc;
}

/* Replay the records this handle appended after the verified head, in
 * transactions that committed (records/audit.c): signed here, they need not
 * be read back and verified. advance() still checks that the last one is
 * in the file as written. */
static int
adopt(carnet_db *db, const carnet__carnet *c, carnet__history *h)
{
    carnet__record r;
    int rc = CARNET_OK;

    walk_begin(h, db, c);
    while (rc == CARNET_OK && h->seq > 0 &&
           carnet__audit_adopt_next(db, h->carnet, h->seq, h->head, &r)) {
        rc = apply(h, &r);
    }
    walk_end(h);
    return rc;
}

static int
failed(carnet_db *db, const carnet__carnet *c, const carnet__history *h, int rc)
{
    char who[CARNET_HANDLE_MAX + 1] = "?";

    if (rc != CARNET_EINTEGRITY) {
        return rc;
    }
    (void)carnet__principal_handle(db, c->person, who);
    return carnet__fail(db, CARNET_EINTEGRITY, "carnet de '%s' : historique rompu : %s", who,
                        h->fault.msg);
}

struct hash_at_ctx {
    carnet_db *db;
    const carnet__carnet *c;
};

/* The hash of the verified record @p seq, for the memory's check. */
static int
hash_at(const void *ctx, int64_t seq, unsigned char out[CARNET_HASH_BYTES])
{
    const struct hash_at_ctx *x = ctx;

    return carnet__audit_hash_at(x->db, x->c->rowid, seq, out);
}

/* The history checked against what the actor remembers, if she does. */
static int
remembered(carnet_db *db, const carnet__carnet *c, const carnet__history *h)
{
    struct hash_at_ctx x = {db, c};
    char who[CARNET_HANDLE_MAX + 1] = "?", why[CARNET_ERRMSG_MAX];
    int rc = carnet__memory_check(db, CARNET__MEM_CARNET, c->id, h->seq, h->head, hash_at, &x);

    if (rc != CARNET_EROLLBACK) {
        return rc;
    }
    (void)carnet__strlcpy(why, carnet_db_errmsg(db), sizeof why);
    (void)carnet__principal_handle(db, c->person, who);
    return carnet__fail(db, rc, "carnet de '%s' : %s", who, why);
}

/* The furthest head known verified beyond h's: this handle's, or the one
 * the actor's memory holds (signed by her: verified in an earlier session,
 * or appended by her). Records up to it need no signature check. */
static void
trusted_head(carnet_db *db, const carnet__carnet *c, const carnet__history *h,
             carnet__walk_trust *out)
{
    carnet__state_head mem;
    int found = 0;

    carnet__audit_tip_get(db, c->rowid, out, &found);
    if (carnet__memory_get(db, CARNET__MEM_CARNET, c->id, &mem, &found) == CARNET_OK && found &&
        mem.seq > out->seq) {
        out->seq = mem.seq;
        memcpy(out->hash, mem.hash, CARNET_HASH_BYTES);
    }
    if (out->seq <= h->seq) {
        out->seq = 0;
    }
}

int
carnet__history_get(carnet_db *db, const carnet__carnet *c, const carnet__history **out)
{
    struct history_cache *hc = carnet__cache_get(db, CARNET__CACHE_HISTORY);
    carnet__history **slot, *h;
    carnet__walk_trust trust;
    uint64_t stamp;
    int rc;

    *out = NULL;
    if (hc == NULL) {
        hc = calloc(1, sizeof *hc);
        if (hc == NULL) {
            return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
        carnet__cache_set(db, CARNET__CACHE_HISTORY, hc, cache_free);
    }
    slot = &hc->slot[(uint64_t)c->rowid % HISTORY_SLOTS];
    if (*slot != NULL && ((*slot)->carnet != c->rowid || (*slot)->person != c->person)) {
        history_free(*slot);
        *slot = NULL;
    }
    if (*slot == NULL) {
        *slot = calloc(1, sizeof **slot);
        if (*slot == NULL) {
            return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
        (*slot)->carnet = c->rowid;
        (*slot)->person = c->person;
    }
    h = *slot;
    stamp = carnet__store_stamp(db);
    if (stamp != 0 && h->stamp == stamp) {
        *out = h; /* nothing was written anywhere since it was verified */
        return CARNET_OK;
    }
    if (adopt(db, c, h) != CARNET_OK) {
        forget(h); /* the walk below finds and names the fault, if any */
    }
    trusted_head(db, c, h, &trust);
    rc = advance(db, c, h, &trust);
    rc = rc == CARNET_OK ? remembered(db, c, h) : failed(db, c, h, rc);
    if (rc != CARNET_OK) {
        history_free(h); /* verified again from the start next time */
        *slot = NULL;
        return rc;
    }
    carnet__audit_tip_set(db, c->rowid, h->seq, h->head);
    h->stamp = stamp;
    *out = h;
    return CARNET_OK;
}

int
carnet__history_verify(carnet_db *db, const carnet__carnet *c, carnet__history_report *out)
{
    carnet__history h;
    int rc;

    memset(&h, 0, sizeof h);
    memset(out, 0, sizeof *out);
    h.carnet = c->rowid;
    h.person = c->person;
    rc = advance(db, c, &h, NULL); /* every signature, whatever was verified before */
    out->records = h.seq;
    out->entries = h.rows_checked;
    if (rc == CARNET_EINTEGRITY) {
        out->fault_record = h.fault.record;
        (void)carnet__strlcpy(out->fault, h.fault.msg, sizeof out->fault);
        rc = CARNET_OK;
    }
    free(h.e);
    free(h.g);
    free(h.b);
    carnet__roster_free(&h.roster);
    return rc;
}

/* ------------------------------------------------------------- questions */

int64_t
carnet__history_revoked_at(const carnet__history *h, int64_t no)
{
    return no > 0 && (size_t)no <= h->ng ? h->g[no - 1].revoked_at : 0;
}

int
carnet__history_grant_recorded(const carnet__history *h, int64_t no,
                               const unsigned char commit[CARNET_HASH_BYTES])
{
    const struct hist_grant *g = no > 0 && (size_t)no <= h->ng ? &h->g[no - 1] : NULL;

    return g != NULL && g->granted &&
           (!g->has_commit || memcmp(g->commit, commit, CARNET_HASH_BYTES) == 0);
}

int
carnet__history_blocked_at(const carnet__history *h, int64_t pid, int64_t t, int64_t *since)
{
    int blocked = 0;

    *since = 0;
    for (size_t i = 0; i < h->nblocks; i++) {
        if (h->b[i].pid == pid && h->b[i].at <= t) {
            blocked = h->b[i].blocked;
            *since = h->b[i].at;
        }
    }
    return blocked;
}

int64_t
carnet__history_creator(const carnet__history *h, int64_t *creation_entries)
{
    *creation_entries = h->created ? h->creation_entries : 0;
    return h->created ? h->creator : 0;
}

int64_t
carnet__history_referent(const carnet__history *h, int *known)
{
    return carnet__roster_referent(&h->roster, known);
}

int
carnet__history_erased(const carnet__history *h)
{
    return h->erased;
}
