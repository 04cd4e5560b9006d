/* test_store.c - the workspace as files (research/anchor-crypto-consent.md
 * §8.5, T1): no plaintext at rest in the database, its write-ahead log or
 * its shared memory, open, compacted and closed; and the whole-workspace
 * check (carnet_db_check) finding a half-written carnet and a rewritten
 * journal record.
 * SPDX-License-Identifier: MIT
 *
 * The attacker holds the workspace file: the tests read and edit it through
 * a second SQLite connection (world_sql), outside the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "tests.h"
#include "world.h"

/* Assert that no file of the workspace holds any of the canaries. */
static void
assert_no_canary(world *w, const char *const *canaries, size_t n, const char *when)
{
    char file[256];

    for (size_t i = 0; i < n; i++) {
        if (world_files_contain(w, canaries[i], strlen(canaries[i]), file, sizeof file)) {
            fail_msg("%s: canary '%s' found in clear in %s", when, canaries[i], file);
        }
    }
    /* The scan itself works: the person's handle is stored in clear. */
    assert_true(world_files_contain(w, w->handle, strlen(w->handle), NULL, 0));
}

/* T1: no plaintext at rest, in the database, its WAL or shared memory,
 * before and after compaction and after closing. */
void
test_security_no_plaintext_at_rest(void **state)
{
    static const char phrase[] = "syndrome de Kessler-Vantablack";
    char b64[128], hex[2 * sizeof phrase + 1], json[1024];
    const char *canaries[8];
    size_t nc = 0;
    int found = 0;
    world w;

    (void)state;
    world_up(&w);
    th_base64(b64, sizeof b64, phrase);
    assert_string_equal(b64, "c3luZHJvbWUgZGUgS2Vzc2xlci1WYW50YWJsYWNr");
    carnet_hex_encode(hex, (const unsigned char *)phrase, strlen(phrase));
    canaries[nc++] = "Quetzalcoatlova"; /* a name */
    canaries[nc++] = "Zephyrinette";    /* a first name */
    canaries[nc++] = "184127511600142"; /* a fake NIR, inside a comment */
    canaries[nc++] = "73918245";        /* a CAF number */
    canaries[nc++] = phrase;            /* a diagnosis */
    canaries[nc++] = b64;
    canaries[nc++] = hex;
    canaries[nc++] = "Ornithorynque-Judiciaire";
    world_write(&w, w.person, "identite",
                "{\"prenom\":\"Zephyrinette\",\"nom\":\"Quetzalcoatlova\","
                "\"date_naissance\":\"1985-07-12\",\"identifiants\":{\"caf\":\"73918245\"}}",
                0);
    world_grant(&w, "sofia", SEC(DIAGNOSTIC_SOCIAL) | SEC(SUIVI), CARNET_ACCESS_WRITE,
                CARNET_SCOPE_ALL);
    assert_true(snprintf(json, sizeof json,
                         "{\"commentaire\":\"NIR 184127511600142 ; suspicion de %s\"}",
                         phrase) < (int)sizeof json);
    world_write(&w, w.sofia, "diagnostic.social", json, 0);
    assert_true(snprintf(json, sizeof json, "{\"commentaire\":\"%s\"}", phrase) < (int)sizeof json);
    world_write(&w, w.person, "sante.situation", json, 0);
    assert_true(snprintf(json, sizeof json, "base64 %s hex %s", b64, hex) < (int)sizeof json);
    world_point(&w, w.sofia, json);
    world_write(&w, w.person, "justice.suivi", "{\"mesure\":\"Ornithorynque-Judiciaire\"}", 0);
    /* The canaries were really written: the person decrypts them. */
    assert_int_equal(world_read(&w, w.person, CARNET_SECTIONS_ALL, "Quetzalcoatlova", &found), 5);
    assert_true(found);
    world_read(&w, w.person, SEC(SUIVI), b64, &found);
    assert_true(found);
    world_read(&w, w.person, SEC(DIAGNOSTIC_SOCIAL), "184127511600142", &found);
    assert_true(found);

    assert_no_canary(&w, canaries, nc, "open, write-ahead log in use");
    assert_int_equal(carnet_db_compact(w.db), CARNET_OK);
    assert_no_canary(&w, canaries, nc, "after carnet_db_compact");
    world_close(&w);
    assert_no_canary(&w, canaries, nc, "after closing");
    /* carnet_export is not implemented yet: its positive check is left out. */
    world_down(&w);
}

void
test_db_check_finds_damage(void **state)
{
    carnet_db_check_report rep;
    carnet_db *db = NULL;
    world w;

    (void)state;
    world_play_scenario(&w, "scenarios/01-nicolas-et-sofia.json");
    assert_int_equal(carnet_db_open(&db, w.path, NULL), CARNET_OK);
    assert_int_equal(carnet_db_check(&rep, db), CARNET_OK);
    assert_true(rep.ok);
    assert_int_equal(rep.carnets, 1);
    carnet_db_close(db);
    /* A half-written carnet: one section key lost. */
    world_sql(&w, "DELETE FROM wrap WHERE section = 5; DELETE FROM epoch WHERE section = 5;");
    assert_int_equal(carnet_db_open(&db, w.path, NULL), CARNET_OK);
    assert_int_equal(carnet_db_check(&rep, db), CARNET_OK);
    assert_false(rep.ok);
    assert_int_equal(rep.incomplete, 1);
    assert_non_null(strstr(rep.message, "incomplet"));
    carnet_db_close(db);
    /* A rewritten journal record. */
    world_sql(&w, "DROP TRIGGER audit_no_update; UPDATE audit SET at = at + 1 WHERE seq = 3;");
    assert_int_equal(carnet_db_open(&db, w.path, NULL), CARNET_OK);
    assert_int_equal(carnet_db_check(&rep, db), CARNET_OK);
    assert_false(rep.ok);
    assert_int_equal(rep.broken, 1);
    carnet_db_close(db);
    world_rmdir(w.dir);
}

/* Read a whole small file into @p buf; returns its length. */
static size_t
slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    assert_non_null(f);
    n = fread(buf, 1, size, f);
    (void)fclose(f);
    return n;
}

/* Issue 17, point 4: an empty file is a workspace only when asked to create
 * one, another application's database never; neither is written to. */
void
test_store_refuses_foreign_files(void **state)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    char dir[] = "/tmp/carnet-st-XXXXXX", empty[64];
    char *before = malloc(1 << 20), *after = malloc(1 << 20);
    carnet_db *db = NULL;
    size_t n;
    FILE *f;
    world w;

    (void)state;
    assert_non_null(before);
    assert_non_null(after);
    assert_non_null(mkdtemp(dir));
    (void)snprintf(empty, sizeof empty, "%s/vide.carnet", dir);
    f = fopen(empty, "wb");
    assert_non_null(f);
    (void)fclose(f);
    assert_int_equal(carnet_db_open(&db, empty, NULL), CARNET_ECORRUPT);
    assert_non_null(strstr(carnet_db_errmsg(db), "vide"));
    carnet_db_close(db);
    assert_int_equal(slurp(empty, before, 1 << 20), 0);

    /* Another application's database: a copy of a workspace whose marks
     * were cleared stands for it (tables, no application id). */
    world_play_scenario(&w, "scenarios/01-nicolas-et-sofia.json");
    world_sql(&w, "PRAGMA application_id = 0; PRAGMA user_version = 0;");
    n = slurp(w.path, before, 1 << 20);
    assert_true(n > 0 && n < (1 << 20));
    assert_int_equal(carnet_db_open(&db, w.path, NULL), CARNET_ECORRUPT);
    assert_non_null(strstr(carnet_db_errmsg(db), "autre application"));
    carnet_db_close(db);
    o.flags = CARNET_OPEN_CREATE;
    assert_int_equal(carnet_db_open(&db, w.path, &o), CARNET_ECORRUPT);
    carnet_db_close(db);
    assert_int_equal(slurp(w.path, after, 1 << 20), n);
    assert_memory_equal(before, after, n);

    /* Asked to create, the empty file becomes a workspace. */
    assert_int_equal(carnet_db_open(&db, empty, &o), CARNET_OK);
    carnet_db_close(db);
    world_rmdir(w.dir);
    (void)remove(empty);
    (void)rmdir(dir);
    free(before);
    free(after);
}
