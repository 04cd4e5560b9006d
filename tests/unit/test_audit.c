/* test_audit.c - the journal (research/anchor-crypto-consent.md §8.5, T8):
 * records modified, deleted, reordered, re-attributed or appended break the
 * chain where they were touched; truncation is caught by a checkpoint, whose
 * text form round-trips.
 * SPDX-License-Identifier: MIT
 *
 * The file's holder drops the journal's triggers and edits it through a
 * second SQLite connection (world_sql).
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

static carnet_audit_report
verify(world *w, const carnet_checkpoint *cp)
{
    carnet_audit_report rep;

    assert_int_equal(carnet_audit_verify(&rep, w->db, w->handle, cp), CARNET_OK);
    return rep;
}

static void
assert_broken_at(world *w, int64_t seq, const char *attack)
{
    carnet_audit_report rep = verify(w, NULL);

    if (rep.ok || rep.first_bad != seq) {
        fail_msg("%s: verify ok=%d first_bad=%lld, expected ok=0 first_bad=%lld (%s)", attack,
                 rep.ok, (long long)rep.first_bad, (long long)seq, rep.message);
    }
}

/* Put the chain back as saved, and check it verifies again. */
static void
restore(world *w, int64_t cid)
{
    world_sql(w,
              "DELETE FROM audit WHERE carnet = %lld; INSERT INTO audit SELECT * FROM audit_saved",
              (long long)cid);
    assert_true(verify(w, NULL).ok);
}

/* Some activity: grants, writes, reads, a refusal. */
static void
activity(world *w)
{
    int64_t no = 0;

    world_grant(w, "sofia", SEC(SUIVI) | SEC(PLAN), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    world_point(w, w->sofia, "premier point");
    world_point(w, w->person, "deuxieme point");
    (void)world_read(w, w->sofia, SEC(SUIVI), NULL, NULL);
    assert_int_equal(carnet_entry_add(&no, w->db, w->marc, w->handle, "suivi.point",
                                      "{\"date\":\"2026-01-02\",\"resume\":\"refuse\"}", NULL),
                     CARNET_ECONSENT);
    (void)world_read(w, w->person, CARNET_SECTIONS_ALL, NULL, NULL);
}

/* T8: a modified, deleted, reordered, re-attributed or appended record
 * breaks the chain at its sequence number. */
void
test_security_audit_tamper_detected(void **state)
{
    carnet_audit_report rep;
    int64_t cid, n, marc, t;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    marc = world_pid(&w, "marc");
    activity(&w);
    n = world_sql_int(&w, "SELECT count(*) FROM audit WHERE carnet = %lld", (long long)cid);
    assert_true(n >= 12);
    rep = verify(&w, NULL);
    assert_true(rep.ok);
    assert_int_equal(rep.records, n);
    assert_int_equal(rep.first_bad, 0);
    /* The triggers are defence in depth only: the file's holder drops them. */
    world_sql(&w, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                  " CREATE TABLE audit_saved AS SELECT * FROM audit");

    world_sql(&w, "UPDATE audit SET object = 4242 WHERE carnet = %lld AND seq = 3", (long long)cid);
    assert_broken_at(&w, 3, "object modified");
    restore(&w, cid);
    world_sql(&w, "UPDATE audit SET at = at - 86400 WHERE carnet = %lld AND seq = 5",
              (long long)cid);
    assert_broken_at(&w, 5, "date modified");
    restore(&w, cid);
    world_sql(&w, "UPDATE audit SET actor = %lld WHERE carnet = %lld AND seq = 4", (long long)marc,
              (long long)cid);
    assert_broken_at(&w, 4, "actor replaced");
    restore(&w, cid);
    world_sql(&w, "UPDATE audit SET action = 'export' WHERE carnet = %lld AND seq = 2",
              (long long)cid);
    assert_broken_at(&w, 2, "action replaced");
    restore(&w, cid);
    t = world_sql_int(&w,
                      "SELECT min(seq) FROM audit WHERE carnet = %lld AND seq > 6"
                      " AND outcome = 'ok'",
                      (long long)cid);
    assert_true(t > 6);
    world_sql(&w,
              "UPDATE audit SET outcome = 'refused', reason = 'consent' WHERE carnet = %lld"
              " AND seq = %lld",
              (long long)cid, (long long)t);
    assert_broken_at(&w, t, "success turned into refusal");
    restore(&w, cid);
    world_sql(&w,
              "UPDATE audit SET outcome = 'ok', reason = NULL WHERE carnet = %lld"
              " AND outcome = 'refused'",
              (long long)cid);
    assert_broken_at(&w,
                     world_sql_int(&w,
                                   "SELECT min(seq) FROM audit_saved WHERE carnet = %lld"
                                   " AND outcome = 'refused'",
                                   (long long)cid),
                     "refusal hidden");
    restore(&w, cid);
    world_sql(&w, "UPDATE audit SET section = 6 WHERE carnet = %lld AND seq = %lld", (long long)cid,
              (long long)n);
    assert_broken_at(&w, n, "section of the last record changed");
    restore(&w, cid);
    world_sql(&w, "DELETE FROM audit WHERE carnet = %lld AND seq = 4", (long long)cid);
    assert_broken_at(&w, 4, "middle record deleted");
    restore(&w, cid);
    world_sql(&w,
              "UPDATE audit SET seq = 1000 WHERE carnet = %lld AND seq = 3;"
              " UPDATE audit SET seq = 3 WHERE carnet = %lld AND seq = 4;"
              " UPDATE audit SET seq = 4 WHERE carnet = %lld AND seq = 1000",
              (long long)cid, (long long)cid, (long long)cid);
    assert_broken_at(&w, 3, "records 3 and 4 swapped");
    restore(&w, cid);
    world_sql(&w,
              "UPDATE audit SET hash = (SELECT hash FROM audit_saved WHERE carnet = %lld"
              " AND seq = 2) WHERE carnet = %lld AND seq = 7",
              (long long)cid, (long long)cid);
    assert_broken_at(&w, 7, "hash replaced");
    restore(&w, cid);
    /* A replayed record appended at the end. */
    world_sql(&w,
              "INSERT INTO audit SELECT carnet, seq + 1, at, actor, action, section, object,"
              " outcome, reason, prev_hash, hash, sig, commit_hash, registry_seq FROM audit_saved"
              " WHERE carnet = %lld"
              " AND seq = %lld",
              (long long)cid, (long long)n);
    assert_broken_at(&w, n + 1, "record replayed at the end");
    restore(&w, cid);
    world_down(&w);
}

/* T8: truncation after a checkpoint is detected, so is a chain truncated
 * then regrown; a valid append after the checkpoint is accepted. */
void
test_security_audit_truncation_and_checkpoint(void **state)
{
    carnet_checkpoint cp, bad;
    carnet_audit_report rep;
    int64_t cid, no = 0;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    activity(&w);
    /* Only the person makes checkpoints of her chain. */
    assert_int_not_equal(carnet_audit_checkpoint(&cp, w.db, w.sofia), CARNET_OK);
    assert_int_equal(carnet_audit_checkpoint(&cp, w.db, w.person), CARNET_OK);
    assert_string_equal(cp.person, w.handle);
    assert_int_equal(cp.size, world_sql_int(&w, "SELECT count(*) FROM audit WHERE carnet = %lld",
                                            (long long)cid));
    rep = verify(&w, &cp);
    assert_true(rep.ok);
    assert_memory_equal(rep.head, cp.head, CARNET_HASH_BYTES);
    world_sql(&w, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                  " CREATE TABLE audit_saved AS SELECT * FROM audit");

    /* The last two records deleted: invisible without the checkpoint. */
    world_sql(&w, "DELETE FROM audit WHERE carnet = %lld AND seq > %lld", (long long)cid,
              (long long)(cp.size - 2));
    rep = verify(&w, NULL);
    assert_true(rep.ok);
    assert_int_equal(rep.records, cp.size - 2);
    rep = verify(&w, &cp);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, cp.size - 1);
    assert_non_null(strstr(rep.message, "tronqué"));
    /* The handle that verified the longer chain refuses to go on from the
     * truncated one. */
    assert_int_equal(carnet_entry_add(&no, w.db, w.person, w.handle, "suivi.point",
                                      "{\"date\":\"2026-01-02\",\"resume\":\"apres\"}", NULL),
                     CARNET_EINTEGRITY);
    /* Truncated, then regrown by the library in a new process, which never
     * saw the longer chain: the chain verifies on its own, not against the
     * checkpoint. */
    world_reopen(&w);
    world_point(&w, w.person, "apres troncature");
    (void)world_read(&w, w.person, CARNET_SECTIONS_ALL, NULL, NULL);
    rep = verify(&w, NULL);
    assert_true(rep.ok);
    assert_true(rep.records >= cp.size);
    rep = verify(&w, &cp);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, cp.size);
    restore(&w, cid);

    /* The chain was put back without the record of the entry written after
     * the truncation: that entry goes too (else its carnet no longer opens),
     * and a new process takes over. */
    world_sql(&w,
              "DROP TRIGGER entry_no_delete; DELETE FROM entry WHERE carnet = %lld AND no NOT IN"
              " (SELECT object FROM audit WHERE carnet = %lld AND action = 'write'"
              " AND outcome = 'ok')",
              (long long)cid, (long long)cid);
    world_reopen(&w);
    /* A valid append after the checkpoint is accepted. */
    world_point(&w, w.sofia, "apres le point de controle");
    (void)world_read(&w, w.sofia, SEC(SUIVI), NULL, NULL);
    rep = verify(&w, &cp);
    assert_true(rep.ok);
    assert_true(rep.records > cp.size);

    /* A checkpoint altered in transit is refused. */
    bad = cp;
    bad.head[0] ^= 1;
    assert_false(verify(&w, &bad).ok);
    bad = cp;
    bad.sig[10] ^= 1;
    assert_false(verify(&w, &bad).ok);
    bad = cp;
    bad.size = cp.size - 1;
    assert_false(verify(&w, &bad).ok);
    /* A checkpoint of a broken chain cannot be made. */
    world_sql(&w, "UPDATE audit SET object = 7 WHERE carnet = %lld AND seq = 2", (long long)cid);
    assert_int_equal(carnet_audit_checkpoint(&bad, w.db, w.person), CARNET_EAUTH);
    world_down(&w);
}

/* The checkpoint's text form round-trips, and malformed text is refused. */
void
test_security_checkpoint_text_roundtrip(void **state)
{
    static const char *const bad[] = {
        "",
        "carnet-checkpoint v1",
        "carnet-checkpoint v2 p-abc 3 00 00",
        "carnet-checkpoint v1 p-abc 0 "
        "0000000000000000000000000000000000000000000000000000000000000000 "
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000",
        "carnet-checkpoint v1 p-abc 3 "
        "zz00000000000000000000000000000000000000000000000000000000000000 "
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000",
        "carnet-checkpoint v1 p-abc 3 "
        "00000000000000000000000000000000000000000000000000000000000000 "
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000",
    };
    char text[CARNET_CHECKPOINT_TEXT_MAX + 1], again[CARNET_CHECKPOINT_TEXT_MAX + 1];
    carnet_checkpoint cp, back;
    world w;

    (void)state;
    world_up(&w);
    activity(&w);
    assert_int_equal(carnet_audit_checkpoint(&cp, w.db, w.person), CARNET_OK);
    carnet_checkpoint_format(text, &cp);
    assert_int_equal(strncmp(text, "carnet-checkpoint v1 ", 21), 0);
    assert_int_equal(carnet_checkpoint_parse(&back, text), CARNET_OK);
    assert_string_equal(back.person, cp.person);
    assert_int_equal(back.size, cp.size);
    assert_memory_equal(back.head, cp.head, CARNET_HASH_BYTES);
    assert_memory_equal(back.sig, cp.sig, CARNET_SIG_BYTES);
    carnet_checkpoint_format(again, &back);
    assert_string_equal(again, text);
    assert_true(verify(&w, &back).ok);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (carnet_checkpoint_parse(&back, bad[i]) != CARNET_EINVAL) {
            fail_msg("malformed checkpoint accepted: '%s'", bad[i]);
        }
    }
    assert_int_equal(carnet_checkpoint_parse(&back, NULL), CARNET_EINVAL);
    world_down(&w);
}
