/* test_core_keycache.c - an actor's cache of opened epoch keys stays bounded
 * however many carnets it touches, and a key dropped from it opens again.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "actions/actions.h" /* the actor's key cache */
#include "helpers.h"
#include "tests.h"
#include "world.h"

#define KC_CARNETS 40

void
test_core_keycache_bounded(void **state)
{
    char handles[KC_CARNETS][CARNET_HANDLE_MAX + 1];
    carnet_secbuf *pass = th_secret(W_PASS);
    world w;

    (void)state;
    world_up(&w);
    /* Each carnet gives claire (its creator) keys of identite and situation,
     * opened to write and read: far more than the cache keeps. */
    for (int i = 0; i < KC_CARNETS; i++) {
        carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
        carnet_secbuf *code = NULL;
        co.person_passphrase = pass;
        co.identite_json =
            "{\"prenom\":\"Léa\",\"nom\":\"Cache\",\"date_naissance\":\"1990-01-02\"}";
        assert_int_equal(carnet_create(handles[i], &code, w.db, w.claire, &co), CARNET_OK);
        carnet_secbuf_free(code);
        memcpy(w.handle, handles[i], sizeof w.handle);
        assert_int_equal(world_read(&w, w.claire, SEC(IDENTITE) | SEC(SITUATION), "Cache", NULL),
                         1);
        assert_true(w.claire->nkeys <= CARNET__KEY_CACHE_MAX);
    }
    assert_true(w.claire->nkeys > 0);
    /* The first carnets' keys were dropped: they open again from their wraps. */
    for (int i = 0; i < KC_CARNETS; i++) {
        int found = 0;
        memcpy(w.handle, handles[i], sizeof w.handle);
        assert_int_equal(world_read(&w, w.claire, SEC(IDENTITE), "Cache", &found), 1);
        assert_true(found);
        assert_true(w.claire->nkeys <= CARNET__KEY_CACHE_MAX);
    }
    carnet_secbuf_free(pass);
    world_down(&w);
}
