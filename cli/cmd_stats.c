/* cmd_stats.c - the indicators of the territory or of a référent's
 * portfolio, as a table, JSON or CSV. No passphrase: they read clear
 * metadata only.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum { O_REFERENT = 256, O_DEPUIS, O_JUSQUA, O_CSV };

static const struct option stats_opts[] = {CLI_OPT_JSON,
                                           CLI_OPT_HELP,
                                           {"referent", required_argument, NULL, O_REFERENT},
                                           {"depuis", required_argument, NULL, O_DEPUIS},
                                           {"jusqu-au", required_argument, NULL, O_JUSQUA},
                                           {"csv", no_argument, NULL, O_CSV},
                                           CLI_OPT_NULL};

/* A mean over nothing (no carnet reached the event, no rating) has no value. */
static int
undefined(const carnet_indicator *i)
{
    return i->base == 0 && (strcmp(i->unit, "jours") == 0 || strcmp(i->unit, "sur 10") == 0);
}

/* A value as people read it: counts whole, days and shares with a decimal. */
static void
format_value(char buf[32], const carnet_indicator *i)
{
    if (undefined(i)) {
        (void)snprintf(buf, 32, "-");
    } else if (strcmp(i->unit, "jours") == 0 || strcmp(i->unit, "%") == 0 ||
               strcmp(i->unit, "sur 10") == 0) {
        (void)snprintf(buf, 32, "%.1f", i->value);
    } else {
        (void)snprintf(buf, 32, "%.0f", i->value);
    }
}

/* A CSV field: quoted, with inner quotes doubled. */
static void
csv_field(const char *s, int last)
{
    (void)fputc('"', stdout);
    for (; *s != '\0'; s++) {
        if (*s == '"') {
            (void)fputc('"', stdout);
        }
        (void)fputc(*s, stdout);
    }
    (void)fputs(last ? "\"\n" : "\",", stdout);
}

static void
print_csv(const carnet_stats *st)
{
    carnet_indicator ind;
    char value[32], base[32];

    (void)fputs("code,libelle,valeur,unite,base\n", stdout);
    for (size_t i = 0; carnet_stats_get(st, i, &ind) == CARNET_OK; i++) {
        format_value(value, &ind);
        (void)snprintf(base, sizeof base, "%lld", (long long)ind.base);
        csv_field(ind.code, 0);
        csv_field(ind.label, 0);
        csv_field(undefined(&ind) ? "" : value, 0);
        csv_field(ind.unit, 0);
        csv_field(base, 1);
    }
}

static int
print_json(struct carnet_cli *cli, const carnet_stats *st, const carnet_stats_opts *o)
{
    cJSON *doc = cli_json_doc(), *list, *att;
    carnet_indicator ind;
    carnet_attention a;
    char date[11];

    if (doc == NULL) {
        return EX_OSERR;
    }
    (void)cJSON_AddStringToObject(doc, "perimetre",
                                  o->referent != NULL ? "portefeuille" : "territoire");
    if (o->referent != NULL) {
        (void)cJSON_AddStringToObject(doc, "referent", o->referent);
    }
    cli_date(date, o->from);
    (void)cJSON_AddStringToObject(doc, "depuis", date);
    cli_date(date, o->to);
    (void)cJSON_AddStringToObject(doc, "jusqu_au", date);
    list = cJSON_AddArrayToObject(doc, "indicateurs");
    for (size_t i = 0; list != NULL && carnet_stats_get(st, i, &ind) == CARNET_OK; i++) {
        cJSON *row = cJSON_CreateObject();
        (void)cJSON_AddStringToObject(row, "code", ind.code);
        (void)cJSON_AddStringToObject(row, "libelle", ind.label);
        if (undefined(&ind)) {
            (void)cJSON_AddNullToObject(row, "valeur");
        } else {
            (void)cJSON_AddNumberToObject(row, "valeur", ind.value);
        }
        (void)cJSON_AddStringToObject(row, "unite", ind.unit);
        (void)cJSON_AddNumberToObject(row, "base", (double)ind.base);
        cJSON_AddItemToArray(list, row);
    }
    att = cJSON_AddArrayToObject(doc, "a_surveiller");
    for (size_t i = 0; att != NULL && carnet_stats_attention_get(st, i, &a) == CARNET_OK; i++) {
        cJSON *row = cJSON_CreateObject();
        cli_date(date, a.at);
        (void)cJSON_AddStringToObject(row, "personne", a.person);
        (void)cJSON_AddStringToObject(row, "motif", a.code);
        (void)cJSON_AddStringToObject(row, "date", date);
        cJSON_AddItemToArray(att, row);
    }
    return cli_json_print(cli, doc);
}

static void
print_text(struct carnet_cli *cli, const carnet_stats *st, const carnet_stats_opts *o)
{
    carnet_indicator ind;
    carnet_attention a;
    char value[32], date[11];

    if (o->referent != NULL) {
        cli_printf(cli, "%sIndicateurs du portefeuille de %s%s\n", cli_bold(cli), o->referent,
                   cli_reset(cli));
    } else {
        cli_printf(cli, "%sIndicateurs du territoire%s\n", cli_bold(cli), cli_reset(cli));
    }
    for (size_t i = 0; carnet_stats_get(st, i, &ind) == CARNET_OK; i++) {
        format_value(value, &ind);
        cli_printf(cli, "  %-*s %8s %s", cli_w(ind.label, 66), ind.label, value, ind.unit);
        if (ind.base > 0 && (strcmp(ind.unit, "%") == 0 || strcmp(ind.unit, "jours") == 0 ||
                             strcmp(ind.unit, "sur 10") == 0)) {
            cli_printf(cli, " (sur %lld)", (long long)ind.base);
        }
        cli_printf(cli, "\n");
    }
    if (carnet_stats_attention_count(st) > 0) {
        cli_printf(cli, "%sÀ surveiller%s\n", cli_bold(cli), cli_reset(cli));
    }
    for (size_t i = 0; carnet_stats_attention_get(st, i, &a) == CARNET_OK; i++) {
        cli_date(date, a.at);
        cli_printf(cli, "  %-14s %-28s %s\n", a.person, a.code, date);
    }
}

static int
indicateurs(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_stats_opts o = CARNET_STATS_OPTS_INIT;
    carnet_stats *st = NULL;
    int c, code = 0, csv = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, stats_opts, &code)) >= 0) {
        if (c == O_REFERENT) {
            o.referent = optarg;
        } else if (c == O_DEPUIS) {
            code = cli_parse_date(cli, "--depuis", optarg, &o.from);
        } else if (c == O_JUSQUA) {
            code = cli_parse_date(cli, "--jusqu-au", optarg, &o.to);
            o.to += code == 0 ? 86400 : 0; /* the whole last day */
        } else if (c == O_CSV) {
            csv = 1;
        }
        if (code != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    if (csv && cli->json) {
        return cli_usage(cli, "--csv et --json s'excluent");
    }
    if ((code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    rc = carnet_stats_compute(&st, cli->db, &o);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "indicateurs");
    }
    if (cli->json) {
        code = print_json(cli, st, &o);
    } else if (csv) {
        print_csv(st);
    } else {
        print_text(cli, st, &o);
    }
    carnet_stats_free(st);
    return code;
}

const struct carnet_cmd carnet_cmd_indicateurs = {
    "indicateurs",
    indicateurs,
    "les indicateurs du territoire ou d'un portefeuille, sans déchiffrer",
    "carnet indicateurs [--referent <pro>] [--depuis <date>] [--jusqu-au <date>] [--csv] [--json]",
    "Calcule les indicateurs des carnets ouverts pendant la période (tous par défaut) : statuts,\n"
    "délais de l'entrée au premier rendez-vous honoré, au diagnostic et au plan validé (et part\n"
    "dans les 30 jours), carnets sans écriture depuis 90 jours, changements de référent,\n"
    "retours après une sortie, réorientations, actions par thème et statut, sorties par motif,\n"
    "situation à six mois, note moyenne. Avec --referent, le portefeuille de ce référent et ce\n"
    "qui demande son attention : rendez-vous dépassés, carnets sans diagnostic, autorisations\n"
    "qui expirent dans les 15 jours. Aucune phrase de passe : seules des métadonnées en clair\n"
    "sont lues.\n",
    stats_opts};
