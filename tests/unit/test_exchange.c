/* test_exchange.c - flows, export and import, erasure, activation.
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

struct flow_log {
    int calls;
    int created;
    char codes[4][CARNET_RECOVERY_CODE_LEN + 1];
    char persons[4][CARNET_HANDLE_MAX + 1];
};

static int
on_record(const carnet_flow_result *r, void *payload)
{
    struct flow_log *log = payload;

    if (r->created && log->created < 4) {
        assert_non_null(r->activation_code);
        memcpy(log->codes[log->created], carnet_secbuf_str(r->activation_code),
               CARNET_RECOVERY_CODE_LEN + 1);
        memcpy(log->persons[log->created], r->person, sizeof log->persons[0]);
        log->created++;
    }
    log->calls++;
    return 0;
}

static char *
fixture_text(const char *rel, size_t *len)
{
    char *t = (char *)th_read_file(th_fixture(rel), len);

    assert_non_null(t);
    return t;
}

/* A world where claire imported the CAF demo flow: the persons and codes
 * of its two new carnets in @p log. */
static void
world_with_caf_demo(world *w, struct flow_log *log)
{
    carnet_flow_summary sum;
    size_t len = 0;
    char *json;

    world_up(w);
    json = fixture_text("flows/caf-demo.json", &len);
    memset(log, 0, sizeof *log);
    assert_int_equal(carnet_flow_import(&sum, w->db, w->claire, CARNET_FLOW_CAF, json, len, NULL,
                                        on_record, log),
                     CARNET_OK);
    assert_int_equal(log->created, 2);
    free(json);
}

static int
file_contains(const char *dir, const char *name, const void *needle, size_t n)
{
    char p[512];
    size_t len = 0;
    unsigned char *bytes;
    int found;

    assert_true(snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p);
    bytes = th_read_file(p, &len);
    if (bytes == NULL) {
        return 0;
    }
    found = th_memmem(bytes, len, needle, n);
    free(bytes);
    return found;
}

static int
workspace_contains(world *w, const char *needle)
{
    static const char *const files[] = {"espace.carnet", "espace.carnet-wal", "espace.carnet-shm",
                                        "espace.carnet-journal"};
    int found = 0;

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        found |= file_contains(w->dir, files[i], needle, strlen(needle));
    }
    return found;
}

void
test_exchange_caf_creates_carnets_once(void **state)
{
    world w;
    struct flow_log log;
    carnet_flow_summary sum;
    carnet_db_info info;
    size_t len = 0;
    char *json;

    (void)state;
    world_up(&w);
    json = fixture_text("flows/caf-demo.json", &len);
    memset(&log, 0, sizeof log);
    assert_int_equal(
        carnet_flow_import(&sum, w.db, w.claire, CARNET_FLOW_CAF, json, len, NULL, on_record, &log),
        CARNET_OK);
    assert_int_equal(sum.records, 2);
    assert_int_equal(sum.created, 2);
    assert_int_equal(log.created, 2);
    assert_int_equal(strlen(log.codes[0]), CARNET_RECOVERY_CODE_LEN);
    assert_int_equal(carnet_db_info_get(&info, w.db), CARNET_OK);
    assert_int_equal(info.carnets, 3);
    /* Imported again: recognised, nothing duplicated. */
    memset(&log, 0, sizeof log);
    assert_int_equal(
        carnet_flow_import(&sum, w.db, w.claire, CARNET_FLOW_CAF, json, len, NULL, on_record, &log),
        CARNET_OK);
    assert_int_equal(sum.unchanged, 2);
    assert_int_equal(sum.created, 0);
    assert_int_equal(carnet_db_info_get(&info, w.db), CARNET_OK);
    assert_int_equal(info.carnets, 3);
    /* The NIR is read and dropped. */
    assert_int_equal(carnet_db_compact(w.db), CARNET_OK);
    assert_false(workspace_contains(&w, "1850759100123"));
    assert_false(workspace_contains(&w, "DURAND"));
    assert_false(workspace_contains(&w, "Durand"));
    free(json);
    world_down(&w);
}

void
test_exchange_activation_code_opens_the_carnet(void **state)
{
    world w;
    struct flow_log log;
    carnet_actor *lea = NULL;
    carnet_secbuf *pass = th_secret("nouvelle-phrase"), *code = NULL;
    int found = 0;

    (void)state;
    world_with_caf_demo(&w, &log);
    /* No passphrase yet: the carnet waits for activation. */
    assert_int_equal(carnet_actor_unlock(&lea, w.db, log.persons[1], pass), CARNET_EPASSPHRASE);
    assert_int_equal(carnet_actor_recover(&lea, &code, w.db, log.persons[1], log.codes[1], pass),
                     CARNET_OK);
    assert_string_not_equal(carnet_secbuf_str(code), log.codes[1]);
    carnet_actor_free(lea);
    lea = NULL;
    assert_int_equal(carnet_actor_unlock(&lea, w.db, log.persons[1], pass), CARNET_OK);
    /* She reads what the CAF said, with its source. */
    {
        carnet_actor *saved = w.person;
        char saved_handle[CARNET_HANDLE_MAX + 1];
        memcpy(saved_handle, w.handle, sizeof saved_handle);
        memcpy(w.handle, log.persons[1], sizeof w.handle);
        w.person = lea;
        assert_int_equal(world_read(&w, lea, CARNET_SECTIONS_ALL, "\"source\":\"caf\"", &found), 2);
        assert_true(found);
        assert_int_equal(
            world_read(&w, lea, CARNET_SECTIONS_ALL, "rsa_droit_ouvert_versement_suspendu", &found),
            2);
        assert_true(found);
        /* The importer was never authorised: it cannot read. */
        assert_int_equal(world_read(&w, w.claire, CARNET_SECTIONS_ALL, NULL, NULL), 0);
        w.person = saved;
        memcpy(w.handle, saved_handle, sizeof saved_handle);
    }
    /* The old code no longer works. */
    carnet_actor_free(lea);
    lea = NULL;
    carnet_secbuf_free(code);
    code = NULL;
    assert_int_equal(carnet_actor_recover(&lea, &code, w.db, log.persons[1], log.codes[1], pass),
                     CARNET_EPASSPHRASE);
    carnet_secbuf_free(pass);
    world_down(&w);
}

void
test_exchange_france_travail_into_a_carnet(void **state)
{
    world w;
    carnet_flow_summary sum;
    size_t len = 0;
    int found = 0;
    char *json;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    world_write(&w, w.sofia, "identite",
                "{\"prenom\":\"Nicolas\",\"nom\":\"Canari-Durand\",\"date_naissance\":"
                "\"1985-07-12\",\"telephone\":\"06 12 34 56 78\"}",
                0);
    json = fixture_text("flows/france-travail-demo.json", &len);
    assert_int_equal(carnet_flow_import(&sum, w.db, w.sofia, CARNET_FLOW_FRANCE_TRAVAIL, json, len,
                                        w.handle, NULL, NULL),
                     CARNET_OK);
    assert_int_equal(sum.records, 1);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(world_read(&w, w.sofia, CARNET_SECTIONS_ALL, "FT0012345", &found) > 0, 1);
    assert_true(found);
    /* The identity is merged: the flow's fields win, the others stay. */
    world_read(&w, w.sofia, CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE), "06 12 34 56 78", &found);
    assert_true(found);
    world_read(&w, w.sofia, CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE), "\"nom\":\"Durand\"",
               &found);
    assert_true(found);
    world_read(&w, w.sofia, CARNET_SECTION_BIT(CARNET_SECTION_DIAGNOSTIC_PRO), "D1102", &found);
    assert_true(found);
    world_read(&w, w.sofia, CARNET_SECTION_BIT(CARNET_SECTION_SITUATION), "\"ppae\"", &found);
    assert_true(found);
    world_read(&w, w.sofia, CARNET_SECTION_BIT(CARNET_SECTION_DIAGNOSTIC_SOCIAL), "logement",
               &found);
    assert_true(found);
    /* Health difficulties are never imported from a flow. */
    world_read(&w, w.sofia, CARNET_SECTIONS_ALL, "santé", &found);
    assert_false(found);
    /* Twice: nothing new. */
    assert_int_equal(carnet_flow_import(&sum, w.db, w.sofia, CARNET_FLOW_FRANCE_TRAVAIL, json, len,
                                        w.handle, NULL, NULL),
                     CARNET_OK);
    assert_int_equal(sum.unchanged, 1);
    free(json);
    world_down(&w);
}

static int
keep_message(const carnet_flow_result *r, void *payload)
{
    char *msg = payload;

    /* The message is at most 255 bytes: it fits with the status. */
    (void)snprintf(msg, 300, "%d %s", r->status, r->message);
    return 0;
}

/* Attaching somebody else's record to a named carnet is refused, and the
 * carnet keeps its identity. */
void
test_exchange_flow_refuses_another_person(void **state)
{
    world w;
    carnet_flow_summary sum;
    size_t len = 0;
    int found = 0;
    char *json, msg[300] = "";

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    world_write(&w, w.sofia, "identite",
                "{\"prenom\":\"Marie\",\"nom\":\"Martin\",\"date_naissance\":\"1990-04-12\"}", 0);
    json = fixture_text("flows/france-travail-demo.json", &len); /* Nicolas Durand */
    assert_int_equal(carnet_flow_import(&sum, w.db, w.sofia, CARNET_FLOW_FRANCE_TRAVAIL, json, len,
                                        w.handle, keep_message, msg),
                     CARNET_OK);
    assert_int_equal(sum.refused, 1);
    assert_int_equal(sum.updated, 0);
    assert_int_equal(strtol(msg, NULL, 10), CARNET_EINVAL);
    assert_non_null(strstr(msg, "ne correspond pas"));
    world_read(&w, w.sofia, CARNET_SECTIONS_ALL, "Durand", &found);
    assert_false(found);
    world_read(&w, w.sofia, CARNET_SECTIONS_ALL, "D1102", &found);
    assert_false(found);
    free(json);
    world_down(&w);
}

void
test_exchange_flow_refusals(void **state)
{
    world w;
    carnet_flow_summary sum;
    static const char bad_json[] = "{\"InfosFoyerRSA\": [ {";
    static const char no_list[] = "{\"individus\": 3}";
    static const char missing[] =
        "{\"InfosFoyerRSA\":[{\"Personne\":[{\"Identification\":{\"PRENOM\":\"X\"}}]}]}";

    (void)state;
    world_up(&w);
    assert_int_equal(carnet_flow_import(&sum, w.db, w.claire, CARNET_FLOW_CAF, bad_json,
                                        sizeof bad_json - 1, NULL, NULL, NULL),
                     CARNET_EINVAL);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "octet"));
    assert_int_equal(carnet_flow_import(&sum, w.db, w.claire, CARNET_FLOW_FRANCE_TRAVAIL, no_list,
                                        sizeof no_list - 1, NULL, NULL, NULL),
                     CARNET_EINVAL);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "individus"));
    assert_int_equal(carnet_flow_import(&sum, w.db, w.claire, CARNET_FLOW_CAF, missing,
                                        sizeof missing - 1, NULL, NULL, NULL),
                     CARNET_OK);
    assert_int_equal(sum.refused, 1);
    /* Into a carnet where the importer has no write access. */
    assert_int_equal(carnet_flow_import(&sum, w.db, w.marc, CARNET_FLOW_CAF,
                                        "{\"InfosFoyerRSA\":[]}", 20, w.handle, NULL, NULL),
                     CARNET_OK);
    assert_int_equal(sum.records, 0);
    world_down(&w);
}

void
test_exchange_export_and_import(void **state)
{
    world a, b;
    carnet_secbuf *exp = NULL, *code = NULL, *pass = th_secret("phrase-de-lea!");
    char person[CARNET_HANDLE_MAX + 1];
    carnet_actor *moved = NULL;
    int found = 0;

    (void)state;
    world_up(&a);
    world_write(&a, a.person, "suivi.point",
                "{\"date\":\"2026-01-02\",\"resume\":\"Premier échange\"}", 0);
    assert_int_equal(carnet_export(&exp, a.db, a.person), CARNET_OK);
    assert_non_null(strstr(carnet_secbuf_str(exp), "Canari-Durand"));
    assert_non_null(strstr(carnet_secbuf_str(exp), "\"journal\""));
    assert_non_null(strstr(carnet_secbuf_str(exp), "\"autorisations\""));
    /* Only the person exports. */
    {
        carnet_secbuf *no = NULL;
        assert_int_equal(carnet_export(&no, a.db, a.claire), CARNET_ECONSENT);
        assert_null(no);
    }
    world_up(&b);
    assert_int_equal(carnet_import(person, &code, b.db, b.sofia, carnet_secbuf_str(exp),
                                   carnet_secbuf_len(exp), pass),
                     CARNET_OK);
    assert_int_equal(carnet_actor_unlock(&moved, b.db, person, pass), CARNET_OK);
    memcpy(b.handle, person, sizeof b.handle);
    assert_true(world_read(&b, moved, CARNET_SECTIONS_ALL, "Premier échange", &found) >= 3);
    assert_true(found);
    world_read(&b, moved, CARNET_SECTIONS_ALL, "\"origine\"", &found);
    assert_true(found);
    /* The importer was authorised on identite by the person, present. */
    world_read(&b, b.sofia, CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE), "Canari-Durand", &found);
    assert_true(found);
    carnet_secbuf_free(code);
    code = NULL;
    assert_int_equal(carnet_import(person, &code, b.db, b.sofia, "{\"type\":\"x\"}", 12, pass),
                     CARNET_EINVAL);
    assert_null(code);
    carnet_actor_free(moved);
    carnet_secbuf_free(exp);
    carnet_secbuf_free(code);
    carnet_secbuf_free(pass);
    world_down(&a);
    world_down(&b);
}

void
test_exchange_erase_carnet(void **state)
{
    world w;
    carnet_audit_report rep;
    carnet_info info;
    carnet_actor *again = NULL;
    carnet_secbuf *pass = th_secret(W_PASS);

    (void)state;
    world_up(&w);
    world_write(&w, w.person, "suivi.point",
                "{\"date\":\"2026-01-02\",\"resume\":\"canari-effacement-7731\"}", 0);
    assert_int_equal(carnet_erase(w.db, w.sofia, w.handle), CARNET_ECONSENT);
    assert_int_equal(carnet_erase(w.db, w.person, w.handle), CARNET_OK);
    assert_int_equal(carnet_info_get(&info, w.db, w.handle), CARNET_OK);
    assert_true(info.erased);
    assert_int_equal(info.lifecycle, CARNET_LIFECYCLE_CLOS);
    assert_int_equal(world_read(&w, w.claire, CARNET_SECTIONS_ALL, NULL, NULL), 0);
    assert_int_equal(carnet_audit_verify(&rep, w.db, w.handle, NULL), CARNET_OK);
    assert_true(rep.ok);
    assert_int_equal(carnet_actor_unlock(&again, w.db, w.handle, pass), CARNET_EPASSPHRASE);
    assert_int_equal(carnet_db_compact(w.db), CARNET_OK);
    assert_false(workspace_contains(&w, "canari-effacement-7731"));
    carnet_secbuf_free(pass);
    world_down(&w);
}

/* The codes @p importer keeps, in order: persons and codes copied into
 * @p log (codes "" for a refused row). Returns how many rows. */
static int
kept_codes(world *w, carnet_actor *importer, struct flow_log *log, int *refused)
{
    carnet_flow_code_iter *it = NULL;
    carnet_flow_code fc;
    int n = 0, rc;

    memset(log, 0, sizeof *log);
    *refused = 0;
    assert_int_equal(carnet_flow_codes_new(&it, w->db, importer), CARNET_OK);
    while ((rc = carnet_flow_codes_next(it, &fc)) == CARNET_OK || rc == CARNET_EAUTH) {
        assert_true(n < 4);
        memcpy(log->persons[n], fc.person, sizeof log->persons[0]);
        if (rc == CARNET_OK) {
            assert_non_null(fc.code);
            memcpy(log->codes[n], carnet_secbuf_str(fc.code), CARNET_RECOVERY_CODE_LEN + 1);
        } else {
            assert_null(fc.code);
            assert_non_null(strstr(carnet_db_errmsg(w->db), fc.person));
            (*refused)++;
        }
        n++;
    }
    assert_int_equal(rc, CARNET_ITEROVER);
    carnet_flow_codes_free(it);
    return n;
}

/* Is (person, code) among the @p n first of @p log? */
static int
logged(const struct flow_log *log, int n, const char *person, const char *code)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(log->persons[i], person) == 0 && strcmp(log->codes[i], code) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Issue 17: each code a flow hands out is kept, sealed to the importer,
 * until the person activates her carnet (or it is erased); only the
 * importer lists it, and only a professional has such codes. */
void
test_exchange_codes_kept_until_activation(void **state)
{
    world w;
    struct flow_log given, kept;
    carnet_flow_code_iter *it = NULL;
    carnet_actor *lea = NULL;
    carnet_secbuf *pass = th_secret("nouvelle-phrase"), *code = NULL;
    int refused = 0;

    (void)state;
    world_with_caf_demo(&w, &given);
    assert_int_equal(kept_codes(&w, w.claire, &kept, &refused), 2);
    assert_int_equal(refused, 0);
    for (int i = 0; i < 2; i++) {
        assert_true(logged(&given, 2, kept.persons[i], kept.codes[i]));
    }
    /* Nobody else's: sofia keeps none; a structure or a person has none. */
    assert_int_equal(kept_codes(&w, w.sofia, &kept, &refused), 0);
    assert_int_equal(carnet_flow_codes_new(&it, w.db, w.ccas), CARNET_ECONSENT);
    assert_null(it);
    assert_int_equal(carnet_flow_codes_new(&it, w.db, w.person), CARNET_ECONSENT);
    /* Kept across a new process. */
    world_reopen(&w);
    assert_int_equal(kept_codes(&w, w.claire, &kept, &refused), 2);
    /* Activated: her code is gone, the other stays. */
    assert_int_equal(
        carnet_actor_recover(&lea, &code, w.db, given.persons[1], given.codes[1], pass), CARNET_OK);
    assert_int_equal(kept_codes(&w, w.claire, &kept, &refused), 1);
    assert_string_equal(kept.persons[0], given.persons[0]);
    assert_string_equal(kept.codes[0], given.codes[0]);
    /* Erased: gone too. */
    assert_int_equal(carnet_erase(w.db, w.admin, given.persons[0]), CARNET_OK);
    assert_int_equal(kept_codes(&w, w.claire, &kept, &refused), 0);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM activation_code"), 0);
    carnet_actor_free(lea);
    carnet_secbuf_free(code);
    carnet_secbuf_free(pass);
    world_down(&w);
}

/* A sealed code moved to another person's row, or handed to another
 * importer, does not open: the row is refused and the listing goes on. */
void
test_exchange_codes_moved_row_refused(void **state)
{
    world w;
    struct flow_log given, kept;
    int refused = 0;
    int64_t a, b;

    (void)state;
    world_with_caf_demo(&w, &given);
    a = world_pid(&w, given.persons[0]);
    b = world_pid(&w, given.persons[1]);
    world_sql(&w,
              "UPDATE activation_code SET sealed = (SELECT sealed FROM activation_code"
              " WHERE person = %lld) WHERE person = %lld",
              (long long)a, (long long)b);
    assert_int_equal(kept_codes(&w, w.claire, &kept, &refused), 2);
    assert_int_equal(refused, 1);
    assert_true(logged(&kept, 2, given.persons[0], given.codes[0]));
    assert_false(logged(&kept, 2, given.persons[1], given.codes[0]));
    /* Given to sofia, claire's row does not open for her. */
    world_sql(&w, "UPDATE activation_code SET importer = %lld WHERE person = %lld",
              (long long)world_pid(&w, "sofia"), (long long)a);
    assert_int_equal(kept_codes(&w, w.sofia, &kept, &refused), 1);
    assert_int_equal(refused, 1);
    world_down(&w);
}
