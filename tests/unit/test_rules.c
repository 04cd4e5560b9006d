/* test_rules.c - the sharing rules (research/anchor-crypto-consent.md §8.5,
 * T10): they cap every authorisation, whatever the person signs; sante and
 * justice are never implied; an authorisation's dates are checked.
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

/* T10: the rules cap every authorisation; sante and justice are never
 * implied; an end date must lie ahead. */
void
test_security_rules_ceiling(void **state)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet_decision d;
    int64_t no = 0, sante_entry, cid, sofia;
    unsigned mask = 0;
    int rc;
    world w;

    (void)state;
    world_up(&w);
    cid = world_carnet_rowid(&w, w.handle);
    sofia = world_pid(&w, "sofia");
    /* An employer never sees the social diagnosis. */
    g.grantee = "paul";
    g.sections = SEC(DIAGNOSTIC_SOCIAL);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    assert_int_equal(no, 0);
    assert_non_null(strstr(carnet_db_errmsg(w.db), "hors des règles"));
    assert_non_null(strstr(carnet_db_errmsg(w.db), "diagnostic_social"));
    assert_non_null(strstr(carnet_db_errmsg(w.db), "Employeurs : vue limitée"));
    /* One section outside the rules refuses the whole authorisation. */
    g.sections = SEC(IDENTITE) | SEC(DIAGNOSTIC_SOCIAL);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    /* Write access where the rules allow reading only. */
    g.sections = SEC(IDENTITE);
    g.access = CARNET_ACCESS_WRITE;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM consent WHERE grantee = %lld",
                                   (long long)world_pid(&w, "paul")),
                     0);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM wrap WHERE recipient = %lld",
                                   (long long)world_pid(&w, "paul")),
                     0);

    /* "toutes" leaves sante and justice out. */
    assert_int_equal(carnet_sections_parse(&mask, "toutes"), CARNET_OK);
    assert_int_equal(mask & CARNET_SECTIONS_SENSITIVE, 0);
    assert_int_equal(mask, CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE);
    sante_entry = world_write(&w, w.person, "sante.situation",
                              "{\"commentaire\":\"suivi psychiatrique\"}", 0);
    world_write(&w, w.person, "justice.suivi", "{\"mesure\":\"sursis probatoire\"}", 0);
    world_grant(&w, "sofia", mask, CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM wrap WHERE carnet = %lld AND"
                                   " recipient = %lld AND section IN (%d, %d)",
                                   (long long)cid, (long long)sofia, CARNET_SECTION_SANTE,
                                   CARNET_SECTION_JUSTICE),
                     0);
    assert_false(world_read_no(&w, w.sofia, w.handle, sante_entry, &rc));
    assert_int_equal(world_read(&w, w.sofia, SEC(SANTE) | SEC(JUSTICE), NULL, NULL), 0);
    assert_int_equal(
        carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_SANTE, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_false(d.allowed);
    /* Named explicitly, sante opens for reading, as far as the rules go. */
    g = (carnet_grant_params)CARNET_GRANT_PARAMS_INIT;
    g.grantee = "sofia";
    g.sections = SEC(SANTE);
    g.access = CARNET_ACCESS_WRITE;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    g.sections = SEC(JUSTICE);
    g.access = CARNET_ACCESS_READ;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_ECONSENT);
    g.sections = SEC(SANTE);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_OK);
    assert_true(world_read_no(&w, w.sofia, w.handle, sante_entry, &rc));
    assert_int_equal(world_read(&w, w.sofia, SEC(JUSTICE), NULL, NULL), 0);

    /* An end date in the past, or now, is refused. */
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    g.not_after = w.now - DAYS(1);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
    g.not_after = w.now;
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
    g.not_before = w.now + DAYS(10);
    g.not_after = w.now + DAYS(5);
    assert_int_equal(carnet_grant(&no, w.db, w.person, &g), CARNET_EINVAL);
    /* Only the person grants. */
    g = (carnet_grant_params)CARNET_GRANT_PARAMS_INIT;
    g.grantee = "marc";
    g.sections = SEC(SUIVI);
    assert_int_equal(carnet_grant(&no, w.db, w.sofia, &g), CARNET_ECONSENT);
    world_down(&w);
}
