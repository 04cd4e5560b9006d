/* cmd_lire.c - reading a carnet as the acting user may see it, and the
 * timeline of the person's story.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum { O_SECTIONS = 256, O_VERSIONS, O_DEPUIS, O_JUSQUA, O_PERIODE };

/* Append a string; *used may pass size (the caller truncates). */
static void
put(char *out, size_t size, size_t *used, const char *a)
{
    int n;

    if (*used >= size) {
        return;
    }
    n = snprintf(out + *used, size - *used, "%s", a);
    *used += n > 0 ? (size_t)n : 0;
}

static void render(const cJSON *o, char *out, size_t size, size_t *used);

static void
render_value(const cJSON *e, char *out, size_t size, size_t *used)
{
    char num[32];

    if (cJSON_IsString(e)) {
        put(out, size, used, e->valuestring);
    } else if (cJSON_IsBool(e)) {
        put(out, size, used, cJSON_IsTrue(e) ? "oui" : "non");
    } else if (cJSON_IsNumber(e)) {
        (void)snprintf(num, sizeof num, "%g", e->valuedouble);
        put(out, size, used, num);
    } else if (cJSON_IsObject(e) || cJSON_IsArray(e)) {
        put(out, size, used, cJSON_IsArray(e) ? "[" : "{");
        render(e, out, size, used);
        put(out, size, used, cJSON_IsArray(e) ? "]" : "}");
    }
}

/* "clé : valeur ; …" for the fields of an object, nested ones inline. */
static void
render(const cJSON *o, char *out, size_t size, size_t *used)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, o)
    {
        if (e != o->child) {
            put(out, size, used, " ; ");
        }
        if (e->string != NULL) {
            put(out, size, used, e->string);
            put(out, size, used, " : ");
        }
        render_value(e, out, size, used);
    }
}

size_t
cli_body_text(const char *body, char *out, size_t size)
{
    cJSON *j = body != NULL ? cJSON_Parse(body) : NULL;
    size_t used = 0;

    out[0] = '\0';
    if (j != NULL) {
        render(j, out, size, &used);
    }
    cJSON_Delete(j);
    if (used >= size && size > 4) {
        memcpy(out + size - 4, "...", 4);
    }
    return used;
}

/* A plan action that prescribes a service: name it from the catalogue. */
static void
prescription(struct carnet_cli *cli, const carnet_entry_view *v)
{
    cJSON *body =
        v->body != NULL && strcmp(v->kind, "plan.action") == 0 ? cJSON_Parse(v->body) : NULL;
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "offre"));
    carnet_offer o;

    if (id != NULL && carnet_offer_get(&o, cli->db, id) == CARNET_OK) {
        cli_printf(cli, "       service prescrit : %s — %s, %s\n", o.name, o.structure, o.commune);
    }
    cJSON_Delete(body);
}

static void
print_entry(struct carnet_cli *cli, const carnet_entry_view *v, int detail)
{
    carnet_kind_info k;
    char date[11], text[2048];
    size_t used = cli_body_text(v->body, text, sizeof text);

    cli_date(date, v->created_at);
    if (carnet_kind_get(&k, v->kind) != CARNET_OK) {
        k.label = v->kind;
    }
    cli_printf(cli, "%s#%-4lld%s %s  %s%s%s (%s)\n", cli_dim(cli), (long long)v->no, cli_reset(cli),
               date, cli_bold(cli), k.label, cli_reset(cli), v->author);
    if (v->supersedes != 0) {
        cli_printf(cli, "       nouvelle version de #%lld\n", (long long)v->supersedes);
    }
    prescription(cli, v);
    if (v->erased) {
        cli_printf(cli, "       (effacée)\n");
    } else if (used == 0) {
        cli_printf(cli, "       —\n");
    } else if (detail) {
        cli_printf(cli, "       %s\n", text);
    } else {
        size_t cut = used < 110 ? used : 110;
        while (cut > 0 && cut < used && ((unsigned char)text[cut] & 0xC0) == 0x80) {
            cut--; /* never inside a UTF-8 character */
        }
        text[cut] = '\0';
        cli_printf(cli, "       %s%s\n", text, used > cut ? "…" : "");
    }
}

static cJSON *
entry_json(const carnet_entry_view *v)
{
    cJSON *o = cJSON_CreateObject();
    char date[11];

    if (o == NULL) {
        return NULL;
    }
    cli_date(date, v->created_at);
    (void)cJSON_AddNumberToObject(o, "no", (double)v->no);
    (void)cJSON_AddNumberToObject(o, "racine", (double)v->root);
    (void)cJSON_AddNumberToObject(o, "remplace", (double)v->supersedes);
    (void)cJSON_AddNumberToObject(o, "remplace_par", (double)v->superseded_by);
    (void)cJSON_AddStringToObject(o, "type", v->kind);
    (void)cJSON_AddStringToObject(o, "section",
                                  carnet_enum_code(CARNET_ENUM_SECTION, (int)v->section));
    (void)cJSON_AddStringToObject(o, "date", date);
    (void)cJSON_AddStringToObject(o, "auteur", v->author);
    (void)cJSON_AddNumberToObject(o, "epoque", v->epoch);
    (void)cJSON_AddBoolToObject(o, "efface", v->erased);
    if (v->body != NULL) {
        cJSON *b = cJSON_Parse(v->body);
        if (b != NULL) {
            cJSON_AddItemToObject(o, "contenu", b);
        }
    }
    return o;
}

/* The bounds of a --periode filter, relative to @p now. */
static int
periode(struct carnet_cli *cli, const char *text, int64_t now, carnet_read_opts *o)
{
    int64_t day = 86400;

    if (strcmp(text, "tout") == 0) {
        return 0;
    }
    if (strcmp(text, "0-3m") == 0) {
        o->from = now - 91 * day;
    } else if (strcmp(text, "3-6m") == 0) {
        o->from = now - 182 * day;
        o->to = now - 91 * day;
    } else if (strcmp(text, "6-12m") == 0) {
        o->from = now - 365 * day;
        o->to = now - 182 * day;
    } else if (strcmp(text, "12m+") == 0) {
        o->to = now - 365 * day;
    } else {
        return cli_usage(
            cli, "option --periode : 0-3m, 3-6m, 6-12m, 12m+ ou tout attendu, pas '%s'", text);
    }
    return 0;
}

/* lire's options; the timeline takes them all but --versions (it always
 * shows every version), hence --versions first. */
static const struct option lire_opts[] = {{"versions", no_argument, NULL, O_VERSIONS},
                                          {"sections", required_argument, NULL, O_SECTIONS},
                                          {"depuis", required_argument, NULL, O_DEPUIS},
                                          {"jusqu-au", required_argument, NULL, O_JUSQUA},
                                          {"periode", required_argument, NULL, O_PERIODE},
                                          CLI_OPT_JSON,
                                          CLI_OPT_HELP,
                                          CLI_OPT_NULL};

static int
read_opt(struct carnet_cli *cli, int c, carnet_read_opts *o, const char **per)
{
    int64_t t = 0;
    int code = 0;

    switch (c) {
    case O_SECTIONS:
        return cli_parse_sections(cli, "--sections", optarg, &o->sections);
    case O_VERSIONS:
        o->flags |= CARNET_READ_SUPERSEDED;
        return 0;
    case O_DEPUIS:
        code = cli_parse_date(cli, "--depuis", optarg, &t);
        o->from = t;
        return code;
    case O_JUSQUA:
        code = cli_parse_date(cli, "--jusqu-au", optarg, &t);
        o->to = t + 86400;
        return code;
    case O_PERIODE:
        *per = optarg;
        return 0;
    default:
        return 0;
    }
}

static void
section_row(struct carnet_cli *cli, cJSON *secs, int s, int st, const char *reason, int timeline)
{
    cJSON *so;

    if (secs == NULL) {
        if (!timeline) {
            cli_printf(cli, "  %s%-18s%s %s\n", st == CARNET_OK ? cli_green(cli) : cli_red(cli),
                       carnet_enum_code(CARNET_ENUM_SECTION, s), cli_reset(cli),
                       st == CARNET_OK ? "lisible" : reason);
        }
        return;
    }
    so = cJSON_CreateObject();
    (void)cJSON_AddStringToObject(so, "section", carnet_enum_code(CARNET_ENUM_SECTION, s));
    (void)cJSON_AddBoolToObject(so, "lisible", st == CARNET_OK);
    (void)cJSON_AddStringToObject(so, "raison", reason);
    cJSON_AddItemToArray(secs, so);
}

/* Print the reader's sections and entries; returns how many failed to verify.
 * @p refused gets the sections asked for by name that are closed. */
static int
show(struct carnet_cli *cli, carnet_reader *r, const carnet_read_opts *o, cJSON *doc, int timeline,
     char refused[160])
{
    cJSON *secs = doc != NULL ? cJSON_AddArrayToObject(doc, "sections") : NULL;
    cJSON *list = doc != NULL ? cJSON_AddArrayToObject(doc, "entrees") : NULL;
    carnet_entry_view v;
    int rc, shown = 0, failed = 0, locked = 0;

    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        const char *reason = NULL;
        int st = carnet_reader_section(r, (carnet_section)s, &reason);
        if ((o->sections & CARNET_SECTION_BIT(s)) != 0 && (!cli->json || secs != NULL)) {
            section_row(cli, secs, s, st, reason, timeline);
        }
        if ((o->sections & CARNET_SECTION_BIT(s)) != 0 && o->sections != CARNET_SECTIONS_ALL &&
            st != CARNET_OK) {
            size_t used = strlen(refused);
            (void)snprintf(refused + used, 160 - used, "%s%s", used > 0 ? ", " : "",
                           carnet_enum_code(CARNET_ENUM_SECTION, s));
        }
    }
    while ((rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        if (rc == CARNET_ECONSENT) {
            locked++; /* written under a key this reader never received */
        } else if (rc != CARNET_OK) {
            failed++;
            cli_warn(cli, "%s", carnet_reader_errmsg(r));
        } else if (list != NULL) {
            cJSON_AddItemToArray(list, entry_json(&v));
        } else if (!cli->json) {
            print_entry(cli, &v, !timeline);
        }
        shown += rc == CARNET_OK;
    }
    if (doc != NULL) {
        (void)cJSON_AddNumberToObject(doc, "refusees", failed);
        (void)cJSON_AddNumberToObject(doc, "sans_cle", locked);
    } else if (!cli->json && shown == 0 && locked == 0) {
        cli_printf(cli, "(aucune entrée lisible)\n");
    }
    if (!cli->json && locked > 0) {
        cli_printf(cli,
                   "(%d entrée(s) écrite(s) avant l'autorisation, sous une clé jamais "
                   "reçue : non lisible(s))\n",
                   locked);
    }
    return failed;
}

static int
run(struct carnet_cli *cli, int argc, char **argv, int timeline)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT, scratch = CARNET_READ_OPTS_INIT;
    char refused[160] = "";
    const char *per = NULL;
    carnet_reader *r = NULL;
    cJSON *doc = NULL;
    int c, code = 0, rc, failed;

    o.flags = timeline ? CARNET_READ_SUPERSEDED : 0;
    while ((c = cli_getopt(cli, argc, argv, timeline ? lire_opts + 1 : lire_opts, &code)) >= 0) {
        if ((code = read_opt(cli, c, &o, &per)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (per != NULL && (code = periode(cli, per, 0, &scratch)) != 0) || /* before unlocking */
        (code = cli_actor(cli)) != 0 ||
        (per != NULL &&
         (code = periode(cli, per, cli->now != 0 ? cli->now : carnet_db_now(cli->db), &o)) != 0)) {
        return code;
    }
    rc = carnet_reader_open(&r, cli->db, cli->actor, argv[optind], &o);
    if (rc != CARNET_OK) {
        carnet_reader_free(r);
        return cli_fail(cli, rc, "lecture du carnet");
    }
    if (cli->json) {
        doc = cli_json_doc();
        (void)cJSON_AddStringToObject(doc, "personne", argv[optind]);
        (void)cJSON_AddStringToObject(doc, "lecteur", carnet_actor_handle(cli->actor));
    } else {
        cli_printf(cli, "%s%s de %s, vu par %s%s\n", cli_bold(cli),
                   timeline ? "Chronologie" : "Carnet", argv[optind],
                   carnet_actor_handle(cli->actor), cli_reset(cli));
    }
    failed = show(cli, r, &o, doc, timeline, refused);
    carnet_reader_free(r);
    code = cli->json ? cli_json_print(cli, doc) : EX_OK;
    if (failed > 0) {
        return cli_error(cli, CARNET_EAUTH, "%d entrée(s) refusée(s) à la vérification", failed);
    }
    if (code == EX_OK && refused[0] != '\0') {
        return cli_error(cli, CARNET_ECONSENT, "accès refusé : %s", refused);
    }
    return code;
}

static int
lire(struct carnet_cli *cli, int argc, char **argv)
{
    return run(cli, argc, argv, 0);
}

static int
chronologie(struct carnet_cli *cli, int argc, char **argv)
{
    return run(cli, argc, argv, 1);
}

const struct carnet_cmd carnet_cmd_lire = {
    "lire",
    lire,
    "lire le carnet tel que l'acteur peut le voir",
    "carnet lire [--sections <sections>] [--versions] [--depuis <date>] [--jusqu-au <date>] "
    "[--periode <période>] [--json] <personne>",
    "Déchiffre, pour l'acteur (--as), les sections qu'il est autorisé à lire, et dit pour\n"
    "chaque autre section pourquoi elle est fermée. Chaque lecture est journalisée avant\n"
    "tout déchiffrement ; une entrée dont la signature ne vérifie pas est refusée.\n\n"
    "  --sections <sections>   sections demandées (toutes par défaut) ; une section nommée\n"
    "                          mais fermée est journalisée comme tentative refusée, et la\n"
    "                          commande finit avec le code 77\n"
    "  --versions              montrer aussi les versions remplacées\n"
    "  --depuis, --jusqu-au    bornes de date\n"
    "  --periode <période>     0-3m, 3-6m, 6-12m, 12m+ ou tout\n",
    lire_opts};

const struct carnet_cmd carnet_cmd_chronologie = {
    "chronologie",
    chronologie,
    "la chronologie du parcours (l'histoire de la personne)",
    "carnet chronologie [--sections <sections>] [--depuis <date>] [--jusqu-au <date>] "
    "[--periode <période>] [--json] <personne>",
    "Toutes les entrées lisibles par l'acteur, versions comprises, dans l'ordre, une ligne\n"
    "par événement ; --periode reprend les filtres du service réel : 0-3m (trois derniers\n"
    "mois), 3-6m, 6-12m, 12m+ (il y a plus de douze mois) ou tout.\n",
    lire_opts + 1};
