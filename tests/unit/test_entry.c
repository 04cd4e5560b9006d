/* test_entry.c - writing and erasing entries (research/anchor-crypto-consent.md
 * §8.5, T6, T13): read access gives no write access and the refusals are
 * journaled; an erased entry's ciphertext and wrapped key leave every file;
 * the entry a one-version write supersedes (carnet_entry_current).
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

/* T6: read access does not give write access, and refusals are audited. */
void
test_security_reader_cannot_write(void **state)
{
    carnet_audit_iter *it = NULL;
    carnet_audit_event ev;
    int64_t no = 1, before;
    int refused_sofia = 0, refused_paul = 0;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    world_grant(&w, "paul", SEC(IDENTITE), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    before = world_entry_count(&w);
    assert_int_equal(carnet_entry_add(&no, w.db, w.sofia, w.handle, "suivi.point",
                                      "{\"date\":\"2026-01-02\",\"resume\":\"intrus\"}", NULL),
                     CARNET_ECONSENT);
    assert_int_equal(no, 0);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "écriture refusée"));
    assert_int_equal(carnet_entry_add(&no, w.db, w.paul, w.handle, "identite",
                                      "{\"prenom\":\"Faux\",\"nom\":\"Nom\","
                                      "\"date_naissance\":\"1990-01-01\"}",
                                      NULL),
                     CARNET_ECONSENT);
    /* Claire has no authorisation there, and the rules cap her at reading. */
    assert_int_equal(carnet_entry_add(&no, w.db, w.claire, w.handle, "diagnostic.pro",
                                      "{\"commentaire\":\"intrus\"}", NULL),
                     CARNET_ECONSENT);
    assert_int_equal(world_entry_count(&w), before);
    assert_int_equal(carnet_audit_iter_new(&it, w.db, w.handle), CARNET_OK);
    while (carnet_audit_iter_next(it, &ev) == CARNET_OK) {
        if (ev.action == CARNET_AUDIT_WRITE && ev.refused && strcmp(ev.reason, "consent") == 0) {
            refused_sofia |= strcmp(ev.actor, "sofia") == 0 && ev.section == CARNET_SECTION_SUIVI;
            refused_paul |= strcmp(ev.actor, "paul") == 0 && ev.section == CARNET_SECTION_IDENTITE;
        }
    }
    carnet_audit_iter_free(it);
    assert_true(refused_sofia);
    assert_true(refused_paul);
    world_down(&w);
}

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
    carnet_audit_report rep;
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
    assert_int_equal(carnet_audit_verify(&rep, w.db, w.handle, NULL), CARNET_OK);
    assert_true(rep.ok);
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

/* The entry a new exit would supersede: the current parcours' exit, none
 * after a return (issue 18); other one-version kinds, their latest. */
void
test_entry_current_one_per_parcours(void **state)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    int64_t cur = -1, first, second, fixed;
    world w;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "suivi.sortie"), CARNET_OK);
    assert_int_equal(cur, 0);
    first = world_write(&w, w.sofia, "suivi.sortie",
                        "{\"type\":\"formation\",\"date\":\"2026-02-01\"}", 0);
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "suivi.sortie"), CARNET_OK);
    assert_int_equal(cur, first);
    p.type = CARNET_ORIENTATION_PRO;
    p.structure = "cd59";
    p.referent = "marc";
    assert_int_equal(carnet_orient(w.db, w.claire, w.person, w.handle, &p), CARNET_OK);
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "suivi.sortie"), CARNET_OK);
    assert_int_equal(cur, 0);
    second = world_write(&w, w.marc, "suivi.sortie",
                         "{\"type\":\"abandon\",\"date\":\"2026-09-01\"}", 0);
    fixed = world_write(&w, w.marc, "suivi.sortie",
                        "{\"type\":\"demenagement\",\"date\":\"2026-09-01\"}", 0);
    assert_true(fixed > second && second > first);
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "suivi.sortie"), CARNET_OK);
    assert_int_equal(cur, fixed);
    /* An orientation does not start a new identity chain. */
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "identite"), CARNET_OK);
    assert_true(cur > 0);
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "suivi.point"), CARNET_EINVAL);
    assert_int_equal(cur, 0);
    assert_int_equal(carnet_entry_current(&cur, w.db, w.handle, "inconnu"), CARNET_EINVAL);
    assert_int_equal(carnet_entry_current(&cur, w.db, "p-zzzzzzzz", "identite"), CARNET_ENOTFOUND);
    world_down(&w);
}
