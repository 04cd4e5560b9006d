/* test_scenario.c - the scenario engine: every fault of a file is named by
 * its JSON path, steps and expectations are played and judged honestly (a
 * wrong expectation fails and says why), refusals can be expected, and the
 * rules of a run can be swapped.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <carnet/scenario.h>

#include "tests.h"
#include "world.h"

/* A territory with a CCAS référente, an employer's tutor and one person. */
#define ACTORS                                                                                     \
    "\"titre\": \"Test\", \"territoire\": {\"nom\": \"Nord\", \"departement\": \"59\"},"           \
    "\"debut\": \"2026-01-05\", \"acteurs\": ["                                                    \
    "{\"nom\": \"cd59\", \"genre\": \"structure\", \"type\": \"conseil_departemental\"},"          \
    "{\"nom\": \"ccas\", \"genre\": \"structure\", \"type\": \"ccas\"},"                           \
    "{\"nom\": \"fournil\", \"genre\": \"structure\", \"type\": \"employeur\"},"                   \
    "{\"nom\": \"claire\", \"genre\": \"professionnel\", \"structure\": \"cd59\","                 \
    " \"role\": \"charge_orientation\"},"                                                          \
    "{\"nom\": \"sofia\", \"genre\": \"professionnel\", \"structure\": \"ccas\","                  \
    " \"role\": \"referent\"},"                                                                    \
    "{\"nom\": \"paul\", \"genre\": \"professionnel\", \"structure\": \"fournil\","                \
    " \"role\": \"accompagnateur\"},"                                                              \
    "{\"nom\": \"marie\", \"genre\": \"personne\", \"identite\": {\"prenom\": \"Marie\","          \
    " \"nom\": \"Martin\", \"date_naissance\": \"1990-04-12\"}}]"

/* The first steps of every played test: Marie's carnet, oriented to Sofia. */
#define OPENING                                                                                    \
    "{\"jour\": 0, \"acteur\": \"claire\", \"action\": \"creer_carnet\","                          \
    " \"personne\": \"marie\"},"                                                                   \
    "{\"jour\": 1, \"acteur\": \"claire\", \"action\": \"orienter\", \"personne\": \"marie\","     \
    " \"structure\": \"ccas\", \"referent\": \"sofia\", \"orientation\": \"sociopro\"}"

static char *
doc(const char *steps)
{
    size_t n = strlen(ACTORS) + strlen(steps) + 32;
    char *d = malloc(n);
    assert_non_null(d);
    assert_true(snprintf(d, n, "{" ACTORS ", \"etapes\": [%s]}", steps) < (int)n);
    return d;
}

/* Parsing must fail with a message containing @p where. */
static void
parse_fails(const char *json, const char *where)
{
    carnet_scenario *s = NULL;
    int rc = carnet_scenario_parse(&s, json, strlen(json));

    assert_int_equal(rc, CARNET_EINVAL);
    if (strstr(carnet_scenario_errmsg(s), where) == NULL) {
        fail_msg("message '%s' should name '%s'", carnet_scenario_errmsg(s), where);
    }
    carnet_scenario_free(s);
}

static void
steps_fail(const char *steps, const char *where)
{
    char *d = doc(steps);
    parse_fails(d, where);
    free(d);
}

void
test_scenario_parse_names_the_fault(void **state)
{
    (void)state;
    parse_fails("{", "JSON invalide");
    parse_fails("[]", "racine");
    parse_fails("{\"titre\": \"x\", \"autre\": 1}", "racine : champ inconnu 'autre'");
    parse_fails("{\"territoire\": {\"nom\": \"N\", \"departement\": \"59\"}}", "titre");
    parse_fails("{\"titre\": \"x\", \"territoire\": {\"nom\": \"N\", \"departement\": \"59\"},"
                " \"debut\": \"2026-02-30\"}",
                "debut");
    parse_fails("{\"titre\": \"x\", \"territoire\": {\"nom\": \"N\", \"departement\": \"59\"},"
                " \"debut\": \"2026-02-03\", \"etapes\": [{}], \"acteurs\": []}",
                "acteurs");
    parse_fails("{\"titre\": \"x\", \"territoire\": {\"nom\": \"N\", \"departement\": \"59\"},"
                " \"debut\": \"2026-02-03\", \"etapes\": [{}], \"acteurs\": [{\"nom\": \"A B\","
                " \"genre\": \"structure\"}]}",
                "acteurs[0].nom");
    parse_fails(
        "{\"titre\": \"x\", \"territoire\": {\"nom\": \"N\", \"departement\": \"59\"},"
        " \"debut\": \"2026-02-03\", \"etapes\": [{}], \"acteurs\": [{\"nom\": \"pro\","
        " \"genre\": \"professionnel\", \"structure\": \"nulle\", \"role\": \"referent\"}]}",
        "acteurs[0].structure");
    parse_fails("{\"titre\": \"x\", \"territoire\": {\"nom\": \"N\", \"departement\": \"59\"},"
                " \"debut\": \"2026-02-03\", \"etapes\": [{}], \"acteurs\": [{\"nom\": \"lea\","
                " \"genre\": \"personne\", \"identite\": {\"prenom\": \"Léa\", \"nom\": \"M\"}}]}",
                "acteurs[0].identite : identite, champ « date_naissance »");
    steps_fail("{\"acteur\": \"claire\", \"action\": \"creer_carnet\", \"personne\": \"marie\"}",
               "etapes[0].jour");
    steps_fail(OPENING ", {\"jour\": 0, \"attendu\": \"statut\", \"personne\": \"marie\","
                       " \"statut\": \"en_cours\"}",
               "etapes[2].jour : les jours vont en croissant");
    steps_fail("{\"jour\": 0, \"acteur\": \"claire\", \"action\": \"voler\"}",
               "etapes[0].action : action inconnue 'voler'");
    steps_fail("{\"jour\": 0, \"acteur\": \"claire\", \"action\": \"creer_carnet\","
               " \"personne\": \"marie\", \"attendu\": \"statut\"}",
               "etapes[0] : \"action\" ou \"attendu\"");
    steps_fail("{\"jour\": 0, \"acteur\": \"marie\", \"action\": \"creer_carnet\","
               " \"personne\": \"marie\"}",
               "etapes[0].acteur : 'marie' ne peut pas faire 'creer_carnet'");
    steps_fail("{\"jour\": 0, \"acteur\": \"claire\", \"action\": \"creer_carnet\","
               " \"personne\": \"sofia\"}",
               "etapes[0].personne : 'sofia' doit être une personne");
    steps_fail("{\"jour\": 0, \"acteur\": \"claire\", \"action\": \"creer_carnet\","
               " \"personne\": \"marie\", \"couleur\": \"bleu\"}",
               "etapes[0].couleur : champ inconnu pour 'creer_carnet'");
    steps_fail("{\"jour\": 0, \"acteur\": \"marie\", \"action\": \"autoriser\","
               " \"professionnel\": \"paul\", \"sections\": \"sante2\"}",
               "etapes[0].sections : liste de sections attendue");
    steps_fail("{\"jour\": 0, \"acteur\": \"marie\", \"action\": \"revoquer\","
               " \"autorisation\": \"plus-tard\"}",
               "etapes[0].autorisation : 'plus-tard' ne nomme aucune étape précédente");
    steps_fail("{\"jour\": 0, \"acteur\": \"sofia\", \"action\": \"ecrire\","
               " \"personne\": \"marie\", \"type\": \"plan.objectif\", \"contenu\": {\"axe\":"
               " \"@axe\", \"libelle\": \"x\", \"libre\": true, \"statut\": \"en_cours\"}}",
               "etapes[0].contenu : 'axe' ne nomme aucune étape précédente");
    steps_fail("{\"jour\": 0, \"acteur\": \"sofia\", \"action\": \"ecrire\","
               " \"personne\": \"marie\", \"type\": \"plan.axe\", \"contenu\": {\"theme\":"
               " \"astrologie\"}}",
               "etapes[0].contenu : plan.axe, champ « theme »");
    steps_fail("{\"jour\": 0, \"acteur\": \"sofia\", \"action\": \"ecrire\","
               " \"personne\": \"marie\", \"type\": \"plan.inconnu\", \"contenu\": {}}",
               "etapes[0].type : type d'entrée inconnu");
    steps_fail("{\"jour\": 0, \"acteur\": \"paul\", \"action\": \"lire\", \"personne\": \"marie\","
               " \"refuse\": {\"statut\": \"non\"}}",
               "etapes[0].refuse.statut");
    steps_fail("{\"jour\": 0, \"attendu\": \"journal_integre\", \"personne\": \"marie\","
               " \"refuse\": {\"statut\": \"consent\"}}",
               "etapes[0].refuse : réservé aux actions");
    steps_fail("{\"jour\": 0, \"attendu\": \"peut_lire\", \"personne\": \"marie\","
               " \"sections\": \"plan\"}",
               "etapes[0].acteur : champ requis pour 'peut_lire'");
    steps_fail("{\"jour\": 0, \"attendu\": \"journal\", \"personne\": \"marie\","
               " \"evenement\": \"lecture\"}",
               "etapes[0].evenement : valeur inconnue 'lecture'");
}

/* ---------------------------------------------------------------- playing */

struct played {
    carnet_scenario_report rep;
    int ok[32];
    char detail[32][512];
    int64_t at[32];
    char person[CARNET_HANDLE_MAX + 1];
};

static void
play_with(const char *steps, const char *rules, struct played *out)
{
    carnet_scenario_opts o = CARNET_SCENARIO_OPTS_INIT;
    carnet_open_opts oo = CARNET_OPEN_OPTS_INIT;
    carnet_scenario *s = NULL;
    carnet_scenario_run *run = NULL;
    carnet_scenario_event ev;
    carnet_scenario_actor a;
    carnet_db *db = NULL;
    char dir[] = "/tmp/carnet-sc-XXXXXX", path[64];
    char *d = doc(steps);
    int rc;

    memset(out, 0, sizeof *out);
    assert_non_null(mkdtemp(dir));
    (void)snprintf(path, sizeof path, "%s/espace.carnet", dir);
    oo.flags = CARNET_OPEN_CREATE;
    assert_int_equal(carnet_db_open(&db, path, &oo), CARNET_OK);
    rc = carnet_scenario_parse(&s, d, strlen(d));
    if (rc != CARNET_OK) {
        fail_msg("parse: %s", carnet_scenario_errmsg(s));
    }
    o.rules_json = rules;
    rc = carnet_scenario_start(&run, db, s, &o);
    if (rc != CARNET_OK) {
        fail_msg("start: %s", carnet_scenario_run_errmsg(run));
    }
    while ((rc = carnet_scenario_next(run, &ev)) == CARNET_OK) {
        assert_true(ev.index < 32);
        out->ok[ev.index] = ev.ok;
        out->at[ev.index] = ev.at;
        (void)snprintf(out->detail[ev.index], sizeof out->detail[0], "%s", ev.detail);
    }
    assert_int_equal(rc, CARNET_ITEROVER);
    carnet_scenario_report_get(run, &out->rep);
    for (size_t i = 0; i < carnet_scenario_actor_count(run); i++) {
        assert_int_equal(carnet_scenario_actor_get(run, i, &a), CARNET_OK);
        if (strcmp(a.name, "marie") == 0) {
            (void)snprintf(out->person, sizeof out->person, "%s", a.handle);
        }
    }
    assert_int_equal(carnet_scenario_actor_get(run, 99, &a), CARNET_EINVAL);
    carnet_scenario_run_free(run);
    carnet_scenario_free(s);
    carnet_db_close(db);
    free(d);
    world_rmdir(dir);
}

void
test_scenario_plays_a_parcours(void **state)
{
    struct played p;

    (void)state;
    play_with(OPENING ","
                      "{\"jour\": 2, \"acteur\": \"sofia\", \"action\": \"ecrire\","
                      " \"personne\": \"marie\", \"type\": \"plan.axe\", \"nom\": \"axe\","
                      " \"contenu\": {\"theme\": \"emploi\"}},"
                      "{\"jour\": 2, \"acteur\": \"sofia\", \"action\": \"ecrire\","
                      " \"personne\": \"marie\", \"type\": \"plan.objectif\", \"contenu\":"
                      " {\"axe\": \"@axe\", \"libelle\": \"Trouver un emploi de boulangère\","
                      " \"libre\": true, \"statut\": \"en_cours\"}},"
                      "{\"jour\": 2, \"attendu\": \"referent\", \"personne\": \"marie\","
                      " \"referent\": \"sofia\"},"
                      "{\"jour\": 2, \"attendu\": \"lit\", \"acteur\": \"marie\","
                      " \"personne\": \"marie\", \"sections\": \"plan\","
                      " \"contient\": \"boulangère\", \"entrees\": 2},"
                      "{\"jour\": 2, \"attendu\": \"journal\", \"personne\": \"marie\","
                      " \"evenement\": \"write\", \"par\": \"sofia\", \"section\": \"plan\","
                      " \"nombre\": 2},"
                      "{\"jour\": 2, \"attendu\": \"journal_integre\", \"personne\": \"marie\"}",
              NULL, &p);
    assert_int_equal(p.rep.steps, 4);
    assert_int_equal(p.rep.steps_failed, 0);
    assert_int_equal(p.rep.expectations, 4);
    assert_int_equal(p.rep.expectations_failed, 0);
    assert_int_equal(strncmp(p.person, "p-", 2), 0);
    /* Day offsets from "debut" (2026-01-05 = 1767571200), 09:00, a minute apart. */
    assert_int_equal(p.at[0], 1767571200 + 9 * 3600);
    assert_int_equal(p.at[2], 1767571200 + 2 * 86400 + 9 * 3600);
    assert_int_equal(p.at[3], 1767571200 + 2 * 86400 + 9 * 3600 + 60);
}

void
test_scenario_wrong_expectation_is_named(void **state)
{
    struct played p;

    (void)state;
    play_with(OPENING ","
                      "{\"jour\": 2, \"attendu\": \"peut_lire\", \"acteur\": \"paul\","
                      " \"personne\": \"marie\", \"sections\": \"suivi\"},"
                      "{\"jour\": 2, \"attendu\": \"referent\", \"personne\": \"marie\","
                      " \"referent\": \"claire\"},"
                      "{\"jour\": 2, \"attendu\": \"statut\", \"personne\": \"marie\","
                      " \"statut\": \"en_cours\"}",
              NULL, &p);
    assert_int_equal(p.rep.expectations, 3);
    assert_int_equal(p.rep.expectations_failed, 2);
    assert_false(p.ok[2]);
    assert_non_null(strstr(p.detail[2], "suivi : aucune autorisation de partage"));
    assert_false(p.ok[3]);
    assert_non_null(strstr(p.detail[3], "référent : sofia"));
    /* The run went on after the failures. */
    assert_true(p.ok[4]);
}

void
test_scenario_expected_refusals(void **state)
{
    struct played p;

    (void)state;
    play_with(OPENING ","
                      /* refused as expected */
                      "{\"jour\": 2, \"acteur\": \"paul\", \"action\": \"lire\","
                      " \"personne\": \"marie\", \"sections\": \"suivi\","
                      " \"refuse\": {\"statut\": \"consent\", \"contient\": \"suivi\"}},"
                      /* the rules cap an employer: refused, as expected */
                      "{\"jour\": 2, \"acteur\": \"marie\", \"action\": \"autoriser\","
                      " \"professionnel\": \"paul\", \"sections\": \"diagnostic_social\","
                      " \"refuse\": {\"statut\": \"consent\"}},"
                      /* accepted although a refusal was expected */
                      "{\"jour\": 2, \"acteur\": \"marie\", \"action\": \"autoriser\","
                      " \"professionnel\": \"paul\", \"sections\": \"suivi\","
                      " \"refuse\": {\"statut\": \"consent\"}},"
                      /* refused, but not for the reason expected */
                      "{\"jour\": 2, \"acteur\": \"paul\", \"action\": \"lire\","
                      " \"personne\": \"marie\", \"sections\": \"plan\","
                      " \"refuse\": {\"statut\": \"invalid\"}}",
              NULL, &p);
    assert_int_equal(p.rep.steps, 2);
    assert_int_equal(p.rep.expectations, 4);
    assert_int_equal(p.rep.expectations_failed, 2);
    assert_true(p.ok[2]);
    assert_true(p.ok[3]);
    assert_false(p.ok[4]);
    assert_non_null(strstr(p.detail[4], "acceptée alors qu'un refus 'consent' était attendu"));
    assert_false(p.ok[5]);
    assert_non_null(strstr(p.detail[5], "obtenu 'consent'"));
}

void
test_scenario_revoked_reader_loses_new_entries(void **state)
{
    struct played p;

    (void)state;
    play_with(OPENING ","
                      "{\"jour\": 2, \"acteur\": \"marie\", \"action\": \"autoriser\","
                      " \"professionnel\": \"paul\", \"sections\": \"suivi\", \"nom\": \"a\"},"
                      "{\"jour\": 2, \"acteur\": \"sofia\", \"action\": \"ecrire\","
                      " \"personne\": \"marie\", \"type\": \"suivi.point\", \"contenu\":"
                      " {\"date\": \"2026-01-07\", \"resume\": \"avant-la-revocation\"}},"
                      "{\"jour\": 3, \"attendu\": \"lit\", \"acteur\": \"paul\","
                      " \"personne\": \"marie\", \"sections\": \"suivi\","
                      " \"contient\": \"avant-la-revocation\"},"
                      "{\"jour\": 4, \"acteur\": \"marie\", \"action\": \"revoquer\","
                      " \"autorisation\": \"a\"},"
                      "{\"jour\": 4, \"acteur\": \"sofia\", \"action\": \"ecrire\","
                      " \"personne\": \"marie\", \"type\": \"suivi.point\", \"contenu\":"
                      " {\"date\": \"2026-01-09\", \"resume\": \"apres-la-revocation\"}},"
                      "{\"jour\": 4, \"attendu\": \"ne_peut_pas_lire\", \"acteur\": \"paul\","
                      " \"personne\": \"marie\", \"sections\": \"suivi\"},"
                      "{\"jour\": 4, \"attendu\": \"autorisation\", \"autorisation\": \"a\","
                      " \"etat\": \"revoquee\"},"
                      "{\"jour\": 4, \"attendu\": \"journal\", \"personne\": \"marie\","
                      " \"evenement\": \"revoke\", \"sujet\": \"paul\", \"nombre\": 1},"
                      /* and a wrong claim about it fails */
                      "{\"jour\": 4, \"attendu\": \"peut_lire\", \"acteur\": \"paul\","
                      " \"personne\": \"marie\", \"sections\": \"suivi\"}",
              NULL, &p);
    assert_true(p.ok[4]);
    assert_true(p.ok[7]);
    assert_true(p.ok[8]);
    assert_true(p.ok[9]);
    assert_false(p.ok[10]);
    assert_int_equal(p.rep.expectations_failed, 1);
}

void
test_scenario_rules_swapped(void **state)
{
    static const char closed[] =
        "{\"schema_version\": 1, \"nom\": \"Fermées\", \"regles\": [{\"nom\": \"Référents\","
        " \"roles\": [\"referent\", \"charge_orientation\"], \"structures\": [\"*\"],"
        " \"sections\": {\"identite\": \"ecriture\", \"situation\": \"ecriture\","
        " \"diagnostic_pro\": \"ecriture\", \"diagnostic_social\": \"ecriture\","
        " \"plan\": \"ecriture\", \"suivi\": \"ecriture\"}}]}";
    static const char steps[] =
        OPENING ","
                "{\"jour\": 2, \"acteur\": \"marie\", \"action\": \"autoriser\","
                " \"professionnel\": \"paul\", \"sections\": \"suivi\"},"
                "{\"jour\": 2, \"attendu\": \"peut_lire\", \"acteur\": \"paul\","
                " \"personne\": \"marie\", \"sections\": \"suivi\"}";
    struct played p;

    (void)state;
    play_with(steps, NULL, &p);
    assert_true(p.ok[2]);
    assert_true(p.ok[3]);
    play_with(steps, closed, &p);
    assert_false(p.ok[2]); /* employers have no rule left: the grant is refused */
    assert_false(p.ok[3]);
    assert_non_null(strstr(p.detail[3], "suivi :"));
}

void
test_scenario_needs_an_empty_workspace(void **state)
{
    world w;
    carnet_scenario *s = NULL;
    carnet_scenario_run *run = NULL;
    char *d = doc(OPENING);

    (void)state;
    world_up(&w);
    assert_int_equal(carnet_scenario_parse(&s, d, strlen(d)), CARNET_OK);
    assert_string_equal(carnet_scenario_title(s), "Test");
    assert_int_equal(carnet_scenario_length(s), 2);
    assert_int_equal(carnet_scenario_start(&run, w.db, s, NULL), CARNET_EEXISTS);
    assert_non_null(strstr(carnet_scenario_run_errmsg(run), "vide"));
    carnet_scenario_run_free(run);
    carnet_scenario_free(s);
    free(d);
    world_down(&w);
}
