/* registry.c - the registry: the verified history of a workspace.
 * SPDX-License-Identifier: MIT
 *
 * What a workspace decides for every carnet is a chain of its own, like a
 * carnet's history (records/audit.c): each record numbered without gaps,
 * hashed to its predecessor and signed by its author, who must hold the
 * authority at that point of the chain.
 *
 *   certify     record 1: the administrator, by herself; then a structure,
 *               by the administrator, or a professional, by the
 *               administrator or her structure. Commits to the principal's
 *               id, kind, structure, keys, certificate and index-key wrap.
 *   deactivate  a certified professional, by the administrator or her
 *               structure. Commits to the professional's id.
 *   rules       a rules document, by the administrator. Commits to its text.
 *   attest      a workspace created before the registry, migrated: the
 *               administrator attests the records that follow (object: how
 *               many); they state what the file held then, not what was seen.
 *
 * Decisions read the replayed state: whether a structure or a professional
 * is certified, since when a professional is deactivated, which rules are
 * in force. The clear columns principal.deactivated_at and rules.active
 * are caches that decisions do not read; carnet__registry_verify() reports
 * where they disagree. The chain's genesis is derived from the
 * administrator's id, the workspace's identity. Persons are not in the
 * registry: a person's certificate is checked by her certifying
 * professional's, and her carnet's history starts with its creation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory/directory.h"

static const char *const action_codes[] = {NULL, "certify", "deactivate", "rules", "attest"};

enum { DOMAIN_LEN = 15 }; /* "cdb/v1/registry" */
enum { TBS_BYTES = DOMAIN_LEN + CARNET_ID_BYTES + 8 + CARNET_ID_BYTES + 1 + 8 + CARNET_HASH_BYTES };

/* A structure or a professional as the registry certified it. */
struct reg_subject {
    int64_t pid;
    int64_t structure;
    int64_t deactivated_at;  /* 0: active */
    int64_t deactivated_seq; /* the record that deactivated it */
    unsigned char id[CARNET_ID_BYTES];
    carnet_pubkey pk;
    carnet_principal_kind kind;
};

struct carnet__registry {
    int64_t admin;
    unsigned char ws[CARNET_ID_BYTES]; /* the administrator's id */
    int64_t seq;                       /* records verified */
    unsigned char head[CARNET_HASH_BYTES];
    uint64_t stamp;
    int64_t attested; /* records attested by a migration */
    int64_t rules_id; /* 0: none installed */
    unsigned char rules_commit[CARNET_HASH_BYTES];
    struct reg_subject *s; /* sorted by pid */
    size_t ns;
    size_t caps;
    unsigned char (*hashes)[CARNET_HASH_BYTES]; /* of record n at n - 1 */
    size_t caph;
    int64_t fault_record;
    char fault[160];
};

/* One stored record, as read back. */
struct reg_record {
    int64_t seq;
    int64_t at;
    int64_t actor;
    int action;
    int64_t object;
    unsigned char commit[CARNET_HASH_BYTES];
    unsigned char prev[CARNET_HASH_BYTES];
    unsigned char hash[CARNET_HASH_BYTES];
    unsigned char sig[CARNET_SIG_BYTES];
};

/* A principal's row, as a certify record commits to it. */
struct reg_row {
    unsigned char id[CARNET_ID_BYTES];
    carnet_principal_kind kind;
    int64_t structure;
    int64_t cert_by;
    carnet_pubkey pk;
    unsigned char commit[CARNET_HASH_BYTES];
};

static void
registry_free(void *data)
{
    carnet__registry *r = data;

    if (r != NULL) {
        free(r->s);
        free(r->hashes);
        free(r);
    }
}

static int fault(carnet__registry *r, int64_t record, const char *fmt, ...) CARNET_PRINTF(3, 4);

/* Keep the first fault and the record where it is. */
static int
fault(carnet__registry *r, int64_t record, const char *fmt, ...)
{
    va_list ap;

    if (r->fault[0] == '\0') {
        r->fault_record = record;
        va_start(ap, fmt);
        (void)vsnprintf(r->fault, sizeof r->fault, fmt, ap);
        va_end(ap);
    }
    return CARNET_EINTEGRITY;
}

static struct reg_subject *
subject(const carnet__registry *r, int64_t pid)
{
    size_t lo = 0, hi = r->ns;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->s[mid].pid == pid) {
            return &r->s[mid];
        }
        if (r->s[mid].pid < pid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

static struct reg_subject *
subject_add(carnet__registry *r, int64_t pid)
{
    size_t i = r->ns;

    if (r->ns == r->caps) {
        size_t cap = r->caps == 0 ? 32 : r->caps * 2;
        struct reg_subject *n = realloc(r->s, cap * sizeof *n);
        if (n == NULL) {
            return NULL;
        }
        r->s = n;
        r->caps = cap;
    }
    while (i > 0 && r->s[i - 1].pid > pid) {
        i--;
    }
    memmove(&r->s[i + 1], &r->s[i], (r->ns - i) * sizeof *r->s);
    memset(&r->s[i], 0, sizeof *r->s);
    r->s[i].pid = pid;
    r->ns++;
    return &r->s[i];
}

/* ------------------------------------------------------------ encodings */

static int
action_parse(const char *code)
{
    for (int a = 1; code != NULL && a < (int)(sizeof action_codes / sizeof action_codes[0]); a++) {
        if (strcmp(code, action_codes[a]) == 0) {
            return a;
        }
    }
    return 0;
}

static void
encode(unsigned char out[TBS_BYTES], const unsigned char ws[CARNET_ID_BYTES], int64_t at,
       const unsigned char actor[CARNET_ID_BYTES], int action, int64_t object,
       const unsigned char commit[CARNET_HASH_BYTES])
{
    unsigned char *p = out;

    memcpy(p, "cdb/v1/registry", DOMAIN_LEN); /* NOLINT(bugprone-not-null-terminated-result) */
    p += DOMAIN_LEN;
    p = carnet__putid(p, ws);
    p = carnet__put64(p, at);
    p = carnet__putid(p, actor);
    p = carnet__put8(p, (unsigned)action);
    p = carnet__put64(p, object);
    memcpy(p, commit, CARNET_HASH_BYTES);
}

static void
genesis(unsigned char out[CARNET_HASH_BYTES], const unsigned char ws[CARNET_ID_BYTES])
{
    carnet_hash(out, "cdb/v1/registry-genesis", ws, CARNET_ID_BYTES);
}

/* Read a principal's row and what its certify record commits to. */
static int
row_of(carnet_db *db, int64_t pid, struct reg_row *out)
{
    static const char *const kinds[] = {NULL, "admin", "structure", "professional", "person"};
    enum {
        CERT_AT = CARNET_ID_BYTES + 1 + 8 + CARNET_SIGN_PK_BYTES + CARNET_BOX_PK_BYTES,
        WRAP_AT = CERT_AT + CARNET_SIG_BYTES,
        WSIG_AT = WRAP_AT + CARNET_WRAP_BYTES,
        ROW_BYTES = WSIG_AT + CARNET_SIG_BYTES
    };
    unsigned char buf[ROW_BYTES];
    carnet__statement *st = carnet__stmt(db, CARNET__Q_REGISTRY_SUBJECT);
    const char *kind;
    unsigned char *p = buf;
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, pid);
    rc = carnet__step(st);
    if (rc != CARNET__ROW) {
        carnet__reset(st);
        return rc == CARNET__DONE ? CARNET_ENOTFOUND
                                  : carnet__store_fail(db, rc, "lecture de l'annuaire");
    }
    kind = carnet__col_str(st, 1);
    for (int k = 1; k < (int)(sizeof kinds / sizeof kinds[0]); k++) {
        out->kind =
            kind != NULL && strcmp(kind, kinds[k]) == 0 ? (carnet_principal_kind)k : out->kind;
    }
    out->structure = carnet__col_int(st, 2);
    out->cert_by = carnet__col_int(st, 5);
    memset(buf, 0, sizeof buf);
    rc = carnet__col_blob(st, 0, out->id, CARNET_ID_BYTES) == 0 &&
                 carnet__col_blob(st, 3, out->pk.sign, CARNET_SIGN_PK_BYTES) == 0 &&
                 carnet__col_blob(st, 4, out->pk.box, CARNET_BOX_PK_BYTES) == 0 &&
                 carnet__col_blob(st, 6, buf + CERT_AT, CARNET_SIG_BYTES) == 0
             ? CARNET_OK
             : CARNET_ECORRUPT;
    /* The index-key wrap and its signature, when the principal has one. */
    (void)carnet__col_blob(st, 7, buf + WRAP_AT, CARNET_WRAP_BYTES);
    (void)carnet__col_blob(st, 8, buf + WSIG_AT, CARNET_SIG_BYTES);
    carnet__reset(st);
    p = carnet__putid(p, out->id);
    p = carnet__put8(p, (unsigned)out->kind);
    p = carnet__put64(p, out->structure);
    memcpy(p, out->pk.sign, CARNET_SIGN_PK_BYTES);
    p += CARNET_SIGN_PK_BYTES;
    memcpy(p, out->pk.box, CARNET_BOX_PK_BYTES);
    carnet_hash(out->commit, "cdb/v1/registry-certify", buf, sizeof buf);
    return rc;
}

/* The administrator named by the deployment: the workspace's identity. */
static int
identity(carnet_db *db, int64_t *admin, unsigned char ws[CARNET_ID_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_REGISTRY_IDENTITY);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *admin = carnet__col_int(st, 0);
        rc = carnet__col_blob(st, 1, ws, CARNET_ID_BYTES) == 0 ? CARNET__ROW : CARNET__S_CORRUPT;
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "espace non initialisé");
    }
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture du déploiement");
}

/* -------------------------------------------------------------- writing */

static int
head(carnet_db *db, const unsigned char ws[CARNET_ID_BYTES], int64_t *seq,
     unsigned char out[CARNET_HASH_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_REGISTRY_HEAD);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    *seq = 0;
    if (rc == CARNET__ROW) {
        *seq = carnet__col_int(st, 0);
        rc =
            carnet__col_blob(st, 1, out, CARNET_HASH_BYTES) == 0 ? CARNET__DONE : CARNET__S_CORRUPT;
    } else if (rc == CARNET__DONE) {
        genesis(out, ws);
    }
    carnet__reset(st);
    return rc == CARNET__DONE ? CARNET_OK : carnet__store_fail(db, rc, "lecture du registre");
}

/* Append a record signed by @p by (inside the caller's transaction). */
static int
append(carnet_db *db, const carnet__principal *by, const carnet_keypair *kp, int action,
       int64_t object, const unsigned char commit[CARNET_HASH_BYTES])
{
    unsigned char ws[CARNET_ID_BYTES], prev[CARNET_HASH_BYTES], hash[CARNET_HASH_BYTES];
    unsigned char tbs[TBS_BYTES], sig[CARNET_SIG_BYTES];
    int64_t admin = 0, seq = 0, at = carnet_db_now(db);
    carnet__statement *st;
    int rc = identity(db, &admin, ws);

    if (rc == CARNET_ENOTFOUND && action == CARNET__REG_CERTIFY && object == by->pid &&
        by->kind == CARNET_PRINCIPAL_ADMIN) {
        memcpy(ws, by->id, sizeof ws); /* record 1, written before the deployment row */
        rc = CARNET_OK;
    }
    rc = rc == CARNET_OK ? head(db, ws, &seq, prev) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    seq++;
    encode(tbs, ws, at, by->id, action, object, commit);
    rc = carnet_audit_link(hash, sig, prev, (uint64_t)seq, tbs, sizeof tbs, kp);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "signature du registre impossible");
    }
    st = carnet__stmt(db, CARNET__Q_REGISTRY_APPEND);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, seq);
    carnet__bind_int(st, 2, at);
    carnet__bind_int(st, 3, by->pid);
    carnet__bind_text(st, 4, action_codes[action]);
    carnet__bind_int(st, 5, object);
    carnet__bind_blob(st, 6, commit, CARNET_HASH_BYTES);
    carnet__bind_blob(st, 7, prev, sizeof prev);
    carnet__bind_blob(st, 8, hash, sizeof hash);
    carnet__bind_blob(st, 9, sig, sizeof sig);
    rc = carnet__exec_stmt(db, st, "écriture du registre");
    return rc == CARNET_OK ? carnet__memory_note(db, CARNET__MEM_REGISTRY, ws, seq, hash) : rc;
}

int
carnet__registry_certify(carnet_db *db, const carnet__principal *by, const carnet_keypair *kp,
                         int64_t pid)
{
    struct reg_row row;
    int rc = row_of(db, pid, &row);

    if (rc != CARNET_OK) {
        return rc == CARNET_ENOTFOUND
                   ? carnet__fail(db, rc, "principal %lld introuvable", (long long)pid)
                   : rc;
    }
    return append(db, by, kp, CARNET__REG_CERTIFY, pid, row.commit);
}

int
carnet__registry_deactivate(carnet_db *db, const carnet__principal *by, const carnet_keypair *kp,
                            int64_t pid, const unsigned char id[CARNET_ID_BYTES])
{
    unsigned char commit[CARNET_HASH_BYTES];

    carnet_hash(commit, "cdb/v1/registry-deactivate", id, CARNET_ID_BYTES);
    return append(db, by, kp, CARNET__REG_DEACTIVATE, pid, commit);
}

void
carnet__registry_rules_commit(unsigned char out[CARNET_HASH_BYTES], const char *doc, size_t len)
{
    carnet_hash(out, "cdb/v1/registry-rules", (const unsigned char *)doc, len);
}

int
carnet__registry_rules(carnet_db *db, const carnet__principal *admin, const carnet_keypair *kp,
                       int64_t rules_id, const char *doc, size_t len)
{
    unsigned char commit[CARNET_HASH_BYTES];

    carnet__registry_rules_commit(commit, doc, len);
    return append(db, admin, kp, CARNET__REG_RULES, rules_id, commit);
}

int
carnet__registry_attest(carnet_db *db, const carnet__principal *admin, const carnet_keypair *kp,
                        int64_t count, const unsigned char commit[CARNET_HASH_BYTES])
{
    return append(db, admin, kp, CARNET__REG_ATTEST, count, commit);
}

/* ----------------------------------------------------------- the replay */

/* Who signed @p rec: a certified, active principal, or, for record 1, the
 * administrator certifying herself. */
static const struct reg_subject *
signer(carnet_db *db, carnet__registry *r, const struct reg_record *rec, struct reg_subject *self)
{
    struct reg_row row;
    const struct reg_subject *s = subject(r, rec->actor);

    if (s != NULL) {
        return s->deactivated_at != 0 ? NULL : s;
    }
    if (rec->seq != 1 || rec->action != CARNET__REG_CERTIFY || rec->actor != r->admin ||
        rec->object != r->admin || row_of(db, r->admin, &row) != CARNET_OK) {
        return NULL;
    }
    memset(self, 0, sizeof *self);
    self->pid = r->admin;
    self->kind = CARNET_PRINCIPAL_ADMIN;
    memcpy(self->id, row.id, sizeof self->id);
    self->pk = row.pk;
    return self;
}

static int
apply_certify(carnet_db *db, carnet__registry *r, const struct reg_record *rec,
              const struct reg_subject *by)
{
    struct reg_row row;
    struct reg_subject *s;
    int allowed;

    if (subject(r, rec->object) != NULL) {
        return fault(r, rec->seq, "enregistrement n°%lld : principal %lld déjà certifié",
                     (long long)rec->seq, (long long)rec->object);
    }
    if (row_of(db, rec->object, &row) != CARNET_OK ||
        memcmp(row.commit, rec->commit, sizeof row.commit) != 0) {
        return fault(r, rec->seq,
                     "enregistrement n°%lld : le principal %lld ne correspond pas à son certificat "
                     "(clé, structure ou certificat modifiés)",
                     (long long)rec->seq, (long long)rec->object);
    }
    switch (row.kind) {
    case CARNET_PRINCIPAL_ADMIN:
        allowed = rec->seq == 1 && rec->object == r->admin && by->pid == r->admin;
        break;
    case CARNET_PRINCIPAL_STRUCTURE:
        allowed = by->kind == CARNET_PRINCIPAL_ADMIN;
        break;
    case CARNET_PRINCIPAL_PROFESSIONAL:
        allowed = by->kind == CARNET_PRINCIPAL_ADMIN ||
                  (by->kind == CARNET_PRINCIPAL_STRUCTURE && by->pid == row.structure);
        break;
    default:
        allowed = 0;
        break;
    }
    if (!allowed) {
        return fault(r, rec->seq,
                     "enregistrement n°%lld : certification du principal %lld par qui n'en a pas "
                     "le droit",
                     (long long)rec->seq, (long long)rec->object);
    }
    s = subject_add(r, rec->object);
    if (s == NULL) {
        return CARNET_ENOMEM;
    }
    s->kind = row.kind;
    s->structure = row.structure;
    memcpy(s->id, row.id, sizeof s->id);
    s->pk = row.pk;
    return CARNET_OK;
}

static int
apply_deactivate(carnet__registry *r, const struct reg_record *rec, const struct reg_subject *by)
{
    unsigned char commit[CARNET_HASH_BYTES];
    struct reg_subject *s = subject(r, rec->object);

    if (s == NULL || s->kind != CARNET_PRINCIPAL_PROFESSIONAL || s->deactivated_at != 0) {
        return fault(r, rec->seq,
                     "enregistrement n°%lld : désactivation d'un principal %lld non certifié ou "
                     "déjà désactivé",
                     (long long)rec->seq, (long long)rec->object);
    }
    carnet_hash(commit, "cdb/v1/registry-deactivate", s->id, CARNET_ID_BYTES);
    if (memcmp(commit, rec->commit, sizeof commit) != 0 ||
        !(by->kind == CARNET_PRINCIPAL_ADMIN || by->pid == s->structure)) {
        return fault(r, rec->seq, "enregistrement n°%lld : désactivation non valable",
                     (long long)rec->seq);
    }
    s->deactivated_at = rec->at;
    s->deactivated_seq = rec->seq;
    return CARNET_OK;
}

static int
apply(carnet_db *db, carnet__registry *r, const struct reg_record *rec,
      const struct reg_subject *by)
{
    switch (rec->action) {
    case CARNET__REG_CERTIFY:
        return apply_certify(db, r, rec, by);
    case CARNET__REG_DEACTIVATE:
        return apply_deactivate(r, rec, by);
    case CARNET__REG_RULES:
    case CARNET__REG_ATTEST:
        if (by->kind != CARNET_PRINCIPAL_ADMIN) {
            return fault(r, rec->seq,
                         "enregistrement n°%lld signé par un autre que "
                         "l'administrateur",
                         (long long)rec->seq);
        }
        if (rec->action == CARNET__REG_ATTEST) {
            r->attested += rec->object;
        } else {
            r->rules_id = rec->object;
            memcpy(r->rules_commit, rec->commit, sizeof r->rules_commit);
        }
        return CARNET_OK;
    default:
        return fault(r, rec->seq, "enregistrement n°%lld : action inconnue", (long long)rec->seq);
    }
}

static int
read_record(carnet__statement *st, struct reg_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->seq = carnet__col_int(st, 0);
    rec->at = carnet__col_int(st, 1);
    rec->actor = carnet__col_int(st, 2);
    rec->action = action_parse(carnet__col_str(st, 3));
    rec->object = carnet__col_int(st, 4);
    return carnet__col_blob(st, 5, rec->commit, sizeof rec->commit) == 0 &&
                   carnet__col_blob(st, 6, rec->prev, sizeof rec->prev) == 0 &&
                   carnet__col_blob(st, 7, rec->hash, sizeof rec->hash) == 0 &&
                   carnet__col_blob(st, 8, rec->sig, sizeof rec->sig) == 0
               ? CARNET_OK
               : CARNET_ECORRUPT;
}

/* Verify one record as the next link and replay it. */
static int
step(carnet_db *db, carnet__registry *r, carnet_audit_verifier *v, const struct reg_record *rec)
{
    unsigned char tbs[TBS_BYTES];
    struct reg_subject self;
    const struct reg_subject *by = signer(db, r, rec, &self);

    if (by != NULL) {
        encode(tbs, r->ws, rec->at, by->id, rec->action, rec->object, rec->commit);
    }
    /* An unknown or deactivated signer breaks the link as a bad signature. */
    if (by == NULL || carnet_audit_verifier_add(v, (uint64_t)rec->seq, rec->prev, rec->hash,
                                                rec->sig, tbs, sizeof tbs, &by->pk) != CARNET_OK) {
        return fault(r, rec->seq,
                     "enregistrement n°%lld : maillon rompu (supprimé, inséré, déplacé, modifié "
                     "ou signé par qui n'en a pas le droit)",
                     (long long)rec->seq);
    }
    if ((size_t)rec->seq > r->caph) {
        size_t cap = r->caph == 0 ? 64 : r->caph * 2;
        unsigned char(*h)[CARNET_HASH_BYTES] = realloc(r->hashes, cap * sizeof *h);
        if (h == NULL) {
            return CARNET_ENOMEM;
        }
        r->hashes = h;
        r->caph = cap;
    }
    memcpy(r->hashes[rec->seq - 1], rec->hash, CARNET_HASH_BYTES);
    r->seq = rec->seq;
    memcpy(r->head, rec->hash, sizeof r->head);
    return apply(db, r, rec, by);
}

/* The record at r->seq must still be the one verified before. */
static int
still_there(carnet_db *db, carnet__registry *r)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_REGISTRY_HASH_AT);
    unsigned char hash[CARNET_HASH_BYTES];
    int rc, same = 0;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, r->seq);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        same = carnet__col_blob(st, 0, hash, sizeof hash) == 0 &&
               memcmp(hash, r->head, sizeof hash) == 0;
    }
    carnet__reset(st);
    if (rc != CARNET__ROW && rc != CARNET__DONE) {
        return carnet__store_fail(db, rc, "lecture du registre");
    }
    return same ? CARNET_OK
                : fault(r, r->seq, "enregistrement n°%lld, déjà vérifié, a disparu ou changé",
                        (long long)r->seq);
}

/* Verify and replay the records added after r->seq. */
static int
advance(carnet_db *db, carnet__registry *r)
{
    carnet_audit_verifier v;
    struct reg_record rec;
    carnet__cursor cur;
    int rc = r->seq > 0 ? still_there(db, r) : CARNET_OK;

    if (rc != CARNET_OK) {
        return rc;
    }
    if (r->seq == 0) {
        unsigned char g[CARNET_HASH_BYTES];
        genesis(g, r->ws);
        carnet_audit_verifier_init(&v, g);
    } else {
        carnet_audit_verifier_init(&v, r->head);
        v.next_seq = (uint64_t)r->seq + 1;
    }
    rc = carnet__cursor_open(&cur, db, CARNET__Q_REGISTRY_AFTER, "lecture du registre");
    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__bind_int(cur.st, 1, r->seq);
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        db->verified.registry++;
        rc = read_record(cur.st, &rec) == CARNET_OK
                 ? step(db, r, &v, &rec)
                 : fault(r, rec.seq, "enregistrement n°%lld endommagé", (long long)rec.seq);
        if (rc != CARNET_OK) {
            break;
        }
    }
    carnet__cursor_close(&cur);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

static carnet__registry *
fresh(int64_t admin, const unsigned char ws[CARNET_ID_BYTES])
{
    carnet__registry *r = calloc(1, sizeof *r);

    if (r != NULL) {
        r->admin = admin;
        memcpy(r->ws, ws, sizeof r->ws);
    }
    return r;
}

/* The hash of record @p seq, for the memory's check (carnet__hash_at_fn). */
static int
hash_at(const void *ctx, int64_t seq, unsigned char out[CARNET_HASH_BYTES])
{
    const carnet__registry *r = ctx;

    if (seq < 1 || seq > r->seq) {
        return -1;
    }
    memcpy(out, r->hashes[seq - 1], CARNET_HASH_BYTES);
    return 0;
}

int
carnet__registry_get(carnet_db *db, const carnet__registry **out)
{
    carnet__registry *r = carnet__cache_get(db, CARNET__CACHE_REGISTRY);
    unsigned char ws[CARNET_ID_BYTES];
    uint64_t stamp = carnet__store_stamp(db);
    int64_t admin = 0;
    int rc;

    *out = NULL;
    if (r != NULL && stamp != 0 && r->stamp == stamp) {
        *out = r; /* nothing was written anywhere since it was verified */
        return CARNET_OK;
    }
    rc = identity(db, &admin, ws);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (r == NULL || r->admin != admin || memcmp(r->ws, ws, sizeof ws) != 0) {
        r = fresh(admin, ws);
        if (r == NULL) {
            return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
        carnet__cache_set(db, CARNET__CACHE_REGISTRY, r, registry_free);
    }
    rc = advance(db, r);
    rc = rc == CARNET_OK
             ? carnet__memory_check(db, CARNET__MEM_REGISTRY, ws, r->seq, r->head, hash_at, r)
             : rc;
    if (rc != CARNET_OK) {
        if (rc == CARNET_EROLLBACK) {
            char why[CARNET_ERRMSG_MAX];
            (void)carnet__strlcpy(why, carnet_db_errmsg(db), sizeof why);
            rc = carnet__fail(db, rc, "registre de l'espace : %s", why);
        }
        if (rc == CARNET_EINTEGRITY) {
            rc = carnet__fail(db, rc, "registre de l'espace rompu : %s", r->fault);
        }
        carnet__cache_set(db, CARNET__CACHE_REGISTRY, NULL, NULL); /* from the start next time */
        return rc;
    }
    r->stamp = stamp;
    *out = r;
    return CARNET_OK;
}

int
carnet__registry_unmigrated(carnet_db *db)
{
    return carnet__fail(db, CARNET_EINTEGRITY,
                        "espace créé avant le registre vérifié : l'administrateur doit lancer "
                        "« carnet espace migrer »");
}

/* ------------------------------------------------------------- questions */

int64_t
carnet__registry_records(const carnet__registry *r)
{
    return r->seq;
}

int
carnet__registry_has(const carnet__registry *r, int64_t pid, const carnet_pubkey *pk)
{
    const struct reg_subject *s = subject(r, pid);

    return s != NULL && memcmp(s->pk.sign, pk->sign, sizeof pk->sign) == 0 &&
           memcmp(s->pk.box, pk->box, sizeof pk->box) == 0;
}

int
carnet__registry_hash_at(const carnet__registry *r, int64_t seq,
                         unsigned char out[CARNET_HASH_BYTES])
{
    if (seq < 1 || seq > r->seq) {
        return -1;
    }
    memcpy(out, r->hashes[seq - 1], CARNET_HASH_BYTES);
    return 0;
}

int64_t
carnet__registry_deactivated_seq(const carnet__registry *r, int64_t pid)
{
    const struct reg_subject *s = subject(r, pid);

    return s != NULL ? s->deactivated_seq : 0;
}

int64_t
carnet__registry_deactivated_at(const carnet__registry *r, int64_t pid)
{
    const struct reg_subject *s = subject(r, pid);

    return s != NULL ? s->deactivated_at : 0;
}

int64_t
carnet__registry_rules_in_force(const carnet__registry *r, unsigned char commit[CARNET_HASH_BYTES])
{
    memcpy(commit, r->rules_commit, CARNET_HASH_BYTES);
    return r->rules_id;
}

/* ---------------------------------------------------------- verification */

/* Count the clear columns that disagree with the registry. */
static int
caches(carnet_db *db, const carnet__registry *r, carnet__registry_report *out)
{
    carnet__cursor cur;
    int rc =
        carnet__cursor_open(&cur, db, CARNET__Q_REGISTRY_DEACTIVATIONS, "lecture de l'annuaire");

    if (rc != CARNET_OK) {
        return rc;
    }
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        int64_t pid = carnet__col_int(cur.st, 0), at = carnet__col_int(cur.st, 1);
        if ((at != 0) != (carnet__registry_deactivated_at(r, pid) != 0) && out->mismatches++ == 0) {
            (void)snprintf(out->mismatch, sizeof out->mismatch,
                           "principal %lld : la colonne de désactivation ne correspond pas au "
                           "registre",
                           (long long)pid);
        }
    }
    carnet__cursor_close(&cur);
    if (rc != CARNET_ITEROVER) {
        return rc;
    }
    if (r->rules_id != 0) {
        carnet__statement *st = carnet__stmt(db, CARNET__Q_RULES_DOC_BY_ID);
        if (st == NULL) {
            return carnet__status(db);
        }
        carnet__bind_int(st, 1, r->rules_id);
        rc = carnet__step(st);
        if ((rc != CARNET__ROW || carnet__col_int(st, 1) != 1) && out->mismatches++ == 0) {
            (void)snprintf(out->mismatch, sizeof out->mismatch,
                           "règles n°%lld : en vigueur selon le registre, pas selon la table",
                           (long long)r->rules_id);
        }
        carnet__reset(st);
    }
    return CARNET_OK;
}

int
carnet__registry_verify(carnet_db *db, carnet__registry_report *out)
{
    carnet__registry *r;
    unsigned char ws[CARNET_ID_BYTES];
    int64_t admin = 0;
    int rc = identity(db, &admin, ws);

    memset(out, 0, sizeof *out);
    if (rc != CARNET_OK) {
        return rc;
    }
    r = fresh(admin, ws);
    if (r == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    rc = advance(db, r);
    out->records = r->seq;
    out->attested = r->attested;
    if (rc == CARNET_EINTEGRITY) {
        out->fault_record = r->fault_record;
        (void)carnet__strlcpy(out->fault, r->fault, sizeof out->fault);
        rc = CARNET_OK;
    } else if (rc == CARNET_OK && r->seq == 0) {
        (void)carnet__strlcpy(out->fault,
                              "registre vide : espace créé avant le registre vérifié (lancez "
                              "« carnet espace migrer »)",
                              sizeof out->fault);
    } else if (rc == CARNET_OK) {
        rc = caches(db, r, out);
    }
    registry_free(r);
    return rc;
}
