/* directory.c - principals, their certificates and unlocked actors.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The kinds as stored (English identifiers; users see model.c codes). */
static const char kind_codes[][16] = {"", "admin", "structure", "professional", "person"};

/* ----------------------------------------------------------- certificates */

enum { CERT_MAX = 16 + 4 + 8 + 64 + 16 + 2 + CARNET_HANDLE_MAX + CARNET_NAME_MAX };

/* The bytes an issuer signs to certify a principal's keys and attributes. */
static size_t
cert_tbs(unsigned char out[CERT_MAX], const carnet__principal *p, const char *name,
         const unsigned char issuer[CARNET_ID_BYTES])
{
    unsigned char *q = out;
    size_t hl = strlen(p->handle), nl = name != NULL ? strlen(name) : 0;

    q = carnet__putid(q, p->id);
    q = carnet__put8(q, (unsigned)p->kind);
    q = carnet__put8(q, (unsigned)p->role);
    q = carnet__put8(q, (unsigned)p->stype);
    q = carnet__put8(q, (unsigned)p->sensitive);
    q = carnet__put64(q, p->created_at);
    memcpy(q, p->pk.sign, CARNET_SIGN_PK_BYTES);
    q += CARNET_SIGN_PK_BYTES;
    memcpy(q, p->pk.box, CARNET_BOX_PK_BYTES);
    q += CARNET_BOX_PK_BYTES;
    q = carnet__putid(q, issuer);
    q = carnet__put8(q, (unsigned)hl);
    memcpy(q, p->handle, hl);
    q += hl;
    if (nl > CARNET_NAME_MAX) {
        nl = CARNET_NAME_MAX;
    }
    q = carnet__put8(q, (unsigned)nl);
    if (nl > 0) {
        memcpy(q, name, nl); /* NOLINT(bugprone-not-null-terminated-result): length-prefixed */
        q += nl;
    }
    return (size_t)(q - out);
}

static int
read_principal(carnet_db *db, sqlite3_stmt *st, carnet__principal *out)
{
    const unsigned char *t;
    int v;

    memset(out, 0, sizeof *out);
    out->pid = sqlite3_column_int64(st, 0);
    if (carnet__col_blob(st, 1, out->id, CARNET_ID_BYTES) != 0 ||
        carnet__col_blob(st, 8, out->pk.sign, CARNET_SIGN_PK_BYTES) != 0 ||
        carnet__col_blob(st, 9, out->pk.box, CARNET_BOX_PK_BYTES) != 0) {
        return carnet__fail(db, CARNET_ECORRUPT, "principal %lld endommagé", (long long)out->pid);
    }
    carnet__col_text(st, 2, out->handle, sizeof out->handle);
    t = sqlite3_column_text(st, 3);
    v = 0;
    for (int k = 1; t != NULL && k < (int)(sizeof kind_codes / sizeof kind_codes[0]); k++) {
        v = strcmp((const char *)t, kind_codes[k]) == 0 ? k : v;
    }
    if (v == 0) {
        return carnet__fail(db, CARNET_ECORRUPT, "principal '%s' : type invalide", out->handle);
    }
    out->kind = (carnet_principal_kind)v;
    t = sqlite3_column_text(st, 4);
    if (t != NULL && carnet_enum_parse(&v, CARNET_ENUM_ROLE, (const char *)t) == 0) {
        out->role = (carnet_role)v;
    }
    out->structure = sqlite3_column_int64(st, 5);
    t = sqlite3_column_text(st, 6);
    if (t != NULL && carnet_enum_parse(&v, CARNET_ENUM_STRUCTURE_TYPE, (const char *)t) == 0) {
        out->stype = (carnet_structure_type)v;
    }
    out->sensitive = sqlite3_column_int(st, 7);
    out->created_at = sqlite3_column_int64(st, 10);
    out->deactivated_at = sqlite3_column_int64(st, 11);
    return CARNET_OK;
}

static int
principal_query(carnet_db *db, const char *sql, int by_pid, int64_t pid, const char *handle,
                carnet__principal *out)
{
    sqlite3_stmt *st = carnet__stmt(db, sql);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    if (by_pid) {
        carnet__bind_int(st, 1, pid);
    } else {
        carnet__bind_text(st, 1, handle);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        rc = read_principal(db, st, out);
        (void)sqlite3_reset(st);
        return rc;
    }
    (void)sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        if (by_pid) {
            return carnet__fail(db, CARNET_ENOTFOUND, "principal %lld introuvable", (long long)pid);
        }
        return carnet__fail(db, CARNET_ENOTFOUND, "acteur '%s' inconnu", handle);
    }
    return carnet__sqlfail(db, rc, "lecture de l'annuaire");
}

int
carnet__principal_by_handle(carnet_db *db, const char *handle, carnet__principal *out)
{
    static const char sql[] =
        "SELECT pid, id, handle, kind, role, structure, structure_type, sensitive, pk_sign,"
        " pk_box, created_at, deactivated_at FROM principal WHERE handle = ?1";

    memset(out, 0, sizeof *out);
    if (handle == NULL || !carnet__handle_valid(handle)) {
        return carnet__fail(db, CARNET_ENOTFOUND, "acteur '%s' inconnu",
                            handle != NULL ? handle : "");
    }
    return principal_query(db, sql, 0, 0, handle, out);
}

int
carnet__principal_by_pid(carnet_db *db, int64_t pid, carnet__principal *out)
{
    static const char sql[] =
        "SELECT pid, id, handle, kind, role, structure, structure_type, sensitive, pk_sign,"
        " pk_box, created_at, deactivated_at FROM principal WHERE pid = ?1";

    return principal_query(db, sql, 1, pid, NULL, out);
}

int
carnet__principal_handle(carnet_db *db, int64_t pid, char out[CARNET_HANDLE_MAX + 1])
{
    carnet__principal p;
    int rc = carnet__principal_by_pid(db, pid, &p);

    if (rc == CARNET_OK) {
        (void)carnet__strlcpy(out, p.handle, CARNET_HANDLE_MAX + 1);
    }
    return rc;
}

/* The stored certificate of a principal: issuer, signatures, name. */
struct cert_row {
    int64_t cert_by;
    unsigned char cert_sig[CARNET_SIG_BYTES];
    unsigned char self_sig[CARNET_SIG_BYTES];
    int has_self;
    char name[CARNET_NAME_MAX + 1];
};

static int
cert_row(carnet_db *db, int64_t pid, struct cert_row *out)
{
    static const char sql[] =
        "SELECT cert_by, cert_sig, self_sig, name FROM principal WHERE pid = ?1";
    sqlite3_stmt *st = carnet__stmt(db, sql);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, pid);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        (void)sqlite3_reset(st);
        return rc == SQLITE_DONE ? CARNET_ENOTFOUND : carnet__sqlfail(db, rc, "annuaire");
    }
    out->cert_by = sqlite3_column_int64(st, 0);
    rc =
        carnet__col_blob(st, 1, out->cert_sig, CARNET_SIG_BYTES) == 0 ? CARNET_OK : CARNET_ECORRUPT;
    out->has_self = carnet__col_blob(st, 2, out->self_sig, CARNET_SIG_BYTES) == 0;
    carnet__col_text(st, 3, out->name, sizeof out->name);
    (void)sqlite3_reset(st);
    return rc;
}

static int
cache_has(const carnet_db *db, const carnet__principal *p)
{
    for (size_t i = 0; i < db->nverified; i++) {
        if (db->verified[i].pid == p->pid &&
            memcmp(db->verified[i].pk_sign, p->pk.sign, CARNET_SIGN_PK_BYTES) == 0) {
            return 1;
        }
    }
    return 0;
}

static void
cache_add(carnet_db *db, const carnet__principal *p)
{
    if (db->nverified == db->capverified) {
        size_t cap = db->capverified == 0 ? 32 : db->capverified * 2;
        struct carnet__verified *n = realloc(db->verified, cap * sizeof *n);
        if (n == NULL) {
            return; /* only a cache */
        }
        db->verified = n;
        db->capverified = cap;
    }
    db->verified[db->nverified].pid = p->pid;
    memcpy(db->verified[db->nverified].pk_sign, p->pk.sign, CARNET_SIGN_PK_BYTES);
    db->nverified++;
}

/* Which kind of issuer may certify which kind of principal. */
static int
issuer_allowed(const carnet__principal *p, const carnet__principal *issuer)
{
    switch (p->kind) {
    case CARNET_PRINCIPAL_ADMIN:
        return issuer->pid == p->pid;
    case CARNET_PRINCIPAL_STRUCTURE:
        return issuer->kind == CARNET_PRINCIPAL_ADMIN;
    case CARNET_PRINCIPAL_PROFESSIONAL:
        return issuer->kind == CARNET_PRINCIPAL_STRUCTURE && p->structure == issuer->pid;
    case CARNET_PRINCIPAL_PERSON:
        return issuer->kind == CARNET_PRINCIPAL_PROFESSIONAL;
    }
    return 0;
}

static int
certified(carnet_db *db, const carnet__principal *p, int depth)
{
    static const char sql_admin[] = "SELECT admin FROM deployment";
    struct cert_row cr;
    carnet__principal issuer;
    unsigned char tbs[CERT_MAX];
    size_t n;
    sqlite3_stmt *st;
    int rc;

    if (cache_has(db, p)) {
        return CARNET_OK;
    }
    if (depth > 4) {
        return CARNET_EAUTH;
    }
    rc = cert_row(db, p->pid, &cr);
    if (rc != CARNET_OK) {
        return CARNET_EAUTH;
    }
    if (p->kind == CARNET_PRINCIPAL_ADMIN) {
        /* The trust root: self-signed and named by the deployment. */
        st = carnet__stmt(db, sql_admin);
        if (st == NULL) {
            return carnet__status(db);
        }
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW || sqlite3_column_int64(st, 0) != p->pid) {
            (void)sqlite3_reset(st);
            return CARNET_EAUTH;
        }
        (void)sqlite3_reset(st);
        issuer = *p;
    } else {
        rc = carnet__principal_by_pid(db, cr.cert_by, &issuer);
        if (rc != CARNET_OK || !issuer_allowed(p, &issuer) || certified(db, &issuer, depth + 1)) {
            return CARNET_EAUTH;
        }
    }
    n = cert_tbs(tbs, p, cr.name, issuer.id);
    if (carnet_verify(cr.cert_sig, &issuer.pk, "cdb/v1/cert", tbs, n) != CARNET_OK) {
        return CARNET_EAUTH;
    }
    if (p->kind == CARNET_PRINCIPAL_PERSON &&
        (!cr.has_self ||
         carnet_verify(cr.self_sig, &p->pk, "cdb/v1/self-cert", tbs, n) != CARNET_OK)) {
        return CARNET_EAUTH;
    }
    cache_add(db, p);
    return CARNET_OK;
}

int
carnet__principal_certified(carnet_db *db, const carnet__principal *p)
{
    return certified(db, p, 0);
}

int
carnet__principal_trusted(carnet_db *db, int64_t pid, carnet__principal *out)
{
    int rc = carnet__principal_by_pid(db, pid, out);

    if (rc != CARNET_OK) {
        return rc;
    }
    if (carnet__principal_certified(db, out) != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH,
                            "la clé de '%s' n'est pas certifiée (annuaire altéré ?)", out->handle);
    }
    return CARNET_OK;
}

/* ----------------------------------------------------------- insertion */

static int
insert_principal(carnet_db *db, carnet__new_principal *np)
{
    static const char sql[] =
        "INSERT INTO principal (id, handle, kind, role, structure, structure_type, sensitive,"
        " name, postcode, pk_sign, pk_box, cert_by, cert_sig, self_sig, sealed_key,"
        " recovery_key, index_wrap, index_wrap_sig, index_wrap_by, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20)";
    sqlite3_stmt *st = carnet__stmt(db, sql);
    carnet__principal *p = &np->p;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_id(st, 1, p->id);
    carnet__bind_text(st, 2, p->handle);
    carnet__bind_text(st, 3, kind_codes[p->kind]);
    carnet__bind_text(st, 4, carnet_enum_code(CARNET_ENUM_ROLE, (int)p->role));
    carnet__bind_opt(st, 5, p->structure);
    carnet__bind_text(st, 6, carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)p->stype));
    carnet__bind_int(st, 7, p->sensitive);
    carnet__bind_text(st, 8, np->name);
    carnet__bind_text(st, 9, np->postcode);
    carnet__bind_blob(st, 10, p->pk.sign, CARNET_SIGN_PK_BYTES);
    carnet__bind_blob(st, 11, p->pk.box, CARNET_BOX_PK_BYTES);
    carnet__bind_opt(st, 12, np->cert_by);
    carnet__bind_blob(st, 13, np->cert_sig, CARNET_SIG_BYTES);
    carnet__bind_blob(st, 14, np->self_sig, CARNET_SIG_BYTES);
    carnet__bind_blob(st, 15, np->sealed, CARNET_SEALED_KEY_BYTES);
    carnet__bind_blob(st, 16, np->recovery, CARNET_SEALED_KEY_BYTES);
    carnet__bind_blob(st, 17, np->index_wrap, CARNET_WRAP_BYTES);
    carnet__bind_blob(st, 18, np->index_sig, CARNET_SIG_BYTES);
    carnet__bind_opt(st, 19, np->index_by);
    carnet__bind_int(st, 20, p->created_at);
    rc = sqlite3_step(st);
    (void)sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        return carnet__fail(db, CARNET_EEXISTS, "l'identifiant '%s' est déjà pris", p->handle);
    }
    if (rc != SQLITE_DONE) {
        return carnet__sqlfail(db, rc, "enregistrement dans l'annuaire");
    }
    p->pid = sqlite3_last_insert_rowid(db->sql);
    return CARNET_OK;
}

int
carnet__kdf_profile(carnet_db *db, carnet_kdf_profile *out)
{
    static const char sql[] = "SELECT kdf FROM deployment";
    sqlite3_stmt *st = carnet__stmt(db, sql);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (carnet_kdf_profile)sqlite3_column_int(st, 0);
    }
    (void)sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "espace de travail non initialisé");
    }
    return rc == SQLITE_ROW ? CARNET_OK : carnet__sqlfail(db, rc, "lecture du déploiement");
}

int
carnet__check_passphrase(carnet_db *db, const carnet_secbuf *pass, const char *who)
{
    if (pass == NULL || carnet_secbuf_len(pass) == 0) {
        return carnet__fail(db, CARNET_EINVAL, "phrase de passe vide pour '%s'", who);
    }
    if (carnet_secbuf_len(pass) < 8) {
        return carnet__fail(db, CARNET_EINVAL,
                            "phrase de passe trop courte pour '%s' (8 caractères au moins)", who);
    }
    return CARNET_OK;
}

int
carnet__principal_register(carnet_db *db, carnet__new_principal *np, const carnet_keypair *kp,
                           const carnet_keypair *issuer_kp, const carnet__principal *issuer,
                           const carnet_secbuf *pass, carnet_kdf_profile prof)
{
    unsigned char sealed[CARNET_SEALED_KEY_BYTES];
    unsigned char tbs[CERT_MAX];
    size_t n;
    int rc;

    static const unsigned char zero[CARNET_ID_BYTES];

    if (memcmp(np->p.id, zero, CARNET_ID_BYTES) == 0) {
        carnet_random(np->p.id, CARNET_ID_BYTES);
    }
    carnet_keypair_public(&np->p.pk, kp);
    np->p.created_at = carnet_db_now(db);
    if (pass != NULL) {
        rc = carnet_key_seal(sealed, kp, np->p.id, CARNET_SEAL_PASSPHRASE, prof, pass);
        if (rc != CARNET_OK) {
            return carnet__fail(db, rc, "scellement de la clé de '%s' impossible", np->p.handle);
        }
        np->sealed = sealed;
    }
    n = cert_tbs(tbs, &np->p, np->name, issuer != NULL ? issuer->id : np->p.id);
    rc = carnet_sign(np->cert_sig, issuer_kp != NULL ? issuer_kp : kp, "cdb/v1/cert", tbs, n);
    if (rc == CARNET_OK && np->p.kind == CARNET_PRINCIPAL_PERSON) {
        rc = carnet_sign(np->self_sig_buf, kp, "cdb/v1/self-cert", tbs, n);
        np->self_sig = np->self_sig_buf;
    }
    if (rc == CARNET_OK) {
        np->cert_by = issuer != NULL ? issuer->pid : 0;
        rc = insert_principal(db, np);
    }
    np->sealed = NULL;
    carnet_memzero(sealed, sizeof sealed);
    return rc;
}

/* ------------------------------------------------------------ public lookup */

static int
fill_info(carnet_db *db, const carnet__principal *p, carnet_principal_info *out)
{
    static const char sql[] = "SELECT s.handle, coalesce(p.name, s.name), coalesce(p.postcode,"
                              " s.postcode), c.handle, p.sealed_key,"
                              " p.recovery_key FROM principal p"
                              " LEFT JOIN principal s ON s.pid = p.structure"
                              " LEFT JOIN principal c ON c.pid = p.cert_by WHERE p.pid = ?1";
    sqlite3_stmt *st = carnet__stmt(db, sql);
    const void *key;
    int rc, col;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    (void)carnet__strlcpy(out->handle, p->handle, sizeof out->handle);
    out->kind = p->kind;
    out->role = p->role;
    out->structure_type = p->stype;
    out->sensitive = p->sensitive;
    out->created_at = p->created_at;
    out->deactivated_at = p->deactivated_at;
    carnet_pubkey_fingerprint(out->fingerprint, &p->pk);
    carnet__bind_int(st, 1, p->pid);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        (void)sqlite3_reset(st);
        return carnet__sqlfail(db, rc, "lecture de l'annuaire");
    }
    carnet__col_text(st, 0, out->structure, sizeof out->structure);
    carnet__col_text(st, 1, out->name, sizeof out->name);
    carnet__col_text(st, 2, out->postcode, sizeof out->postcode);
    carnet__col_text(st, 3, out->certified_by, sizeof out->certified_by);
    col = sqlite3_column_type(st, 4) == SQLITE_BLOB ? 4 : 5;
    key = sqlite3_column_blob(st, col);
    if (key != NULL && sqlite3_column_bytes(st, col) == CARNET_SEALED_KEY_BYTES) {
        carnet_kdf_profile prof;
        if (carnet_key_info(NULL, &prof, key) == CARNET_OK) {
            out->kdf = prof;
        }
    }
    (void)sqlite3_reset(st);
    if (p->kind == CARNET_PRINCIPAL_STRUCTURE) {
        out->structure[0] = '\0';
    }
    if (p->kind == CARNET_PRINCIPAL_ADMIN) {
        (void)carnet__strlcpy(out->certified_by, p->handle, sizeof out->certified_by);
    }
    out->certificate_ok = carnet__principal_certified(db, p) == CARNET_OK;
    return CARNET_OK;
}

int
carnet_principal_get(carnet_principal_info *out, carnet_db *db, const char *handle)
{
    carnet__principal p;
    int rc = carnet__principal_by_handle(db, handle, &p);

    if (rc == CARNET_OK) {
        rc = fill_info(db, &p, out);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

struct carnet_principal_iter {
    carnet_db *db;
    sqlite3_stmt *st;
};

int
carnet_principal_iter_new(carnet_principal_iter **out, carnet_db *db, carnet_principal_kind kind)
{
    static const char sql[] =
        "SELECT pid, id, handle, kind, role, structure, structure_type, sensitive, pk_sign,"
        " pk_box, created_at, deactivated_at FROM principal WHERE ?1 IS NULL OR kind = ?1"
        " ORDER BY handle";
    carnet_principal_iter *it = calloc(1, sizeof *it);
    int rc;

    *out = NULL;
    if (it == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    it->db = db;
    rc = sqlite3_prepare_v2(db->sql, sql, -1, &it->st, NULL);
    if (rc != SQLITE_OK) {
        free(it);
        return carnet__sqlfail(db, rc, "lecture de l'annuaire");
    }
    carnet__bind_text(it->st, 1, kind != 0 ? kind_codes[kind] : NULL);
    *out = it;
    return carnet__ok(db);
}

int
carnet_principal_iter_next(carnet_principal_iter *it, carnet_principal_info *out)
{
    carnet__principal p;
    int rc = sqlite3_step(it->st);

    if (rc == SQLITE_DONE) {
        return CARNET_ITEROVER;
    }
    if (rc != SQLITE_ROW) {
        return carnet__sqlfail(it->db, rc, "lecture de l'annuaire");
    }
    rc = read_principal(it->db, it->st, &p);
    if (rc == CARNET_OK) {
        rc = fill_info(it->db, &p, out);
    }
    return rc;
}

void
carnet_principal_iter_free(carnet_principal_iter *it)
{
    if (it != NULL) {
        sqlite3_finalize(it->st);
        free(it);
    }
}
