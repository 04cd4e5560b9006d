/* test_core_security2.c - attacks on the core's security properties
 * (research/anchor-crypto-consent.md §8.5, T8, T10, T13, T14): the audit
 * chain and its checkpoints, the sharing rules and expiry, erasure, and
 * random sequences where policy and cryptography must agree.
 * SPDX-License-Identifier: MIT
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

/* ------------------------------------------------------------------ T8 */

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
              " outcome, reason, prev_hash, hash, sig FROM audit_saved WHERE carnet = %lld"
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
    int64_t cid;
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
    /* Truncated, then regrown by the library with valid records: the chain
     * verifies on its own, not against the checkpoint. */
    world_point(&w, w.person, "apres troncature");
    (void)world_read(&w, w.person, CARNET_SECTIONS_ALL, NULL, NULL);
    rep = verify(&w, NULL);
    assert_true(rep.ok);
    assert_true(rep.records >= cp.size);
    rep = verify(&w, &cp);
    assert_false(rep.ok);
    assert_int_equal(rep.first_bad, cp.size);
    restore(&w, cid);

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

/* ----------------------------------------------------------------- T10 */

/* T10: the rules cap every authorisation; sante and justice are never
 * implied; an end date must lie ahead. */
void
test_security_rules_ceiling(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet_decision d;
    int64_t no = 0, sante_entry, cid, sofia;
    unsigned mask = 0;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    sofia = world_pid(&w, "sofia");
    /* An employer never sees the social diagnosis. */
    g.grantee = "paul";
    g.sections = SEC(DIAGNOSTIC_SOCIAL);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    assert_int_equal(no, 0);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "hors des règles"));
    assert_non_null(strstr(carnet_db_errmsg(w.db), "diagnostic_social"));
    assert_non_null(strstr(carnet_db_errmsg(w.db), "Employeurs : vue limitée"));
    /* One section outside the rules refuses the whole authorisation. */
    g.sections = SEC(IDENTITE) | SEC(DIAGNOSTIC_SOCIAL);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    /* Write access where the rules allow reading only. */
    g.sections = SEC(IDENTITE);
    g.access = CARNET_ACCESS_WRITE;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM consent WHERE grantee = %lld",
                                   (long long)world_pid(&w, "paul")),
                     0);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM wrap WHERE recipient = %lld",
                                   (long long)world_pid(&w, "paul")),
                     0);

    /* "toutes" leaves sante and justice out. */
    assert_int_equal(carnet_sections_parse(&mask, "toutes"), CARNET_OK);
    assert_int_equal(mask & CARNET_SECTIONS_SENSITIVE, 0);
    assert_int_equal(mask, CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE);
    sante_entry = world_write(&w, w.person, "sante.situation",
                              "{\"commentaire\":\"suivi psychiatrique\"}", 0);
    world_write(&w, w.person, "justice.suivi", "{\"mesure\":\"sursis probatoire\"}", 0);
    world_grant(&w, "sofia", mask, CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM wrap WHERE carnet = %lld AND"
                                   " recipient = %lld AND section IN (%d, %d)",
                                   (long long)cid, (long long)sofia, CARNET_SECTION_SANTE,
                                   CARNET_SECTION_JUSTICE),
                     0);
    assert_false(world_read_no(&w, w.sofia, w.handle, sante_entry, &rc));
    assert_int_equal(world_read(&w, w.sofia, SEC(SANTE) | SEC(JUSTICE), NULL, NULL), 0);
    assert_int_equal(
        carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_SANTE, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    /* Named explicitly, sante opens for reading, as far as the rules go. */
    g = (carnet_grant_params)CARNET_GRANT_PARAMS_INIT;
    g.grantee = "sofia";
    g.sections = SEC(SANTE);
    g.access = CARNET_ACCESS_WRITE;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    g.sections = SEC(JUSTICE);
    g.access = CARNET_ACCESS_READ;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    g.sections = SEC(SANTE);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    assert_true(world_read_no(&w, w.sofia, w.handle, sante_entry, &rc));
    assert_int_equal(world_read(&w, w.sofia, SEC(JUSTICE), NULL, NULL), 0);

    /* An end date in the past, or now, is refused. */
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    g.not_after = w.now - DAYS(1);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
    g.not_after = w.now;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
    g.not_before = w.now + DAYS(10);
    g.not_after = w.now + DAYS(5);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
    /* Only the person grants. */
    g = (carnet_grant_params)CARNET_GRANT_PARAMS_INIT;
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    assert_int_equal(carnet_grant(&no, w.db, w.sofia, &g), CARNET_ECONSENT);
    world_down(&w);
}

/* T10: an expired authorisation stops reads and writes at once; the next
 * writer starts a new epoch the expired reader has no key of. */

/* Expiry records of authorisation @p no in the person's journal (each must
 * name marc as its subject). */
static int
count_expire(world *w, int64_t no)
{
    carnet_audit_iter *ai = NULL;
    carnet_audit_event e;
    int n = 0;

    assert_int_equal(carnet_audit_iter_new(&ai, w->db, w->handle), CARNET_OK);
    while (carnet_audit_iter_next(ai, &e) == CARNET_OK) {
        if (e.action == CARNET_AUDIT_EXPIRE) {
            assert_int_equal(e.object, no);
            assert_string_equal(e.subject, "marc");
            n++;
        }
    }
    carnet_audit_iter_free(ai);
    return n;
}

void
test_security_expired_grant_rotates(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet_grant_iter *it = NULL;
    carnet_grant_info gi;
    carnet_keypair *kp;
    carnet_epoch_key *k_old;
    carnet_secbuf *buf = NULL;
    carnet_decision d;
    world_wrap ww;
    world_entry e;
    int64_t gm = 0, e1, e2, no = 0, cid, marc;
    int found = 0, seen = 0;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    marc = world_pid(&w, "marc");
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    g.access = CARNET_ACCESS_WRITE;
    g.not_after = w.now + DAYS(5);
    assert_int_equal(carnet_grant(&gm, w.db, w.person, &g), CARNET_OK);
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    e1 = world_point(&w, w.person, "E1 pendant la validite");
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), "E1 pendant", &found), 1);
    assert_true(found);
    world_point(&w, w.marc, "ecrit par marc");
    assert_true(
        world_wrap_get(&w, &ww, w.handle, "marc", CARNET_SECTION_SUIVI, world_epoch(&w, e1)));

    world_days(&w, 6);
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), NULL, NULL), 0);
    assert_int_equal(carnet_entry_add(&no, w.db, w.marc, w.handle, "suivi.point",
                                      "{\"date\":\"2026-01-08\",\"resume\":\"trop tard\"}", NULL),
                     CARNET_ECONSENT);
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    assert_non_null(strstr(d.reason, "expiré"));
    assert_int_equal(carnet_grant_iter_new(&it, w.db, w.handle), CARNET_OK);
    while (carnet_grant_iter_next(it, &gi) == CARNET_OK) {
        if (gi.no == gm) {
            seen = 1;
            assert_int_equal(gi.status, CARNET_GRANT_EXPIRED);
            assert_true(gi.signature_ok);
        }
    }
    carnet_grant_iter_free(it);
    assert_true(seen);

    /* Sofia writes next: a new epoch, sealed to her and the person only. */
    e2 = world_point(&w, w.sofia, "E2 apres expiration");
    assert_true(world_epoch(&w, e2) > world_epoch(&w, e1));
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM epoch WHERE carnet = %lld AND section = %d"
                                   " AND epoch = %u AND reason = 'expire'",
                                   (long long)cid, CARNET_SECTION_SUIVI, world_epoch(&w, e2)),
                     1);
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM wrap WHERE carnet = %lld AND section = %d"
                                   " AND recipient = %lld",
                                   (long long)cid, CARNET_SECTION_SUIVI, (long long)marc),
                     0);
    assert_int_equal(world_read(&w, w.sofia, SEC(SUIVI), "E2 apres", &found), 3);
    /* The expiry is in the person's journal, once, naming whom it concerns. */
    (void)world_point(&w, w.sofia, "E3 encore apres");
    assert_int_equal(count_expire(&w, gm), 1);
    assert_true(found);
    /* The key Marc kept does not open E2. */
    kp = world_keypair(&w, "marc");
    k_old = world_wrap_open(&ww, kp);
    assert_non_null(k_old);
    assert_int_equal(carnet_secbuf_new(&buf, 256), CARNET_OK);
    world_entry_get(&w, &e, w.handle, e2);
    assert_int_equal(carnet_envelope_open(buf, &e.h, &e.env, k_old, &e.author), CARNET_EAUTH);
    carnet_envelope_release(&e.env);
    carnet_secbuf_free(buf);
    carnet_epoch_key_free(k_old);
    carnet_keypair_free(kp);
    world_down(&w);
}

/* A deactivated professional loses access at once and is rotated out by
 * the next writer. */
void
test_security_deactivated_reader_rotated_out(void **state)
{
    carnet_actor *again = NULL;
    carnet_secbuf *pass;
    int64_t e1, e2;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "marc", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    e1 = world_point(&w, w.person, "avant desactivation");
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), NULL, NULL), 1);
    assert_int_equal(carnet_professional_deactivate(w.db, w.cd, "marc"), CARNET_OK);
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), NULL, NULL), 0);
    pass = th_secret(W_PASS);
    assert_int_equal(carnet_actor_unlock(&again, w.db, "marc", pass), CARNET_ECONSENT);
    assert_null(again);
    carnet_secbuf_free(pass);
    e2 = world_point(&w, w.person, "apres desactivation");
    assert_true(world_epoch(&w, e2) > world_epoch(&w, e1));
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM wrap WHERE recipient = %lld AND epoch = %u"
                                   " AND section = %d",
                                   (long long)world_pid(&w, "marc"), world_epoch(&w, e2),
                                   CARNET_SECTION_SUIVI),
                     0);
    world_down(&w);
}

/* An authorisation that starts later takes effect when it starts, even if
 * entries were written in between (the rotation they cause must not leave
 * its grantee without keys for good). */
void
test_security_future_grant_takes_effect(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet_decision d;
    int64_t no = 0, e1, e2;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    g.not_before = w.now + DAYS(2);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    e1 = world_point(&w, w.person, "ecrit avant le debut");
    assert_false(world_read_no(&w, w.marc, w.handle, e1, &rc));
    world_days(&w, 3);
    e2 = world_point(&w, w.person, "ecrit apres le debut");
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    if (!d.allowed) {
        fail_msg("authorisation n°%lld in force since a day, yet: %s", (long long)no, d.reason);
    }
    assert_true(world_read_no(&w, w.marc, w.handle, e2, &rc));
    assert_true(world_read_no(&w, w.marc, w.handle, e1, &rc)); /* history: all */
    world_down(&w);
}

/* Lifting a block gives the authorisation, still active, its effect back. */
void
test_security_unblock_restores_access(void **state)
{
    carnet_decision d;
    int64_t e1, e2;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    e1 = world_point(&w, w.sofia, "avant le blocage");
    assert_int_equal(carnet_block(w.db, w.person, "sofia", 1), CARNET_OK);
    assert_int_equal(world_read(&w, w.sofia, SEC(SUIVI), NULL, NULL), 0);
    assert_int_equal(
        carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    assert_non_null(strstr(d.reason, "bloqué"));
    assert_true(world_epoch(&w, e1) <
                (uint32_t)world_sql_int(&w, "SELECT max(epoch) FROM epoch WHERE section = %d",
                                        CARNET_SECTION_SUIVI));
    world_days(&w, 1);
    assert_int_equal(carnet_block(w.db, w.person, "sofia", 0), CARNET_OK);
    e2 = world_point(&w, w.person, "apres la levee");
    assert_int_equal(
        carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    if (!d.allowed) {
        fail_msg("block lifted, authorisation active, yet: %s", d.reason);
    }
    assert_true(world_read_no(&w, w.sofia, w.handle, e2, &rc));
    world_down(&w);
}

/* An entry written under a valid authorisation stays readable after the
 * authorisation is revoked, also when the revocation falls in the same
 * second as the entry (the clock has a one-second resolution, and scripted
 * flows, fixed clocks and fast users do both at once). */
void
test_security_revocation_keeps_earlier_entries(void **state)
{
    int64_t g1, g2, e1, e2;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "marc", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    /* A second apart: the entry survives the revocation. */
    g1 = world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    e1 = world_point(&w, w.sofia, "une seconde avant");
    carnet_db_set_time(w.db, ++w.now);
    assert_int_equal(carnet_revoke(w.db, w.person, g1), CARNET_OK);
    assert_true(world_read_no(&w, w.person, w.handle, e1, &rc));
    /* The same second: it must survive too. */
    world_days(&w, 1);
    g2 = world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    e2 = world_point(&w, w.sofia, "la meme seconde");
    assert_true(world_read_no(&w, w.marc, w.handle, e2, &rc));
    assert_int_equal(carnet_revoke(w.db, w.person, g2), CARNET_OK);
    if (!world_read_no(&w, w.person, w.handle, e2, &rc)) {
        fail_msg("entry %lld, written by sofia while authorised, is lost after the revocation "
                 "in the same second: %s",
                 (long long)e2, carnet_status_name(rc));
    }
    assert_true(world_read_no(&w, w.marc, w.handle, e2, &rc));
    world_down(&w);
}

/* The same for an epoch key sealed by a writer: revoking the writer in the
 * same second must not cost the person the keys the writer sealed to her. */
void
test_security_revocation_keeps_epoch_keys(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet_actor *fresh;
    int64_t gs, no = 0, e1, e2;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    gs = world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    g.not_after = w.now + DAYS(1);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    e1 = world_point(&w, w.person, "avant l'expiration");
    world_days(&w, 2);
    /* Marc expired: Sofia's write starts the new epoch and seals its key. */
    world_point(&w, w.sofia, "nouvelle epoque");
    e2 = world_point(&w, w.person, "ecrit par la personne dans l'epoque de sofia");
    assert_true(world_epoch(&w, e2) > world_epoch(&w, e1));
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM epoch WHERE section = %d AND epoch = %u"
                                   " AND created_by = %lld",
                                   CARNET_SECTION_SUIVI, world_epoch(&w, e2),
                                   (long long)world_pid(&w, "sofia")),
                     1);
    assert_int_equal(carnet_revoke(w.db, w.person, gs), CARNET_OK);
    /* A new session of the person, with the keys in the file only. */
    fresh = world_unlock(&w, w.handle);
    if (!world_read_no(&w, fresh, w.handle, e2, &rc)) {
        fail_msg("the person cannot read her own entry %lld after revoking, in the same second, "
                 "the writer who sealed its epoch key: %s",
                 (long long)e2, carnet_status_name(rc));
    }
    carnet_actor_free(fresh);
    world_down(&w);
}

/* ----------------------------------------------------------------- T13 */

/* T13: an erased entry's ciphertext and wrapped key are gone from every
 * file after compaction; the entry stays in the timeline, erased, and the
 * audit chain still verifies. */
void
test_security_erasure_shreds(void **state)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    carnet_entry_meta m;
    carnet_audit_iter *it = NULL;
    carnet_audit_event ev;
    unsigned char ct[4096], dek[CARNET_WRAPPED_DEK_BYTES];
    size_t nct;
    int64_t no, cid, keep;
    int rc, erase_logged = 0;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    world_grant(&w, "sofia", SEC(DIAGNOSTIC_SOCIAL), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    world_grant(&w, "marc", SEC(DIAGNOSTIC_SOCIAL), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    no = world_write(&w, w.sofia, "diagnostic.social",
                     "{\"commentaire\":\"a effacer : dette Xylophone\"}", 0);
    keep = world_point(&w, w.person, "a garder");
    nct = world_sql_blob(&w, ct, sizeof ct,
                         "SELECT body_ct FROM entry WHERE carnet = %lld AND no = %lld",
                         (long long)cid, (long long)no);
    assert_true(nct >= CARNET_PAD_BLOCK);
    assert_int_equal(world_sql_blob(&w, dek, sizeof dek,
                                    "SELECT wrapped_dek FROM entry WHERE carnet = %lld"
                                    " AND no = %lld",
                                    (long long)cid, (long long)no),
                     sizeof dek);
    /* The scan finds them while they exist. */
    assert_true(world_files_contain(&w, ct, nct, NULL, 0));
    assert_true(world_files_contain(&w, dek, sizeof dek, NULL, 0));
    /* Neither a mere reader nor an unrelated professional may erase. */
    assert_int_equal(carnet_entry_erase(w.db, w.marc, w.handle, no), CARNET_ECONSENT);
    assert_int_equal(carnet_entry_erase(w.db, w.paul, w.handle, no), CARNET_ECONSENT);
    assert_true(world_read_no(&w, w.marc, w.handle, no, &rc));
    assert_int_equal(carnet_entry_erase(w.db, w.person, w.handle, no), CARNET_OK);
    assert_int_equal(carnet_entry_erase(w.db, w.person, w.handle, no), CARNET_EINVAL);
    assert_int_equal(carnet_db_compact(w.db), CARNET_OK);
    if (world_files_contain(&w, ct, nct, NULL, 0)) {
        fail_msg("the erased ciphertext is still in the files after compaction");
    }
    if (world_files_contain(&w, dek, sizeof dek, NULL, 0)) {
        fail_msg("the erased wrapped key is still in the files after compaction");
    }
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM entry WHERE carnet = %lld AND no = %lld"
                                   " AND body_ct IS NULL AND wrapped_dek IS NULL AND nonce_w IS"
                                   " NULL AND nonce_b IS NULL AND erased_at IS NOT NULL"
                                   " AND length(sig) = 64",
                                   (long long)cid, (long long)no),
                     1);
    assert_int_equal(carnet_entry_meta_get(&m, w.db, w.handle, no), CARNET_OK);
    assert_true(m.erased);
    /* Every reader sees the entry erased, without a body. */
    carnet_actor *readers[] = {w.person, w.sofia, w.marc};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        int seen = 0;
        assert_int_equal(carnet_reader_open(&r, w.db, readers[i], w.handle, &o), CARNET_OK);
        while ((rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
            if (v.no == no) {
                seen = 1;
                assert_int_equal(rc, CARNET_OK);
                assert_true(v.erased);
                assert_null(v.body);
            }
        }
        carnet_reader_free(r);
        r = NULL;
        assert_true(seen);
    }
    assert_true(world_read_no(&w, w.person, w.handle, keep, &rc));
    assert_true(verify(&w, NULL).ok);
    assert_int_equal(carnet_audit_iter_new(&it, w.db, w.handle), CARNET_OK);
    while (carnet_audit_iter_next(it, &ev) == CARNET_OK) {
        erase_logged |= ev.action == CARNET_AUDIT_ERASE && !ev.refused && ev.object == no &&
                        strcmp(ev.actor, w.handle) == 0;
    }
    carnet_audit_iter_free(it);
    assert_true(erase_logged);
    world_close(&w);
    assert_false(world_files_contain(&w, ct, nct, NULL, 0));
    assert_false(world_files_contain(&w, dek, sizeof dek, NULL, 0));
    world_down(&w);
}

void
test_consent_read_only_grant_explains_write_refusal(void **state)
{
    carnet_decision d;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "marc", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_WRITE, 0),
        CARNET_OK);
    assert_false(d.allowed);
    if (strstr(d.reason, "ne permet que la lecture") == NULL) {
        fail_msg("%s", d.reason);
    }
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_true(d.allowed);
    world_down(&w);
}
