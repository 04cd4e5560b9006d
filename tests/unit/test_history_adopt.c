/* test_history_adopt.c - a handle adopts the records it appended itself
 * (core/src/records/audit.c, history.c, issue 15): a second open of a
 * carnet verifies none of them; a rollback forgets them; a record another
 * handle wrote is verified; an adopted record changed in the file is
 * caught at the next open.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "helpers.h"
#include "records/records.h"
#include "tests.h"
#include "world.h"

/* Open the person's carnet as @p a in @p db: the carnet's records that @p
 * db verified meanwhile. */
static int64_t
verified_by_open(carnet_db *db, carnet_actor *a, const char *person)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet__verified v0 = carnet__verified_get(db);

    assert_int_equal(carnet_reader_open(&r, db, a, person, &o), CARNET_OK);
    carnet_reader_free(r);
    return carnet__verified_get(db).history - v0.history;
}

static int64_t
records(world *w)
{
    return world_sql_int(w, "SELECT max(seq) FROM audit WHERE carnet = %lld",
                         (long long)world_carnet_rowid(w, w->handle));
}

/* The world in a fresh handle, its carnet in *c. */
static void
fresh(world *w, carnet__carnet *c)
{
    world_up(w);
    world_reopen(w);
    assert_int_equal(carnet__carnet_by_person(w->db, w->handle, c), CARNET_OK);
}

/* The first open of a fresh handle verifies the whole chain; the second,
 * none of the journal records the first one wrote. */
void
test_history_adopt_second_open(void **state)
{
    carnet__history_report rep;
    carnet__carnet c;
    int64_t n;
    world w;

    (void)state;
    fresh(&w, &c);
    n = records(&w);
    assert_int_equal(verified_by_open(w.db, w.claire, w.handle), n);
    assert_true(records(&w) > n); /* the reads were journaled */
    assert_int_equal(verified_by_open(w.db, w.claire, w.handle), 0);
    assert_int_equal(verified_by_open(w.db, w.person, w.handle), 0);
    /* What was adopted is what a full verification finds. */
    assert_int_equal(carnet__history_verify(w.db, &c, &rep), CARNET_OK);
    assert_string_equal(rep.fault, "");
    assert_int_equal(rep.records, records(&w));
    world_down(&w);
}

/* A transaction that appended a record and rolled back leaves nothing to
 * adopt: the handle verifies the chain again from its start. */
void
test_history_adopt_rollback(void **state)
{
    carnet__carnet c;
    int64_t n;
    world w;

    (void)state;
    fresh(&w, &c);
    (void)verified_by_open(w.db, w.claire, w.handle);
    n = records(&w);
    assert_int_equal(carnet__begin(w.db), CARNET_OK);
    assert_int_equal(carnet__audit(w.db, &c, w.claire, CARNET_AUDIT_READ, 0, 0, CARNET_OK),
                     CARNET_OK);
    carnet__rollback(w.db);
    assert_int_equal(records(&w), n);
    assert_int_equal(verified_by_open(w.db, w.claire, w.handle), n);
    assert_int_equal(verified_by_open(w.db, w.claire, w.handle), 0);
    world_down(&w);
}

/* Records written by another handle are verified, not adopted; an adopted
 * record whose hash is changed in the file is caught at the next open. */
void
test_history_adopt_others_and_tampering(void **state)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    carnet_secbuf *pass = th_secret(W_PASS);
    carnet_reader *r = NULL;
    carnet_db *other = NULL;
    carnet_actor *claire = NULL;
    int64_t before, written;
    world w;

    (void)state;
    world_up(&w);
    world_reopen(&w);
    (void)verified_by_open(w.db, w.claire, w.handle);
    assert_int_equal(carnet_db_open(&other, w.path, &o), CARNET_OK);
    carnet_db_set_time(other, carnet_db_now(w.db));
    assert_int_equal(carnet_actor_unlock(&claire, other, "claire", pass), CARNET_OK);
    before = records(&w);
    (void)verified_by_open(other, claire, w.handle);
    written = records(&w) - before;
    assert_true(written > 0);
    assert_int_equal(verified_by_open(w.db, w.claire, w.handle), written);
    carnet_actor_free(claire);
    carnet_db_close(other);
    carnet_secbuf_free(pass);

    (void)verified_by_open(w.db, w.claire, w.handle);
    world_sql(&w,
              "DROP TRIGGER IF EXISTS audit_no_update;"
              " UPDATE audit SET hash = zeroblob(32) WHERE carnet = %lld AND seq = %lld",
              (long long)world_carnet_rowid(&w, w.handle), (long long)records(&w));
    assert_int_equal(carnet_reader_open(&r, w.db, w.claire, w.handle, NULL), CARNET_EINTEGRITY);
    carnet_reader_free(r);
    world_down(&w);
}
