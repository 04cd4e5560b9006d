/* test_parcours.c - the parcours end to end through the public API: what the
 * creator of a carnet reads, and a whole parcours from the diagnostic to the
 * closure (the orientation itself: test_orientation.c).
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "tests.h"
#include "world.h"

#define ALL_BUT_SENSITIVE (CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE)

void
test_core_creator_reads_what_was_opened(void **state)
{
    world w;
    int found = 0;
    carnet_reader *r = NULL;
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    const char *reason = NULL;

    (void)state;
    world_up(&w);
    /* Claire created the carnet; the person opened identite and situation. */
    assert_int_equal(world_read(&w, w.claire, CARNET_SECTIONS_ALL, "Canari-Durand", &found), 1);
    assert_true(found);
    /* Sofia has no authorisation yet. */
    assert_int_equal(world_read(&w, w.sofia, CARNET_SECTIONS_ALL, NULL, NULL), 0);
    o.sections = CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE);
    assert_int_equal(carnet_reader_open(&r, w.db, w.sofia, w.handle, &o), CARNET_OK);
    assert_int_equal(carnet_reader_section(r, CARNET_SECTION_IDENTITE, &reason), CARNET_ECONSENT);
    assert_non_null(strstr(reason, "aucune autorisation"));
    carnet_reader_free(r);
    /* The person reads her own carnet. */
    assert_int_equal(world_read(&w, w.person, CARNET_SECTIONS_ALL, "Nicolas", &found), 1);
    assert_true(found);
    world_down(&w);
}

void
test_core_full_parcours(void **state)
{
    world w;
    carnet_info info;
    int64_t axe, obj, act, rdv, no;
    char json[512];

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    world_days(&w, 10);
    rdv = world_write(&w, w.sofia, "suivi.rdv",
                      "{\"date\":\"2026-01-11\",\"avec\":\"sofia\",\"statut\":\"prevu\"}", 0);
    world_write(&w, w.sofia, "suivi.rdv",
                "{\"date\":\"2026-01-11\",\"avec\":\"sofia\",\"statut\":\"present\"}", rdv);
    world_write(&w, w.sofia, "diagnostic.social",
                "{\"situations\":[{\"theme\":\"logement\",\"situation\":\"Hébergé chez un tiers\","
                "\"source\":\"personne\"}]}",
                0);
    axe = world_write(&w, w.sofia, "plan.axe", "{\"theme\":\"logement\"}", 0);
    (void)snprintf(json, sizeof json,
                   "{\"axe\":%lld,\"libelle\":\"Accéder à un logement\",\"statut\":\"en_cours\","
                   "\"contrat\":\"cer\",\"engagement\":true}",
                   (long long)axe);
    obj = world_write(&w, w.sofia, "plan.objectif", json, 0);
    (void)snprintf(json, sizeof json,
                   "{\"objectif\":%lld,\"libelle\":\"Demande de logement social\","
                   "\"statut\":\"en_cours\",\"date_debut\":\"2026-01-12\"}",
                   (long long)obj);
    act = world_write(&w, w.sofia, "plan.action", json, 0);
    (void)snprintf(json, sizeof json,
                   "{\"objectif\":%lld,\"libelle\":\"Demande de logement social\","
                   "\"statut\":\"realisee\",\"date_debut\":\"2026-01-12\"}",
                   (long long)obj);
    no = world_write(&w, w.sofia, "plan.action", json, act);
    assert_true(no > act);
    world_write(&w, w.person, "plan.validation", "{}", 0);
    world_days(&w, 120);
    world_write(&w, w.sofia, "suivi.sortie",
                "{\"type\":\"emploi_durable\",\"date\":\"2026-05-11\",\"suivi_post_emploi\":true}",
                0);
    assert_int_equal(carnet_info_get(&info, w.db, w.handle), CARNET_OK);
    assert_int_equal(info.lifecycle, CARNET_LIFECYCLE_SUIVI_POST_EMPLOI);
    world_days(&w, 180);
    world_write(&w, w.sofia, "suivi.post_sortie",
                "{\"date\":\"2026-11-07\",\"mois\":6,\"situation\":\"en_emploi\"}", 0);
    world_write(&w, w.person, "suivi.evaluation", "{\"note\":9,\"commentaire\":\"Merci\"}", 0);
    world_write(&w, w.sofia, "suivi.cloture", "{\"date\":\"2026-11-08\"}", 0);
    assert_int_equal(carnet_info_get(&info, w.db, w.handle), CARNET_OK);
    assert_int_equal(info.lifecycle, CARNET_LIFECYCLE_CLOS);
    /* Superseded versions are hidden by default: 14 entries, 2 replaced. */
    assert_int_equal(world_read(&w, w.person, CARNET_SECTIONS_ALL, NULL, NULL), 12);
    world_down(&w);
}
