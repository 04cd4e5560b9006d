/* out.c - messages, colour and JSON output.
 * SPDX-License-Identifier: MIT
 *
 * Primary output goes to stdout, errors and warnings to stderr, in the form
 * "carnet: erreur: <what failed>: <reason>" (lower case, no final period).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

int
cli_error(struct carnet_cli *cli, int status, const char *fmt, ...)
{
    va_list ap;

    (void)cli;
    (void)fputs("carnet: erreur: ", stderr);
    va_start(ap, fmt);
    (void)vfprintf(stderr, fmt, ap);
    va_end(ap);
    (void)fputc('\n', stderr);
    return cli_exit_code(status);
}

int
cli_fail(struct carnet_cli *cli, int status, const char *what)
{
    const char *reason = cli->db != NULL ? carnet_db_errmsg(cli->db) : "";

    if (reason[0] == '\0') {
        reason = carnet_strerror(status);
    }
    return cli_error(cli, status, "%s : %s", what, reason);
}

int
cli_usage(struct carnet_cli *cli, const char *fmt, ...)
{
    const struct carnet_cmd *c = cli->cmd != NULL ? cli_cmd_find(cli->cmd) : NULL;
    va_list ap;

    (void)fputs("carnet: erreur: ", stderr);
    va_start(ap, fmt);
    (void)vfprintf(stderr, fmt, ap);
    va_end(ap);
    (void)fputc('\n', stderr);
    if (c != NULL) {
        (void)fprintf(stderr, "usage: %s\ncarnet: essayez 'carnet help %s'\n", c->usage, c->name);
    } else {
        (void)fputs("carnet: essayez 'carnet help'\n", stderr);
    }
    return EX_USAGE;
}

void
cli_warn(struct carnet_cli *cli, const char *fmt, ...)
{
    va_list ap;

    if (cli->quiet) {
        return;
    }
    (void)fputs("carnet: avertissement: ", stderr);
    va_start(ap, fmt);
    (void)vfprintf(stderr, fmt, ap);
    va_end(ap);
    (void)fputc('\n', stderr);
}

/* Write @p len bytes of @p s on stdout, without the spaces that end a line
 * (padded columns leave them when the last column is empty). */
static void
put_trimmed(const char *s, size_t len)
{
    size_t start = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            size_t end = i;
            while (i < len && end > start && s[end - 1] == ' ') {
                end--;
            }
            (void)fwrite(s + start, 1, end - start, stdout);
            if (i < len) {
                (void)fputc('\n', stdout);
            }
            start = i + 1;
        }
    }
}

/* A line longer than the stack buffer: format it again on the heap. */
static void put_long(size_t n, const char *fmt, va_list ap) CARNET_PRINTF(2, 0);

static void
put_long(size_t n, const char *fmt, va_list ap)
{
    char *heap = malloc(n + 1);

    if (heap == NULL) {
        return;
    }
    (void)vsnprintf(heap, n + 1, fmt, ap);
    put_trimmed(heap, n);
    carnet_memzero(heap, n);
    free(heap);
}

void
cli_printf(struct carnet_cli *cli, const char *fmt, ...)
{
    char small[1024];
    va_list ap, again;
    int n;

    (void)cli;
    va_start(ap, fmt);
    va_copy(again, ap);
    n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        put_trimmed(small, (size_t)n);
    } else if (n >= 0) {
        put_long((size_t)n, fmt, again);
    }
    va_end(again);
    va_end(ap);
    carnet_memzero(small, sizeof small);
}

int
cli_w(const char *text, int width)
{
    int extra = 0;

    for (const unsigned char *p = (const unsigned char *)text; p != NULL && *p != '\0'; p++) {
        extra += (*p & 0xC0) == 0x80;
    }
    return width + extra;
}

static const char *
sgr(const struct carnet_cli *cli, const char *code)
{
    return cli->color && !cli->json ? code : "";
}

const char *
cli_bold(const struct carnet_cli *cli)
{
    return sgr(cli, "\033[1m");
}

const char *
cli_green(const struct carnet_cli *cli)
{
    return sgr(cli, "\033[32m");
}

const char *
cli_red(const struct carnet_cli *cli)
{
    return sgr(cli, "\033[31m");
}

const char *
cli_dim(const struct carnet_cli *cli)
{
    return sgr(cli, "\033[2m");
}

const char *
cli_reset(const struct carnet_cli *cli)
{
    return sgr(cli, "\033[0m");
}

cJSON *
cli_json_doc(void)
{
    cJSON *doc = cJSON_CreateObject();

    if (doc != NULL && cJSON_AddNumberToObject(doc, "schema_version", CLI_SCHEMA_VERSION) == NULL) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

int
cli_json_print(struct carnet_cli *cli, cJSON *doc)
{
    char *text = doc != NULL ? cJSON_PrintUnformatted(doc) : NULL;

    if (text == NULL) {
        cJSON_Delete(doc);
        return cli_error(cli, CARNET_ENOMEM, "sortie JSON : mémoire insuffisante");
    }
    (void)fputs(text, stdout);
    (void)fputc('\n', stdout);
    carnet_memzero(text, strlen(text)); /* it may hold decrypted data */
    cJSON_free(text);
    cJSON_Delete(doc);
    return EX_OK;
}

void
cli_date(char buf[11], int64_t t)
{
    if (t == 0) {
        buf[0] = '\0';
        return;
    }
    carnet_date_format(buf, t);
}
