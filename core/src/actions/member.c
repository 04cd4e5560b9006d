/* member.c - the groupe de suivi of a carnet: invitations, departures and its list.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

static int
member_role_of(carnet_db *db, int64_t carnet, int64_t member, carnet_member_role *role)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMBER_ROLE_OF);
    int rc;

    *role = (carnet_member_role)0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, member);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        const char *code = carnet__col_str(st, 0);
        (void)carnet__member_role_parse(code, role);
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE ? CARNET_OK
                                                   : carnet__store_fail(db, rc, "groupe de suivi");
}

/* Inside the transaction: the carnet's history verified (its membership
 * rows checked against it), the change made, and its record committing to
 * it. */
static int
member_tx(carnet_db *db, const carnet__carnet *c, carnet_actor *by, const carnet__principal *m,
          carnet_member_role role)
{
    const carnet__history *h = NULL;
    unsigned char commit[CARNET_HASH_BYTES];
    int rc = carnet__history_get(db, c, &h);

    if (rc == CARNET_OK) {
        rc = role != 0 ? carnet__member_start(db, c->rowid, m->pid, role, by->pid)
                       : carnet__member_end(db, c->rowid, m->pid, by->pid);
    }
    if (rc == CARNET_OK) {
        carnet__member_commit(commit, c->id, m->id, role != 0, role);
        rc = carnet__audit_commit(db, c, by, CARNET_AUDIT_MEMBER, -1, m->pid, CARNET_OK, commit);
    }
    return rc;
}

int
carnet_member_invite(carnet_db *db, carnet_actor *by, const char *person, const char *member,
                     carnet_member_role role)
{
    const carnet__history *h = NULL;
    carnet__principal m;
    carnet__carnet c;
    carnet_member_role current;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__principal_by_handle(db, member, &m);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (m.kind != CARNET_PRINCIPAL_PROFESSIONAL || m.deactivated_at != 0) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' n'est pas un professionnel actif", member);
    }
    if (role == CARNET_MEMBER_REFERENT || carnet__member_role_code(role) == NULL) {
        return carnet__fail(db, CARNET_EINVAL,
                            "rôle invalide (le référent se désigne par une orientation ou un "
                            "changement de référent)");
    }
    /* The membership rows decide below: they are checked against the
     * verified history first. */
    rc = carnet__history_get(db, &c, &h);
    rc = rc == CARNET_OK ? member_role_of(db, c.rowid, by->pid, &current) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    if (by->pid != c.person && current == 0) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seuls la personne et les membres du groupe de suivi invitent");
    }
    rc = member_role_of(db, c.rowid, m.pid, &current);
    if (rc == CARNET_OK && current != 0) {
        return carnet__fail(db, CARNET_EEXISTS, "'%s' est déjà membre du groupe de suivi", member);
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = member_tx(db, &c, by, &m, role);
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_member_leave(carnet_db *db, carnet_actor *by, const char *person, const char *member)
{
    carnet__principal m;
    carnet__carnet c;
    carnet_member_role current;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__principal_by_handle(db, member, &m);
    }
    if (rc == CARNET_OK) {
        rc = member_role_of(db, c.rowid, m.pid, &current);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (current == 0) {
        return carnet__fail(db, CARNET_ENOTFOUND, "'%s' n'est pas membre du groupe de suivi",
                            member);
    }
    if (current == CARNET_MEMBER_REFERENT) {
        return carnet__fail(db, CARNET_EINVAL,
                            "le référent ne quitte pas le groupe : changez d'abord de référent");
    }
    if (by->pid != m.pid && by->pid != c.person) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seuls la personne et le membre lui-même mettent fin à sa présence");
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = member_tx(db, &c, by, &m, (carnet_member_role)0);
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

struct carnet_member_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_member_iter_new(carnet_member_iter **out, carnet_db *db, const char *person)
{
    carnet_member_iter *it;
    carnet__carnet c;
    int rc = carnet__carnet_by_person(db, person, &c);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    it = carnet__iter_new(db, sizeof *it, CARNET__Q_MEMBER_ITER_NEW, "groupe de suivi");
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(it->cur.st, 1, c.rowid);
    *out = it;
    return carnet__ok(db);
}

int
carnet_member_iter_next(carnet_member_iter *it, carnet_member_info *out)
{
    const char *role;
    int rc = carnet__cursor_next(&it->cur);

    if (rc != CARNET_OK) {
        return rc;
    }
    memset(out, 0, sizeof *out);
    carnet__col_text(it->cur.st, 0, out->member, sizeof out->member);
    carnet__col_text(it->cur.st, 1, out->structure, sizeof out->structure);
    role = carnet__col_str(it->cur.st, 2);
    (void)carnet__member_role_parse(role, &out->role);
    out->started_at = carnet__col_int(it->cur.st, 3);
    out->ended_at = carnet__col_int(it->cur.st, 4);
    carnet__col_text(it->cur.st, 5, out->started_by, sizeof out->started_by);
    return CARNET_OK;
}

void
carnet_member_iter_free(carnet_member_iter *it)
{
    carnet__iter_free(it);
}

const char *
carnet_member_role_code(carnet_member_role r)
{
    return carnet__member_role_code(r);
}
