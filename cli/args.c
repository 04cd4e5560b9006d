/* args.c - parsing option values; every failure names the option.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int
cli_parse_date(struct carnet_cli *cli, const char *opt, const char *text, int64_t *out)
{
    if (carnet_date_parse(out, text) != CARNET_OK) {
        return cli_usage(cli, "option %s : date AAAA-MM-JJ réelle attendue, pas '%s'", opt, text);
    }
    return 0;
}

int
cli_parse_int(struct carnet_cli *cli, const char *opt, const char *text, int64_t min, int64_t max,
              int64_t *out)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        const char *what = opt[0] == '<' ? "argument" : "option";
        if (min <= INT32_MIN && max >= INT32_MAX) {
            return cli_usage(cli, "%s %s : entier attendu, pas '%s'", what, opt, text);
        }
        if (max >= INT32_MAX) {
            return cli_usage(cli, "%s %s : entier à partir de %lld attendu, pas '%s'", what, opt,
                             (long long)min, text);
        }
        return cli_usage(cli, "%s %s : entier entre %lld et %lld attendu, pas '%s'", what, opt,
                         (long long)min, (long long)max, text);
    }
    *out = v;
    return 0;
}

int
cli_parse_enum(struct carnet_cli *cli, const char *opt, carnet_enum_id list, const char *text,
               int *out)
{
    char choices[512];
    size_t it = 0, used = 0;
    int v;

    if (carnet_enum_parse(out, list, text) == CARNET_OK) {
        return 0;
    }
    choices[0] = '\0';
    while (carnet_enum_next(&v, list, &it) == CARNET_OK) {
        const char *code = carnet_enum_code(list, v);
        size_t n = strlen(code);
        if (used + n + 3 < sizeof choices) {
            if (used > 0) {
                memcpy(choices + used, ", ", 2);
                used += 2;
            }
            memcpy(choices + used, code, n + 1);
            used += n;
        }
    }
    return cli_usage(cli, "option %s : valeur inconnue '%s' (attendu : %s)", opt, text, choices);
}

int
cli_parse_sections(struct carnet_cli *cli, const char *opt, const char *text, unsigned *out)
{
    if (carnet_sections_parse(out, text) != CARNET_OK) {
        return cli_usage(cli,
                         "option %s : liste de sections invalide '%s' (identite, situation, "
                         "diagnostic_pro, diagnostic_social, sante, justice, plan, suivi ou "
                         "toutes)",
                         opt, text);
    }
    return 0;
}

int
cli_parse_scope(struct carnet_cli *cli, const char *opt, const char *text, carnet_scope *scope,
                int64_t *since)
{
    *since = 0;
    if (strcmp(text, "tout") == 0) {
        *scope = CARNET_SCOPE_ALL;
    } else if (strcmp(text, "maintenant") == 0) {
        *scope = CARNET_SCOPE_FROM_NOW;
    } else if (strncmp(text, "depuis:", 7) == 0 &&
               carnet_date_parse(since, text + 7) == CARNET_OK) {
        *scope = CARNET_SCOPE_SINCE;
    } else {
        return cli_usage(cli,
                         "option %s : historique invalide '%s' (tout, maintenant ou "
                         "depuis:AAAA-MM-JJ)",
                         opt, text);
    }
    return 0;
}

int
cli_operands(struct carnet_cli *cli, int argc, int min, int max)
{
    if (argc < min) {
        return cli_usage(cli, "argument manquant");
    }
    if (argc > max) {
        return cli_usage(cli, "argument en trop");
    }
    return 0;
}

int
cli_help(struct carnet_cli *cli)
{
    const struct carnet_cmd *c = cli_cmd_find(cli->cmd);

    if (c == NULL) {
        return 0;
    }
    (void)printf("usage: %s\n\n%s\n", c->usage, c->summary);
    if (c->help != NULL && c->help[0] != '\0') {
        (void)printf("\n%s", c->help);
    }
    return 0;
}

enum {
    G_ESPACE = 1000,
    G_AS,
    G_PHRASE_FD,
    G_PHRASE_FICHIER,
    G_DATE,
    G_COLOR,
    G_QUIET,
};

const struct option cli_global_options[] = {
    {"espace", required_argument, NULL, G_ESPACE},
    {"as", required_argument, NULL, G_AS},
    {"phrase-fd", required_argument, NULL, G_PHRASE_FD},
    {"phrase-fichier", required_argument, NULL, G_PHRASE_FICHIER},
    {"date", required_argument, NULL, G_DATE},
    {"color", optional_argument, NULL, G_COLOR},
    {"quiet", no_argument, NULL, 'q'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

enum { N_GLOBAL = sizeof cli_global_options / sizeof cli_global_options[0] - 1 };

int
cli_global_for_commands(const struct option *o)
{
    return o->val >= 1000 || o->val == 'q' || o->val == 'j';
}

int
cli_set_date(struct carnet_cli *cli, const char *text, const char *from)
{
    int64_t t = 0;

    if (carnet_date_parse(&t, text) != CARNET_OK) {
        return cli_usage(cli, "%s : date AAAA-MM-JJ réelle attendue, pas '%s'", from, text);
    }
    cli->now = t + (int64_t)9 * 3600; /* 9 h UTC: the working day */
    return 0;
}

int
cli_global_option(struct carnet_cli *cli, int c, const char *arg)
{
    int64_t fd = -1;
    int code;

    switch (c) {
    case G_ESPACE:
        cli->db_path = arg;
        return 0;
    case G_AS:
        cli->as = arg;
        return 0;
    case G_PHRASE_FD:
        code = cli_parse_int(cli, "--phrase-fd", arg, 0, 1024, &fd);
        cli->pass_fd = (int)fd;
        return code;
    case G_PHRASE_FICHIER:
        cli->pass_file = arg;
        return 0;
    case G_DATE:
        return cli_set_date(cli, arg, "option --date");
    case G_COLOR:
        if (arg != NULL && strcmp(arg, "auto") != 0 && strcmp(arg, "always") != 0 &&
            strcmp(arg, "never") != 0) {
            return cli_usage(cli, "option --color : auto, always ou never attendu, pas '%s'", arg);
        }
        cli->color_when = arg != NULL ? arg : "always";
        return 0;
    case 'q':
        cli->quiet = 1;
        return 0;
    case 'j':
        cli->json = 1;
        return 0;
    default:
        return 0;
    }
}

static int
color_policy(const char *when)
{
    const char *no = getenv("NO_COLOR"); /* NOLINT(concurrency-mt-unsafe) */
    const char *term = getenv("TERM");   /* NOLINT(concurrency-mt-unsafe) */

    if (when != NULL && strcmp(when, "always") == 0) {
        return 1;
    }
    if (when != NULL && strcmp(when, "never") == 0) {
        return 0;
    }
    if ((no != NULL && no[0] != '\0') || (term != NULL && strcmp(term, "dumb") == 0)) {
        return 0;
    }
    return isatty(STDOUT_FILENO);
}

int
cli_global_check(struct carnet_cli *cli, int *code)
{
    if (cli->pass_fd >= 0 && cli->pass_file != NULL) {
        *code = cli_usage(cli, "les options --phrase-fd et --phrase-fichier s'excluent");
        return -1;
    }
    cli->color = color_policy(cli->color_when);
    return 0;
}

int
cli_option_once(struct carnet_cli *cli, const struct option *o, int global)
{
    if (o->has_arg == no_argument || (o->val & CLI_OPT_REPEAT) != 0) {
        return 0;
    }
    for (size_t i = 0; i < cli->ngiven; i++) {
        if (cli->given[i].global == global && strcmp(cli->given[i].name, o->name) == 0) {
            return cli_usage(cli, "l'option --%s ne se donne qu'une fois", o->name);
        }
    }
    if (cli->ngiven < sizeof cli->given / sizeof cli->given[0]) {
        cli->given[cli->ngiven].name = o->name;
        cli->given[cli->ngiven++].global = global;
    }
    return 0;
}

int
cli_getopt(struct carnet_cli *cli, int argc, char **argv, const struct option *opts, int *code)
{
    struct option all[96];
    size_t n = 0, own;
    int c, idx = -1;

    /* The command's options, then the global ones it does not redefine. */
    for (; n < 64 && opts[n].name != NULL; n++) {
        all[n] = opts[n];
    }
    own = n;
    for (size_t g = 0; g < N_GLOBAL; g++) {
        int redefined = 0;
        for (size_t k = 0; k < n; k++) {
            redefined |= strcmp(all[k].name, cli_global_options[g].name) == 0;
        }
        if (!redefined && cli_global_for_commands(&cli_global_options[g])) {
            all[n++] = cli_global_options[g];
        }
    }
    all[n] = (struct option){NULL, 0, NULL, 0};
    opterr = 0;
    c = getopt_long(argc, argv, ":hq", all, &idx); /* NOLINT(concurrency-mt-unsafe) */
    if (c >= 0 && c != '?' && c != ':' && idx >= 0 && (size_t)idx < n) {
        *code = cli_option_once(cli, &all[idx], (size_t)idx >= own);
        if (*code != 0) {
            return CLI_OPT_FAIL;
        }
        c &= ~CLI_OPT_REPEAT;
    }
    if (c >= 1000 || c == 'q') {
        *code = cli_global_option(cli, c, optarg);
        if (*code != 0) {
            return CLI_OPT_FAIL;
        }
        return cli_getopt(cli, argc, argv, opts, code);
    }
    switch (c) {
    case -1:
        return cli_global_check(cli, code) == 0 ? CLI_OPT_END : CLI_OPT_FAIL;
    case 'h':
        *code = cli_help(cli);
        return CLI_OPT_FAIL;
    case 'j':
        cli->json = 1;
        return cli_getopt(cli, argc, argv, opts, code);
    case ':':
        *code = cli_usage(cli, "l'option %s attend une valeur", argv[optind - 1]);
        return CLI_OPT_FAIL;
    case '?':
        *code = cli_usage(cli, "option inconnue '%s'", argv[optind - 1]);
        return CLI_OPT_FAIL;
    default:
        return c;
    }
}
