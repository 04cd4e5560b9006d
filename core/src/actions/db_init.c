/* db_init.c - setting up a deployment: its administrator, index key and rules
 * (carnet_db_init, declared in carnet/db.h).
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

static const unsigned char index_ctx[] = CARNET__INDEX_CTX;

static int
check_department(carnet_db *db, const char *d)
{
    size_t n = d != NULL ? strlen(d) : 0;
    int num = n > 0 && strspn(d, "0123456789") == n ? (int)strtol(d, NULL, 10) : -1;
    int ok = (n == 2 && num >= 1 && num <= 95 && num != 20) ||
             (n == 2 && (strcmp(d, "2A") == 0 || strcmp(d, "2B") == 0)) ||
             (n == 3 && num >= 971 && num <= 976 && num != 975);

    if (!ok) {
        return carnet__fail(db, CARNET_EINVAL,
                            "code de département '%s' invalide (01 à 95, 2A, 2B, 971 à 974 ou 976)",
                            d != NULL ? d : "");
    }
    return CARNET_OK;
}

/* ---------------------------------------------------------- deployment */

static int
insert_deployment(carnet_db *db, const carnet_deployment_params *p, const carnet__principal *admin,
                  const unsigned char key_id[CARNET_KEY_ID_BYTES],
                  const unsigned char sig[CARNET_SIG_BYTES])
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT_DEPLOYMENT);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, p->name);
    carnet__bind_text(st, 2, p->department);
    carnet__bind_int(st, 3, admin->pid);
    carnet__bind_int(st, 4, (int64_t)p->kdf);
    carnet__bind_int(st, 5, carnet_db_now(db));
    carnet__bind_blob(st, 6, key_id, CARNET_KEY_ID_BYTES);
    carnet__bind_blob(st, 7, sig, CARNET_SIG_BYTES);
    return carnet__exec_stmt(db, st, "enregistrement du déploiement");
}

static int
deployment_exists(carnet_db *db, int *yes)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_DEPLOYMENT_EXISTS);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    *yes = rc == CARNET__ROW && carnet__col_int32(st, 0) > 0;
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture du déploiement");
}

static int
init_checks(carnet_db *db, const carnet_deployment_params *p)
{
    int exists = 0;
    int rc = deployment_exists(db, &exists);

    if (rc != CARNET_OK) {
        return rc;
    }
    if (exists) {
        return carnet__fail(db, CARNET_EEXISTS, "espace de travail déjà initialisé");
    }
    if (p == NULL || p->version != CARNET_DEPLOYMENT_PARAMS_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "paramètres du déploiement invalides");
    }
    rc = carnet__check_name(db, p->name, "territoire");
    if (rc == CARNET_OK) {
        rc = check_department(db, p->department);
    }
    if (rc == CARNET_OK) {
        rc = carnet__check_handle(db, p->admin_handle);
    }
    if (rc == CARNET_OK) {
        rc = carnet__check_passphrase(db, p->admin_passphrase, p->admin_handle);
    }
    if (rc == CARNET_OK && carnet_kdf_profile_name(p->kdf) == NULL) {
        rc = carnet__fail(db, CARNET_EINVAL, "profil de dérivation de clé inconnu");
    }
    return rc;
}

int
carnet_db_init(carnet_db *db, const carnet_deployment_params *p)
{
    carnet__new_principal np;
    carnet_keypair *kp = NULL;
    carnet_epoch_key *index = NULL;
    unsigned char key_id[CARNET_KEY_ID_BYTES], csig[CARNET_SIG_BYTES];
    unsigned char wrap[CARNET_WRAP_BYTES], wsig[CARNET_SIG_BYTES];
    const char *rules = NULL;
    int rc = init_checks(db, p);

    if (rc != CARNET_OK) {
        return rc;
    }
    rules = p->rules_json != NULL ? p->rules_json : carnet_rules_default_json();
    memset(&np, 0, sizeof np);
    (void)carnet__strlcpy(np.p.handle, p->admin_handle, sizeof np.p.handle);
    np.p.kind = CARNET_PRINCIPAL_ADMIN;
    rc = carnet_keypair_generate(&kp);
    if (rc == CARNET_OK) {
        rc = carnet_epoch_key_generate(&index);
    }
    if (rc != CARNET_OK) {
        rc = carnet__fail(db, rc, "génération des clés impossible");
        goto out;
    }
    rc = carnet_epoch_commit(key_id, csig, kp, index, index_ctx, sizeof index_ctx);
    if (rc == CARNET_OK) {
        carnet_pubkey pk;
        carnet_keypair_public(&pk, kp);
        rc = carnet_epoch_seal(wrap, wsig, kp, index, &pk, index_ctx, sizeof index_ctx);
    }
    if (rc != CARNET_OK) {
        rc = carnet__fail(db, rc, "scellement de la clé d'index impossible");
        goto out;
    }
    np.index_wrap = wrap;
    np.index_sig = wsig;
    rc = carnet__begin(db);
    if (rc != CARNET_OK) {
        goto out;
    }
    rc = carnet__principal_register(db, &np, kp, NULL, NULL, p->admin_passphrase, p->kdf);
    if (rc == CARNET_OK) {
        rc = insert_deployment(db, p, &np.p, key_id, csig);
    }
    if (rc == CARNET_OK) {
        rc = carnet__rules_store(db, rules, strlen(rules), kp, &np.p);
    }
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    }
out:
    if (rc != CARNET_OK) {
        carnet__rollback(db);
    }
    carnet_keypair_free(kp);
    carnet_epoch_key_free(index);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
