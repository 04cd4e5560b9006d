/* directory_actor.c - creating principals of the directory, unlocking actors.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

static const unsigned char index_ctx[] = CARNET__INDEX_CTX;

/* ------------------------------------------------------------ validation */

int
carnet__check_name(carnet_db *db, const char *name, const char *what)
{
    if (name == NULL || name[0] == '\0') {
        return carnet__fail(db, CARNET_EINVAL, "%s : nom absent", what);
    }
    if (strlen(name) > CARNET_NAME_MAX || !carnet__utf8_valid(name, 0)) {
        return carnet__fail(db, CARNET_EINVAL,
                            "%s : nom invalide (texte UTF-8 de %d octets au plus)", what,
                            CARNET_NAME_MAX);
    }
    return CARNET_OK;
}

int
carnet__check_handle(carnet_db *db, const char *handle)
{
    if (!carnet__handle_valid(handle)) {
        return carnet__fail(db, CARNET_EINVAL,
                            "identifiant '%s' invalide : 2 à 63 caractères parmi a-z, 0-9, '.', "
                            "'-' et '_', commençant par une lettre ou un chiffre",
                            handle != NULL ? handle : "");
    }
    return CARNET_OK;
}

static int
check_postcode(carnet_db *db, const char *pc)
{
    if (pc == NULL) {
        return CARNET_OK;
    }
    if (strlen(pc) != 5 || strspn(pc, "0123456789") != 5 || strncmp(pc, "00", 2) == 0) {
        return carnet__fail(db, CARNET_EINVAL, "code postal '%s' invalide (5 chiffres)", pc);
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------- index key */

static int
index_commitment(carnet_db *db, unsigned char key_id[CARNET_KEY_ID_BYTES],
                 unsigned char sig[CARNET_SIG_BYTES], carnet__principal *admin)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INDEX_COMMITMENT);
    int64_t admin_pid = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        admin_pid = carnet__col_int(st, 0);
        rc = carnet__col_blob(st, 1, key_id, CARNET_KEY_ID_BYTES) == 0 &&
                     carnet__col_blob(st, 2, sig, CARNET_SIG_BYTES) == 0
                 ? CARNET__ROW
                 : CARNET__S_CORRUPT;
    }
    carnet__reset(st);
    if (rc != CARNET__ROW) {
        return rc == CARNET__DONE ? carnet__fail(db, CARNET_ENOTFOUND, "espace non initialisé")
                                  : carnet__store_fail(db, rc, "lecture du déploiement");
    }
    return carnet__principal_trusted(db, admin_pid, admin);
}

int
carnet__actor_index_key(carnet_actor *a, const carnet_epoch_key **out)
{
    carnet_db *db = a->db;
    unsigned char key_id[CARNET_KEY_ID_BYTES], csig[CARNET_SIG_BYTES];
    unsigned char wrap[CARNET_WRAP_BYTES], wsig[CARNET_SIG_BYTES];
    carnet__principal admin, sealer;
    carnet__statement *st;
    int64_t by = 0;
    int rc;

    *out = NULL;
    if (a->index_key != NULL) {
        *out = a->index_key;
        return CARNET_OK;
    }
    rc = index_commitment(db, key_id, csig, &admin);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (carnet_epoch_verify_commit(key_id, csig, &admin.pk, index_ctx, sizeof index_ctx) !=
        CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH, "clé d'index de l'annuaire : engagement invalide");
    }
    st = carnet__stmt(db, CARNET__Q_ACTOR_INDEX_KEY);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, a->pid);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = carnet__col_blob(st, 0, wrap, sizeof wrap) == 0 &&
                     carnet__col_blob(st, 1, wsig, sizeof wsig) == 0
                 ? CARNET__ROW
                 : CARNET__DONE;
        by = carnet__col_int(st, 2);
    }
    carnet__reset(st);
    if (rc != CARNET__ROW) {
        return carnet__fail(db, CARNET_ECONSENT, "'%s' n'a pas accès à l'index de l'annuaire",
                            a->handle);
    }
    if (by == 0) {
        sealer = admin; /* the administrator sealed its own copy at set-up */
    } else {
        rc = carnet__principal_trusted(db, by, &sealer);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    if (sealer.kind != CARNET_PRINCIPAL_ADMIN && sealer.kind != CARNET_PRINCIPAL_STRUCTURE) {
        return carnet__fail(db, CARNET_EAUTH,
                            "clé d'index scellée par '%s', qui n'en a pas le droit", sealer.handle);
    }
    rc = carnet_epoch_open(&a->index_key, wrap, wsig, &sealer.pk, a->kp, key_id, index_ctx,
                           sizeof index_ctx);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "clé d'index de l'annuaire : ouverture impossible");
    }
    *out = a->index_key;
    return CARNET_OK;
}

/* Seal the index key to a new principal. */
static int
index_wrap_for(carnet_actor *issuer, const carnet_pubkey *to, carnet__new_principal *np,
               unsigned char wrap[CARNET_WRAP_BYTES], unsigned char sig[CARNET_SIG_BYTES])
{
    const carnet_epoch_key *k = NULL;
    int rc = carnet__actor_index_key(issuer, &k);

    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet_epoch_seal(wrap, sig, issuer->kp, k, to, index_ctx, sizeof index_ctx);
    if (rc != CARNET_OK) {
        return carnet__fail(issuer->db, rc, "scellement de la clé d'index impossible");
    }
    np->index_wrap = wrap;
    np->index_sig = sig;
    np->index_by = issuer->pid;
    return CARNET_OK;
}

/* ------------------------------------------------- structures, professionals */

static int
create_checks(carnet_db *db, const char *handle, const carnet_secbuf *pass)
{
    int rc = carnet__check_handle(db, handle);

    if (rc == CARNET_OK) {
        rc = carnet__check_passphrase(db, pass, handle);
    }
    return rc;
}

/* Generate keys, certify them by @p issuer, seal the index key to them. */
static int
create_principal(carnet_db *db, carnet_actor *issuer, carnet__new_principal *np,
                 const carnet_secbuf *pass)
{
    unsigned char wrap[CARNET_WRAP_BYTES], wsig[CARNET_SIG_BYTES];
    carnet__principal issuer_p;
    carnet_keypair *kp = NULL;
    carnet_kdf_profile prof = CARNET_KDF_MODERATE;
    carnet_pubkey pk;
    int rc = carnet__kdf_profile(db, &prof);

    if (rc == CARNET_OK) {
        rc = carnet__principal_trusted(db, issuer->pid, &issuer_p);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet_keypair_generate(&kp);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "génération des clés impossible");
    }
    carnet_keypair_public(&pk, kp);
    rc = index_wrap_for(issuer, &pk, np, wrap, wsig);
    if (rc == CARNET_OK) {
        rc = carnet__begin(db);
    }
    if (rc == CARNET_OK) {
        rc = carnet__principal_register(db, np, kp, issuer->kp, &issuer_p, pass, prof);
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
        if (rc != CARNET_OK) {
            carnet__rollback(db);
        }
    }
    carnet_keypair_free(kp);
    np->index_wrap = NULL; /* they pointed into this frame */
    np->index_sig = NULL;
    return rc;
}

int
carnet_structure_create(carnet_db *db, carnet_actor *admin, const carnet_structure_params *p)
{
    carnet__new_principal np;
    int rc;

    if (!carnet__actor_is_admin(admin)) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seul l'administrateur du déploiement crée des structures");
    }
    if (p == NULL || p->version != CARNET_STRUCTURE_PARAMS_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "paramètres de structure invalides");
    }
    rc = create_checks(db, p->handle, p->passphrase);
    if (rc == CARNET_OK) {
        rc = carnet__check_name(db, p->name, "structure");
    }
    if (rc == CARNET_OK) {
        rc = check_postcode(db, p->postcode);
    }
    if (rc == CARNET_OK && carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)p->type) == NULL) {
        rc = carnet__fail(db, CARNET_EINVAL, "type de structure inconnu");
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    memset(&np, 0, sizeof np);
    (void)carnet__strlcpy(np.p.handle, p->handle, sizeof np.p.handle);
    np.p.kind = CARNET_PRINCIPAL_STRUCTURE;
    np.p.stype = p->type;
    np.p.sensitive = p->sensitive != 0;
    np.name = p->name;
    np.postcode = p->postcode;
    rc = create_principal(db, admin, &np, p->passphrase);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_professional_create(carnet_db *db, carnet_actor *structure,
                           const carnet_professional_params *p)
{
    carnet__new_principal np;
    int rc;

    if (structure == NULL || structure->kind != CARNET_PRINCIPAL_STRUCTURE) {
        return carnet__fail(
            db, CARNET_ECONSENT,
            "un professionnel est créé par sa structure (agir en tant que structure)");
    }
    if (p == NULL || p->version != CARNET_PROFESSIONAL_PARAMS_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "paramètres de professionnel invalides");
    }
    rc = create_checks(db, p->handle, p->passphrase);
    if (rc == CARNET_OK && carnet_enum_code(CARNET_ENUM_ROLE, (int)p->role) == NULL) {
        rc = carnet__fail(db, CARNET_EINVAL, "rôle de professionnel inconnu");
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    memset(&np, 0, sizeof np);
    (void)carnet__strlcpy(np.p.handle, p->handle, sizeof np.p.handle);
    np.p.kind = CARNET_PRINCIPAL_PROFESSIONAL;
    np.p.role = p->role;
    np.p.structure = structure->pid;
    np.p.stype = structure->stype;
    np.p.sensitive = 0;
    rc = create_principal(db, structure, &np, p->passphrase);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_professional_deactivate(carnet_db *db, carnet_actor *by, const char *handle)
{
    carnet__principal p, signer;
    unsigned char tbs[CARNET_ID_BYTES + 8], sig[CARNET_SIG_BYTES];
    carnet__statement *st;
    int64_t now = carnet_db_now(db);
    int rc = carnet__principal_by_handle(db, handle, &p);

    if (rc != CARNET_OK) {
        return rc;
    }
    if (p.kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' n'est pas un professionnel", handle);
    }
    if (by == NULL || !(carnet__actor_is_admin(by) || by->pid == p.structure)) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seuls sa structure et l'administrateur désactivent '%s'", handle);
    }
    if (p.deactivated_at != 0) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' est déjà désactivé", handle);
    }
    carnet__put64(carnet__putid(tbs, p.id), now);
    rc = carnet_sign(sig, by->kp, "cdb/v1/deactivate", tbs, sizeof tbs);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "signature impossible");
    }
    rc = carnet__begin(db);
    if (rc != CARNET_OK) {
        return rc;
    }
    /* The column is the cache; the registry's record is what decides. */
    st = carnet__stmt(db, CARNET__Q_PROFESSIONAL_DEACTIVATE);
    rc = st != NULL ? CARNET_OK : carnet__status(db);
    if (rc == CARNET_OK) {
        carnet__bind_int(st, 1, now);
        carnet__bind_int(st, 2, by->pid);
        carnet__bind_blob(st, 3, sig, sizeof sig);
        carnet__bind_int(st, 4, p.pid);
        rc = carnet__exec_stmt(db, st, "désactivation");
    }
    if (rc == CARNET_OK) {
        memset(&signer, 0, sizeof signer);
        signer.pid = by->pid;
        signer.kind = by->kind;
        memcpy(signer.id, by->id, sizeof signer.id);
        rc = carnet__registry_deactivate(db, &signer, by->kp, p.pid, p.id);
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        return rc;
    }
    return carnet__ok(db);
}

/* ---------------------------------------------------------------- persons */

static void
person_handle(char out[CARNET_HANDLE_MAX + 1])
{
    static const char b32[] = "0123456789abcdefghjkmnpqrstvwxyz";
    unsigned char r[8];

    carnet_random(r, sizeof r);
    out[0] = 'p';
    out[1] = '-';
    for (size_t i = 0; i < 8; i++) {
        out[2 + i] = b32[r[i] & 31];
    }
    out[10] = '\0';
}

int
carnet__person_create(carnet_db *db, const carnet_actor *creator, const carnet_keypair *kp,
                      const carnet_secbuf *passphrase, const carnet_secbuf *code,
                      carnet__principal *out)
{
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    carnet__new_principal np;
    carnet__principal creator_p;
    carnet_kdf_profile prof = CARNET_KDF_MODERATE;
    int rc = carnet__kdf_profile(db, &prof);

    if (rc == CARNET_OK) {
        rc = carnet__principal_trusted(db, creator->pid, &creator_p);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    for (int attempt = 0; attempt < 8; attempt++) {
        memset(&np, 0, sizeof np);
        person_handle(np.p.handle);
        np.p.kind = CARNET_PRINCIPAL_PERSON;
        carnet_random(np.p.id, CARNET_ID_BYTES);
        rc = carnet_key_seal(rec, kp, np.p.id, CARNET_SEAL_RECOVERY, prof, code);
        if (rc != CARNET_OK) {
            return carnet__fail(db, rc, "scellement du code de récupération impossible");
        }
        np.recovery = rec;
        rc = carnet__principal_register(db, &np, kp, creator->kp, &creator_p, passphrase, prof);
        if (rc != CARNET_EEXISTS) {
            break; /* a handle collision is retried with a new handle */
        }
    }
    carnet_memzero(rec, sizeof rec);
    if (rc == CARNET_OK) {
        *out = np.p;
    }
    return rc;
}

/* ----------------------------------------------------------------- actors */

static int
load_sealed(carnet_db *db, int64_t pid, int recovery, unsigned char rec[CARNET_SEALED_KEY_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_LOAD_SEALED);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, pid);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = carnet__col_blob(st, recovery ? 1 : 0, rec, CARNET_SEALED_KEY_BYTES) == 0
                 ? CARNET_OK
                 : CARNET_ENOTFOUND;
    } else {
        rc = carnet__store_fail(db, rc, "lecture de la clé");
    }
    carnet__reset(st);
    return rc;
}

static int
actor_from(carnet_actor **out, carnet_db *db, const carnet__principal *p, carnet_keypair *kp)
{
    carnet_actor *a = calloc(1, sizeof *a);
    carnet_pubkey pk;

    if (a == NULL) {
        carnet_keypair_free(kp);
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    carnet_keypair_public(&pk, kp);
    if (carnet_ct_equal(&pk, &p->pk, sizeof pk) != 0) {
        carnet_keypair_free(kp);
        free(a);
        return carnet__fail(db, CARNET_ECORRUPT,
                            "la clé scellée de '%s' ne correspond pas à l'annuaire", p->handle);
    }
    a->db = db;
    a->pid = p->pid;
    memcpy(a->id, p->id, CARNET_ID_BYTES);
    (void)carnet__strlcpy(a->handle, p->handle, sizeof a->handle);
    a->kind = p->kind;
    a->role = p->role;
    a->structure = p->structure;
    a->stype = p->stype;
    a->kp = kp;
    a->pk = pk;
    *out = a;
    return CARNET_OK;
}

int
carnet_actor_unlock(carnet_actor **out, carnet_db *db, const char *handle,
                    const carnet_secbuf *passphrase)
{
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    carnet__principal p;
    carnet_keypair *kp = NULL;
    int rc;

    *out = NULL;
    rc = carnet__principal_by_handle(db, handle, &p);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (p.deactivated_at != 0) {
        return carnet__fail(db, CARNET_ECONSENT, "le compte de '%s' est désactivé", handle);
    }
    rc = carnet__principal_certified(db, &p);
    if (rc == CARNET_EINTEGRITY) {
        return rc; /* the registry's message: broken, or to be migrated */
    }
    if (rc != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH, "la clé de '%s' n'est pas certifiée", handle);
    }
    rc = load_sealed(db, p.pid, 0, rec);
    if (rc == CARNET_ENOTFOUND) {
        return carnet__fail(db, CARNET_EPASSPHRASE,
                            "le carnet de '%s' n'est pas encore activé : utilisez son code "
                            "d'activation",
                            handle);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet_key_open(&kp, rec, p.id, passphrase);
    carnet_memzero(rec, sizeof rec);
    if (rc == CARNET_EPASSPHRASE) {
        return carnet__fail(db, rc,
                            "impossible de déverrouiller la clé de '%s' : phrase de passe "
                            "incorrecte ou clé endommagée",
                            handle);
    }
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "déverrouillage de la clé de '%s' impossible", handle);
    }
    rc = actor_from(out, db, &p, kp);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

static int
store_keys(carnet_db *db, int64_t pid, const unsigned char sealed[CARNET_SEALED_KEY_BYTES],
           const unsigned char rec[CARNET_SEALED_KEY_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_STORE_KEYS);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_blob(st, 1, sealed, CARNET_SEALED_KEY_BYTES);
    carnet__bind_blob(st, 2, rec, CARNET_SEALED_KEY_BYTES);
    carnet__bind_int(st, 3, pid);
    return carnet__exec_stmt(db, st, "enregistrement des clés");
}

static int
reseal(carnet_db *db, const carnet__principal *p, const carnet_keypair *kp,
       const carnet_secbuf *pass, carnet_secbuf **code_out)
{
    unsigned char sealed[CARNET_SEALED_KEY_BYTES], rec[CARNET_SEALED_KEY_BYTES];
    carnet_kdf_profile prof = CARNET_KDF_MODERATE;
    carnet_secbuf *code = NULL, *norm = NULL;
    int rc = carnet__kdf_profile(db, &prof);

    if (rc == CARNET_OK) {
        rc = carnet_recovery_code_new(&code);
    }
    if (rc == CARNET_OK) {
        rc = carnet_recovery_code_normalise(&norm, carnet_secbuf_str(code));
    }
    if (rc == CARNET_OK) {
        rc = carnet_key_seal(sealed, kp, p->id, CARNET_SEAL_PASSPHRASE, prof, pass);
    }
    if (rc == CARNET_OK) {
        rc = carnet_key_seal(rec, kp, p->id, CARNET_SEAL_RECOVERY, prof, norm);
    }
    if (rc == CARNET_OK) {
        rc = store_keys(db, p->pid, sealed, rec);
    } else {
        rc = carnet__fail(db, rc, "scellement des clés impossible");
    }
    carnet_memzero(sealed, sizeof sealed);
    carnet_memzero(rec, sizeof rec);
    carnet_secbuf_free(norm);
    if (rc == CARNET_OK) {
        *code_out = code;
    } else {
        carnet_secbuf_free(code);
    }
    return rc;
}

/* The person activated her carnet (or recovered it): a code a flow's
 * importer kept for her (activation_code) opens nothing any more. */
static int
forget_activation_code(carnet_db *db, int64_t pid)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_ACTIVATION_CODE_FORGET);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, pid);
    return carnet__exec_stmt(db, st, "oubli du code d'activation");
}

static int
recover_open(carnet_db *db, const carnet__principal *p, const char *typed, carnet_keypair **kp)
{
    unsigned char rec[CARNET_SEALED_KEY_BYTES];
    carnet_secbuf *norm = NULL;
    int rc = carnet_recovery_code_normalise(&norm, typed);

    if (rc == CARNET_EINVAL) {
        return carnet__fail(db, rc, "code de récupération mal saisi (28 caractères, vérifiez-les)");
    }
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "mémoire insuffisante");
    }
    rc = load_sealed(db, p->pid, 1, rec);
    if (rc == CARNET_OK) {
        rc = carnet_key_open(kp, rec, p->id, norm);
        if (rc == CARNET_EPASSPHRASE) {
            rc = carnet__fail(db, rc, "code de récupération incorrect pour '%s'", p->handle);
        }
    } else if (rc == CARNET_ENOTFOUND) {
        rc =
            carnet__fail(db, CARNET_EPASSPHRASE, "'%s' n'a pas de code de récupération", p->handle);
    }
    carnet_memzero(rec, sizeof rec);
    carnet_secbuf_free(norm);
    return rc;
}

int
carnet_actor_recover(carnet_actor **out, carnet_secbuf **new_code, carnet_db *db,
                     const char *handle, const char *typed, const carnet_secbuf *new_passphrase)
{
    carnet__principal p;
    carnet__carnet c;
    carnet_keypair *kp = NULL;
    int rc;

    *out = NULL;
    *new_code = NULL;
    rc = carnet__principal_by_handle(db, handle, &p);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (p.kind != CARNET_PRINCIPAL_PERSON) {
        return carnet__fail(db, CARNET_EINVAL,
                            "seule une personne accompagnée a un code de "
                            "récupération");
    }
    rc = carnet__check_passphrase(db, new_passphrase, handle);
    if (rc == CARNET_OK) {
        rc = recover_open(db, &p, typed, &kp);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = actor_from(out, db, &p, kp);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = *out != NULL ? carnet__begin(db) : CARNET_ERROR;
    if (rc == CARNET_OK) {
        rc = reseal(db, &p, (*out)->kp, new_passphrase, new_code);
    }
    if (rc == CARNET_OK) {
        rc = forget_activation_code(db, p.pid);
    }
    if (rc == CARNET_OK && carnet__carnet_by_person(db, handle, &c) == CARNET_OK) {
        rc = carnet__audit(db, &c, *out, CARNET_AUDIT_RECOVER, -1, 0, CARNET_OK);
    }
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    }
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        carnet_secbuf_free(*new_code);
        *new_code = NULL;
        carnet_actor_free(*out);
        *out = NULL;
        return rc;
    }
    return carnet__ok(db);
}

void
carnet_actor_free(carnet_actor *a)
{
    if (a == NULL) {
        return;
    }
    for (size_t i = 0; i < a->nkeys; i++) {
        carnet_epoch_key_free(a->keys[i].key);
    }
    free(a->keys);
    carnet_epoch_key_free(a->index_key);
    carnet_keypair_free(a->kp);
    free(a);
}

const char *
carnet_actor_handle(const carnet_actor *a)
{
    return a->handle;
}

carnet_principal_kind
carnet_actor_kind(const carnet_actor *a)
{
    return a->kind;
}
