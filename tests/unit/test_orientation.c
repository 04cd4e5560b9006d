/* test_orientation.c - orienting a carnet through the public API
 * (orientation.h): the orientation names the référent, who then reads and
 * writes the carnet; an orientation after an exit or a closing puts the
 * carnet back in progress, and the next exit is a new one (issue 18).
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests.h"
#include "world.h"

void
test_core_orientation_names_the_referent(void **state)
{
    world w;
    carnet_info info;
    int found = 0;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    assert_int_equal(carnet_info_get(&info, w.db, w.handle), CARNET_OK);
    assert_string_equal(info.referent, "sofia");
    assert_string_equal(info.structure, "ccas-roubaix");
    assert_int_equal(world_read(&w, w.sofia, CARNET_SECTIONS_ALL, "Canari-Durand", &found), 2);
    assert_true(found);
    world_write(&w, w.sofia, "diagnostic.pro",
                "{\"situation_travail\":{\"code\":\"recherche_emploi\",\"depuis\":\"2025-09-01\"},"
                "\"niveau_formation\":\"NV5\",\"projets\":[{\"rome\":\"D1102\",\"rayon_km\":20,"
                "\"contrat\":\"cdi\",\"temps\":\"temps_plein\"}]}",
                0);
    world_down(&w);
}

/* An indicator of the whole territory (0 when a grouped one has no row). */
static double
indicator(world *w, const char *code)
{
    carnet_stats *st = NULL;
    carnet_indicator ind;
    double v = 0;

    assert_int_equal(carnet_stats_compute(&st, w->db, NULL), CARNET_OK);
    if (carnet_stats_find(st, code, &ind) == CARNET_OK) {
        v = ind.value;
    }
    carnet_stats_free(st);
    return v;
}

static carnet_lifecycle
lifecycle(world *w)
{
    carnet_info info;

    assert_int_equal(carnet_info_get(&info, w->db, w->handle), CARNET_OK);
    return info.lifecycle;
}

/* Claire orients the person, present, to marc (cd59), professional. */
static void
orient_marc(world *w)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;

    p.type = CARNET_ORIENTATION_PRO;
    p.structure = "cd59";
    p.referent = "marc";
    assert_int_equal(carnet_orient(w->db, w->claire, w->person, w->handle, &p), CARNET_OK);
}

void
test_core_orientation_after_exit_reenters(void **state)
{
    carnet_entry_meta m;
    world w;
    int64_t first, second, fixed;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    first = world_write(&w, w.sofia, "suivi.sortie",
                        "{\"type\":\"formation\",\"date\":\"2026-02-01\"}", 0);
    assert_int_equal(lifecycle(&w), CARNET_LIFECYCLE_SORTI);
    assert_true(indicator(&w, "statut.en_cours") < 0.5);
    world_days(&w, 180);
    orient_marc(&w);
    assert_int_equal(lifecycle(&w), CARNET_LIFECYCLE_EN_COURS);
    assert_true(indicator(&w, "statut.en_cours") > 0.5);
    assert_true(indicator(&w, "retours") > 0.5);
    world_days(&w, 91); /* no entry since the orientation: a risk of rupture */
    assert_true(indicator(&w, "sans_suivi_90_jours") > 0.5);
    /* The second exit is a new one: both stay in the indicators. */
    second = world_write(&w, w.marc, "suivi.sortie",
                         "{\"type\":\"emploi_durable\",\"date\":\"2026-10-01\","
                         "\"suivi_post_emploi\":true}",
                         0);
    assert_int_equal(carnet_entry_meta_get(&m, w.db, w.handle, second), CARNET_OK);
    assert_int_equal(m.supersedes, 0);
    assert_int_equal(m.root, second);
    assert_int_equal(lifecycle(&w), CARNET_LIFECYCLE_SUIVI_POST_EMPLOI);
    assert_true(indicator(&w, "sorties.formation") > 0.5);
    assert_true(indicator(&w, "sorties.emploi_durable") > 0.5);
    /* Correcting it, within the same parcours, supersedes it, not the first. */
    fixed = world_write(&w, w.marc, "suivi.sortie",
                        "{\"type\":\"emploi_temporaire\",\"date\":\"2026-10-01\"}", 0);
    assert_int_equal(carnet_entry_meta_get(&m, w.db, w.handle, fixed), CARNET_OK);
    assert_int_equal(m.supersedes, second);
    assert_int_equal(m.root, second);
    assert_int_equal(carnet_entry_meta_get(&m, w.db, w.handle, first), CARNET_OK);
    assert_int_equal(m.root, first);
    assert_true(indicator(&w, "sorties.formation") > 0.5);
    assert_true(indicator(&w, "sorties.emploi_durable") < 0.5);
    assert_true(indicator(&w, "sorties.emploi_temporaire") > 0.5);
    assert_true(indicator(&w, "retours") > 0.5 && indicator(&w, "retours") < 1.5);
    world_down(&w);
}

void
test_core_orientation_after_closing_reenters(void **state)
{
    world w;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    orient_marc(&w); /* a new orientation while in progress is no return */
    assert_true(indicator(&w, "retours") < 0.5);
    world_write(&w, w.marc, "suivi.cloture", "{\"date\":\"2026-03-01\"}", 0);
    assert_int_equal(lifecycle(&w), CARNET_LIFECYCLE_CLOS);
    world_days(&w, 200);
    world_orient_sofia(&w);
    assert_int_equal(lifecycle(&w), CARNET_LIFECYCLE_EN_COURS);
    assert_true(indicator(&w, "retours") > 0.5);
    world_down(&w);
}

/* carnet.status is a cache: the return is read from the entries. */
void
test_core_orientation_reentry_ignores_status_row(void **state)
{
    world w;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    world_write(&w, w.sofia, "suivi.sortie", "{\"type\":\"abandon\",\"date\":\"2026-02-01\"}", 0);
    world_sql(&w, "UPDATE carnet SET status = 'en_cours'");
    orient_marc(&w);
    assert_true(indicator(&w, "retours") > 0.5);
    /* And a status forged to "sorti" makes no return of a plain orientation. */
    world_sql(&w, "UPDATE carnet SET status = 'sorti'");
    world_orient_sofia(&w);
    assert_int_equal(lifecycle(&w), CARNET_LIFECYCLE_EN_COURS);
    assert_true(indicator(&w, "retours") > 0.5 && indicator(&w, "retours") < 1.5);
    world_down(&w);
}
