/* test_json.c - the checks every JSON input passes (issue 17): duplicate
 * keys, the escape \u0000 and a nesting too deep are refused, each with a
 * message naming the key, the field or the cause.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <carnet/json.h>

#include "tests.h"

static int
check(const char *json, char *msg, size_t size)
{
    return carnet_json_check(json, strlen(json), msg, size);
}

void
test_json_refuses_duplicate_keys(void **state)
{
    char msg[256], big[4096];
    size_t used = 0;

    (void)state;
    assert_int_equal(check("{\"a\": 1, \"b\": {\"a\": 2}}", msg, sizeof msg), CARNET_OK);
    assert_int_equal(check("{\"a\": 1, \"a\": 1}", msg, sizeof msg), CARNET_EINVAL);
    assert_string_equal(msg, "clé « a » en double à la racine");
    assert_int_equal(
        check("{\"l\": [{}, {\"x\": {\"k\": 1, \"j\": 2, \"k\": 3}}]}", msg, sizeof msg),
        CARNET_EINVAL);
    assert_string_equal(msg, "clé « k » en double dans « l[1].x »");
    /* A large object: the last member repeats the first. */
    used += (size_t)snprintf(big, sizeof big, "{");
    for (int i = 0; i < 200; i++) {
        used += (size_t)snprintf(big + used, sizeof big - used, "\"k%d\": %d, ", i, i);
    }
    (void)snprintf(big + used, sizeof big - used, "\"k0\": 0}");
    assert_int_equal(check(big, msg, sizeof msg), CARNET_EINVAL);
    assert_string_equal(msg, "clé « k0 » en double à la racine");
}

void
test_json_refuses_nul_escape(void **state)
{
    char msg[256];

    (void)state;
    assert_int_equal(check("{\"p\": {\"prenom\": \"Ma\\u0000rie\"}}", msg, sizeof msg),
                     CARNET_EINVAL);
    assert_string_equal(msg, "champ « p.prenom » : caractère nul (\\u0000) refusé");
    assert_int_equal(check("[\"a\", \"\\u0000\"]", msg, sizeof msg), CARNET_EINVAL);
    assert_string_equal(msg, "champ « [1] » : caractère nul (\\u0000) refusé");
    assert_int_equal(check("{\"a\": {\"b\\u0000\": 1}}", msg, sizeof msg), CARNET_EINVAL);
    assert_string_equal(msg, "caractère nul (\\u0000) refusé dans une clé de « a »");
    /* An escaped backslash followed by "u0000" is only text. */
    assert_int_equal(check("{\"a\": \"\\\\u0000\", \"b\": \"\\\"\\\\\"}", msg, sizeof msg),
                     CARNET_OK);
}

void
test_json_names_the_cause(void **state)
{
    char msg[256], *deep = malloc(2402);

    (void)state;
    assert_non_null(deep);
    memset(deep, '[', 1200);
    memset(deep + 1200, ']', 1200);
    deep[2400] = '\0';
    assert_int_equal(check(deep, msg, sizeof msg), CARNET_EINVAL);
    assert_non_null(strstr(msg, "JSON trop imbriqué : plus de 1000 niveaux"));
    free(deep);
    assert_int_equal(check("{\"a\": [1, 2}", msg, sizeof msg), CARNET_EINVAL);
    assert_string_equal(msg, "JSON invalide à l'octet 11");
    assert_int_equal(check("{} x", msg, sizeof msg), CARNET_EINVAL);
    assert_non_null(strstr(msg, "contenu inattendu"));
}
