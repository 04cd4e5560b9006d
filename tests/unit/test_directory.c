/* test_directory.c - principals, their certificates and actors: every
 * principal of the test deployment is certified, the person by the
 * professional who created her carnet; a deactivated professional can no
 * longer unlock, loses access at once and is rotated out by the next writer.
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

void
test_core_world_builds(void **state)
{
    world w;
    carnet_db_info info;
    carnet_principal_info pi;
    static const char *const handles[] = {"admin", "cd59", "ccas-roubaix", "claire", "sofia"};

    (void)state;
    world_up(&w);
    assert_int_equal(carnet_db_info_get(&info, w.db), CARNET_OK);
    assert_string_equal(info.name, "Nord");
    assert_int_equal(info.structures, 3);
    assert_int_equal(info.professionals, 4);
    assert_int_equal(info.persons, 1);
    assert_int_equal(info.carnets, 1);
    assert_int_equal(info.kdf, CARNET_KDF_FAST);
    for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++) {
        assert_int_equal(carnet_principal_get(&pi, w.db, handles[i]), CARNET_OK);
        assert_true(pi.certificate_ok);
    }
    assert_int_equal(carnet_principal_get(&pi, w.db, w.handle), CARNET_OK);
    assert_int_equal(pi.kind, CARNET_PRINCIPAL_PERSON);
    assert_true(pi.certificate_ok);
    assert_string_equal(pi.certified_by, "claire");
    assert_int_equal(strncmp(w.handle, "p-", 2), 0);
    world_down(&w);
}

/* A deactivated professional loses access at once and is rotated out by
 * the next writer. */
void
test_security_deactivated_reader_rotated_out(void **state)
{
    carnet_actor *again = NULL;
    carnet_secbuf *pass;
    int64_t e1, e2;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "marc", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    e1 = world_point(&w, w.person, "avant desactivation");
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), NULL, NULL), 1);
    assert_int_equal(carnet_professional_deactivate(w.db, w.cd, "marc"), CARNET_OK);
    assert_int_equal(world_read(&w, w.marc, SEC(SUIVI), NULL, NULL), 0);
    pass = th_secret(W_PASS);
    assert_int_equal(carnet_actor_unlock(&again, w.db, "marc", pass), CARNET_ECONSENT);
    assert_null(again);
    carnet_secbuf_free(pass);
    e2 = world_point(&w, w.person, "apres desactivation");
    assert_true(world_epoch(&w, e2) > world_epoch(&w, e1));
    assert_int_equal(world_sql_int(&w,
                                   "SELECT count(*) FROM wrap WHERE recipient = %lld AND epoch = %u"
                                   " AND section = %d",
                                   (long long)world_pid(&w, "marc"), world_epoch(&w, e2),
                                   CARNET_SECTION_SUIVI),
                     0);
    world_down(&w);
}
