/* test_memory.c - an actor's memory of a workspace (core/src/memory,
 * actions/memory_attach.c, issue 16): the anchor pinned on first use, the
 * head remembered after the commit only, a rollback and an edited memory
 * refused.
 * SPDX-License-Identifier: MIT
 *
 * The attacker here is stronger than tests/memory/run.sh's: he rewrote the
 * administrator's key or the workspace's identity in the file and (we
 * suppose) re-signed everything with his own key, so the registry verifies;
 * only the anchor the actor pinned can tell. The world's actors are already
 * unlocked, so attaching again reads the rewritten anchor without going
 * through the registry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "tests.h"
#include "world.h"

static void
memory_dir(const world *w, char *out, size_t size)
{
    assert_true(snprintf(out, size, "%s/etat", w->dir) < (int)size);
}

static void
cleanup(world *w)
{
    char dir[300];

    memory_dir(w, dir, sizeof dir);
    world_rmdir(dir);
    world_down(w);
}

/* An older copy of the file, as a backup would keep it: save() marks the
 * records and entries it has, cut_to_saved() drops those written since. */
static void
save(world *w)
{
    world_sql(w, "CREATE TABLE saved_audit AS SELECT * FROM audit;"
                 " CREATE TABLE saved_entry AS SELECT * FROM entry");
}

static void
cut_to_saved(world *w)
{
    world_sql(w, "DROP TRIGGER IF EXISTS audit_no_delete; DROP TRIGGER IF EXISTS entry_no_delete;"
                 " DELETE FROM audit WHERE (carnet, seq) NOT IN (SELECT carnet, seq FROM"
                 " saved_audit); DELETE FROM entry WHERE (carnet, no) NOT IN (SELECT carnet, no"
                 " FROM saved_entry)");
}

/* The administrator's keys, then the workspace's identity, rewritten in the
 * file: a memory that pinned them refuses; one attached for the first time
 * after the change pins the new ones (trust on first use). */
void
test_memory_anchor_pinned(void **state)
{
    unsigned char saved[32];
    char dir[300];
    world w;

    (void)state;
    world_up(&w);
    memory_dir(&w, dir, sizeof dir);
    assert_int_equal(carnet_memory_attach(w.db, w.sofia, dir), CARNET_OK);
    assert_int_equal(carnet_memory_attach(w.db, w.sofia, dir), CARNET_OK);

    assert_int_equal(world_sql_blob(&w, saved, sizeof saved,
                                    "SELECT pk_sign FROM principal WHERE pid ="
                                    " (SELECT admin FROM deployment)"),
                     32);
    world_sql(&w, "UPDATE principal SET pk_sign = (SELECT pk_sign FROM principal WHERE handle ="
                  " 'marc') WHERE pid = (SELECT admin FROM deployment)");
    assert_int_equal(carnet_memory_attach(w.db, w.sofia, dir), CARNET_EROLLBACK);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "clé de l'administrateur de l'espace a changé"));
    /* marc, attached for the first time, pins what he finds. */
    assert_int_equal(carnet_memory_attach(w.db, w.marc, dir), CARNET_OK);
    world_sql_set_blob(&w, saved, sizeof saved,
                       "UPDATE principal SET pk_sign = ?1 WHERE pid = (SELECT admin FROM"
                       " deployment)");
    assert_int_equal(carnet_memory_attach(w.db, w.sofia, dir), CARNET_OK);
    assert_int_equal(carnet_memory_attach(w.db, w.marc, dir), CARNET_EROLLBACK);

    world_sql(&w, "PRAGMA foreign_keys = OFF; UPDATE principal SET id = randomblob(16)"
                  " WHERE pid = (SELECT admin FROM deployment)");
    assert_int_equal(carnet_memory_attach(w.db, w.sofia, dir), CARNET_EROLLBACK);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "identité a changé"));
    cleanup(&w);
}

/* A head is remembered when its transaction commits; a copy of the file
 * cut after that head is then refused. */
void
test_memory_rollback_refused(void **state)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    char dir[300];
    world w;

    (void)state;
    world_up(&w);
    memory_dir(&w, dir, sizeof dir);
    assert_int_equal(carnet_memory_attach(w.db, w.person, dir), CARNET_OK);
    world_point(&w, w.person, "avant");
    save(&w);
    world_point(&w, w.person, "apres");
    /* The last record and entry cut, as an older copy would have them. */
    cut_to_saved(&w);
    world_close(&w);
    world_reopen(&w);
    /* Without her memory the cut history verifies: nothing in the file
     * says it is not the latest. */
    assert_int_equal(carnet_reader_open(&r, w.db, w.person, w.handle, &o), CARNET_OK);
    carnet_reader_free(r);
    r = NULL;
    world_close(&w);
    world_reopen(&w);
    assert_int_equal(carnet_memory_attach(w.db, w.person, dir), CARNET_OK);
    assert_int_equal(carnet_reader_open(&r, w.db, w.person, w.handle, &o), CARNET_EROLLBACK);
    carnet_reader_free(r);
    /* The read without memory journaled itself as the record after the cut:
     * the history now diverges from the one she saw, a fork. */
    if (strstr(carnet_db_errmsg(w.db), "bifurcation") == NULL) {
        fail_msg("message: %s", carnet_db_errmsg(w.db));
    }
    cleanup(&w);
}

/* A copy cut after the head the person saw, accepted as a legitimate
 * restore: listed without a change, then, confirmed, journaled in the
 * carnet and remembered; she reads again. A copy whose administrator's key
 * changed is not an older copy of the same workspace: still refused. */
void
test_memory_restore_accepted(void **state)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_memory_loss *loss = NULL;
    carnet_reader *r = NULL;
    int64_t cid, seen, cut;
    char dir[300];
    size_t n = 0;
    world w;

    (void)state;
    world_up(&w);
    memory_dir(&w, dir, sizeof dir);
    assert_int_equal(carnet_memory_attach(w.db, w.person, dir), CARNET_OK);
    world_point(&w, w.person, "avant");
    save(&w);
    world_point(&w, w.person, "apres");
    cid = world_carnet_rowid(&w, w.handle);
    seen = world_sql_int(&w, "SELECT max(seq) FROM audit WHERE carnet = %lld", (long long)cid);
    cut_to_saved(&w);
    cut = world_sql_int(&w, "SELECT max(seq) FROM audit WHERE carnet = %lld", (long long)cid);
    assert_true(cut < seen);
    world_close(&w);
    world_reopen(&w);

    /* Listed, nothing changed: still refused. */
    assert_int_equal(carnet_memory_restore(w.db, w.person, dir, 0, &loss, &n), CARNET_OK);
    assert_int_equal(n, 1);
    assert_non_null(strstr(loss[0].what, "carnet de "));
    assert_non_null(strstr(loss[0].what, w.handle));
    assert_int_equal(loss[0].seen, seen);
    assert_int_equal(loss[0].found, cut);
    assert_int_equal(loss[0].diverges, 0);
    free(loss);
    loss = NULL;
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM audit WHERE action = 'restore'"), 0);
    assert_int_equal(carnet_reader_open(&r, w.db, w.person, w.handle, &o), CARNET_EROLLBACK);
    carnet_reader_free(r); /* set even on failure (reader.h) */
    r = NULL;

    /* Confirmed: journaled by her, remembered, read again. */
    assert_int_equal(carnet_memory_restore(w.db, w.person, dir, 1, &loss, &n), CARNET_OK);
    assert_int_equal(n, 1);
    free(loss);
    loss = NULL;
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM audit WHERE action = 'restore' AND seq ="
                                   " %lld AND object = %lld AND actor = %lld",
                                   (long long)cut + 1, (long long)seen,
                                   (long long)world_pid(&w, w.handle)),
                     1);
    world_close(&w);
    world_reopen(&w);
    assert_int_equal(carnet_memory_attach(w.db, w.person, dir), CARNET_OK);
    assert_int_equal(carnet_reader_open(&r, w.db, w.person, w.handle, &o), CARNET_OK);
    carnet_reader_free(r);
    r = NULL;
    assert_int_equal(carnet_memory_restore(w.db, w.person, dir, 0, &loss, &n), CARNET_OK);
    assert_int_equal(n, 0);
    free(loss);
    loss = NULL;

    /* Another administrator's key: not an older copy of this workspace. */
    world_sql(&w, "UPDATE principal SET pk_sign = (SELECT pk_sign FROM principal WHERE handle ="
                  " 'marc') WHERE pid = (SELECT admin FROM deployment)");
    assert_int_equal(carnet_memory_restore(w.db, w.person, dir, 1, &loss, &n), CARNET_EROLLBACK);
    assert_null(loss);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "clé de l'administrateur"));
    cleanup(&w);
}
