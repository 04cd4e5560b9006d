/* main.c - the carnet program: global options, command lookup, exit codes.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"

static int
parse_globals(struct carnet_cli *cli, int argc, char **argv, int *code)
{
    int c, idx = -1, help = 0;

    opterr = 0;
    /* NOLINTNEXTLINE(concurrency-mt-unsafe): the program is single-threaded */
    while ((c = getopt_long(argc, argv, "+:hVqj", cli_global_options, &idx)) != -1) {
        if (c != '?' && c != ':' && idx >= 0 &&
            (*code = cli_option_once(cli, &cli_global_options[idx], 1)) != 0) {
            return -1;
        }
        idx = -1;
        switch (c) {
        case 'h':
            help = 1; /* the words after the options name the command, if any */
            break;
        case 'V':
            (void)printf("carnet %s\n", carnet_version());
            *code = EX_OK;
            return -1;
        case ':':
            *code = cli_usage(cli, "l'option %s attend une valeur", argv[optind - 1]);
            return -1;
        case '?':
            *code = cli_usage(cli, "option inconnue '%s'", argv[optind - 1]);
            return -1;
        default:
            *code = cli_global_option(cli, c, optarg);
            if (*code != 0) {
                return -1;
            }
        }
    }
    if (help) {
        *code = cli_help_words(cli, argc - optind, argv + optind);
        return -1;
    }
    return cli_global_check(cli, code);
}

static int
environment(struct carnet_cli *cli)
{
    const char *db = getenv("CARNET_DB");     /* NOLINT(concurrency-mt-unsafe) */
    const char *date = getenv("CARNET_DATE"); /* NOLINT(concurrency-mt-unsafe) */

    cli->db_path = db != NULL && db[0] != '\0' ? db : "espace.carnet";
    if (date != NULL && date[0] != '\0') {
        return cli_set_date(cli, date, "variable CARNET_DATE");
    }
    return 0;
}

/* A full write failure on stdout must not exit 0 (pipes closed early are fine). */
static int
check_stdout(int code)
{
    struct stat st;
    int pipe_like =
        fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));

    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (!pipe_like && code == EX_OK) {
            (void)fputs("carnet: erreur: écriture impossible sur la sortie standard\n", stderr);
            return EX_IOERR;
        }
    }
    return code;
}

static int
dispatch(struct carnet_cli *cli, int argc, char **argv)
{
    const struct carnet_cmd *c = NULL;
    char two[128];
    int words = 1;

    if (argc >= 2 && snprintf(two, sizeof two, "%s %s", argv[0], argv[1]) < (int)sizeof two) {
        c = cli_cmd_find(two);
        words = c != NULL ? 2 : 1;
    }
    if (c == NULL) {
        c = cli_cmd_find(argv[0]);
    }
    if (c == NULL) {
        if (cli_cmd_find_group(argv[0])) {
            cli->cmd = NULL;
            if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                cli_list_commands(stdout, argv[0]); /* "carnet journal --help" */
                return EX_OK;
            }
            return cli_usage(cli, "sous-commande %s '%s' (voir 'carnet help %s')",
                             argc >= 2 ? "inconnue" : "manquante pour", argc >= 2 ? two : argv[0],
                             argv[0]);
        }
        return cli_usage(cli, "commande inconnue '%s'", argv[0]);
    }
    cli->cmd = c->name;
    optind = 0;
    return c->fn(cli, argc - words + 1, argv + words - 1);
}

int
main(int argc, char **argv)
{
    struct carnet_cli cli;
    struct rlimit core = {0, 0};
    int code = 0;

    memset(&cli, 0, sizeof cli);
    cli.pass_fd = -1;
    (void)setrlimit(RLIMIT_CORE, &core); /* no core dump with keys in it */
    if (carnet_crypto_init() != CARNET_OK) {
        (void)fputs("carnet: erreur: initialisation de libsodium impossible\n", stderr);
        return EX_SOFTWARE;
    }
    code = environment(&cli);
    if (code != 0) {
        return code;
    }
    if (parse_globals(&cli, argc, argv, &code) != 0) {
        return check_stdout(code); /* --help and --version end here with 0 */
    }
    if (optind >= argc) {
        (void)fputs(cli_global_usage, stderr);
        (void)fputs("carnet: essayez 'carnet help'\n", stderr);
        return EX_USAGE;
    }
    code = dispatch(&cli, argc - optind, argv + optind);
    cli_close(&cli);
    return check_stdout(code);
}
