/* roster.c - the référent and the groupe de suivi of a carnet, replayed from
 * its verified records, and the clear rows checked against them.
 * SPDX-License-Identifier: MIT
 *
 * The creation makes its creator a member; a member record (committing to
 * the member, start or end, and role: "cdb/v2/member-commit") invites, by
 * the person or a member, or ends a membership, by the person or the member
 * himself; a référent record ("cdb/v2/referent-commit"), by the person, a
 * chargé d'orientation or a référent, designates the référent, the former
 * one staying as an accompagnateur; an orientation ("cdb/v2/orient-commit")
 * names the référent a référent record designated before it. The carnet
 * row's référent and structure and the current membership rows must say
 * the same. A réorientation record ("cdb/v2/reorientation-commit") asks,
 * by the référent, or decides, by a chargé d'orientation, and commits to
 * the request's number, state and entry: the réorientation rows must say
 * the same. An orientation, member or réorientation record written before
 * these commitments does not say what it changed: those rows stay
 * unchecked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

enum { REF_NONE = 0, REF_KNOWN = 1, REF_UNKNOWN = 2 };

/* Keep the first fault (the record where it is, 0 for a row). */
#define fault(h, record, ...) carnet__fault_set(&(h)->fault, (record), __VA_ARGS__)

static struct carnet__roster_member *
member_find(carnet__roster *h, int64_t pid)
{
    for (size_t i = 0; i < h->nm; i++) {
        if (h->m[i].pid == pid) {
            return &h->m[i];
        }
    }
    return NULL;
}

/* @p pid becomes a member with @p role (or takes that role). */
static int
member_set(carnet__roster *h, int64_t pid, carnet_member_role role)
{
    struct carnet__roster_member *m = member_find(h, pid);

    if (m == NULL) {
        if (h->nm == h->cap_m) {
            size_t cap = h->cap_m == 0 ? 8 : h->cap_m * 2;
            struct carnet__roster_member *v = realloc(h->m, cap * sizeof *v);
            if (v == NULL) {
                return CARNET_ENOMEM;
            }
            h->m = v;
            h->cap_m = cap;
        }
        m = &h->m[h->nm++];
        m->pid = pid;
    }
    m->role = role;
    return CARNET_OK;
}

static int
load_principal(carnet__roster *h, const carnet__record *r, int64_t pid, carnet__principal *out)
{
    if (carnet__principal_by_pid(h->db, pid, out) != CARNET_OK) {
        carnet__ok(h->db);
        return fault(h, r->seq, "enregistrement n°%lld : principal %lld inconnu", (long long)r->seq,
                     (long long)pid);
    }
    return CARNET_OK;
}

static int
apply_create(carnet__roster *h, const carnet__record *r)
{
    carnet__principal p;
    int rc = load_principal(h, r, r->actor, &p);

    if (rc != CARNET_OK) {
        return rc;
    }
    /* actions/parcours.c: the creator joins the groupe de suivi */
    return member_set(h, r->actor,
                      p.role == CARNET_ROLE_CHARGE_ORIENTATION ? CARNET_MEMBER_CHARGE_ORIENTATION
                                                               : CARNET_MEMBER_ACCOMPAGNATEUR);
}

/* A member leaves: the person or the member himself, never the référent. */
static int
member_leave(carnet__roster *h, const carnet__record *r, const carnet__principal *m,
             struct carnet__roster_member *cur)
{
    unsigned char commit[CARNET_HASH_BYTES];

    carnet__member_commit(commit, h->cid, m->id, 0, (carnet_member_role)0);
    if (memcmp(commit, r->commit, sizeof commit) != 0 || cur->role == CARNET_MEMBER_REFERENT) {
        return fault(h, r->seq, "enregistrement n°%lld (membre) : départ de '%s' invalide",
                     (long long)r->seq, m->handle);
    }
    if (r->actor != h->person && r->actor != m->pid) {
        return fault(h, r->seq,
                     "enregistrement n°%lld (membre) : départ de '%s' signé par un autre que la "
                     "personne ou le membre",
                     (long long)r->seq, m->handle);
    }
    *cur = h->m[--h->nm];
    return CARNET_OK;
}

/* A member record: an invitation (by the person or a member) or a
 * departure, with the role its commitment names. */
static int
apply_member(carnet__roster *h, const carnet__record *r)
{
    carnet__principal m;
    struct carnet__roster_member *cur;
    unsigned char commit[CARNET_HASH_BYTES];
    int rc;

    if (!r->has_commit) {
        h->members_unknown = 1; /* written before member records committed */
        return CARNET_OK;
    }
    rc = load_principal(h, r, r->object, &m);
    if (rc != CARNET_OK) {
        return rc;
    }
    cur = member_find(h, m.pid);
    if (cur != NULL) {
        return member_leave(h, r, &m, cur);
    }
    if (!h->members_unknown && r->actor != h->person && member_find(h, r->actor) == NULL) {
        return fault(h, r->seq,
                     "enregistrement n°%lld (membre) : invitation signée par un autre que la "
                     "personne ou un membre",
                     (long long)r->seq);
    }
    for (int role = CARNET_MEMBER_ACCOMPAGNATEUR; role <= CARNET_MEMBER_COMMISSION; role++) {
        carnet__member_commit(commit, h->cid, m.id, 1, (carnet_member_role)role);
        if (memcmp(commit, r->commit, sizeof commit) == 0) {
            return member_set(h, m.pid, (carnet_member_role)role);
        }
    }
    return fault(h, r->seq, "enregistrement n°%lld (membre) : invitation de '%s' invalide",
                 (long long)r->seq, m.handle);
}

/* The référent a record commits to (@p entry: the orientation's entry, or 0). */
static int
check_referent_commit(carnet__roster *h, const carnet__record *r, int64_t referent, int64_t entry)
{
    carnet__principal ref, st;
    unsigned char commit[CARNET_HASH_BYTES];
    int rc = load_principal(h, r, referent, &ref);

    rc = rc == CARNET_OK ? load_principal(h, r, ref.structure, &st) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__referent_commit(commit, h->cid, entry, ref.id, st.id);
    if (memcmp(commit, r->commit, sizeof commit) != 0) {
        return fault(h, r->seq, "enregistrement n°%lld : ne correspond pas au référent '%s'",
                     (long long)r->seq, ref.handle);
    }
    return CARNET_OK;
}

/* A change of référent (carnet_orient, carnet_referent_change): decided by
 * the person, a chargé d'orientation or a référent; the former référent
 * stays in the groupe as an accompagnateur. */
static int
apply_referent(carnet__roster *h, const carnet__record *r)
{
    carnet__principal by;
    int rc = r->has_commit ? check_referent_commit(h, r, r->object, 0) : CARNET_OK;

    rc = rc == CARNET_OK ? load_principal(h, r, r->actor, &by) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    if (r->actor != h->person && by.role != CARNET_ROLE_CHARGE_ORIENTATION &&
        by.role != CARNET_ROLE_REFERENT) {
        return fault(h, r->seq, "enregistrement n°%lld (référent) signé sans autorité",
                     (long long)r->seq);
    }
    if (h->ref_state == REF_UNKNOWN) {
        h->members_unknown = 1; /* the former référent is not known */
    } else if (h->referent != 0 && h->referent != r->object) {
        rc = member_set(h, h->referent, CARNET_MEMBER_ACCOMPAGNATEUR);
    }
    h->ref_state = REF_KNOWN;
    h->referent = r->object;
    h->ref_record = r->seq;
    return rc == CARNET_OK ? member_set(h, r->object, CARNET_MEMBER_REFERENT) : rc;
}

/* An orientation commits to the référent it names, which a référent record
 * before it designated; one written before (no commitment) may have
 * changed the référent without saying whom. */
static int
apply_orient(carnet__roster *h, const carnet__record *r)
{
    if (!r->has_commit) {
        h->ref_state = REF_UNKNOWN;
        h->members_unknown = 1;
        return CARNET_OK;
    }
    if (h->ref_state != REF_KNOWN || h->referent == 0) {
        return h->ref_state == REF_UNKNOWN
                   ? CARNET_OK
                   : fault(h, r->seq, "enregistrement n°%lld (orientation) sans référent désigné",
                           (long long)r->seq);
    }
    return check_referent_commit(h, r, h->referent, r->object);
}

static struct carnet__roster_request *
request_find(carnet__roster *h, int64_t no)
{
    for (size_t i = 0; i < h->nq; i++) {
        if (h->q[i].no == no) {
            return &h->q[i];
        }
    }
    return NULL;
}

/* A réorientation: asked by the référent the history designated, while
 * none is pending; decided by a chargé d'orientation, once. The record
 * commits to the request's state and entry; the rows are checked against
 * it (check_requests). */
static int
apply_reorientation(carnet__roster *h, const carnet__record *r)
{
    struct carnet__roster_request *q = request_find(h, r->object);
    carnet__principal by;
    int rc;

    if (!r->has_commit) {
        h->requests_unknown = 1;
        return CARNET_OK;
    }
    if (q != NULL) { /* the decision */
        rc = load_principal(h, r, r->actor, &by);
        if (rc == CARNET_OK && (q->decided || by.role != CARNET_ROLE_CHARGE_ORIENTATION)) {
            rc = fault(h, r->seq, "enregistrement n°%lld (réorientation) : décision sans autorité",
                       (long long)r->seq);
        }
        q->decided = 1;
        memcpy(q->decision, r->commit, CARNET_HASH_BYTES);
        return rc;
    }
    if (h->ref_state == REF_KNOWN && r->actor != h->referent) {
        return fault(h, r->seq,
                     "enregistrement n°%lld (réorientation) demandé par un autre que le "
                     "référent",
                     (long long)r->seq);
    }
    if (h->nq > 0 && !h->q[h->nq - 1].decided) {
        return fault(h, r->seq,
                     "enregistrement n°%lld (réorientation) : une demande est déjà en "
                     "attente",
                     (long long)r->seq);
    }
    if (h->nq == h->cap_q) {
        size_t cap = h->cap_q == 0 ? 4 : h->cap_q * 2;
        struct carnet__roster_request *v = realloc(h->q, cap * sizeof *v);
        if (v == NULL) {
            return CARNET_ENOMEM;
        }
        h->q = v;
        h->cap_q = cap;
    }
    q = &h->q[h->nq++];
    memset(q, 0, sizeof *q);
    q->no = r->object;
    q->record = r->seq;
    memcpy(q->request, r->commit, CARNET_HASH_BYTES);
    return CARNET_OK;
}

/* One réorientation row against its request's records. */
static int
check_request_row(carnet__roster *h, carnet__statement *st)
{
    static const char *const states[] = {NULL, "pending", "accepted", "denied"};
    const char *status = carnet__col_str(st, 1);
    int64_t no = carnet__col_int(st, 0);
    struct carnet__roster_request *q = request_find(h, no);
    unsigned char commit[CARNET_HASH_BYTES];
    int state = 0;

    for (int i = 1; i < 4; i++) {
        state = status != NULL && strcmp(status, states[i]) == 0 ? i : state;
    }
    if (q == NULL) {
        return fault(h, 0, "réorientation n°%lld : aucune demande dans l'historique",
                     (long long)no);
    }
    carnet__reorientation_commit(commit, h->cid, no, 1, carnet__col_int(st, 2));
    if (memcmp(commit, q->request, sizeof commit) != 0 || (state == 1) == q->decided) {
        return fault(h, q->record,
                     "réorientation n°%lld : la demande ne correspond pas à l'historique",
                     (long long)no);
    }
    if (state > 1) {
        carnet__reorientation_commit(commit, h->cid, no, state, carnet__col_int(st, 3));
        if (memcmp(commit, q->decision, sizeof commit) != 0) {
            return fault(h, q->record,
                         "réorientation n°%lld : la décision ne correspond pas à l'historique",
                         (long long)no);
        }
    }
    return CARNET_OK;
}

/* The réorientation rows: one per request the records made, each in the
 * state and with the entries its records commit to. */
static int
check_requests(carnet_db *db, const carnet__carnet *c, carnet__roster *h)
{
    carnet__cursor cur;
    size_t rows = 0;
    int rc = carnet__cursor_open(&cur, db, CARNET__Q_REORIENTATION_ROWS, "réorientations");

    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__bind_int(cur.st, 1, c->rowid);
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        rows++;
        rc = check_request_row(h, cur.st);
        if (rc != CARNET_OK) {
            break;
        }
    }
    carnet__cursor_close(&cur);
    if (rc == CARNET_ITEROVER) {
        rc = rows == h->nq ? CARNET_OK
                           : fault(h, 0, "réorientations : une demande de l'historique manque");
    }
    return rc;
}

/* The current membership rows against the replayed groupe de suivi. */
static int
check_members(carnet_db *db, const carnet__carnet *c, carnet__roster *h)
{
    carnet__cursor cur;
    size_t rows = 0;
    int rc = carnet__cursor_open(&cur, db, CARNET__Q_MEMBERS_CURRENT, "groupe de suivi");

    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__bind_int(cur.st, 1, c->rowid);
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        const struct carnet__roster_member *m = member_find(h, carnet__col_int(cur.st, 0));
        carnet_member_role role = (carnet_member_role)0;
        (void)carnet__member_role_parse(carnet__col_str(cur.st, 1), &role);
        rows++;
        if (m == NULL || m->role != role) {
            char who[CARNET_HANDLE_MAX + 1] = "?";
            (void)carnet__principal_handle(db, carnet__col_int(cur.st, 0), who);
            rc = fault(h, 0, "groupe de suivi : '%s' (%s) ne correspond pas à l'historique", who,
                       carnet__member_role_code(role) != NULL ? carnet__member_role_code(role)
                                                              : "?");
            break;
        }
    }
    carnet__cursor_close(&cur);
    if (rc == CARNET_ITEROVER) {
        rc = rows == h->nm ? CARNET_OK
                           : fault(h, 0, "groupe de suivi : un membre de l'historique manque");
    }
    return rc;
}

/* The carnet row names the référent (and his structure) the history
 * designated last, and its groupe de suivi is the replayed one. Read
 * again here, in the walk's snapshot: the caller's copy may be older. */
int
carnet__roster_check(carnet__roster *h, carnet_db *db, const carnet__carnet *c)
{
    carnet__principal ref;
    carnet__carnet row;
    int rc = carnet__carnet_by_rowid(db, c->rowid, &row);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (h->ref_state == REF_NONE && (row.referent != 0 || row.structure != 0)) {
        return fault(h, 0, "le carnet nomme un référent qu'aucun enregistrement ne désigne");
    }
    if (h->ref_state == REF_KNOWN) {
        ref.structure = -1;
        if (h->referent != 0 && carnet__principal_by_pid(db, h->referent, &ref) != CARNET_OK) {
            return carnet__status(db);
        }
        if (row.referent != h->referent || (h->referent != 0 && row.structure != ref.structure)) {
            return fault(h, h->ref_record,
                         "le référent du carnet ne correspond pas à l'enregistrement n°%lld",
                         (long long)h->ref_record);
        }
    }
    rc = h->requests_unknown ? CARNET_OK : check_requests(db, c, h);
    if (rc != CARNET_OK) {
        return rc;
    }
    return h->members_unknown || h->ref_state == REF_UNKNOWN ? CARNET_OK : check_members(db, c, h);
}

int
carnet__roster_apply(carnet__roster *h, const carnet__record *r)
{
    switch (r->action) {
    case CARNET_AUDIT_CREATE:
        return apply_create(h, r);
    case CARNET_AUDIT_MEMBER:
        return apply_member(h, r);
    case CARNET_AUDIT_REFERENT:
        return apply_referent(h, r);
    case CARNET_AUDIT_ORIENT:
        return apply_orient(h, r);
    case CARNET_AUDIT_REORIENTATION:
        return apply_reorientation(h, r);
    default:
        return CARNET_OK;
    }
}

int64_t
carnet__roster_referent(const carnet__roster *h, int *known)
{
    *known = h->ref_state != REF_UNKNOWN;
    return h->referent;
}

void
carnet__roster_free(carnet__roster *h)
{
    free(h->m);
    h->m = NULL;
    h->nm = h->cap_m = 0;
    free(h->q);
    h->q = NULL;
    h->nq = h->cap_q = 0;
}
