/* test_table.c - the command table against the usage lines it prints: every
 * option a command parses is in its usage line, and every option its usage
 * line shows is one it parses (or a global one).
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "cmd.h"
#include "entree.h"

/* The options an entry command adds to its table (cmd_entree.c). */
static const char *const entree_extra[] = {"remplace", "fichier", "json", "help"};

static int
is_global(const char *name)
{
    for (const struct option *g = cli_global_options; g->name != NULL; g++) {
        if (strcmp(g->name, name) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Does the usage line show "--name" as a whole option? */
static int
usage_shows(const char *usage, const char *name)
{
    size_t n = strlen(name);

    for (const char *p = strstr(usage, "--"); p != NULL; p = strstr(p + 2, "--")) {
        char after = p[2 + n];
        if (strncmp(p + 2, name, n) == 0 && (after == '\0' || after == ' ' || after == ']' ||
                                             after == '=' || after == '|' || after == ')')) {
            return 1;
        }
    }
    return 0;
}

/* The options of a command, as names; for an entry command, from its spec. */
static size_t
names_of(const struct carnet_cmd *c, const char *names[64])
{
    size_t n = 0;

    if (c->opts != NULL) {
        for (const struct option *o = c->opts; o->name != NULL && n < 64; o++) {
            names[n++] = o->name;
        }
        return n;
    }
    for (size_t i = 0; i < entree_count; i++) {
        if (entree_cmds[i] != c) {
            continue;
        }
        for (const struct entree_opt *o = entree_specs[i]->opts; o->opt != NULL && n < 60; o++) {
            names[n++] = o->opt;
        }
        for (size_t k = 0; k < sizeof entree_extra / sizeof entree_extra[0]; k++) {
            /* Only new chains take --remplace; the others refuse it by name. */
            if (k != 0 || entree_specs[i]->mode == ENTREE_NEW) {
                names[n++] = entree_extra[k];
            }
        }
    }
    return n;
}

static void
test_table_sorted_and_unique(void **state)
{
    (void)state;
    assert_true(carnet_cmds_count > 50);
    for (size_t i = 1; i < carnet_cmds_count; i++) {
        if (strcmp(carnet_cmds[i - 1]->name, carnet_cmds[i]->name) >= 0) {
            fail_msg("table not sorted at '%s'", carnet_cmds[i]->name);
        }
    }
}

static void
test_table_every_command_documented(void **state)
{
    (void)state;
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        const struct carnet_cmd *c = carnet_cmds[i];
        char prefix[80];
        (void)snprintf(prefix, sizeof prefix, "carnet %s", c->name);
        if (c->summary == NULL || c->summary[0] == '\0' || c->usage == NULL ||
            strncmp(c->usage, prefix, strlen(prefix)) != 0 || c->help == NULL) {
            fail_msg("'%s': summary, usage starting with '%s' and help required", c->name, prefix);
        }
        if (c->help != NULL && c->help[0] != '\0' && c->help[strlen(c->help) - 1] != '\n') {
            fail_msg("'%s': help must end with a newline", c->name);
        }
    }
}

static void
test_table_every_entry_command_has_a_spec(void **state)
{
    size_t entries = 0;

    (void)state;
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        if (carnet_cmds[i]->opts == NULL) {
            int found = 0;
            for (size_t k = 0; k < entree_count; k++) {
                found |= entree_cmds[k] == carnet_cmds[i];
            }
            if (!found) {
                fail_msg("'%s' has no option table and no entry spec", carnet_cmds[i]->name);
            }
            entries++;
        }
    }
    assert_int_equal(entries, entree_count);
}

static void
test_table_parsed_options_are_shown(void **state)
{
    (void)state;
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        const struct carnet_cmd *c = carnet_cmds[i];
        const char *names[64];
        size_t n = names_of(c, names);
        for (size_t k = 0; k < n; k++) {
            if (strcmp(names[k], "help") != 0 && !usage_shows(c->usage, names[k])) {
                fail_msg("'%s' parses --%s but its usage does not show it", c->name, names[k]);
            }
        }
    }
}

static void
test_table_shown_options_are_parsed(void **state)
{
    (void)state;
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        const struct carnet_cmd *c = carnet_cmds[i];
        const char *names[64];
        size_t n = names_of(c, names);
        for (const char *p = strstr(c->usage, "--"); p != NULL; p = strstr(p + 2, "--")) {
            char word[48];
            size_t len = strcspn(p + 2, " ]=|)");
            int known = 0;
            if (len == 0 || len >= sizeof word) {
                fail_msg("'%s': malformed option in usage", c->name);
            }
            memcpy(word, p + 2, len);
            word[len] = '\0';
            for (size_t k = 0; k < n; k++) {
                known |= strcmp(names[k], word) == 0;
            }
            if (!known && !is_global(word)) {
                fail_msg("'%s' shows --%s in its usage but does not parse it", c->name, word);
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sorted_and_unique),
        cmocka_unit_test(test_table_every_command_documented),
        cmocka_unit_test(test_table_every_entry_command_has_a_spec),
        cmocka_unit_test(test_table_parsed_options_are_shown),
        cmocka_unit_test(test_table_shown_options_are_parsed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
