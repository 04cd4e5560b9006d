/* test_orientation.c - orienting a carnet through the public API
 * (orientation.h): the orientation names the référent, who then reads and
 * writes the carnet.
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
