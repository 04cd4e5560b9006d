/* test_history_trust.c - a first open that follows a head verified before
 * (core/src/records/history.c, audit.c, issue 15's performance point): a
 * new session of an actor whose memory holds the carnet's head checks no
 * signature of the records up to it, nor does a handle that created the
 * carnet itself; an edited record below that head is still caught, and the
 * full verification (espace verifier) still checks every signature.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "records/records.h"
#include "tests.h"
#include "world.h"

/* Open the person's carnet as @p a: its status, and in *signatures the
 * records whose signature the handle checked meanwhile. */
static int
open_counted(world *w, carnet_actor *a, int64_t *signatures)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet__verified v0 = carnet__verified_get(w->db);
    int rc = carnet_reader_open(&r, w->db, a, w->handle, &o);

    carnet_reader_free(r);
    *signatures = carnet__verified_get(w->db).history - v0.history;
    return rc;
}

static int64_t
records(world *w)
{
    return world_sql_int(w, "SELECT max(seq) FROM audit WHERE carnet = %lld",
                         (long long)world_carnet_rowid(w, w->handle));
}

/* A first session of the person with her memory attached: the whole chain
 * verified, its head remembered. Returns the chain's length then. */
static int64_t
first_session(world *w, char *dir, size_t size)
{
    int64_t n, sig = 0;

    world_up(w);
    assert_true(snprintf(dir, size, "%s/etat", w->dir) < (int)size);
    world_reopen(w);
    assert_int_equal(carnet_memory_attach(w->db, w->person, dir), CARNET_OK);
    n = records(w);
    assert_int_equal(open_counted(w, w->person, &sig), CARNET_OK);
    assert_int_equal(sig, n);
    world_close(w);
    return n;
}

/* The next session: nothing verified yet in this process, the memory
 * holds the head of the first one (her read included). */
static void
next_session(world *w, const char *dir)
{
    world_reopen(w);
    assert_int_equal(carnet_memory_attach(w->db, w->person, dir), CARNET_OK);
}

/* The full verification of the person's carnet (espace verifier's). */
static carnet__history_report
verified_in_full(world *w)
{
    carnet__history_report rep;
    carnet__carnet c;

    assert_int_equal(carnet__carnet_by_person(w->db, w->handle, &c), CARNET_OK);
    assert_int_equal(carnet__history_verify(w->db, &c, &rep), CARNET_OK);
    return rep;
}

/* Leave a test: the memory directory and the world removed. */
static void
done(world *w, const char *dir)
{
    world_rmdir(dir);
    world_down(w);
}

void
test_history_trust_next_session(void **state)
{
    carnet__history_report rep;
    char dir[300];
    int64_t sig = -1;
    world w;

    (void)state;
    (void)first_session(&w, dir, sizeof dir);
    next_session(&w, dir);
    assert_int_equal(open_counted(&w, w.person, &sig), CARNET_OK);
    assert_int_equal(sig, 0);
    /* What was followed is what a full verification finds. */
    rep = verified_in_full(&w);
    assert_string_equal(rep.fault, "");
    assert_int_equal(rep.records, records(&w));
    done(&w, dir);
}

/* A record below the remembered head rewritten in the file: the chain no
 * longer reaches that head, the open walks it in full and refuses. */
void
test_history_trust_edit_below_head(void **state)
{
    char dir[300];
    int64_t sig = 0;
    world w;

    (void)state;
    (void)first_session(&w, dir, sizeof dir);
    world_sql(&w, "DROP TRIGGER audit_no_update; UPDATE audit SET at = at + 1 WHERE seq = 2");
    next_session(&w, dir);
    assert_int_equal(open_counted(&w, w.person, &sig), CARNET_EINTEGRITY);
    assert_true(sig >= 2); /* signatures checked again, to name the link */
    if (strstr(carnet_db_errmsg(w.db), "n°2") == NULL) {
        fail_msg("message: %s", carnet_db_errmsg(w.db));
    }
    done(&w, dir);
}

/* Only a signature below the head damaged: the content is what was
 * verified, so the session reads; the full verification names it. */
void
test_history_trust_signature_checked_in_full(void **state)
{
    char dir[300];
    int64_t sig = -1;
    world w;

    (void)state;
    (void)first_session(&w, dir, sizeof dir);
    world_sql(&w,
              "DROP TRIGGER audit_no_update; UPDATE audit SET sig = zeroblob(64) WHERE seq = 3");
    next_session(&w, dir);
    assert_int_equal(open_counted(&w, w.person, &sig), CARNET_OK);
    assert_int_equal(sig, 0);
    assert_int_equal(verified_in_full(&w).fault_record, 3);
    done(&w, dir);
}

/* The handle that wrote every record of a carnet knows them all: its open
 * checks no signature, even after the carnet's verified state left the
 * handle's cache (64 slots, by row: the carnet 64 rows later takes it). */
void
test_history_trust_writer_handle(void **state)
{
    carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    char other[CARNET_HANDLE_MAX + 1];
    carnet_secbuf *code = NULL;
    carnet_reader *r = NULL;
    int64_t sig = -1;
    world w;

    (void)state;
    world_up(&w);
    for (int i = 0; i < 64; i++) {
        assert_int_equal(carnet_create(other, &code, w.db, w.claire, &co), CARNET_OK);
        carnet_secbuf_free(code);
        assert_int_equal(carnet_reader_open(&r, w.db, w.claire, other, &o), CARNET_OK);
        carnet_reader_free(r);
    }
    assert_int_equal(world_carnet_rowid(&w, other) - world_carnet_rowid(&w, w.handle), 64);
    assert_int_equal(open_counted(&w, w.claire, &sig), CARNET_OK);
    assert_int_equal(sig, 0);
    world_down(&w);
}
