/* test_history.c - the verified history of a carnet (core/src/records/history.c,
 * issue 15): an empty history, one record, a gap, a duplicate number, a wrong
 * predecessor, a wrong signer and a signer without authority at that point,
 * each reported at the record where it is; records naming the registry head
 * wrongly; and the known answers of the v2 and v3
 * formats (audit record, entry ciphertext and commitment, grant commitment).
 * SPDX-License-Identifier: MIT
 *
 * The file's holder edits the workspace through a second SQLite connection
 * (world_sql) after dropping the append-only triggers, as tests/integrity
 * does with the sqlite3 shell; a forger holding a professional's keys writes
 * validly signed records through carnet__audit_commit().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "records/records.h"
#include "tests.h"
#include "world.h"

#define DROP_TRIGGERS                                                                              \
    "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;"              \
    " DROP TRIGGER IF EXISTS entry_no_delete; DROP TRIGGER IF EXISTS entry_append_only;"

/* Every check below runs on the person's carnet (w->handle). */
static void
the_carnet(world *w, carnet__carnet *c)
{
    assert_int_equal(carnet__carnet_by_person(w->db, w->handle, c), CARNET_OK);
}

/* The full verification of the carnet's history, from its start. */
static carnet__history_report
history(world *w)
{
    carnet__history_report rep;
    carnet__carnet c;

    the_carnet(w, &c);
    assert_int_equal(carnet__history_verify(w->db, &c, &rep), CARNET_OK);
    return rep;
}

/* The history holds: no fault, @p records records verified. */
static void
assert_holds(world *w, int64_t records)
{
    carnet__history_report rep = history(w);

    if (rep.fault[0] != '\0' || rep.records != records) {
        fail_msg("history: %lld records, fault at %lld '%s'; expected %lld records, no fault",
                 (long long)rep.records, (long long)rep.fault_record, rep.fault,
                 (long long)records);
    }
}

/* The first fault is at record @p record (0: an entry row) and says @p text. */
static void
assert_fault(world *w, int64_t record, const char *text)
{
    carnet__history_report rep = history(w);

    if (rep.fault_record != record || strstr(rep.fault, text) == NULL) {
        fail_msg("history: fault at %lld '%s'; expected at %lld '%s'", (long long)rep.fault_record,
                 rep.fault, (long long)record, text);
    }
}

/* The chain breaks at record @p seq: the records before it verified. */
static void
assert_link_broken(world *w, int64_t seq)
{
    char text[64];

    assert_true(snprintf(text, sizeof text, "enregistrement n°%lld : maillon rompu",
                         (long long)seq) < (int)sizeof text);
    assert_fault(w, seq, text);
    assert_int_equal(history(w).records, seq - 1);
}

/* The status of opening a reader on the carnet as @p a. */
static int
opens(world *w, carnet_actor *a)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    int rc = carnet_reader_open(&r, w->db, a, w->handle, &o);

    carnet_reader_free(r);
    return rc;
}

/* In a new process: the carnet opens for nobody (CARNET_EINTEGRITY) and
 * the workspace check reports its history broken, saying @p text. */
static void
assert_closed(world *w, const char *text)
{
    carnet_db_check_report cr;

    world_reopen(w);
    assert_int_equal(opens(w, w->person), CARNET_EINTEGRITY);
    assert_int_equal(opens(w, w->claire), CARNET_EINTEGRITY);
    assert_int_equal(carnet_db_check(&cr, w->db), CARNET_OK);
    if (cr.ok || cr.history_broken != 1 || strstr(cr.message, text) == NULL) {
        fail_msg("check: ok=%d history_broken=%lld '%s'; expected '%s'", cr.ok,
                 (long long)cr.history_broken, cr.message, text);
    }
}

/* Some history: a grant, entries by sofia and by the person. */
static void
activity(world *w)
{
    world_grant(w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    world_point(w, w->sofia, "premier point");
    world_point(w, w->person, "deuxieme point");
    world_point(w, w->sofia, "troisieme point");
}

static int64_t
last_seq(world *w, int64_t cid)
{
    return world_sql_int(w, "SELECT max(seq) FROM audit WHERE carnet = %lld", (long long)cid);
}

/* A world with some history, verified; the carnet's row id in *cid, and
 * its number of records. */
static int64_t
start(world *w, int64_t *cid)
{
    int64_t n;

    world_up(w);
    activity(w);
    *cid = world_carnet_rowid(w, w->handle);
    n = last_seq(w, *cid);
    assert_holds(w, n);
    return n;
}

/* Put back the chain kept in the table "saved"; in a new process, the
 * history holds again with its @p n records. */
static void
restore(world *w, int64_t cid, int64_t n)
{
    world_sql(w, "DELETE FROM audit WHERE carnet = %lld; INSERT INTO audit SELECT * FROM saved",
              (long long)cid);
    world_reopen(w);
    assert_holds(w, n);
}

/* The v2 encoding of an audit record, written from docs/crypto.md (not
 * from core/src/records/audit.c): its length. */
static size_t
tbs_v2(unsigned char *out, const unsigned char carnet[CARNET_ID_BYTES], int64_t at,
       const unsigned char actor[CARNET_ID_BYTES], unsigned action, int section, int64_t object,
       const unsigned char commit[CARNET_HASH_BYTES])
{
    unsigned char *p = out;

    memcpy(p, "cdb/v2/audit-tbs", 16);
    p += 16;
    memcpy(p, carnet, CARNET_ID_BYTES);
    p += CARNET_ID_BYTES;
    for (int i = 0; i < 8; i++) {
        *p++ = (unsigned char)((uint64_t)at >> (8 * i));
    }
    memcpy(p, actor, CARNET_ID_BYTES);
    p += CARNET_ID_BYTES;
    *p++ = (unsigned char)action;
    *p++ = section < 0 ? 0xffu : (unsigned char)section;
    for (int i = 0; i < 8; i++) {
        *p++ = (unsigned char)((uint64_t)object >> (8 * i));
    }
    *p++ = 0; /* not refused */
    *p++ = 0;
    memcpy(p, commit, CARNET_HASH_BYTES);
    p += CARNET_HASH_BYTES;
    return (size_t)(p - out);
}

/* The v3 encoding, also from docs/crypto.md: the v1 fields, a flag and
 * the commitment, then the registry head the record names. */
static size_t
tbs_v3(unsigned char *out, const unsigned char carnet[CARNET_ID_BYTES], int64_t at,
       const unsigned char actor[CARNET_ID_BYTES], unsigned action, int section, int64_t object,
       const unsigned char commit[CARNET_HASH_BYTES], int64_t reg_seq,
       const unsigned char reg_hash[CARNET_HASH_BYTES])
{
    size_t v1 = tbs_v2(out, carnet, at, actor, action, section, object, commit) - CARNET_HASH_BYTES;
    unsigned char *p = out + v1;

    out[5] = '3'; /* cdb/v3/audit-tbs */
    *p++ = 1;     /* commits to a state */
    memcpy(p, commit, CARNET_HASH_BYTES);
    p += CARNET_HASH_BYTES;
    for (int i = 0; i < 8; i++) {
        *p++ = (unsigned char)((uint64_t)reg_seq >> (8 * i));
    }
    memcpy(p, reg_hash, CARNET_HASH_BYTES);
    p += CARNET_HASH_BYTES;
    return (size_t)(p - out);
}

/* An untouched history holds; every record and entry row deleted, the
 * chain alone is an empty chain that verifies, but the history is not:
 * the entry rows have no record. Entry rows deleted too, nothing in the
 * history contradicts itself and the check reports the carnet incomplete. */
void
test_history_empty(void **state)
{
    carnet_audit_report ar;
    carnet_db_check_report cr;
    int64_t cid, n;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    n = last_seq(&w, cid);
    assert_true(n >= 2);
    assert_holds(&w, n);
    world_close(&w);
    world_sql(&w, DROP_TRIGGERS " DELETE FROM audit WHERE carnet = %lld", (long long)cid);
    world_reopen(&w);
    assert_int_equal(carnet_audit_verify(&ar, w.db, w.handle, NULL), CARNET_OK);
    assert_true(ar.ok);
    assert_int_equal(ar.records, 0);
    assert_fault(&w, 0, "entrée n°1 sans enregistrement dans l'historique");
    assert_int_equal(history(&w).records, 0);
    assert_closed(&w, "entrée n°1 sans enregistrement");

    world_sql(&w, "DELETE FROM entry WHERE carnet = %lld", (long long)cid);
    world_reopen(&w);
    assert_holds(&w, 0);
    assert_int_equal(history(&w).entries, 0);
    assert_int_equal(carnet_db_check(&cr, w.db), CARNET_OK);
    assert_false(cr.ok);
    assert_int_equal(cr.history_broken, 0);
    assert_int_equal(cr.incomplete, 1);
    world_down(&w);
}

/* A history of one record verifies against the genesis; that record
 * altered, or chained to anything else, is the first fault. */
void
test_history_one_record(void **state)
{
    int64_t cid, first;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    world_close(&w);
    /* Keep record 1 and the entry it wrote, if it wrote one. */
    first = world_sql_int(&w,
                          "SELECT CASE WHEN action = 'write' THEN object ELSE 0 END FROM audit"
                          " WHERE carnet = %lld AND seq = 1",
                          (long long)cid);
    world_sql(&w,
              DROP_TRIGGERS " DELETE FROM audit WHERE carnet = %lld AND seq > 1;"
                            " DELETE FROM entry WHERE carnet = %lld AND no > %lld;"
                            " CREATE TABLE saved AS SELECT * FROM audit",
              (long long)cid, (long long)cid, (long long)first);
    world_reopen(&w);
    assert_holds(&w, 1);
    assert_int_equal(history(&w).entries, first);

    world_sql(&w, "UPDATE audit SET at = at + 1 WHERE carnet = %lld", (long long)cid);
    assert_link_broken(&w, 1);
    world_sql(&w, "DELETE FROM audit; INSERT INTO audit SELECT * FROM saved;"
                  " UPDATE audit SET prev_hash = hash");
    assert_link_broken(&w, 1);
    world_sql(&w, "DELETE FROM audit; INSERT INTO audit SELECT * FROM saved;"
                  " UPDATE audit SET seq = 2");
    assert_link_broken(&w, 1);
    assert_closed(&w, "enregistrement n°1 : maillon rompu");
    world_down(&w);
}

/* A record deleted in the middle: the fault is at its number, and the
 * records before it are the ones verified. An entry row deleted in the
 * middle: the fault names the entry. */
void
test_history_gap(void **state)
{
    carnet_audit_report ar;
    int64_t cid, n, k, e;
    world w;

    (void)state;
    n = start(&w, &cid);
    k = n - 2;
    assert_true(k > 1);
    world_close(&w);
    world_sql(&w,
              DROP_TRIGGERS " CREATE TABLE saved AS SELECT * FROM audit;"
                            " DELETE FROM audit WHERE carnet = %lld AND seq = %lld",
              (long long)cid, (long long)k);
    world_reopen(&w);
    assert_link_broken(&w, k);
    assert_int_equal(carnet_audit_verify(&ar, w.db, w.handle, NULL), CARNET_OK);
    assert_false(ar.ok);
    assert_int_equal(ar.first_bad, k);
    assert_closed(&w, "maillon rompu");

    restore(&w, cid, n);
    e = world_sql_int(&w, "SELECT max(no) FROM entry WHERE carnet = %lld", (long long)cid) - 1;
    world_sql(&w, "DELETE FROM entry WHERE carnet = %lld AND no = %lld", (long long)cid,
              (long long)e);
    assert_fault(&w, 0, "supprimée");
    assert_non_null(strstr(history(&w).fault, "entrée n°"));
    assert_int_equal(history(&w).records, n);
    assert_closed(&w, "supprimée");
    world_down(&w);
}

/* Two records under one number (the table rebuilt without its key), and
 * a validly signed record that writes an entry number written before. */
void
test_history_duplicate_number(void **state)
{
    unsigned char commit[CARNET_HASH_BYTES];
    carnet__carnet c;
    int64_t cid, n, k, no;
    world w;

    (void)state;
    n = start(&w, &cid);
    k = n - 1;
    world_close(&w);
    world_sql(&w,
              DROP_TRIGGERS " CREATE TABLE saved AS SELECT * FROM audit;"
                            " CREATE TABLE loose AS SELECT * FROM audit; DROP TABLE audit;"
                            " ALTER TABLE loose RENAME TO audit;"
                            " INSERT INTO audit SELECT * FROM saved WHERE carnet = %lld"
                            " AND seq = %lld",
              (long long)cid, (long long)k);
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM audit WHERE carnet = %lld AND seq = %lld",
                                   (long long)cid, (long long)k),
                     2);
    world_reopen(&w);
    assert_link_broken(&w, k + 1);
    assert_closed(&w, "maillon rompu");

    /* Back to the genuine chain; sofia, the author of the last entry,
     * signs a second record writing that same number. */
    restore(&w, cid, n);
    no = world_sql_int(&w, "SELECT max(no) FROM entry WHERE carnet = %lld", (long long)cid);
    the_carnet(&w, &c);
    assert_int_equal(carnet__entry_commit_of(w.db, &c, no, commit), CARNET_OK);
    assert_int_equal(carnet__audit_commit(w.db, &c, w.sofia, CARNET_AUDIT_WRITE,
                                          CARNET_SECTION_SUIVI, no, CARNET_OK, commit),
                     CARNET_OK);
    assert_int_equal(last_seq(&w, cid), n + 1);
    assert_fault(&w, n + 1, "déjà écrite");
    assert_closed(&w, "déjà écrite");
    world_down(&w);
}

/* Two records' previous hashes swapped: the fault is at the first. */
void
test_history_wrong_predecessor(void **state)
{
    int64_t cid, n, a, b;
    world w;

    (void)state;
    n = start(&w, &cid);
    a = n - 3;
    b = n - 1;
    assert_true(a >= 1);
    world_close(&w);
    world_sql(&w,
              DROP_TRIGGERS " CREATE TABLE prevs AS SELECT seq, prev_hash FROM audit"
                            " WHERE carnet = %lld;"
                            " UPDATE audit SET prev_hash = (SELECT p.prev_hash FROM prevs p"
                            " WHERE p.seq = CASE audit.seq WHEN %lld THEN %lld ELSE %lld END)"
                            " WHERE carnet = %lld AND seq IN (%lld, %lld)",
              (long long)cid, (long long)a, (long long)b, (long long)a, (long long)cid,
              (long long)a, (long long)b);
    world_reopen(&w);
    assert_link_broken(&w, a);
    assert_closed(&w, "maillon rompu");
    world_down(&w);
}

/* The last record (the person's entry) signed by sofia's key while still
 * naming the person; then re-encoded naming sofia and validly signed by
 * her: the chain holds but the entry's author does not match. */
void
test_history_wrong_signer(void **state)
{
    unsigned char cid_bytes[CARNET_ID_BYTES], actor[CARNET_ID_BYTES], commit[CARNET_HASH_BYTES];
    unsigned char prev[CARNET_HASH_BYTES], hash[CARNET_HASH_BYTES], sig[CARNET_SIG_BYTES];
    unsigned char h2[CARNET_HASH_BYTES], reg_hash[CARNET_HASH_BYTES], tbs[208];
    char hx[2 * CARNET_HASH_BYTES + 1], sx[2 * CARNET_SIG_BYTES + 1];
    int64_t cid, n, at, no, sofia, reg_seq;
    size_t len;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "sofia", SEC(SUIVI), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    no = world_point(&w, w.person, "le point de la personne");
    cid = world_carnet_rowid(&w, w.handle);
    sofia = world_pid(&w, "sofia");
    n = last_seq(&w, cid);
    assert_int_equal(world_sql_int(&w,
                                   "SELECT object FROM audit WHERE carnet = %lld AND seq = %lld",
                                   (long long)cid, (long long)n),
                     no);
    assert_int_equal(world_sql_blob(&w, cid_bytes, sizeof cid_bytes,
                                    "SELECT id FROM carnet WHERE cid = %lld", (long long)cid),
                     CARNET_ID_BYTES);
    assert_int_equal(world_sql_blob(&w, commit, sizeof commit,
                                    "SELECT commit_hash FROM audit WHERE carnet = %lld"
                                    " AND seq = %lld",
                                    (long long)cid, (long long)n),
                     CARNET_HASH_BYTES);
    assert_int_equal(world_sql_blob(&w, prev, sizeof prev,
                                    "SELECT prev_hash FROM audit WHERE carnet = %lld"
                                    " AND seq = %lld",
                                    (long long)cid, (long long)n),
                     CARNET_HASH_BYTES);
    assert_int_equal(world_sql_blob(&w, hash, sizeof hash,
                                    "SELECT hash FROM audit WHERE carnet = %lld AND seq = %lld",
                                    (long long)cid, (long long)n),
                     CARNET_HASH_BYTES);
    at = world_sql_int(&w, "SELECT at FROM audit WHERE carnet = %lld AND seq = %lld",
                       (long long)cid, (long long)n);
    reg_seq = world_sql_int(&w, "SELECT registry_seq FROM audit WHERE carnet = %lld AND seq = %lld",
                            (long long)cid, (long long)n);
    assert_true(reg_seq >= 1);
    assert_int_equal(world_sql_blob(&w, reg_hash, sizeof reg_hash,
                                    "SELECT hash FROM registry WHERE seq = %lld",
                                    (long long)reg_seq),
                     CARNET_HASH_BYTES);
    /* The documented v3 encoding reproduces the stored record, signature
     * included (Ed25519 is deterministic). */
    len = tbs_v3(tbs, cid_bytes, at, w.person->id, CARNET_AUDIT_WRITE, CARNET_SECTION_SUIVI, no,
                 commit, reg_seq, reg_hash);
    assert_int_equal(carnet_audit_link(h2, sig, prev, (uint64_t)n, tbs, len, w.person->kp),
                     CARNET_OK);
    assert_memory_equal(h2, hash, CARNET_HASH_BYTES);
    assert_holds(&w, n);

    /* Signed by sofia, still naming the person: the signature alone fails. */
    assert_int_equal(carnet_sign(sig, w.sofia->kp, "cdb/v1/audit", hash, sizeof hash), CARNET_OK);
    carnet_hex_encode(sx, sig, sizeof sig);
    world_sql(&w, DROP_TRIGGERS " CREATE TABLE saved AS SELECT * FROM audit");
    world_sql(&w, "UPDATE audit SET sig = X'%s' WHERE carnet = %lld AND seq = %lld", sx,
              (long long)cid, (long long)n);
    assert_link_broken(&w, n);
    assert_closed(&w, "maillon rompu");

    /* Naming sofia, re-hashed and validly signed by her. */
    memcpy(actor, w.sofia->id, sizeof actor);
    len = tbs_v3(tbs, cid_bytes, at, actor, CARNET_AUDIT_WRITE, CARNET_SECTION_SUIVI, no, commit,
                 reg_seq, reg_hash);
    assert_int_equal(carnet_audit_link(h2, sig, prev, (uint64_t)n, tbs, len, w.sofia->kp),
                     CARNET_OK);
    carnet_hex_encode(hx, h2, sizeof h2);
    carnet_hex_encode(sx, sig, sizeof sig);
    world_sql(&w,
              "UPDATE audit SET actor = %lld, hash = X'%s', sig = X'%s' WHERE carnet = %lld"
              " AND seq = %lld",
              (long long)sofia, hx, sx, (long long)cid, (long long)n);
    assert_fault(&w, 0, "l'auteur ne correspond pas à l'historique");
    assert_int_equal(history(&w).records, n);
    assert_closed(&w, "l'auteur ne correspond pas");
    world_down(&w);
}

/* Each record names the registry head it was decided against (v3). A
 * professional deactivated in the registry, still holding his keys, signs a
 * write naming the head that deactivated him: refused at that record. A
 * record naming a head older than its predecessor's, validly signed by the
 * person, is refused too: a history never goes back in the registry. */
void
test_history_registry_head(void **state)
{
    unsigned char commit[CARNET_HASH_BYTES], prev[CARNET_HASH_BYTES], reg_hash[CARNET_HASH_BYTES];
    unsigned char cid_bytes[CARNET_ID_BYTES], hash[CARNET_HASH_BYTES], sig[CARNET_SIG_BYTES];
    unsigned char tbs[208];
    char hx[2 * CARNET_HASH_BYTES + 1], sx[2 * CARNET_SIG_BYTES + 1];
    carnet_db_check_report cr;
    carnet__carnet c;
    int64_t cid, n, at, head, named;
    size_t len;
    world w;

    (void)state;
    n = start(&w, &cid) + 1; /* the forged record's number */
    named = world_sql_int(&w, "SELECT registry_seq FROM audit WHERE carnet = %lld AND seq = %lld",
                          (long long)cid, (long long)n - 1);
    assert_true(named > 1);
    world_sql(&w, DROP_TRIGGERS);
    memset(commit, 0x5c, sizeof commit);

    /* The person's record, re-signed to name registry record 1. */
    the_carnet(&w, &c);
    assert_int_equal(carnet__audit_commit(w.db, &c, w.person, CARNET_AUDIT_WRITE,
                                          CARNET_SECTION_SUIVI, 99, CARNET_OK, commit),
                     CARNET_OK);
    at = world_sql_int(&w, "SELECT at FROM audit WHERE carnet = %lld AND seq = %lld",
                       (long long)cid, (long long)n);
    assert_int_equal(world_sql_blob(&w, prev, sizeof prev,
                                    "SELECT hash FROM audit WHERE carnet = %lld AND seq = %lld",
                                    (long long)cid, (long long)n - 1),
                     CARNET_HASH_BYTES);
    assert_int_equal(
        world_sql_blob(&w, reg_hash, sizeof reg_hash, "SELECT hash FROM registry WHERE seq = 1"),
        CARNET_HASH_BYTES);
    assert_int_equal(world_sql_blob(&w, cid_bytes, sizeof cid_bytes,
                                    "SELECT id FROM carnet WHERE cid = %lld", (long long)cid),
                     CARNET_ID_BYTES);
    len = tbs_v3(tbs, cid_bytes, at, w.person->id, CARNET_AUDIT_WRITE, CARNET_SECTION_SUIVI, 99,
                 commit, 1, reg_hash);
    assert_int_equal(carnet_audit_link(hash, sig, prev, (uint64_t)n, tbs, len, w.person->kp),
                     CARNET_OK);
    carnet_hex_encode(hx, hash, sizeof hash);
    carnet_hex_encode(sx, sig, sizeof sig);
    world_sql(&w,
              "UPDATE audit SET registry_seq = 1, hash = X'%s', sig = X'%s' WHERE carnet = %lld"
              " AND seq = %lld",
              hx, sx, (long long)cid, (long long)n);
    assert_fault(&w, n, "décidé contre un état du registre antérieur");
    assert_closed(&w, "état du registre antérieur");
    world_sql(&w, "DELETE FROM audit WHERE carnet = %lld AND seq = %lld", (long long)cid,
              (long long)n);
    world_reopen(&w);
    assert_holds(&w, n - 1);

    /* sofia, deactivated, writes with her still valid key (the world
     * cannot reopen: her account no longer unlocks). */
    assert_int_equal(carnet_professional_deactivate(w.db, w.ccas, "sofia"), CARNET_OK);
    head = world_sql_int(&w, "SELECT max(seq) FROM registry");
    assert_true(head > named);
    the_carnet(&w, &c);
    assert_int_equal(carnet__audit_commit(w.db, &c, w.sofia, CARNET_AUDIT_WRITE,
                                          CARNET_SECTION_SUIVI, 99, CARNET_OK, commit),
                     CARNET_OK);
    assert_int_equal(world_sql_int(&w,
                                   "SELECT registry_seq FROM audit WHERE carnet = %lld"
                                   " AND seq = %lld",
                                   (long long)cid, (long long)n),
                     head);
    assert_fault(&w, n, "écrit par un professionnel désactivé");
    assert_int_equal(carnet_db_check(&cr, w.db), CARNET_OK);
    assert_false(cr.ok);
    assert_int_equal(cr.history_broken, 1);
    assert_non_null(strstr(cr.message, "écrit par un professionnel désactivé"));
    world_down(&w);
}

/* A professional forges, with his own valid signature, the person's
 * decisions: a revocation of claire's authorisation, a block of claire, a
 * grant to himself. Each is reported at its record, and none takes effect:
 * the carnet opens for nobody, and no row changed. */
void
test_history_signer_without_authority(void **state)
{
    static const carnet_audit_action forged[] = {CARNET_AUDIT_REVOKE, CARNET_AUDIT_BLOCK,
                                                 CARNET_AUDIT_GRANT, CARNET_AUDIT_UNBLOCK};
    static const char *const label[] = {"(révocation)", "(blocage)", "(autorisation de partage)",
                                        "(levée de blocage)"};
    unsigned char commit[CARNET_HASH_BYTES];
    carnet__carnet c;
    int64_t cid, n, claire, grant, grants;
    char text[96];
    world w;

    (void)state;
    (void)start(&w, &cid);
    claire = world_pid(&w, "claire");
    grant = world_sql_int(&w, "SELECT min(no) FROM consent WHERE carnet = %lld AND grantee = %lld",
                          (long long)cid, (long long)claire);
    grants = world_sql_int(&w, "SELECT count(*) FROM consent WHERE carnet = %lld", (long long)cid);
    assert_true(grant > 0);
    assert_int_equal(opens(&w, w.claire), CARNET_OK);
    world_sql(&w, DROP_TRIGGERS);
    memset(commit, 0x5c, sizeof commit);
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        int64_t object = forged[i] == CARNET_AUDIT_REVOKE  ? grant
                         : forged[i] == CARNET_AUDIT_GRANT ? grants + 1
                                                           : claire;
        n = last_seq(&w, cid) + 1; /* the forged record's number */
        assert_holds(&w, n - 1);
        the_carnet(&w, &c);
        assert_int_equal(carnet__audit_commit(w.db, &c, w.marc, forged[i], -1, object, CARNET_OK,
                                              forged[i] == CARNET_AUDIT_GRANT ? commit : NULL),
                         CARNET_OK);
        assert_int_equal(last_seq(&w, cid), n);
        assert_true(snprintf(text, sizeof text,
                             "enregistrement n°%lld %s signé par un autre que la personne",
                             (long long)n, label[i]) < (int)sizeof text);
        assert_fault(&w, n, text);
        assert_int_equal(history(&w).records, n);
        assert_closed(&w, "signé par un autre que la personne");
        /* Nothing changed in the rows either. */
        assert_int_equal(world_sql_int(&w,
                                       "SELECT revoked_at IS NULL FROM consent WHERE carnet = %lld"
                                       " AND no = %lld",
                                       (long long)cid, (long long)grant),
                         1);
        assert_int_equal(
            world_sql_int(&w, "SELECT count(*) FROM block WHERE carnet = %lld", (long long)cid), 0);
        /* The forged record removed, the carnet opens again. */
        world_sql(&w, "DELETE FROM audit WHERE carnet = %lld AND seq = %lld", (long long)cid,
                  (long long)n);
        world_reopen(&w);
        assert_int_equal(opens(&w, w.claire), CARNET_OK);
    }
    world_down(&w);
}

/* The groupe de suivi is replayed with the signer's authority: marc, who
 * is not a member, signs a member record inviting paul, with a valid
 * commitment and the membership row to match; the history names the
 * record, and the carnet closes. Signed by the person, the same
 * invitation holds. */
void
test_history_member_without_authority(void **state)
{
    unsigned char commit[CARNET_HASH_BYTES];
    carnet__principal paul;
    carnet__carnet c;
    int64_t cid, n = 0;
    world w;

    (void)state;
    (void)start(&w, &cid);
    the_carnet(&w, &c);
    assert_int_equal(carnet__principal_by_handle(w.db, "paul", &paul), CARNET_OK);
    carnet__member_commit(commit, c.id, paul.id, 1, CARNET_MEMBER_ACCOMPAGNATEUR);
    for (int by_person = 0; by_person <= 1; by_person++) {
        world_sql(&w, DROP_TRIGGERS " DELETE FROM membership WHERE member = %lld",
                  (long long)paul.pid);
        world_sql(&w, "DELETE FROM audit WHERE carnet = %lld AND seq = %lld", (long long)cid,
                  (long long)n);
        world_reopen(&w);
        the_carnet(&w, &c);
        n = last_seq(&w, cid) + 1;
        assert_int_equal(
            carnet__member_start(w.db, cid, paul.pid, CARNET_MEMBER_ACCOMPAGNATEUR, paul.pid),
            CARNET_OK);
        assert_int_equal(carnet__audit_commit(w.db, &c, by_person ? w.person : w.marc,
                                              CARNET_AUDIT_MEMBER, -1, paul.pid, CARNET_OK, commit),
                         CARNET_OK);
        if (by_person) {
            assert_holds(&w, n);
        } else {
            assert_fault(&w, n, "invitation signée par un autre que la personne ou un membre");
            assert_closed(&w, "invitation signée par un autre");
        }
    }
    world_down(&w);
}

/* Known answers of the v2 formats, from fixed inputs: the entry ciphertext
 * hash and commitment, the grant, member, référent and orientation
 * commitments, and an audit record of the v2
 * encoding committing to that entry (hash and signature). */
void
test_history_known_answers(void **state)
{
    static unsigned char body[40];
    unsigned char ct[CARNET_HASH_BYTES], commit[CARNET_HASH_BYTES], gtbs[CARNET__GRANT_TBS];
    unsigned char genesis[CARNET_HASH_BYTES], hash[CARNET_HASH_BYTES], sig[CARNET_SIG_BYTES];
    unsigned char actor[CARNET_ID_BYTES], tbs[208], gsig[CARNET_SIG_BYTES],
        reg_hash[CARNET_HASH_BYTES];
    carnet_keypair *kp = th_keypair(0x0a), *gk = th_keypair(0x42);
    carnet__principal grantee;
    carnet__entry_row row;
    carnet__carnet c;
    carnet__grant g;
    size_t n;

    (void)state;
    memset(&c, 0, sizeof c);
    memset(&row, 0, sizeof row);
    memset(&g, 0, sizeof g);
    memset(&grantee, 0, sizeof grantee);
    memset(c.id, 0x77, sizeof c.id);
    memset(body, 0xb0, sizeof body);
    memset(row.env.nonce_w, 0x01, sizeof row.env.nonce_w);
    memset(row.env.wrapped_dek, 0x02, sizeof row.env.wrapped_dek);
    memset(row.env.nonce_b, 0x03, sizeof row.env.nonce_b);
    memset(row.env.sig, 0x04, sizeof row.env.sig);
    row.env.body_ct = body;
    row.env.body_ct_len = sizeof body;
    assert_int_equal(carnet__entry_ct_hash(ct, &row.env), CARNET_OK);
    th_kat("entry-ct-hash-v2", ct, sizeof ct);

    row.meta.no = 7;
    row.meta.supersedes = 5;
    row.meta.root = 3;
    row.meta.section = CARNET_SECTION_SUIVI;
    row.meta.epoch = 2;
    row.meta.created_at = 1767225600;
    row.kind_code = 0x0102;
    memset(row.id, 0x31, sizeof row.id);
    memset(row.supersedes_id, 0x32, sizeof row.supersedes_id);
    memcpy(row.ct_hash, ct, sizeof ct);
    carnet__entry_commit(commit, &c, &row);
    th_kat("entry-commit-v2", commit, sizeof commit);

    g.no = 2;
    g.sections = SEC(SUIVI) | SEC(PLAN);
    g.access = CARNET_ACCESS_WRITE;
    g.scope = CARNET_SCOPE_ALL;
    g.not_before = 1767225600;
    g.not_after = 1767225600 + DAYS(365);
    g.created_at = 1767225600;
    g.purpose = CARNET_PURPOSE_ACCOMPAGNEMENT;
    g.method = CARNET_METHOD_IN_PERSON;
    memset(g.prev, 0x61, sizeof g.prev);
    memset(grantee.id, 0x41, sizeof grantee.id);
    carnet_keypair_public(&grantee.pk, gk);
    n = carnet__grant_tbs(gtbs, &c, &g, &grantee);
    assert_int_equal(n, CARNET__GRANT_TBS);
    memset(gsig, 0x62, sizeof gsig);
    carnet__grant_commit(hash, gtbs, n, gsig);
    th_kat("grant-commit-v2", hash, sizeof hash);

    /* the groupe de suivi and the référent (grantee.id stands for the
     * member or référent, actor for his structure) */
    memset(actor, 0x51, sizeof actor);
    carnet__member_commit(hash, c.id, grantee.id, 1, CARNET_MEMBER_ACCOMPAGNATEUR);
    th_kat("member-commit-v2-start", hash, sizeof hash);
    carnet__member_commit(hash, c.id, grantee.id, 0, CARNET_MEMBER_ACCOMPAGNATEUR);
    th_kat("member-commit-v2-end", hash, sizeof hash);
    carnet__referent_commit(hash, c.id, 0, grantee.id, actor);
    th_kat("referent-commit-v2", hash, sizeof hash);
    carnet__referent_commit(hash, c.id, 7, grantee.id, actor);
    th_kat("orient-commit-v2", hash, sizeof hash);
    carnet__reorientation_commit(hash, c.id, 2, 3, 9);
    th_kat("reorientation-commit-v2", hash, sizeof hash);

    memset(actor, 0x51, sizeof actor);
    n = tbs_v2(tbs, c.id, 1767225600, actor, CARNET_AUDIT_WRITE, CARNET_SECTION_SUIVI, 7, commit);
    assert_int_equal(n, 16 + CARNET_ID_BYTES + 8 + CARNET_ID_BYTES + 1 + 1 + 8 + 1 + 1 +
                            CARNET_HASH_BYTES);
    carnet_audit_genesis(genesis, c.id);
    assert_int_equal(carnet_audit_link(hash, sig, genesis, 1, tbs, n, kp), CARNET_OK);
    th_kat("audit-v2-tbs-1", tbs, n);
    th_kat("audit-v2-hash-1", hash, sizeof hash);
    th_kat("audit-v2-sig-1", sig, sizeof sig);
    memset(reg_hash, 0x52, sizeof reg_hash);
    n = tbs_v3(tbs, c.id, 1767225600, actor, CARNET_AUDIT_WRITE, CARNET_SECTION_SUIVI, 7, commit, 3,
               reg_hash);
    assert_int_equal(n, 16 + CARNET_ID_BYTES + 8 + CARNET_ID_BYTES + 1 + 1 + 8 + 1 + 1 + 1 +
                            CARNET_HASH_BYTES + 8 + CARNET_HASH_BYTES);
    assert_int_equal(carnet_audit_link(hash, sig, genesis, 1, tbs, n, kp), CARNET_OK);
    th_kat("audit-v3-tbs-1", tbs, n);
    th_kat("audit-v3-hash-1", hash, sizeof hash);
    th_kat("audit-v3-sig-1", sig, sizeof sig);
    carnet_keypair_free(gk);
    carnet_keypair_free(kp);
}
