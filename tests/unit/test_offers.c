/* test_offers.c - the catalogue of services: import checked against the
 * data·inclusion référentiel (administrator only, all or nothing), search
 * criteria, and a plan action may only prescribe a service of the catalogue.
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

static size_t
import_file(world *w, carnet_actor *by, const char *rel, int want)
{
    size_t len = 0, n = 0;
    unsigned char *json = th_read_file(th_fixture(rel), &len);

    assert_non_null(json);
    assert_int_equal(carnet_offers_import(&n, w->db, by, (const char *)json, len), want);
    free(json);
    return n;
}

static int
count(world *w, const char *theme, const char *place, const char *pub, const char *words)
{
    carnet_offer_query q = CARNET_OFFER_QUERY_INIT;
    carnet_offer_iter *it = NULL;
    carnet_offer o;
    int n = 0;

    q.theme = theme;
    q.place = place;
    q.public_ = pub;
    q.words = words;
    assert_int_equal(carnet_offer_iter_new(&it, w->db, &q), CARNET_OK);
    while (carnet_offer_iter_next(it, &o) == CARNET_OK) {
        n++;
    }
    carnet_offer_iter_free(it);
    return n;
}

void
test_offers_import_and_search(void **state)
{
    static const char bad[] = "{\"services\": [{\"id\": \"a-1\", \"nom\": \"A\", \"structure\": "
                              "\"S\", \"commune\": \"Lille\", \"thematiques\": [\"mobilite--"
                              "preparer-un-permis\"]}, {\"id\": \"a-2\", \"nom\": \"B\", "
                              "\"structure\": \"S\", \"commune\": \"Lille\", \"thematiques\": "
                              "[\"mobilite\"], \"publics\": [\"astronautes\"]}]}";
    carnet_offer o;
    size_t n = 0;
    world w;

    (void)state;
    world_up(&w);
    (void)import_file(&w, w.sofia, "offres/nord.json", CARNET_ECONSENT);
    assert_int_equal(import_file(&w, w.admin, "offres/nord.json", CARNET_OK), 16);
    /* A fault is named by its path, and the first service is not kept either. */
    assert_int_equal(carnet_offers_import(&n, w.db, w.admin, bad, strlen(bad)), CARNET_EINVAL);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "services[1].thematiques[0]"));
    assert_int_equal(carnet_offer_get(&o, w.db, "a-1"), CARNET_ENOTFOUND);
    /* Importing again replaces, never duplicates. */
    assert_int_equal(import_file(&w, w.admin, "offres/nord.json", CARNET_OK), 16);
    assert_int_equal(count(&w, NULL, NULL, NULL, NULL), 16);
    assert_int_equal(count(&w, "mobilite", NULL, NULL, NULL), 2);
    assert_int_equal(count(&w, "mobilite--preparer-un-permis", NULL, NULL, NULL), 1);
    assert_int_equal(count(&w, NULL, "ROUBAIX", NULL, NULL), 7);
    /* A postcode finds the services located there and those open to its
     * whole département (zone_eligibilite "59"). */
    assert_int_equal(count(&w, NULL, "59150", NULL, NULL), 6);
    assert_int_equal(count(&w, NULL, "59", NULL, NULL), 4);
    assert_int_equal(count(&w, NULL, "62100", NULL, NULL), 0);
    /* "tous-publics" services answer every public. */
    assert_int_equal(count(&w, NULL, "Roubaix", "personnes-exilees", NULL), 3);
    assert_int_equal(count(&w, NULL, NULL, NULL, "HACCP"), 1);
    assert_int_equal(count(&w, "sante", "Tourcoing", NULL, NULL), 0);
    assert_int_equal(carnet_offer_get(&o, w.db, "di-59-006"), CARNET_OK);
    assert_string_equal(o.name, "Auto-école sociale");
    assert_string_equal(o.themes, "mobilite--preparer-un-permis");
    assert_string_equal(o.publics, "beneficiaires-des-minimas-sociaux,jeunes");
    assert_string_equal(o.fees, "payant");
    assert_string_equal(o.zone, "");
    assert_int_equal(carnet_offer_get(&o, w.db, "di-59-005"), CARNET_OK);
    assert_string_equal(o.zone, "59");
    world_down(&w);
}

void
test_offers_prescription(void **state)
{
    int64_t axe, obj, no = 0;
    char body[256];
    world w;

    (void)state;
    world_up(&w);
    world_orient_sofia(&w);
    assert_int_equal(import_file(&w, w.admin, "offres/nord.json", CARNET_OK), 16);
    axe = world_write(&w, w.sofia, "plan.axe", "{\"theme\":\"mobilite\"}", 0);
    (void)snprintf(body, sizeof body,
                   "{\"axe\":%lld,\"libelle\":\"Passer le permis\",\"libre\":true,"
                   "\"statut\":\"en_cours\"}",
                   (long long)axe);
    obj = world_write(&w, w.sofia, "plan.objectif", body, 0);
    (void)snprintf(body, sizeof body,
                   "{\"objectif\":%lld,\"libelle\":\"Auto-école\",\"libre\":true,"
                   "\"statut\":\"en_cours\",\"date_debut\":\"2026-01-02\",\"offre\":\"%s\"}",
                   (long long)obj, "di-59-999");
    assert_int_equal(carnet_entry_add(&no, w.db, w.sofia, w.handle, "plan.action", body, NULL),
                     CARNET_EINVAL);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "offre"));
    (void)snprintf(body, sizeof body,
                   "{\"objectif\":%lld,\"libelle\":\"Auto-école\",\"libre\":true,"
                   "\"statut\":\"en_cours\",\"date_debut\":\"2026-01-02\",\"offre\":\"%s\"}",
                   (long long)obj, "di-59-006");
    assert_int_equal(carnet_entry_add(&no, w.db, w.sofia, w.handle, "plan.action", body, NULL),
                     CARNET_OK);
    world_down(&w);
}
