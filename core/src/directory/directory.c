/* directory.c - principals, their certificates and unlocked actors.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "directory/directory.h"

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
read_principal(carnet_db *db, carnet__statement *st, carnet__principal *out)
{
    const char *t;
    int v;

    memset(out, 0, sizeof *out);
    out->pid = carnet__col_int(st, 0);
    if (carnet__col_blob(st, 1, out->id, CARNET_ID_BYTES) != 0 ||
        carnet__col_blob(st, 8, out->pk.sign, CARNET_SIGN_PK_BYTES) != 0 ||
        carnet__col_blob(st, 9, out->pk.box, CARNET_BOX_PK_BYTES) != 0) {
        return carnet__fail(db, CARNET_ECORRUPT, "principal %lld endommagé", (long long)out->pid);
    }
    carnet__col_text(st, 2, out->handle, sizeof out->handle);
    t = carnet__col_str(st, 3);
    v = 0;
    for (int k = 1; t != NULL && k < (int)(sizeof kind_codes / sizeof kind_codes[0]); k++) {
        v = strcmp((const char *)t, kind_codes[k]) == 0 ? k : v;
    }
    if (v == 0) {
        return carnet__fail(db, CARNET_ECORRUPT, "principal '%s' : type invalide", out->handle);
    }
    out->kind = (carnet_principal_kind)v;
    t = carnet__col_str(st, 4);
    if (t != NULL && carnet_enum_parse(&v, CARNET_ENUM_ROLE, (const char *)t) == 0) {
        out->role = (carnet_role)v;
    }
    out->structure = carnet__col_int(st, 5);
    t = carnet__col_str(st, 6);
    if (t != NULL && carnet_enum_parse(&v, CARNET_ENUM_STRUCTURE_TYPE, (const char *)t) == 0) {
        out->stype = (carnet_structure_type)v;
    }
    out->sensitive = carnet__col_int32(st, 7);
    out->created_at = carnet__col_int(st, 10);
    /* The column is a cache: the registry says whether and since when. */
    out->deactivated_at = carnet__col_int(st, 11);
    return CARNET_OK;
}

/* Take a professional's deactivation from the registry, not the column (a
 * workspace not yet migrated keeps the column: nothing of it is trusted
 * but the administrator until `carnet espace migrer`). */
static int
registry_deactivation(carnet_db *db, carnet__principal *p)
{
    const carnet__registry *r = NULL;
    int rc;

    if (p->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return CARNET_OK;
    }
    rc = carnet__registry_get(db, &r);
    if (rc == CARNET_ENOTFOUND) {
        return CARNET_OK; /* no deployment yet: nothing is trusted */
    }
    if (rc == CARNET_OK && carnet__registry_records(r) > 0) {
        p->deactivated_at = carnet__registry_deactivated_at(r, p->pid);
    }
    return rc;
}

static int
principal_query(carnet_db *db, carnet__query q, int by_pid, int64_t pid, const char *handle,
                carnet__principal *out)
{
    carnet__statement *st = carnet__stmt(db, q);
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
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = read_principal(db, st, out);
        carnet__reset(st);
        return rc == CARNET_OK ? registry_deactivation(db, out) : rc;
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        if (by_pid) {
            return carnet__fail(db, CARNET_ENOTFOUND, "principal %lld introuvable", (long long)pid);
        }
        return carnet__fail(db, CARNET_ENOTFOUND, "acteur '%s' inconnu", handle);
    }
    return carnet__store_fail(db, rc, "lecture de l'annuaire");
}

int
carnet__principal_by_handle(carnet_db *db, const char *handle, carnet__principal *out)
{

    memset(out, 0, sizeof *out);
    if (handle == NULL || !carnet__handle_valid(handle)) {
        return carnet__fail(db, CARNET_ENOTFOUND, "acteur '%s' inconnu",
                            handle != NULL ? handle : "");
    }
    return principal_query(db, CARNET__Q_PRINCIPAL_BY_HANDLE, 0, 0, handle, out);
}

int
carnet__principal_by_pid(carnet_db *db, int64_t pid, carnet__principal *out)
{

    return principal_query(db, CARNET__Q_PRINCIPAL_BY_PID, 1, pid, NULL, out);
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
    carnet__statement *st = carnet__stmt(db, CARNET__Q_CERT_ROW);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, pid);
    rc = carnet__step(st);
    if (rc != CARNET__ROW) {
        carnet__reset(st);
        return rc == CARNET__DONE ? CARNET_ENOTFOUND : carnet__store_fail(db, rc, "annuaire");
    }
    out->cert_by = carnet__col_int(st, 0);
    rc =
        carnet__col_blob(st, 1, out->cert_sig, CARNET_SIG_BYTES) == 0 ? CARNET_OK : CARNET_ECORRUPT;
    out->has_self = carnet__col_blob(st, 2, out->self_sig, CARNET_SIG_BYTES) == 0;
    carnet__col_text(st, 3, out->name, sizeof out->name);
    carnet__reset(st);
    return rc;
}

/* The handle's cache of principals whose certification chain verified,
 * with the key it verified for (another process may change the file). */
struct certified_key {
    int64_t pid;
    unsigned char pk_sign[CARNET_SIGN_PK_BYTES];
};
struct certified {
    struct certified_key *v;
    size_t n;
    size_t cap;
};

static void
certified_free(void *data)
{
    struct certified *c = data;

    free(c->v);
    free(c);
}

static int
cache_has(const carnet_db *db, const carnet__principal *p)
{
    const struct certified *c = carnet__cache_get(db, CARNET__CACHE_CERTIFIED);

    for (size_t i = 0; c != NULL && i < c->n; i++) {
        if (c->v[i].pid == p->pid &&
            memcmp(c->v[i].pk_sign, p->pk.sign, CARNET_SIGN_PK_BYTES) == 0) {
            return 1;
        }
    }
    return 0;
}

static void
cache_add(carnet_db *db, const carnet__principal *p)
{
    struct certified *c = carnet__cache_get(db, CARNET__CACHE_CERTIFIED);

    if (c == NULL) {
        c = calloc(1, sizeof *c);
        if (c == NULL) {
            return; /* only a cache */
        }
        carnet__cache_set(db, CARNET__CACHE_CERTIFIED, c, certified_free);
    }
    if (c->n == c->cap) {
        size_t cap = c->cap == 0 ? 32 : c->cap * 2;
        struct certified_key *n = realloc(c->v, cap * sizeof *n);
        if (n == NULL) {
            return;
        }
        c->v = n;
        c->cap = cap;
    }
    c->v[c->n].pid = p->pid;
    memcpy(c->v[c->n].pk_sign, p->pk.sign, CARNET_SIGN_PK_BYTES);
    c->n++;
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

/* A structure or a professional is trusted only if the registry certified
 * it with these keys: CARNET_EINTEGRITY when the registry is broken or
 * empty (message in db), CARNET_EAUTH when it does not know @p p. */
static int
in_registry(carnet_db *db, const carnet__principal *p)
{
    const carnet__registry *r = NULL;
    int rc;

    if (p->kind != CARNET_PRINCIPAL_STRUCTURE && p->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return CARNET_OK; /* the administrator is the deployment's; a person, her issuer's */
    }
    rc = carnet__registry_get(db, &r);
    if (rc != CARNET_OK) {
        return rc == CARNET_EINTEGRITY ? rc : CARNET_EAUTH;
    }
    if (carnet__registry_records(r) == 0) {
        return carnet__registry_unmigrated(db);
    }
    return carnet__registry_has(r, p->pid, &p->pk) ? CARNET_OK : CARNET_EAUTH;
}

static int
certified(carnet_db *db, const carnet__principal *p, int depth)
{
    struct cert_row cr;
    carnet__principal issuer;
    unsigned char tbs[CERT_MAX];
    size_t n;
    carnet__statement *st;
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
        st = carnet__stmt(db, CARNET__Q_CERTIFIED_ADMIN);
        if (st == NULL) {
            return carnet__status(db);
        }
        rc = carnet__step(st);
        if (rc != CARNET__ROW || carnet__col_int(st, 0) != p->pid) {
            carnet__reset(st);
            return CARNET_EAUTH;
        }
        carnet__reset(st);
        issuer = *p;
    } else {
        rc = carnet__principal_by_pid(db, cr.cert_by, &issuer);
        if (rc != CARNET_OK || !issuer_allowed(p, &issuer)) {
            return CARNET_EAUTH;
        }
        rc = certified(db, &issuer, depth + 1);
        if (rc != CARNET_OK) {
            return rc == CARNET_EINTEGRITY ? rc : CARNET_EAUTH;
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
    rc = in_registry(db, p);
    if (rc != CARNET_OK) {
        return rc;
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
    rc = carnet__principal_certified(db, out);
    if (rc == CARNET_EINTEGRITY) {
        return rc; /* the registry's message */
    }
    if (rc != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH,
                            "la clé de '%s' n'est pas certifiée (annuaire altéré ?)", out->handle);
    }
    return CARNET_OK;
}

/* ----------------------------------------------------------- insertion */

static int
insert_principal(carnet_db *db, carnet__new_principal *np)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT_PRINCIPAL);
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
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        p->pid = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    if (rc == CARNET__S_UNIQUE) {
        return carnet__fail(db, CARNET_EEXISTS, "l'identifiant '%s' est déjà pris", p->handle);
    }
    if (rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "enregistrement dans l'annuaire");
    }
    return CARNET_OK;
}

int
carnet__kdf_profile(carnet_db *db, carnet_kdf_profile *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_KDF_PROFILE);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *out = (carnet_kdf_profile)carnet__col_int32(st, 0);
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "espace de travail non initialisé");
    }
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture du déploiement");
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
    if (rc == CARNET_OK && np->p.kind != CARNET_PRINCIPAL_PERSON) {
        rc = carnet__registry_certify(db, issuer != NULL ? issuer : &np->p,
                                      issuer_kp != NULL ? issuer_kp : kp, np->p.pid);
    }
    np->sealed = NULL;
    carnet_memzero(sealed, sizeof sealed);
    return rc;
}

/* ------------------------------------------------------------ public lookup */

static int
fill_info(carnet_db *db, const carnet__principal *p, carnet_principal_info *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_FILL_INFO);
    const void *key;
    size_t keylen;
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
    rc = carnet__step(st);
    if (rc != CARNET__ROW) {
        carnet__reset(st);
        return carnet__store_fail(db, rc, "lecture de l'annuaire");
    }
    carnet__col_text(st, 0, out->structure, sizeof out->structure);
    carnet__col_text(st, 1, out->name, sizeof out->name);
    carnet__col_text(st, 2, out->postcode, sizeof out->postcode);
    carnet__col_text(st, 3, out->certified_by, sizeof out->certified_by);
    col = !carnet__col_null(st, 4) ? 4 : 5;
    key = carnet__col_bytes(st, col, &keylen);
    if (key != NULL && keylen == CARNET_SEALED_KEY_BYTES) {
        carnet_kdf_profile prof;
        if (carnet_key_info(NULL, &prof, key) == CARNET_OK) {
            out->kdf = prof;
        }
    }
    carnet__reset(st);
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
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_principal_iter_new(carnet_principal_iter **out, carnet_db *db, carnet_principal_kind kind)
{
    carnet_principal_iter *it =
        carnet__iter_new(db, sizeof *it, CARNET__Q_PRINCIPAL_ITER_NEW, "lecture de l'annuaire");

    *out = NULL;
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(it->cur.st, 1, kind != 0 ? kind_codes[kind] : NULL);
    *out = it;
    return carnet__ok(db);
}

int
carnet_principal_iter_next(carnet_principal_iter *it, carnet_principal_info *out)
{
    carnet__principal p;
    int rc = carnet__cursor_next(&it->cur);

    if (rc != CARNET_OK) {
        return rc;
    }
    rc = read_principal(it->cur.db, it->cur.st, &p);
    if (rc == CARNET_OK) {
        rc = registry_deactivation(it->cur.db, &p);
    }
    if (rc == CARNET_OK) {
        rc = fill_info(it->cur.db, &p, out);
    }
    return rc;
}

void
carnet_principal_iter_free(carnet_principal_iter *it)
{
    carnet__iter_free(it);
}

int
carnet__actor_is_admin(const carnet_actor *a)
{
    return a != NULL && a->kind == CARNET_PRINCIPAL_ADMIN;
}
