/* test_reader.c - reading entries (research/anchor-crypto-consent.md §8.5,
 * T5, T6, T9): every stored byte and header field is authenticated, an entry
 * moved to another carnet does not verify, an entry a reader forged with
 * her own key is rejected, and the reader fails closed when its audit record
 * cannot be written.
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

/* Flip one byte of a blob column of an entry, through the raw file. */
static void
flip(world *w, int64_t cid, int64_t no, const char *col, int from_end)
{
    unsigned char b[4096];
    size_t n =
        world_sql_blob(w, b, sizeof b, "SELECT %s FROM entry WHERE carnet = %lld AND no = %lld",
                       col, (long long)cid, (long long)no);

    assert_true(n > 0);
    b[from_end ? n - 1 : n / 2] ^= 0x01;
    world_sql_set_blob(w, b, n, "UPDATE entry SET %s = ?1 WHERE carnet = %lld AND no = %lld", col,
                       (long long)cid, (long long)no);
}

enum { NTAMPER = 15, T_AUTHOR_NO_RIGHT = 11 };

/* T5: every stored byte and every header field is authenticated. */
void
test_security_tampered_entries_fail(void **state)
{
    static const char *const what[NTAMPER] = {"body_ct (middle)",
                                              "body_ct (tag)",
                                              "nonce_b",
                                              "nonce_w",
                                              "wrapped_dek",
                                              "sig",
                                              "created_at",
                                              "epoch",
                                              "kind",
                                              "section",
                                              "author (a writer)",
                                              "author (no right)",
                                              "id",
                                              "supersedes",
                                              "body_ct swapped"};
    int64_t no[NTAMPER + 2], cid, sofia, paul;
    int rc[64], body[64];
    char msg[64][160];
    carnet_reader *r = NULL;
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_entry_view v;
    unsigned char b1[4096], b2[4096];
    size_t n1, n2;
    int st;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    sofia = world_pid(&w, "sofia");
    paul = world_pid(&w, "paul");
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    for (size_t i = 0; i < NTAMPER + 2; i++) {
        char text[64];
        (void)snprintf(text, sizeof text, "point numero %zu", i);
        no[i] = world_point(&w, w.person, text);
    }
    /* An attacker with the file can drop the append-only trigger. */
    world_sql(&w, "DROP TRIGGER entry_append_only");
    flip(&w, cid, no[0], "body_ct", 0);
    flip(&w, cid, no[1], "body_ct", 1);
    flip(&w, cid, no[2], "nonce_b", 0);
    flip(&w, cid, no[3], "nonce_w", 0);
    flip(&w, cid, no[4], "wrapped_dek", 0);
    flip(&w, cid, no[5], "sig", 0);
    world_sql(&w, "UPDATE entry SET created_at = created_at + 1 WHERE carnet = %lld AND no = %lld",
              (long long)cid, (long long)no[6]);
    world_sql(&w, "UPDATE entry SET epoch = epoch + 1 WHERE carnet = %lld AND no = %lld",
              (long long)cid, (long long)no[7]);
    world_sql(&w, "UPDATE entry SET kind = 72 WHERE carnet = %lld AND no = %lld", (long long)cid,
              (long long)no[8]);
    world_sql(&w, "UPDATE entry SET section = %d WHERE carnet = %lld AND no = %lld",
              CARNET_SECTION_PLAN, (long long)cid, (long long)no[9]);
    world_sql(&w, "UPDATE entry SET author = %lld WHERE carnet = %lld AND no = %lld",
              (long long)sofia, (long long)cid, (long long)no[10]);
    world_sql(&w, "UPDATE entry SET author = %lld WHERE carnet = %lld AND no = %lld",
              (long long)paul, (long long)cid, (long long)no[11]);
    world_sql(&w, "UPDATE entry SET id = randomblob(16) WHERE carnet = %lld AND no = %lld",
              (long long)cid, (long long)no[12]);
    world_sql(&w, "UPDATE entry SET supersedes = %lld WHERE carnet = %lld AND no = %lld",
              (long long)no[0], (long long)cid, (long long)no[13]);
    /* Two valid ciphertexts exchanged between entries. */
    n1 = world_sql_blob(&w, b1, sizeof b1,
                        "SELECT body_ct FROM entry WHERE carnet = %lld AND no = %lld",
                        (long long)cid, (long long)no[14]);
    n2 = world_sql_blob(&w, b2, sizeof b2,
                        "SELECT body_ct FROM entry WHERE carnet = %lld AND no = %lld",
                        (long long)cid, (long long)no[12]);
    assert_true(n1 > 0 && n2 > 0);
    world_sql_set_blob(&w, b2, n2,
                       "UPDATE entry SET body_ct = ?1 WHERE carnet = %lld AND no = %lld",
                       (long long)cid, (long long)no[14]);
    world_sql_set_blob(&w, b1, n1,
                       "UPDATE entry SET body_ct = ?1 WHERE carnet = %lld AND no = %lld",
                       (long long)cid, (long long)no[12]);

    for (size_t i = 0; i < 64; i++) {
        rc[i] = CARNET_ITEROVER;
        body[i] = 0;
        msg[i][0] = '\0';
    }
    o.flags = CARNET_READ_SUPERSEDED;
    assert_int_equal(carnet_reader_open(&r, w.db, w.person, w.handle, &o), CARNET_OK);
    while ((st = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        assert_true(v.no > 0 && v.no < 64);
        rc[v.no] = st;
        body[v.no] = v.body != NULL;
        if (st != CARNET_OK) {
            (void)snprintf(msg[v.no], sizeof msg[v.no], "%s", carnet_reader_errmsg(r));
        }
    }
    carnet_reader_free(r);
    for (size_t i = 0; i < NTAMPER; i++) {
        if (rc[no[i]] != CARNET_EAUTH || body[no[i]]) {
            fail_msg("tampered %s (entry %lld): status %s, body %s", what[i], (long long)no[i],
                     carnet_status_name(rc[no[i]]), body[no[i]] ? "returned" : "withheld");
        }
        if (i != T_AUTHOR_NO_RIGHT && strstr(msg[no[i]], "signature") == NULL) {
            fail_msg("tampered %s: expected a signature failure, got '%s'", what[i], msg[no[i]]);
        }
    }
    assert_non_null(strstr(msg[no[T_AUTHOR_NO_RIGHT]], "n'avait pas le droit"));
    /* The untouched entries still read. */
    assert_int_equal(rc[no[NTAMPER]], CARNET_OK);
    assert_true(body[no[NTAMPER]]);
    assert_int_equal(rc[no[NTAMPER + 1]], CARNET_OK);
    assert_true(body[no[NTAMPER + 1]]);
    assert_int_equal(rc[1], CARNET_OK); /* claire's identity entry */
    /* Sofia, who holds the key of the section, is refused the same way. */
    assert_int_equal(world_read(&w, w.sofia, SEC(SUIVI), NULL, NULL), 2);
    world_down(&w);
}

/* T5: an entry moved to another carnet does not verify there. */
void
test_security_entry_moved_to_other_carnet_fails(void **state)
{
    carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
    carnet_secbuf *pass = th_secret(W_PASS), *code = NULL;
    char other[CARNET_HANDLE_MAX + 1];
    carnet_actor *other_person;
    int64_t no, cid1, cid2;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    co.person_passphrase = pass;
    assert_int_equal(carnet_create(other, &code, w.db, w.claire, &co), CARNET_OK);
    carnet_secbuf_free(code);
    carnet_secbuf_free(pass);
    other_person = world_unlock(&w, other);
    cid1 = world_carnet_rowid(&w, w.handle);
    cid2 = world_carnet_rowid(&w, other);
    /* Claire may write the situation section of both carnets. */
    no = world_write(&w, w.claire, "situation.droits", "{\"aah\":true,\"are\":false}", 0);
    assert_true(world_read_no(&w, w.claire, w.handle, no, &rc));
    world_sql(&w, "DROP TRIGGER entry_append_only");
    world_sql(&w, "UPDATE entry SET carnet = %lld, no = 40 WHERE carnet = %lld AND no = %lld",
              (long long)cid2, (long long)cid1, (long long)no);
    /* The row has no record in the other carnet's history, and is missing
     * from its own: both carnets refuse to open anything. */
    assert_false(world_read_no(&w, other_person, other, 40, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    assert_false(world_read_no(&w, w.claire, other, 40, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    assert_false(world_read_no(&w, w.claire, w.handle, 1, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    /* Moved back, it verifies again: the failure came from the carnet id. */
    world_sql(&w, "UPDATE entry SET carnet = %lld, no = %lld WHERE carnet = %lld AND no = 40",
              (long long)cid1, (long long)no, (long long)cid2);
    assert_true(world_read_no(&w, w.claire, w.handle, no, &rc));
    carnet_actor_free(other_person);
    world_down(&w);
}

/* T6: a reader holding the section key forges a well-formed entry, signed
 * with her own key, straight into the file: it has no record in the
 * carnet's verified history, so the carnet opens for nobody until the row
 * is gone (issue 15: no plaintext of a carnet whose history is broken). */
void
test_security_forged_entry_by_reader_rejected(void **state)
{
    static const char body[] = "{\"date\":\"2026-01-02\",\"resume\":\"entree forgee\"}";
    char hx[6][1200];
    carnet_keypair *kp;
    carnet_epoch_key *k;
    carnet_secbuf *buf = NULL;
    world_wrap ww;
    world_entry e;
    carnet_envelope env;
    int64_t p1, forged, cid;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    world_grant(&w, "marc", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    p1 = world_point(&w, w.person, "point de la personne");
    /* Sofia's client: her secret key and the section key sealed to her. */
    kp = world_keypair(&w, "sofia");
    assert_true(
        world_wrap_get(&w, &ww, w.handle, "sofia", CARNET_SECTION_SUIVI, world_epoch(&w, p1)));
    k = world_wrap_open(&ww, kp);
    assert_non_null(k);
    world_entry_get(&w, &e, w.handle, p1);
    carnet_envelope_release(&e.env);
    carnet_random(e.h.entry, CARNET_ID_BYTES);
    assert_int_equal(world_sql_blob(&w, e.h.author, CARNET_ID_BYTES,
                                    "SELECT id FROM principal WHERE handle = 'sofia'"),
                     CARNET_ID_BYTES);
    carnet_envelope_init(&env);
    assert_int_equal(
        carnet_envelope_seal(&env, &e.h, k, kp, (const unsigned char *)body, strlen(body)),
        CARNET_OK);
    /* The forgery is cryptographically sound. */
    assert_int_equal(carnet_secbuf_new(&buf, 256), CARNET_OK);
    carnet_keypair_public(&e.author, kp);
    assert_int_equal(carnet_envelope_open(buf, &e.h, &env, k, &e.author), CARNET_OK);
    assert_true(env.body_ct_len * 2 < sizeof hx[4]);
    carnet_hex_encode(hx[0], e.h.entry, CARNET_ID_BYTES);
    carnet_hex_encode(hx[1], env.nonce_w, CARNET_NONCE_BYTES);
    carnet_hex_encode(hx[2], env.wrapped_dek, CARNET_WRAPPED_DEK_BYTES);
    carnet_hex_encode(hx[3], env.nonce_b, CARNET_NONCE_BYTES);
    carnet_hex_encode(hx[4], env.body_ct, env.body_ct_len);
    carnet_hex_encode(hx[5], env.sig, CARNET_SIG_BYTES);
    forged = world_sql_int(&w, "SELECT max(no) + 1 FROM entry WHERE carnet = %lld", (long long)cid);
    world_sql(&w,
              "INSERT INTO entry (carnet, no, id, section, epoch, kind, author, created_at,"
              " supersedes, root, nonce_w, wrapped_dek, nonce_b, body_ct, sig) VALUES (%lld, %lld,"
              " X'%s', %d, %u, %u, %lld, %lld, NULL, %lld, X'%s', X'%s', X'%s', X'%s', X'%s')",
              (long long)cid, (long long)forged, hx[0], CARNET_SECTION_SUIVI, e.h.epoch,
              (unsigned)e.h.kind, (long long)world_pid(&w, "sofia"), (long long)e.h.created_at,
              (long long)forged, hx[1], hx[2], hx[3], hx[4], hx[5]);
    assert_false(world_read_no(&w, w.person, w.handle, forged, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    assert_false(world_read_no(&w, w.marc, w.handle, forged, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    assert_false(world_read_no(&w, w.sofia, w.handle, forged, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    /* Nor is the genuine entry returned while the forgery is there... */
    assert_false(world_read_no(&w, w.marc, w.handle, p1, &rc));
    assert_int_equal(rc, CARNET_EINTEGRITY);
    /* ...and it reads again once the forged row is gone. */
    world_sql(&w,
              "DROP TRIGGER entry_no_delete; DELETE FROM entry WHERE carnet = %lld AND no = %lld",
              (long long)cid, (long long)forged);
    assert_true(world_read_no(&w, w.marc, w.handle, p1, &rc));
    carnet_envelope_release(&env);
    carnet_secbuf_free(buf);
    carnet_epoch_key_free(k);
    carnet_keypair_free(kp);
    world_down(&w);
}

/* T9: if the audit record of a read cannot be written, nothing is
 * decrypted; a write that cannot be audited is not stored. */
void
test_security_read_fails_closed(void **state)
{
    carnet_reader *r = NULL;
    carnet_entry_view v;
    carnet_audit_report rep;
    int64_t no = 0, before;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    world_point(&w, w.sofia, "secret du suivi");
    before = world_entry_count(&w);
    world_sql(&w,
              "CREATE TRIGGER deny BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'x'); END;");
    carnet_actor *readers[] = {w.person, w.sofia, w.claire};
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        rc = carnet_reader_open(&r, w.db, readers[i], w.handle, NULL);
        assert_int_not_equal(rc, CARNET_OK);
        assert_non_null(r);
        memset(&v, 0, sizeof v);
        assert_int_equal(carnet_reader_next(r, &v), CARNET_ITEROVER);
        assert_null(v.body);
        carnet_reader_free(r);
        r = NULL;
    }
    assert_int_not_equal(carnet_entry_add(&no, w.db, w.sofia, w.handle, "suivi.point",
                                          "{\"date\":\"2026-01-03\",\"resume\":\"perdu\"}", NULL),
                         CARNET_OK);
    assert_int_equal(world_entry_count(&w), before);
    world_sql(&w, "DROP TRIGGER deny");
    assert_int_equal(world_read(&w, w.sofia, SEC(SUIVI), "secret du suivi", &rc), 1);
    assert_true(rc);
    assert_int_equal(carnet_audit_verify(&rep, w.db, w.handle, NULL), CARNET_OK);
    assert_true(rep.ok);
    world_down(&w);
}
