/* consent.c - authorisations signed by the person, revocations and blocks,
 * each with its cryptographic effect on the sections' epoch keys.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

static int
insert_grant(carnet_db *db, const carnet__carnet *c, const carnet__grant *g)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT_GRANT);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, g->no);
    carnet__bind_int(st, 3, g->grantee);
    carnet__bind_int(st, 4, g->sections);
    carnet__bind_text(st, 5, carnet_enum_code(CARNET_ENUM_ACCESS, (int)g->access));
    carnet__bind_text(st, 6, carnet_enum_code(CARNET_ENUM_SCOPE, (int)g->scope));
    carnet__bind_opt(st, 7, g->since);
    carnet__bind_int(st, 8, g->not_before);
    carnet__bind_opt(st, 9, g->not_after);
    carnet__bind_text(st, 10, carnet_enum_code(CARNET_ENUM_PURPOSE, (int)g->purpose));
    carnet__bind_text(st, 11, carnet_enum_code(CARNET_ENUM_METHOD, (int)g->method));
    carnet__bind_int(st, 12, g->created_at);
    carnet__bind_blob(st, 13, g->prev, CARNET_HASH_BYTES);
    carnet__bind_blob(st, 14, g->sig, CARNET_SIG_BYTES);
    return carnet__exec_stmt(db, st, "enregistrement de l'autorisation");
}

static int
check_params(carnet_db *db, const carnet_grant_params *p, const carnet__principal *grantee,
             int64_t now)
{
    if (p->version != CARNET_GRANT_PARAMS_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "paramètres d'autorisation invalides");
    }
    if (grantee->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_EINVAL,
                            "'%s' n'est pas un professionnel : seule une personne physique "
                            "identifiée reçoit une autorisation",
                            grantee->handle);
    }
    if (grantee->deactivated_at != 0) {
        return carnet__fail(db, CARNET_ECONSENT, "le compte de '%s' est désactivé",
                            grantee->handle);
    }
    if (p->sections == 0 || (p->sections & ~CARNET_SECTIONS_ALL) != 0) {
        return carnet__fail(db, CARNET_EINVAL, "autorisation sans section valide");
    }
    if (p->access != CARNET_ACCESS_READ && p->access != CARNET_ACCESS_WRITE) {
        return carnet__fail(db, CARNET_EINVAL, "accès invalide (lecture ou ecriture)");
    }
    if (carnet_enum_code(CARNET_ENUM_SCOPE, (int)p->scope) == NULL ||
        carnet_enum_code(CARNET_ENUM_PURPOSE, (int)p->purpose) == NULL ||
        carnet_enum_code(CARNET_ENUM_METHOD, (int)p->method) == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "historique, finalité ou modalité invalide");
    }
    if (p->scope == CARNET_SCOPE_SINCE && p->since <= 0) {
        return carnet__fail(db, CARNET_EINVAL, "historique « depuis » sans date");
    }
    if (p->not_after != 0 && p->not_after <= (p->not_before > now ? p->not_before : now)) {
        return carnet__fail(db, CARNET_EINVAL,
                            "la fin de validité doit suivre le début et la date du jour");
    }
    return CARNET_OK;
}

static int
check_ceiling(carnet_db *db, const carnet__principal *grantee, unsigned sections,
              carnet_access access)
{
    const carnet_rules *rules = NULL;
    int rc = carnet__rules_current(db, &rules);

    for (int s = 0; rc == CARNET_OK && s < CARNET_SECTION_COUNT; s++) {
        int rule = -1;
        carnet_access max;
        if ((sections & CARNET_SECTION_BIT(s)) == 0) {
            continue;
        }
        max = carnet_rules_ceiling(rules, grantee->role, grantee->stype, (carnet_section)s, &rule);
        if (max < access) {
            return carnet__fail(db, CARNET_ECONSENT,
                                "autorisation refusée, hors des règles : la section %s est limitée "
                                "à « %s » pour le rôle %s d'une structure de type %s%s%s%s",
                                carnet_enum_code(CARNET_ENUM_SECTION, s),
                                carnet_enum_code(CARNET_ENUM_ACCESS, (int)max),
                                carnet_enum_code(CARNET_ENUM_ROLE, (int)grantee->role),
                                carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)grantee->stype),
                                rule >= 0 ? " (règle « " : "",
                                rule >= 0 ? carnet_rules_rule_name(rules, (size_t)rule) : "",
                                rule >= 0 ? " »)" : "");
        }
    }
    return rc;
}

/* Seal the epochs the history scope covers to the grantee. */
static int
seal_history(carnet_db *db, const carnet__carnet *c, carnet_actor *person, int section,
             const carnet_grant_params *p, const carnet__principal *grantee)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_SEAL_HISTORY);
    uint32_t epochs[512];
    size_t n = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, section);
    while ((rc = carnet__step(st)) == CARNET__ROW && n < 512) {
        int64_t ended = carnet__col_int(st, 1); /* 0 while current */
        int current = carnet__col_null(st, 1);
        if (p->scope == CARNET_SCOPE_ALL || current ||
            (p->scope == CARNET_SCOPE_SINCE && ended > p->since)) {
            epochs[n++] = (uint32_t)carnet__col_int(st, 0);
        }
    }
    carnet__reset(st);
    if (rc != CARNET__DONE && rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture des époques");
    }
    for (size_t i = 0; i < n; i++) {
        const carnet_epoch_key *k = NULL;
        rc = carnet__epoch_key(db, person, c, section, epochs[i], &k);
        if (rc == CARNET_OK) {
            rc = carnet__wrap_add(db, c, section, epochs[i], k, person->kp, person->pid, grantee);
        }
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    return CARNET_OK;
}

int
carnet__grant_insert(carnet_db *db, const carnet__carnet *c, const carnet_keypair *person_kp,
                     carnet_actor *person_actor, const carnet_grant_params *p, int64_t *no_out)
{
    unsigned char tbs[CARNET__GRANT_TBS];
    carnet__principal grantee = {0};
    carnet__grant g = {0};
    int64_t now = carnet_db_now(db), last = 0;
    int blocked = 0, rc;
    size_t n;

    rc = carnet__principal_by_handle(db, p->grantee, &grantee);
    if (rc == CARNET_OK) {
        rc = check_params(db, p, &grantee, now);
    }
    if (rc == CARNET_OK) {
        int64_t since = 0;
        rc = carnet__blocked_at(db, c, grantee.pid, now, &blocked, &since);
    }
    if (rc == CARNET_OK && blocked) {
        rc = carnet__fail(db, CARNET_ECONSENT, "'%s' est bloqué sur ce carnet", grantee.handle);
    }
    if (rc == CARNET_OK) {
        rc = check_ceiling(db, &grantee, p->sections, p->access);
    }
    if (rc == CARNET_OK) {
        rc = carnet__grant_chain_prev(db, c, &last, g.prev);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    g.no = last + 1;
    g.grantee = grantee.pid;
    g.sections = p->sections;
    g.access = p->access;
    g.scope = p->scope;
    g.since = p->scope == CARNET_SCOPE_SINCE ? p->since : 0;
    g.not_before = p->not_before != 0 ? p->not_before : now;
    g.not_after = p->not_after;
    g.purpose = p->purpose;
    g.method = p->method;
    g.created_at = now;
    g.revoked_at = 0;
    n = carnet__grant_tbs(tbs, c, &g, &grantee);
    rc = carnet_sign(g.sig, person_kp, "cdb/v1/grant", tbs, n);
    if (rc == CARNET_OK) {
        rc = insert_grant(db, c, &g);
    }
    /* The record first: the keys below are sealed to whom the verified
     * history entitles, which must already hold this authorisation. */
    if (rc == CARNET_OK) {
        unsigned char commit[CARNET_HASH_BYTES];
        carnet__grant_commit(commit, tbs, n, g.sig);
        rc = carnet__audit_commit(db, c, person_actor, CARNET_AUDIT_GRANT, -1, g.no, CARNET_OK,
                                  commit);
    }
    for (int s = 0; rc == CARNET_OK && s < CARNET_SECTION_COUNT; s++) {
        if ((p->sections & CARNET_SECTION_BIT(s)) == 0) {
            continue;
        }
        if (p->scope == CARNET_SCOPE_FROM_NOW) {
            rc = carnet__epoch_refresh(db, person_actor, c, s, 1, "grant");
        } else {
            rc = seal_history(db, c, person_actor, s, p, &grantee);
        }
    }
    if (rc == CARNET_OK) {
        *no_out = g.no;
    }
    return rc;
}

static int
own_carnet(carnet_db *db, carnet_actor *person, carnet__carnet *c)
{
    if (person == NULL || person->kind != CARNET_PRINCIPAL_PERSON) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seule la personne elle-même donne ou retire une autorisation");
    }
    return carnet__carnet_by_person(db, person->handle, c);
}

int
carnet_grant(int64_t *no_out, carnet_db *db, carnet_actor *person, const carnet_grant_params *p)
{
    carnet__carnet c = {0};
    int rc = own_carnet(db, person, &c);

    *no_out = 0;
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = carnet__grant_insert(db, &c, person->kp, person, p, no_out);
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    }
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        carnet__actor_forget_keys(person, c.rowid);
        *no_out = 0;
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

/* ------------------------------------------------------------ revocation */

static int
revoke_one(carnet_db *db, const carnet__carnet *c, carnet_actor *person, const carnet__grant *g)
{
    unsigned char tbs[CARNET_ID_BYTES + 16], sig[CARNET_SIG_BYTES];
    int64_t now = carnet_db_now(db);
    carnet__statement *st;
    int rc;

    carnet__put64(carnet__put64(carnet__putid(tbs, c->id), g->no), now);
    rc = carnet_sign(sig, person->kp, "cdb/v1/revoke", tbs, sizeof tbs);
    st = rc == CARNET_OK ? carnet__stmt(db, CARNET__Q_REVOKE_ONE) : NULL;
    if (st == NULL) {
        return rc != CARNET_OK ? carnet__fail(db, rc, "signature impossible") : carnet__status(db);
    }
    carnet__bind_int(st, 1, now);
    carnet__bind_blob(st, 2, sig, sizeof sig);
    carnet__bind_int(st, 3, c->rowid);
    carnet__bind_int(st, 4, g->no);
    rc = carnet__exec_stmt(db, st, "révocation");
    /* The record first: the rotation below decides who remains from the
     * verified history, which must already hold the revocation. */
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, c, person, CARNET_AUDIT_REVOKE, -1, g->no, CARNET_OK);
    }
    /* New epochs for every section it covered, sealed to who remains. */
    for (int s = 0; rc == CARNET_OK && s < CARNET_SECTION_COUNT; s++) {
        if (g->sections & CARNET_SECTION_BIT(s)) {
            rc = carnet__epoch_refresh(db, person, c, s, 0, "revoke");
        }
    }
    return rc;
}

int
carnet_revoke(carnet_db *db, carnet_actor *person, int64_t no)
{
    carnet__grant g = {0};
    carnet__carnet c = {0};
    int rc = own_carnet(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__grant_load(db, &c, no, &g);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (g.revoked_at != 0) {
        return carnet__fail(db, CARNET_EINVAL, "l'autorisation n°%lld est déjà révoquée",
                            (long long)no);
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = revoke_one(db, &c, person, &g);
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    }
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        carnet__actor_forget_keys(person, c.rowid);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet__grant_revoke_pid(carnet_db *db, const carnet__carnet *c, carnet_actor *person,
                         int64_t grantee_pid)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_GRANT_REVOKE_PID);
    int64_t nos[256];
    size_t n = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, grantee_pid);
    while ((rc = carnet__step(st)) == CARNET__ROW && n < 256) {
        nos[n++] = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    if (rc != CARNET__DONE && rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture des autorisations");
    }
    for (size_t i = 0; i < n; i++) {
        carnet__grant g;
        rc = carnet__grant_load(db, c, nos[i], &g);
        if (rc == CARNET_OK) {
            rc = revoke_one(db, c, person, &g);
        }
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    return CARNET_OK;
}

/* After a block is lifted: every authorisation still in force gets its keys
 * back, as its history scope says (the person seals them). */
static int
reseal_grants(carnet_db *db, const carnet__carnet *c, carnet_actor *person,
              const carnet__principal *who)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_RESEAL_GRANTS);
    carnet_grant_params g[64];
    size_t n = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, who->pid);
    carnet__bind_int(st, 3, carnet_db_now(db));
    while ((rc = carnet__step(st)) == CARNET__ROW && n < 64) {
        int scope = CARNET_SCOPE_ALL;
        g[n] = (carnet_grant_params)CARNET_GRANT_PARAMS_INIT;
        g[n].sections = (unsigned)carnet__col_int32(st, 0);
        if (carnet_enum_parse(&scope, CARNET_ENUM_SCOPE, carnet__col_str(st, 1)) != CARNET_OK) {
            scope = CARNET_SCOPE_FROM_NOW;
        }
        g[n].scope = (carnet_scope)scope;
        g[n].since = carnet__col_int(st, 2);
        n++;
    }
    carnet__reset(st);
    if (rc != CARNET__DONE && rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture des autorisations");
    }
    for (size_t i = 0; i < n; i++) {
        for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
            if ((g[i].sections & CARNET_SECTION_BIT(s)) == 0) {
                continue;
            }
            /* "from now" meant from the grant on: the current epoch at least. */
            if (g[i].scope == CARNET_SCOPE_FROM_NOW) {
                g[i].scope = CARNET_SCOPE_SINCE;
                g[i].since = carnet_db_now(db);
            }
            rc = seal_history(db, c, person, s, &g[i], who);
            if (rc != CARNET_OK) {
                return rc;
            }
        }
    }
    return CARNET_OK;
}

int
carnet_block(carnet_db *db, carnet_actor *person, const char *who, int blocked)
{
    unsigned char tbs[CARNET_ID_BYTES * 2 + 9], sig[CARNET_SIG_BYTES];
    carnet__principal p = {0};
    carnet__carnet c = {0};
    int64_t now = carnet_db_now(db), since = 0;
    carnet__statement *st;
    int already = 0;
    int rc = own_carnet(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__principal_by_handle(db, who, &p);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (p.kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' n'est pas un professionnel", who);
    }
    rc = carnet__blocked_at(db, &c, p.pid, now, &already, &since);
    if (rc == CARNET_OK && (already != 0) == (blocked != 0)) {
        return carnet__fail(db, CARNET_EINVAL,
                            blocked ? "'%s' est déjà bloqué sur ce carnet"
                                    : "'%s' n'est pas bloqué sur ce carnet",
                            who);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__put8(carnet__put64(carnet__putid(carnet__putid(tbs, c.id), p.id), now), blocked != 0);
    rc = carnet_sign(sig, person->kp, "cdb/v1/block", tbs, sizeof tbs);
    if (rc == CARNET_OK) {
        rc = carnet__begin(db);
    }
    st = rc == CARNET_OK ? carnet__stmt(db, CARNET__Q_BLOCK) : NULL;
    if (st != NULL) {
        carnet__bind_int(st, 1, c.rowid);
        carnet__bind_int(st, 2, p.pid);
        carnet__bind_int(st, 3, now);
        carnet__bind_int(st, 4, blocked != 0);
        carnet__bind_blob(st, 5, sig, sizeof sig);
        rc = carnet__exec_stmt(db, st, "blocage");
    } else if (rc == CARNET_OK) {
        rc = carnet__status(db);
    }
    /* The record first: the rotation decides from the verified history. */
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &c, person, blocked ? CARNET_AUDIT_BLOCK : CARNET_AUDIT_UNBLOCK, -1,
                           p.pid, CARNET_OK);
    }
    for (int s = 0; rc == CARNET_OK && blocked && s < CARNET_SECTION_COUNT; s++) {
        rc = carnet__epoch_refresh(db, person, &c, s, 0, "block");
    }
    if (rc == CARNET_OK && !blocked) {
        rc = reseal_grants(db, &c, person, &p);
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        carnet__actor_forget_keys(person, c.rowid);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

/* ---------------------------------------------------------------- listing */

static const char *const grant_status_codes[] = {NULL, "active", "revoquee", "expiree"};

const char *
carnet_grant_status_code(carnet_grant_status s)
{
    return (int)s >= 1 && (int)s <= 3 ? grant_status_codes[s] : NULL;
}

struct carnet_grant_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
    carnet__carnet c;
};

int
carnet_grant_iter_new(carnet_grant_iter **out, carnet_db *db, const char *person)
{
    carnet_grant_iter *it;
    carnet__carnet c;
    int rc = carnet__carnet_by_person(db, person, &c);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    it = carnet__iter_new(db, sizeof *it, CARNET__Q_GRANT_ITER_NEW, "lecture des autorisations");
    if (it == NULL) {
        return carnet__status(db);
    }
    it->c = c;
    carnet__bind_int(it->cur.st, 1, it->c.rowid);
    *out = it;
    return carnet__ok(db);
}

int
carnet_grant_iter_next(carnet_grant_iter *it, carnet_grant_info *out)
{
    carnet__principal grantee;
    carnet__grant g;
    int64_t now = carnet_db_now(it->cur.db);
    int rc = carnet__cursor_next(&it->cur), complete;

    if (rc != CARNET_OK) {
        return rc;
    }
    memset(out, 0, sizeof *out);
    complete = carnet__grant_read(it->cur.st, &g);
    rc = carnet__principal_by_pid(it->cur.db, g.grantee, &grantee);
    if (rc != CARNET_OK) {
        return rc;
    }
    out->signature_ok = complete && carnet__grant_signed(it->cur.db, &it->c, &g, &grantee);
    out->no = g.no;
    (void)carnet__strlcpy(out->grantee, grantee.handle, sizeof out->grantee);
    carnet_pubkey_fingerprint(out->grantee_fingerprint, &grantee.pk);
    out->sections = g.sections;
    out->access = g.access;
    out->scope = g.scope;
    out->since = g.since;
    out->not_before = g.not_before;
    out->not_after = g.not_after;
    out->purpose = g.purpose;
    out->method = g.method;
    out->created_at = g.created_at;
    if (g.revoked_at != 0) {
        out->status = CARNET_GRANT_REVOKED;
        out->ended_at = g.revoked_at;
    } else if (g.not_after != 0 && g.not_after <= now) {
        out->status = CARNET_GRANT_EXPIRED;
        out->ended_at = g.not_after;
    } else if (grantee.deactivated_at != 0) {
        out->status = CARNET_GRANT_EXPIRED;
        out->ended_at = grantee.deactivated_at;
    } else {
        out->status = CARNET_GRANT_ACTIVE;
    }
    return CARNET_OK;
}

void
carnet_grant_iter_free(carnet_grant_iter *it)
{
    carnet__iter_free(it);
}
