/* test_stats.c - the indicators: exact values on the reference parcours,
 * portfolio and period filters, and the proof that they need no key: once
 * every ciphertext is scrambled and every key wrap deleted, they come out
 * the same.
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

#include "helpers.h"
#include "tests.h"
#include "world.h"

#define END_OF_PARCOURS 1791104400 /* 2026-10-04 09:00, the last day of scenario 1 */

/* Play the reference parcours into a new workspace of @p w. */
static void
play_reference(world *w)
{
    world_play_scenario(w, "scenarios/01-nicolas-et-sofia.json");
}

/* Every indicator as "code=value" lines, computed on a fresh handle with no
 * actor at all. */
static char *
snapshot(world *w, const char *referent)
{
    carnet_stats_opts o = CARNET_STATS_OPTS_INIT;
    carnet_stats *st = NULL;
    carnet_indicator ind;
    carnet_db *db = NULL;
    size_t cap = 16384, n = 0;
    char *out = malloc(cap);

    assert_non_null(out);
    out[0] = '\0';
    assert_int_equal(carnet_db_open(&db, w->path, NULL), CARNET_OK);
    carnet_db_set_time(db, END_OF_PARCOURS);
    o.referent = referent;
    assert_int_equal(carnet_stats_compute(&st, db, &o), CARNET_OK);
    for (size_t i = 0; carnet_stats_get(st, i, &ind) == CARNET_OK; i++) {
        int k =
            snprintf(out + n, cap - n, "%s=%.2f/%lld\n", ind.code, ind.value, (long long)ind.base);
        assert_true(k > 0 && (size_t)k < cap - n);
        n += (size_t)k;
    }
    assert_int_equal(carnet_stats_get(st, carnet_stats_count(st), &ind), CARNET_EINVAL);
    carnet_stats_free(st);
    carnet_db_close(db);
    return out;
}

static void
expect_line(const char *snap, const char *line)
{
    if (strstr(snap, line) == NULL) {
        fail_msg("'%s' absent from:\n%s", line, snap);
    }
}

void
test_stats_reference_parcours_exact(void **state)
{
    world w;
    char *snap, *port;

    (void)state;
    play_reference(&w);
    snap = snapshot(&w, NULL);
    expect_line(snap, "carnets=1.00/0\n");
    expect_line(snap, "statut.suivi_post_emploi=1.00/1\n");
    expect_line(snap, "premier_rdv.delai_moyen=21.00/1\n");
    expect_line(snap, "premier_rdv.dans_30_jours=100.00/1\n");
    expect_line(snap, "diagnostic.delai_moyen=3.00/1\n");
    expect_line(snap, "plan_valide.delai_moyen=28.00/1\n");
    expect_line(snap, "sans_suivi_90_jours=0.00/1\n");
    expect_line(snap, "note.moyenne=9.00/1\n");
    expect_line(snap, "actions.emploi.realisee=2.00/0\n");
    expect_line(snap, "actions.logement.en_cours=1.00/0\n");
    expect_line(snap, "sorties.emploi_durable=1.00/0\n");
    expect_line(snap, "six_mois.en_emploi=1.00/0\n");
    assert_null(strstr(snap, "attention."));
    port = snapshot(&w, "sofia");
    expect_line(port, "carnets=1.00/0\n");
    expect_line(port, "attention.sans_diagnostic=0.00/0\n");
    expect_line(port, "attention.rdv_en_retard=0.00/0\n");
    free(port);
    port = snapshot(&w, "claire"); /* not Nicolas's référent: an empty portfolio */
    expect_line(port, "carnets=0.00/0\n");
    free(port);
    free(snap);
    world_rmdir(w.dir);
}

/* Céline exits, comes back months later and exits again (issue 18): every
 * exit stays in the indicators, and so does her return. */
void
test_stats_reentry_parcours_exact(void **state)
{
    world w;
    char *snap;

    (void)state;
    world_play_scenario(&w, "scenarios/08-retour-apres-sortie.json");
    snap = snapshot(&w, NULL);
    expect_line(snap, "carnets=1.00/0\n");
    expect_line(snap, "statut.en_cours=0.00/1\n");
    expect_line(snap, "statut.suivi_post_emploi=1.00/1\n");
    expect_line(snap, "retours=1.00/0\n");
    expect_line(snap, "sorties.formation=1.00/0\n");
    expect_line(snap, "sorties.emploi_durable=1.00/0\n");
    assert_null(strstr(snap, "sorties.emploi_temporaire")); /* corrected */
    expect_line(snap, "six_mois.en_emploi=1.00/0\n");
    expect_line(snap, "changements_referent=1.00/0\n");
    free(snap);
    world_rmdir(w.dir);
}

void
test_stats_need_no_key(void **state)
{
    world w;
    char *before, *after;

    (void)state;
    play_reference(&w);
    before = snapshot(&w, "sofia");
    /* Whoever holds the file scrambles every ciphertext and every wrapped
     * data key and deletes every key wrap: nothing can be decrypted any more. */
    world_sql(&w, "DROP TRIGGER entry_append_only;"
                  "UPDATE entry SET body_ct = randomblob(length(body_ct)),"
                  " wrapped_dek = randomblob(length(wrapped_dek)) WHERE body_ct IS NOT NULL;"
                  "DELETE FROM wrap;");
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM wrap"), 0);
    after = snapshot(&w, "sofia");
    assert_string_equal(before, after);
    free(before);
    free(after);
    world_rmdir(w.dir);
}

void
test_stats_filters(void **state)
{
    carnet_stats_opts o = CARNET_STATS_OPTS_INIT;
    carnet_stats *st = NULL;
    carnet_indicator ind;
    carnet_db *db = NULL;
    world w;

    (void)state;
    play_reference(&w);
    assert_int_equal(carnet_db_open(&db, w.path, NULL), CARNET_OK);
    /* Nicolas entered on 2026-01-05: a period that ends before sees nothing. */
    assert_int_equal(carnet_date_parse(&o.to, "2026-01-05"), CARNET_OK);
    assert_int_equal(carnet_stats_compute(&st, db, &o), CARNET_OK);
    assert_int_equal(carnet_stats_find(st, "carnets", &ind), CARNET_OK);
    assert_true(ind.value == 0.0);
    assert_int_equal(carnet_stats_find(st, "pas.un.indicateur", &ind), CARNET_ENOTFOUND);
    carnet_stats_free(st);
    assert_int_equal(carnet_date_parse(&o.to, "2026-01-06"), CARNET_OK);
    assert_int_equal(carnet_stats_compute(&st, db, &o), CARNET_OK);
    assert_int_equal(carnet_stats_find(st, "carnets", &ind), CARNET_OK);
    assert_true(ind.value == 1.0);
    carnet_stats_free(st);
    o.referent = "personne-inconnue";
    assert_int_equal(carnet_stats_compute(&st, db, &o), CARNET_ENOTFOUND);
    assert_null(st);
    assert_non_null(strstr(carnet_db_errmsg(db), "personne-inconnue"));
    carnet_db_close(db);
    world_rmdir(w.dir);
}

/* A rendez-vous before the carnet's opening, as an older version accepted or
 * an import may bring (issue 18, point 4): the delay counts as 0 days, never
 * negative. */
void
test_stats_delay_never_negative(void **state)
{
    world w;
    char *snap;

    (void)state;
    play_reference(&w);
    world_sql(&w, "UPDATE fact SET at = (SELECT created_at - 233 * 86400 FROM carnet"
                  " WHERE cid = fact.carnet) WHERE kind = 'rdv'");
    snap = snapshot(&w, NULL);
    expect_line(snap, "premier_rdv.delai_moyen=0.00/1\n");
    expect_line(snap, "premier_rdv.dans_30_jours=100.00/1\n");
    free(snap);
    world_rmdir(w.dir);
}
