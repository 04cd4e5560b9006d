/* test_member.c - the groupe de suivi through the public API (member.h):
 * who may invite, who may leave, and the history the iterator returns.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests.h"
#include "world.h"

/* The last membership row of @p handle in the person's carnet; 0 when she
 * never was a member. */
static int
member_row(world *w, const char *handle, carnet_member_info *out)
{
    carnet_member_iter *it = NULL;
    carnet_member_info row;
    int found = 0, rc;

    memset(out, 0, sizeof *out);
    assert_int_equal(carnet_member_iter_new(&it, w->db, w->handle), CARNET_OK);
    while ((rc = carnet_member_iter_next(it, &row)) == CARNET_OK) {
        if (strcmp(row.member, handle) == 0) {
            *out = row;
            found = 1;
        }
    }
    assert_int_equal(rc, CARNET_ITEROVER);
    carnet_member_iter_free(it);
    return found;
}

void
test_member_invite_by_the_person(void **state)
{
    world w;
    carnet_member_info row;

    (void)state;
    world_up(&w);
    assert_false(member_row(&w, "paul", &row));
    assert_int_equal(
        carnet_member_invite(w.db, w.person, w.handle, "paul", CARNET_MEMBER_ACCOMPAGNATEUR),
        CARNET_OK);
    assert_true(member_row(&w, "paul", &row));
    assert_int_equal(row.role, CARNET_MEMBER_ACCOMPAGNATEUR);
    assert_string_equal(row.structure, "boulangerie");
    assert_string_equal(row.started_by, w.handle);
    assert_int_equal(row.started_at, w.now);
    assert_int_equal(row.ended_at, 0);
    /* Once a member, not twice. */
    assert_int_equal(
        carnet_member_invite(w.db, w.person, w.handle, "paul", CARNET_MEMBER_ACCOMPAGNATEUR),
        CARNET_EEXISTS);
    /* Membership is not access: paul reads nothing without an authorisation. */
    assert_int_equal(world_read(&w, w.paul, CARNET_SECTIONS_ALL, NULL, NULL), 0);
    world_down(&w);
}

void
test_member_invite_refused_to_a_non_member(void **state)
{
    world w;
    carnet_member_info row;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    assert_false(member_row(&w, "marc", &row));
    assert_int_equal(
        carnet_member_invite(w.db, w.marc, w.handle, "paul", CARNET_MEMBER_ACCOMPAGNATEUR),
        CARNET_ECONSENT);
    assert_false(member_row(&w, "paul", &row));
    /* A member of the group may invite. */
    assert_true(member_row(&w, "sofia", &row));
    assert_int_equal(
        carnet_member_invite(w.db, w.sofia, w.handle, "paul", CARNET_MEMBER_ACCOMPAGNATEUR),
        CARNET_OK);
    assert_true(member_row(&w, "paul", &row));
    assert_string_equal(row.started_by, "sofia");
    world_down(&w);
}

void
test_member_leave_ends_the_membership(void **state)
{
    world w;
    carnet_member_info row;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    assert_int_equal(
        carnet_member_invite(w.db, w.person, w.handle, "paul", CARNET_MEMBER_ACCOMPAGNATEUR),
        CARNET_OK);
    world_days(&w, 3);
    assert_int_equal(carnet_member_leave(w.db, w.paul, w.handle, "paul"), CARNET_OK);
    /* The row stays, ended: the history is never deleted. */
    assert_true(member_row(&w, "paul", &row));
    assert_int_equal(row.ended_at, w.now);
    assert_true(row.started_at < row.ended_at);
    assert_int_equal(carnet_member_leave(w.db, w.paul, w.handle, "paul"), CARNET_ENOTFOUND);
    /* The référent changes, she does not leave. */
    assert_true(member_row(&w, "sofia", &row));
    assert_int_equal(row.role, CARNET_MEMBER_REFERENT);
    assert_int_equal(carnet_member_leave(w.db, w.person, w.handle, "sofia"), CARNET_EINVAL);
    assert_true(member_row(&w, "sofia", &row));
    assert_int_equal(row.ended_at, 0);
    world_down(&w);
}
