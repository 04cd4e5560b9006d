/* test_consent.c - the person's authorisations and what they take away
 * (research/anchor-crypto-consent.md §8.5, T2, T4, T10): revocation,
 * history scopes "from now" and "since", expiry, a start in the future,
 * blocks, a revocation in the same second as a write, and a grant row the
 * person never signed.
 * SPDX-License-Identifier: MIT
 *
 * The attacker holds the workspace file: the tests edit it through a second
 * SQLite connection (world_sql), with the library's own connection open,
 * and check that the library refuses what was altered.
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

/* A plan.axe written by @p a with a comment. */
static int64_t
write_axe(world *w, carnet_actor *a, const char *text)
{
    char json[512];

    assert_true(snprintf(json, sizeof json, "{\"theme\":\"logement\",\"commentaire\":\"%s\"}",
                         text) < (int)sizeof json);
    return world_write(w, a, "plan.axe", json, 0);
}

/* T2: a revoked reader gets nothing written after the revocation; what he
 * saw before stays readable with the key he had ("can't un-know"). */
void
test_security_revoked_reader_gets_nothing_new(void **state)
{
    carnet_keypair *marc_kp;
    carnet_epoch_key *k_old;
    carnet_secbuf *buf = NULL;
    carnet_decision d;
    world_wrap ww;
    world_entry e;
    int64_t gm, e1, e2, marc;
    uint32_t ep1, ep2;
    int found = 0;
    world w;

    (void)state;
    world_up(&w);
    marc = world_pid(&w, "marc");
    world_grant(&w, "sofia", SEC(DIAGNOSTIC_SOCIAL), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    gm = world_grant(&w, "marc", SEC(DIAGNOSTIC_SOCIAL), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    e1 = world_write(&w, w.sofia, "diagnostic.social", "{\"commentaire\":\"E1 avant revocation\"}",
                     0);
    ep1 = world_epoch(&w, e1);
    /* Marc reads E1 while authorised, and his client keeps the wrap. */
    assert_int_equal(world_read(&w, w.marc, SEC(DIAGNOSTIC_SOCIAL), "E1 avant", &found), 1);
    assert_true(found);
    assert_true(world_wrap_get(&w, &ww, w.handle, "marc", CARNET_SECTION_DIAGNOSTIC_SOCIAL, ep1));

    assert_int_equal(carnet_revoke(w.db, w.person, gm), CARNET_OK);
    e2 = world_write(&w, w.sofia, "diagnostic.social", "{\"commentaire\":\"E2 apres revocation\"}",
                     0);
    ep2 = world_epoch(&w, e2);
    assert_true(ep2 > ep1);
    /* Through the library Marc gets nothing, old or new. */
    assert_int_equal(world_read(&w, w.marc, SEC(DIAGNOSTIC_SOCIAL), NULL, NULL), 0);
    assert_int_equal(world_read(&w, w.marc, CARNET_SECTIONS_ALL, "E2", &found), 0);
    assert_false(found);
    {
        int rc;
        assert_false(world_read_no(&w, w.marc, w.handle, e2, &rc));
        assert_false(world_read_no(&w, w.marc, w.handle, e1, &rc));
    }
    assert_int_equal(carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_DIAGNOSTIC_SOCIAL,
                                    CARNET_ACCESS_READ, 0),
                     CARNET_OK);
    assert_false(d.allowed);
    assert_non_null(strstr(d.reason, "révoquée"));
    /* No wrap of any epoch of the section is left for him in the file. */
    assert_int_equal(
        world_sql_int(&w, "SELECT count(*) FROM wrap WHERE recipient = %lld", (long long)marc), 0);
    /* Sofia still reads both. */
    assert_int_equal(world_read(&w, w.sofia, SEC(DIAGNOSTIC_SOCIAL), "E2 apres", &found), 1);
    assert_true(found);

    /* Outside the library, with Marc's own secret key and the wrap he kept:
     * E1 still opens (can't un-know), E2 does not (independent epoch key). */
    marc_kp = world_keypair(&w, "marc");
    k_old = world_wrap_open(&ww, marc_kp);
    assert_non_null(k_old);
    assert_int_equal(carnet_secbuf_new(&buf, 512), CARNET_OK);
    world_entry_get(&w, &e, w.handle, e1);
    assert_int_equal(carnet_envelope_open(buf, &e.h, &e.env, k_old, &e.author), CARNET_OK);
    assert_non_null(strstr(carnet_secbuf_str(buf), "E1 avant revocation"));
    carnet_envelope_release(&e.env);
    world_entry_get(&w, &e, w.handle, e2);
    assert_int_equal(carnet_envelope_verify(&e.h, &e.env, &e.author), CARNET_OK);
    assert_int_equal(carnet_envelope_open(buf, &e.h, &e.env, k_old, &e.author), CARNET_EAUTH);
    assert_int_equal(carnet_secbuf_len(buf), 0);
    carnet_envelope_release(&e.env);
    /* His old wrap relabelled as a wrap of the new epoch does not open. */
    ww.ctx[ww.ctx_len - 4] = (unsigned char)ep2;
    ww.ctx[ww.ctx_len - 3] = (unsigned char)(ep2 >> 8);
    assert_int_equal(world_sql_blob(&w, ww.key_id, sizeof ww.key_id,
                                    "SELECT key_id FROM epoch WHERE carnet = %lld AND section = %d"
                                    " AND epoch = %u",
                                    (long long)world_carnet_rowid(&w, w.handle),
                                    CARNET_SECTION_DIAGNOSTIC_SOCIAL, ep2),
                     sizeof ww.key_id);
    assert_null(world_wrap_open(&ww, marc_kp));
    carnet_secbuf_free(buf);
    carnet_epoch_key_free(k_old);
    carnet_keypair_free(marc_kp);
    world_down(&w);
}

/* T4: "from now" opens no earlier entry, "all" opens every one. */
void
test_security_from_now_hides_history(void **state)
{
    int64_t before, after;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    before = write_axe(&w, w.person, "avant les autorisations");
    world_grant(&w, "marc", SEC(PLAN), CARNET_ACCESS_READ, CARNET_SCOPE_FROM_NOW);
    world_grant(&w, "sofia", SEC(PLAN), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    after = write_axe(&w, w.person, "apres les autorisations");
    /* "From now" starts a new epoch: the earlier entry's key is never his. */
    assert_true(world_epoch(&w, after) > world_epoch(&w, before));
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM wrap WHERE recipient = %lld"
                                   " AND section = %d AND epoch = %u",
                                   (long long)world_pid(&w, "marc"), CARNET_SECTION_PLAN,
                                   world_epoch(&w, before)),
                     0);
    assert_false(world_read_no(&w, w.marc, w.handle, before, &rc));
    assert_int_not_equal(rc, CARNET_OK);
    assert_true(world_read_no(&w, w.marc, w.handle, after, &rc));
    assert_int_equal(world_read(&w, w.marc, SEC(PLAN), NULL, NULL), 1);
    /* "All" reads both. */
    assert_true(world_read_no(&w, w.sofia, w.handle, before, &rc));
    assert_true(world_read_no(&w, w.sofia, w.handle, after, &rc));
    assert_int_equal(world_read(&w, w.sofia, SEC(PLAN), NULL, NULL), 2);
    world_down(&w);
}

/* T4: "since a date" works at epoch granularity: it opens every epoch
 * still current on or after the date, entries written before the date in
 * such an epoch included, and nothing of epochs that ended before it. */
void
test_security_since_scope_is_per_epoch(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    int64_t a, b, c, gm, no = 0, day0;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    day0 = w.now;
    a = write_axe(&w, w.person, "A jour 0"); /* epoch 0 */
    world_days(&w, 10);
    gm = world_grant(&w, "marc", SEC(PLAN), CARNET_ACCESS_READ, CARNET_SCOPE_FROM_NOW);
    b = write_axe(&w, w.person, "B jour 10"); /* epoch 1, from day 10 */
    world_days(&w, 10);
    assert_int_equal(carnet_revoke(w.db, w.person, gm), CARNET_OK);
    c = write_axe(&w, w.person, "C jour 20"); /* epoch 2, from day 20 */
    assert_int_equal(world_epoch(&w, a), 0);
    assert_int_equal(world_epoch(&w, b), 1);
    assert_int_equal(world_epoch(&w, c), 2);
    world_days(&w, 10);
    /* Since day 15: epoch 1 (current until day 20) and epoch 2. */
    g.grantee = "sofia";
    g.sections = SEC(PLAN);
    g.scope = CARNET_SCOPE_SINCE;
    g.since = day0 + DAYS(15);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    assert_false(world_read_no(&w, w.sofia, w.handle, a, &rc));
    assert_true(world_read_no(&w, w.sofia, w.handle, b, &rc)); /* written day 10 < day 15 */
    assert_true(world_read_no(&w, w.sofia, w.handle, c, &rc));
    /* Since day 25: only epoch 2. */
    g.grantee = "claire";
    g.since = day0 + DAYS(25);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    assert_false(world_read_no(&w, w.claire, w.handle, a, &rc));
    assert_false(world_read_no(&w, w.claire, w.handle, b, &rc));
    assert_true(world_read_no(&w, w.claire, w.handle, c, &rc));
    /* A "since" grant without a date is refused. */
    g.since = 0;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
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

/* Someone who can write the file copies sofia's signed grant into a new
 * row for marc. The person never signed it: access decisions ignore it
 * (and say so), and the next rotation seals no key to marc. */
void
test_security_forged_grant_ignored(void **state)
{
    world w;
    carnet_decision d;
    int found = 1;
    int64_t no, paul_no, marc;

    (void)state;
    world_up(&w);
    no = world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    paul_no = world_grant(&w, "paul", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    (void)world_point(&w, w.sofia, "avant la falsification");
    marc = world_pid(&w, "marc");
    world_sql(&w,
              "INSERT INTO consent (carnet, no, grantee, sections, access, scope, since,"
              " not_before, not_after, purpose, method, created_at, prev_hash, sig)"
              " SELECT carnet, 99, %lld, sections, access, scope, since, not_before, not_after,"
              " purpose, method, created_at, prev_hash, sig FROM consent"
              " WHERE carnet = %lld AND no = %lld",
              (long long)marc, (long long)world_carnet_rowid(&w, w.handle), (long long)no);
    assert_int_equal(
        world_sql_int(&w, "SELECT count(*) FROM consent WHERE grantee = %lld", (long long)marc), 1);
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    assert_non_null(strstr(d.reason, "signature valide"));
    /* The rotation that follows paul's revocation considers every grantee. */
    world_days(&w, 1);
    assert_int_equal(carnet_revoke(w.db, w.person, paul_no), CARNET_OK);
    (void)world_point(&w, w.sofia, "après la falsification");
    assert_int_equal(
        world_sql_int(&w, "SELECT count(*) FROM wrap WHERE recipient = %lld", (long long)marc), 0);
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), "falsification", &found), 0);
    assert_false(found);
    /* sofia, whose grant is genuine, reads both. */
    assert_int_equal(world_read(&w, w.sofia, SEC(SUIVI), "après la falsification", &found), 2);
    assert_true(found);
    /* Her grant, verified (and remembered) on this handle, is then widened
     * in the file: the changed row is no longer the signed one. */
    assert_int_equal(
        carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_true(d.allowed);
    world_sql(&w, "UPDATE consent SET sections = %u WHERE grantee = %lld",
              SEC(SUIVI) | SEC(DIAGNOSTIC_PRO), (long long)world_pid(&w, "sofia"));
    assert_int_equal(
        carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    assert_non_null(strstr(d.reason, "signature valide"));
    world_down(&w);
}
