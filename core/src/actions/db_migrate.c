/* db_migrate.c - give a workspace created before the registry its registry.
 * SPDX-License-Identifier: MIT
 *
 * The administrator writes, in one transaction, what the file holds: her
 * own certificate (record 1), each structure's and professional's, each
 * checked against its issuer before it is recorded; the deactivations the
 * file shows (recording one never widens access); the rules row in force,
 * checked by its signature; and a last record, "attest", naming how many
 * records it vouches for. docs/security.md says what this cannot prove:
 * the state it attests is the file's at that moment.
 */
#include <stdlib.h>
#include <string.h>

#include <carnet/db.h>

#include "actions/actions.h"

/* A structure or a professional of the file, as listed before writing. */
struct subject {
    int64_t pid;
    int professional;
    int deactivated;
};

static int
list_subjects(carnet_db *db, struct subject **out, size_t *n)
{
    carnet__cursor cur;
    size_t cap = 0;
    int rc = carnet__cursor_open(&cur, db, CARNET__Q_REGISTRY_UNRECORDED, "lecture de l'annuaire");

    *out = NULL;
    *n = 0;
    if (rc != CARNET_OK) {
        return rc;
    }
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        const char *kind = carnet__col_str(cur.st, 1);
        if (kind == NULL || strcmp(kind, "admin") == 0) {
            continue;
        }
        if (*n == cap) {
            struct subject *v;
            cap = cap == 0 ? 32 : cap * 2;
            v = realloc(*out, cap * sizeof *v);
            if (v == NULL) {
                rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
                break;
            }
            *out = v;
        }
        (*out)[*n].pid = carnet__col_int(cur.st, 0);
        (*out)[*n].professional = strcmp(kind, "professional") == 0;
        (*out)[*n].deactivated = !carnet__col_null(cur.st, 2);
        (*n)++;
    }
    carnet__cursor_close(&cur);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

/* Certify @p s after checking its certificate against its issuer's. */
static int
certify(carnet_db *db, const carnet__principal *admin, const carnet_keypair *kp,
        const struct subject *s, carnet_db_migration *out)
{
    carnet__principal p;
    int rc = carnet__registry_certify(db, admin, kp, s->pid);

    rc = rc == CARNET_OK ? carnet__principal_by_pid(db, s->pid, &p) : rc;
    if (rc == CARNET_OK && carnet__principal_certified(db, &p) != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH,
                            "migration refusée : le certificat de '%s' ne vérifie pas", p.handle);
    }
    if (rc == CARNET_OK && s->deactivated) {
        rc = carnet__registry_deactivate(db, admin, kp, p.pid, p.id);
        out->deactivations++;
    }
    if (rc == CARNET_OK) {
        out->professionals += s->professional;
        out->structures += !s->professional;
    }
    return rc;
}

/* Record the rules row in force, once its signature verifies. */
static int
rules_in_force(carnet_db *db, const carnet__principal *admin, const carnet_keypair *kp,
               carnet_db_migration *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_RULES_ACTIVE_ROW);
    carnet_rules *r = NULL;
    char *doc = NULL;
    int64_t id = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        id = carnet__col_int(st, 0);
        doc = malloc(carnet__col_len(st, 1) + 1);
        if (doc != NULL) {
            memcpy(doc, carnet__col_str(st, 1), carnet__col_len(st, 1) + 1);
        }
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return CARNET_OK; /* no rules in force: none recorded */
    }
    if (rc != CARNET__ROW || doc == NULL) {
        free(doc);
        return rc != CARNET__ROW ? carnet__store_fail(db, rc, "lecture des règles")
                                 : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    rc = carnet_rules_parse(&r, doc, strlen(doc));
    rc = rc == CARNET_OK ? carnet_rules_verify(r, db) : rc;
    if (rc != CARNET_OK) {
        rc = carnet__fail(db, CARNET_EAUTH,
                          "migration refusée : les règles en vigueur (n°%lld) ne vérifient pas",
                          (long long)id);
    } else {
        rc = carnet__registry_rules(db, admin, kp, id, doc, strlen(doc));
        out->rules = id;
    }
    carnet_rules_free(r);
    free(doc);
    return rc;
}

static int
migrate(carnet_db *db, const carnet_actor *admin, carnet_db_migration *out)
{
    unsigned char commit[CARNET_HASH_BYTES];
    const carnet__registry *reg = NULL;
    struct subject *v = NULL;
    carnet__principal me;
    size_t n = 0;
    int rc = carnet__principal_by_pid(db, admin->pid, &me);

    rc = rc == CARNET_OK ? carnet__registry_certify(db, &me, admin->kp, me.pid) : rc;
    rc = rc == CARNET_OK ? list_subjects(db, &v, &n) : rc;
    for (size_t i = 0; rc == CARNET_OK && i < n; i++) {
        rc = certify(db, &me, admin->kp, &v[i], out);
    }
    free(v);
    rc = rc == CARNET_OK ? rules_in_force(db, &me, admin->kp, out) : rc;
    rc = rc == CARNET_OK ? carnet__registry_get(db, &reg) : rc;
    if (rc == CARNET_OK) {
        /* The attestation names how many records it vouches for, and commits
         * to the head they end at. */
        out->records = carnet__registry_records(reg) + 1;
        carnet_hash(commit, "cdb/v1/registry-attest", (const unsigned char *)"migration", 9);
        rc = carnet__registry_attest(db, &me, admin->kp, out->records - 1, commit);
    }
    return rc;
}

/* Bind the rows of the flows' index written before binds (schema 7):
 * attested as the file shows them now, like the registry above. */
static int
bind_lookups(carnet_db *db, carnet_actor *admin, carnet_db_migration *out)
{
    const carnet_epoch_key *index = NULL;
    int rc = carnet__actor_index_key(admin, &index);

    return rc == CARNET_OK ? carnet__lookup_bind_all(db, index, &out->lookups) : rc;
}

int
carnet_db_migrate(carnet_db_migration *out, carnet_db *db, carnet_actor *admin)
{
    const carnet__registry *reg = NULL;
    int rc, registry;

    memset(out, 0, sizeof *out);
    if (!carnet__actor_is_admin(admin)) {
        return carnet__fail(db, CARNET_ECONSENT, "seul l'administrateur migre l'espace");
    }
    rc = carnet__registry_get(db, &reg);
    if (rc != CARNET_OK) {
        return rc;
    }
    registry = carnet__registry_records(reg) > 0;
    rc = carnet__begin(db);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = registry ? CARNET_OK : migrate(db, admin, out);
    rc = rc == CARNET_OK ? bind_lookups(db, admin, out) : rc;
    if (rc == CARNET_OK && registry && out->lookups == 0) {
        carnet__rollback(db);
        return carnet__fail(db, CARNET_EEXISTS,
                            "espace déjà migré : son registre a %lld "
                            "enregistrement(s) et chaque ligne de l'index des flux est liée",
                            (long long)carnet__registry_records(reg));
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        memset(out, 0, sizeof *out);
        return rc;
    }
    return carnet__ok(db);
}
