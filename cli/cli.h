/* cli.h - shared state and helpers of the carnet program.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CLI_H
#define CARNET_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <getopt.h>

#include <cjson/cJSON.h>

#include <carnet/carnet.h>

#define CLI_SCHEMA_VERSION 1

/* Everything the global options set, passed down to every command. */
struct carnet_cli {
    const char *db_path;    /* --espace, CARNET_DB, or "espace.carnet" */
    const char *as;         /* --as: the acting principal */
    int json;               /* --json */
    int color;              /* resolved colour policy */
    int pass_fd;            /* --phrase-fd, -1 if none */
    const char *pass_file;  /* --phrase-fichier */
    FILE *pass_stream;      /* opened lazily on pass_fd or pass_file */
    int64_t now;            /* --date or CARNET_DATE, 0: system clock */
    int quiet;              /* -q */
    const char *color_when; /* --color value, NULL: auto */
    carnet_db *db;          /* opened lazily */
    carnet_actor *actor;    /* unlocked lazily */
    const char *cmd;        /* name of the running command */
    /* The options given so far that take a value (global ones before the
     * command, then the command's): one given twice is refused. */
    struct {
        const char *name;
        int global;
    } given[48];
    size_t ngiven;
};

/* A command: name, function, one-line summary, usage synopsis, help text,
 * and its long options (so a test can check the usage names them all). */
struct carnet_cmd {
    const char *name;
    int (*fn)(struct carnet_cli *cli, int argc, char **argv);
    const char *summary;
    const char *usage;
    const char *help;
    const struct option *opts;
};

/* ---------------------------------------------------------------- table */

/* Every command, sorted by name (cmd_table.c). */
extern const struct carnet_cmd *const carnet_cmds[];
extern const size_t carnet_cmds_count;
const struct carnet_cmd *cli_cmd_find(const char *name);
/* Is @p word the first word of two-word commands ("autorisation")? */
int cli_cmd_find_group(const char *word);
/* The global synopsis. */
extern const char cli_global_usage[];
/* The global synopsis and the commands (of one group, or all when NULL). */
void cli_list_commands(FILE *f, const char *group);
/* The help for a command named by its one or two words (a group's list for
 * a group, every command for none); returns 0, or 64 for an unknown name. */
int cli_help_words(struct carnet_cli *cli, int argc, char **argv);

/* --------------------------------------------------------- exit.c */

/* The exit code for a library status (the table of carnet.1, EXIT STATUS). */
/* The exit code of a broken verified history (outside sysexits.h). */
#define CLI_EXIT_INTEGRITY 79
/* The workspace is older than, or diverges from, what the actor already saw. */
#define CLI_EXIT_ROLLBACK 80

int cli_exit_code(int status);

/* --------------------------------------------------------- out.c */

/* "carnet: erreur: <message>" on stderr; returns the exit code for @p status. */
int cli_error(struct carnet_cli *cli, int status, const char *fmt, ...) CARNET_PRINTF(3, 4);
/* Report the last failure of the workspace handle: "<what>: <reason>". */
int cli_fail(struct carnet_cli *cli, int status, const char *what);
/* Usage error: the short usage and a hint on stderr; returns 64. */
int cli_usage(struct carnet_cli *cli, const char *fmt, ...) CARNET_PRINTF(2, 3);
void cli_warn(struct carnet_cli *cli, const char *fmt, ...) CARNET_PRINTF(2, 3);
/* Print to stdout (text mode). */
void cli_printf(struct carnet_cli *cli, const char *fmt, ...) CARNET_PRINTF(2, 3);
/* The printf field width ("%-*s") that pads @p text to @p width columns:
 * UTF-8 continuation bytes take none. */
int cli_w(const char *text, int width);
/* Colour helpers: return "" when colour is off. */
const char *cli_bold(const struct carnet_cli *cli);
const char *cli_green(const struct carnet_cli *cli);
const char *cli_red(const struct carnet_cli *cli);
const char *cli_dim(const struct carnet_cli *cli);
const char *cli_reset(const struct carnet_cli *cli);
/* A new JSON document with "schema_version" set. */
cJSON *cli_json_doc(void);
/* Print a JSON document on stdout, free it, and return 0 (or 71 on failure). */
int cli_json_print(struct carnet_cli *cli, cJSON *doc);
/* Format a date for display ("" for 0). */
void cli_date(char buf[11], int64_t t);

/* --------------------------------------------------------- cmd_lire.c */

/* An entry body as "clé : valeur ; …" in @p out (truncated with "...");
 * returns the length it needed. */
size_t cli_body_text(const char *body, char *out, size_t size);

/* --------------------------------------------------------- term.c */

/* Read one passphrase: from --phrase-fd/--phrase-fichier (one per line,
 * in the order the command asks), or from the terminal without echo. */
int cli_passphrase(struct carnet_cli *cli, const char *prompt, carnet_secbuf **out);
/* Read a new passphrase (asked twice on a terminal) for the actor being
 * created: @p whom is "la structure", "le professionnel"…, @p name its
 * identifier (NULL when not known yet). The prompt names both:
 * "Nouvelle phrase de passe pour la structure « cd59 » : ". */
int cli_new_passphrase(struct carnet_cli *cli, const char *whom, const char *name,
                       carnet_secbuf **out);
/* Read a whole file (or stdin for "-") into memory; NUL-terminated. */
int cli_read_file(struct carnet_cli *cli, const char *path, char **out, size_t *len);
/* Is stderr a terminal (for progress)? */
int cli_progress_ok(const struct carnet_cli *cli);

/* --------------------------------------------------------- session.c */

/* How a command opens the workspace. */
enum cli_open_mode {
    CLI_OPEN_WRITE = 0,  /* read and write (every access is journaled) */
    CLI_OPEN_CREATE = 1, /* the same, creating the file (espace creer) */
    CLI_OPEN_VERIFY = 2  /* only checks: read-only when the file cannot be written */
};
/* Open the workspace as @p mode says. */
int cli_open(struct carnet_cli *cli, enum cli_open_mode mode);
/* Open the workspace and unlock the --as actor (asks its passphrase), her
 * memory attached (a workspace older than the one she saw: exit 80). */
int cli_actor(struct carnet_cli *cli);
/* The same without attaching her memory (espace accepter-retour). */
int cli_actor_unremembered(struct carnet_cli *cli);
/* Where the actors' memories live ($XDG_STATE_HOME/carnet, or
 * ~/.local/state/carnet): 0, or the exit code of the failure reported. */
int cli_memory_dir(struct carnet_cli *cli, char *out, size_t size);
/* Unlock another principal (e.g. the person, present: "assisted" mode). */
int cli_unlock(struct carnet_cli *cli, const char *handle, const char *why, carnet_actor **out);
void cli_close(struct carnet_cli *cli);

/* --------------------------------------------------------- args.c */

/* Parse helpers; on failure they print a usage error naming @p opt. */
int cli_parse_date(struct carnet_cli *cli, const char *opt, const char *text, int64_t *out);
int cli_parse_int(struct carnet_cli *cli, const char *opt, const char *text, int64_t min,
                  int64_t max, int64_t *out);
int cli_parse_enum(struct carnet_cli *cli, const char *opt, carnet_enum_id list, const char *text,
                   int *out);
int cli_parse_sections(struct carnet_cli *cli, const char *opt, const char *text, unsigned *out);
int cli_parse_scope(struct carnet_cli *cli, const char *opt, const char *text, carnet_scope *scope,
                    int64_t *since);
/* Operand count check: prints a usage error if argc is outside [min, max]. */
int cli_operands(struct carnet_cli *cli, int argc, int min, int max);
/* Prints the command's help on stdout; returns 0. */
int cli_help(struct carnet_cli *cli);

/* The global options, accepted before the command and among its options. */
extern const struct option cli_global_options[];
/* Is global option @p o accepted among a command's options (not --help,
 * which each command defines, nor --version)? */
int cli_global_for_commands(const struct option *o);
/* Apply one global option (its getopt value and argument); returns an exit
 * code, 0 on success. */
int cli_global_option(struct carnet_cli *cli, int c, const char *arg);
/* Checks once all options are known (exclusive options, colour policy). */
int cli_global_check(struct carnet_cli *cli, int *code);
int cli_set_date(struct carnet_cli *cli, const char *text, const char *from);

/* Or'ed into the val of an option that may be given more than once (its
 * usage shows "[--x <valeur>]..."); cli_getopt returns the val without it.
 * Any other option that takes a value is refused the second time. */
#define CLI_OPT_REPEAT 0x10000
/* Note that option @p o (a row of the global table when @p global) was
 * given: 0, or the usage error 64 when it takes a value, is not
 * CLI_OPT_REPEAT and was given before. */
int cli_option_once(struct carnet_cli *cli, const struct option *o, int global);

#define CLI_OPT_END  (-1)
#define CLI_OPT_FAIL (-2)
#define CLI_OPT_HELP                                                                               \
    {                                                                                              \
        "help", no_argument, NULL, 'h'                                                             \
    }
#define CLI_OPT_JSON                                                                               \
    {                                                                                              \
        "json", no_argument, NULL, 'j'                                                             \
    }
#define CLI_OPT_NULL                                                                               \
    {                                                                                              \
        NULL, 0, NULL, 0                                                                           \
    }
/* getopt_long with French usage errors: returns the option's value,
 * CLI_OPT_END, or CLI_OPT_FAIL with *code set (64, or 0 after --help). The
 * options "help" (-h) and "json" are handled here for every command. */
int cli_getopt(struct carnet_cli *cli, int argc, char **argv, const struct option *opts, int *code);

#endif /* CARNET_CLI_H */
