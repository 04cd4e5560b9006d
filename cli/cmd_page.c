/* cmd_page.c - pictures for demonstrations: the carnet as one
 * self-contained HTML page (identity, diagnostic, plan, a timeline drawn in
 * inline SVG, who can read each section since when), and the sharing graph
 * as Graphviz DOT (or SVG through dot(1) when it is installed).
 * SPDX-License-Identifier: MIT
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"

#define EX_NO_GRAPHVIZ EX_UNAVAILABLE

enum { O_SORTIE = 256, O_SVG };

/* One colour per section, in the timeline and the graph. */
static const char *const colours[CARNET_SECTION_COUNT] = {
    "#5b6abf", "#3b8ea5", "#2f9e6e", "#8c6bb1", "#c0392b", "#7f6a3a", "#d98c1f", "#4f7d2f"};

/* Write @p s with the five HTML (and XML) special characters escaped. */
static void
esc(FILE *f, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '&':
            (void)fputs("&amp;", f);
            break;
        case '<':
            (void)fputs("&lt;", f);
            break;
        case '>':
            (void)fputs("&gt;", f);
            break;
        case '"':
            (void)fputs("&quot;", f);
            break;
        case '\'':
            (void)fputs("&#39;", f);
            break;
        default:
            (void)fputc(*s, f);
        }
    }
}

/* ------------------------------------------------------------ sharing */

/* The professionals who can read at least one section of a carnet, with
 * the decision for each section: computed once, drawn by the page and the
 * graph. Clear metadata only (carnet_explain). */
struct reader_row {
    char handle[CARNET_HANDLE_MAX + 1];
    char structure[CARNET_HANDLE_MAX + 1];
    carnet_decision d[CARNET_SECTION_COUNT];
};

struct sharing {
    struct reader_row *rows;
    size_t n;
};

static int
sharing_load(carnet_db *db, const char *person, struct sharing *sh)
{
    carnet_principal_iter *it = NULL;
    carnet_principal_info p;
    size_t cap = 0;
    int rc = carnet_principal_iter_new(&it, db, CARNET_PRINCIPAL_PROFESSIONAL);

    sh->rows = NULL;
    sh->n = 0;
    while (rc == CARNET_OK && (rc = carnet_principal_iter_next(it, &p)) == CARNET_OK) {
        struct reader_row row;
        int any = 0;
        memset(&row, 0, sizeof row);
        for (int s = 0; rc == CARNET_OK && s < CARNET_SECTION_COUNT; s++) {
            rc = carnet_explain(&row.d[s], db, p.handle, person, (carnet_section)s,
                                CARNET_ACCESS_READ, 0);
            any |= rc == CARNET_OK && row.d[s].allowed;
        }
        if (rc == CARNET_OK && any) {
            if (sh->n == cap) {
                struct reader_row *m;
                cap = cap == 0 ? 8 : 2 * cap;
                m = realloc(sh->rows, cap * sizeof *m);
                if (m == NULL) {
                    rc = CARNET_ENOMEM;
                    break;
                }
                sh->rows = m;
            }
            (void)snprintf(row.handle, sizeof row.handle, "%s", p.handle);
            (void)snprintf(row.structure, sizeof row.structure, "%s", p.structure);
            sh->rows[sh->n++] = row;
        }
    }
    carnet_principal_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        free(sh->rows);
        sh->rows = NULL;
        sh->n = 0;
        return rc;
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------ the page */

/* Every entry the actor can read, oldest first (all versions). */
struct page {
    struct carnet_cli *cli;
    FILE *f;
    const char *person;
    cJSON *entries; /* [{no, kind, section, date, author, body, current}] */
};

static int
collect(struct page *pg)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    int rc;

    o.flags = CARNET_READ_SUPERSEDED;
    rc = carnet_reader_open(&r, pg->cli->db, pg->cli->actor, pg->person, &o);
    if (rc != CARNET_OK) {
        carnet_reader_free(r);
        return cli_fail(pg->cli, rc, "lecture du carnet");
    }
    pg->entries = cJSON_CreateArray();
    while (pg->entries != NULL && (rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        cJSON *e;
        char date[11], text[1024];
        if (rc != CARNET_OK) {
            continue; /* closed to this reader, or failed to verify: not shown */
        }
        e = cJSON_CreateObject();
        cli_date(date, v.created_at);
        (void)cli_body_text(v.erased ? NULL : v.body, text, sizeof text);
        (void)cJSON_AddNumberToObject(e, "no", (double)v.no);
        (void)cJSON_AddStringToObject(e, "kind", v.kind);
        (void)cJSON_AddNumberToObject(e, "section", (double)v.section);
        (void)cJSON_AddStringToObject(e, "date", date);
        (void)cJSON_AddStringToObject(e, "author", v.author);
        (void)cJSON_AddStringToObject(e, "text", v.erased ? "(effacée)" : text);
        (void)cJSON_AddBoolToObject(e, "current", v.superseded_by == 0);
        if (strcmp(v.kind, "identite") == 0 && v.body != NULL && v.superseded_by == 0) {
            cJSON_AddItemToObject(e, "identity", cJSON_Parse(v.body));
        }
        cJSON_AddItemToArray(pg->entries, e);
    }
    carnet_reader_free(r);
    return 0;
}

static const char style[] =
    "body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:0 auto;max-width:48rem;"
    "padding:1rem;color:#1f2330;line-height:1.45}"
    "h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;border-bottom:2px solid #dde;"
    "padding-bottom:.2rem;margin-top:1.6rem}"
    "section{margin-bottom:1rem}.meta{color:#667;font-size:.9rem}"
    ".entree{border-left:4px solid #ccd;padding:.2rem .6rem;margin:.4rem 0;"
    "overflow-wrap:anywhere}.entree b{display:block}"
    "table{border-collapse:collapse;width:100%;font-size:.92rem}"
    "td,th{border-bottom:1px solid #e4e4ee;padding:.3rem;text-align:left;vertical-align:top}"
    "svg{width:100%;height:auto}";

/* The entries of the current version whose kind starts with @p prefix;
 * returns how many. */
static int
entries_of(struct page *pg, const char *prefix)
{
    const cJSON *e;
    int any = 0;

    cJSON_ArrayForEach(e, pg->entries)
    {
        carnet_kind_info k;
        const char *kind = cJSON_GetObjectItem(e, "kind")->valuestring;
        int s = cJSON_GetObjectItem(e, "section")->valueint;
        if (strncmp(kind, prefix, strlen(prefix)) != 0 ||
            !cJSON_IsTrue(cJSON_GetObjectItem(e, "current"))) {
            continue;
        }
        any++;
        if (carnet_kind_get(&k, kind) != CARNET_OK) {
            k.label = kind;
        }
        (void)fprintf(pg->f, "<div class=\"entree\" style=\"border-color:%s\"><b>", colours[s]);
        esc(pg->f, k.label);
        (void)fprintf(pg->f, " n°%d</b><span class=\"meta\">%s, ",
                      cJSON_GetObjectItem(e, "no")->valueint,
                      cJSON_GetObjectItem(e, "date")->valuestring);
        esc(pg->f, cJSON_GetObjectItem(e, "author")->valuestring);
        (void)fputs("</span><br>", pg->f);
        esc(pg->f, cJSON_GetObjectItem(e, "text")->valuestring);
        (void)fputs("</div>\n", pg->f);
    }
    return any;
}

/* A block of the page: the entries of up to two kind prefixes. */
static void
block(struct page *pg, const char *id, const char *title, const char *a, const char *b)
{
    int n;

    (void)fprintf(pg->f, "<section id=\"%s\"><h2>%s</h2>\n", id, title);
    n = entries_of(pg, a);
    n += b != NULL ? entries_of(pg, b) : 0;
    if (n == 0) {
        (void)fputs("<p class=\"meta\">Rien de lisible ici.</p>\n", pg->f);
    }
    (void)fputs("</section>\n", pg->f);
}

/* The timeline: one dot per entry, coloured by section, with its date. */
static void
timeline(struct page *pg)
{
    int n = cJSON_GetArraySize(pg->entries), y = 20;
    const cJSON *e;

    (void)fprintf(pg->f,
                  "<svg viewBox=\"0 0 360 %d\" role=\"img\" aria-label=\"Chronologie du "
                  "parcours\" xmlns=\"http://www.w3.org/2000/svg\">\n"
                  "<line x1=\"16\" y1=\"10\" x2=\"16\" y2=\"%d\" stroke=\"#bbc\" "
                  "stroke-width=\"2\"/>\n",
                  n * 26 + 20, n * 26 + 10);
    cJSON_ArrayForEach(e, pg->entries)
    {
        carnet_kind_info k;
        const char *kind = cJSON_GetObjectItem(e, "kind")->valuestring;
        if (carnet_kind_get(&k, kind) != CARNET_OK) {
            k.label = kind;
        }
        (void)fprintf(pg->f,
                      "<circle cx=\"16\" cy=\"%d\" r=\"6\" fill=\"%s\"/>"
                      "<text x=\"30\" y=\"%d\" font-size=\"12\" fill=\"#334\">%s  ",
                      y, colours[cJSON_GetObjectItem(e, "section")->valueint], y + 4,
                      cJSON_GetObjectItem(e, "date")->valuestring);
        esc(pg->f, k.label);
        (void)fputs("</text>\n", pg->f);
        y += 26;
    }
    (void)fputs("</svg>\n", pg->f);
}

/* Who can read each section, since when (the date of the covering
 * authorisation, read once for all). */
static void
readers(struct page *pg)
{
    carnet_grant_iter *gi = NULL;
    carnet_grant_info g;
    struct sharing sh;
    int64_t since[512] = {0};
    char date[11];

    if (carnet_grant_iter_new(&gi, pg->cli->db, pg->person) == CARNET_OK) {
        while (carnet_grant_iter_next(gi, &g) == CARNET_OK) {
            if (g.no > 0 && g.no < 512) {
                since[g.no] = g.created_at;
            }
        }
    }
    carnet_grant_iter_free(gi);
    if (sharing_load(pg->cli->db, pg->person, &sh) != CARNET_OK) {
        sh.n = 0;
    }
    (void)fputs("<table><tr><th>Section</th><th>Qui peut lire, et depuis quand</th></tr>\n", pg->f);
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        int any = 0;
        (void)fprintf(pg->f, "<tr><td style=\"color:%s\">%s</td><td>", colours[s],
                      carnet_enum_label(CARNET_ENUM_SECTION, s));
        for (size_t i = 0; i < sh.n; i++) {
            const carnet_decision *d = &sh.rows[i].d[s];
            if (!d->allowed) {
                continue;
            }
            cli_date(date, d->grant > 0 && d->grant < 512 ? since[d->grant] : 0);
            (void)fputs(any ? "<br>" : "", pg->f);
            esc(pg->f, sh.rows[i].handle);
            (void)fputs(" (", pg->f);
            esc(pg->f, sh.rows[i].structure);
            (void)fprintf(pg->f, ") : depuis le %s (autorisation n°%lld, clé de l'époque %u)", date,
                          (long long)d->grant, (unsigned)d->epoch);
            any = 1;
        }
        (void)fputs(any ? "" : "la personne seule", pg->f);
        (void)fputs("</td></tr>\n", pg->f);
    }
    (void)fputs("</table>\n", pg->f);
    free(sh.rows);
}

static void
write_page(struct page *pg)
{
    const cJSON *e, *id = NULL;
    char today[11];

    cJSON_ArrayForEach(e, pg->entries)
    {
        id = cJSON_GetObjectItem(e, "identity") != NULL ? cJSON_GetObjectItem(e, "identity") : id;
    }
    cli_date(today, carnet_db_now(pg->cli->db));
    (void)fputs("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>Carnet de bord</title>\n<style>",
                pg->f);
    (void)fputs(style, pg->f);
    (void)fputs("</style></head><body>\n<header><h1>Carnet de bord", pg->f);
    if (id != NULL) {
        (void)fputs(" de ", pg->f);
        esc(pg->f, cJSON_GetStringValue(cJSON_GetObjectItem(id, "prenom")));
        (void)fputs(" ", pg->f);
        esc(pg->f, cJSON_GetStringValue(cJSON_GetObjectItem(id, "nom")));
    }
    (void)fputs("</h1><p class=\"meta\">Carnet ", pg->f);
    esc(pg->f, pg->person);
    (void)fputs(", vu par ", pg->f);
    esc(pg->f, carnet_actor_handle(pg->cli->actor));
    (void)fprintf(pg->f, " le %s : seul ce que ce lecteur peut déchiffrer apparaît.</p></header>\n",
                  today);
    block(pg, "identite", "Identité et situation", "identite", "situation.");
    block(pg, "diagnostic", "Diagnostic", "diagnostic.", "sante.");
    block(pg, "plan", "Plan d'action", "plan.", NULL);
    (void)fputs("<section id=\"chronologie\"><h2>Chronologie</h2>\n", pg->f);
    timeline(pg);
    (void)fputs("</section>\n<section id=\"partage\"><h2>Qui peut lire quoi</h2>\n", pg->f);
    readers(pg);
    (void)fputs("</section>\n</body></html>\n", pg->f);
}

static const struct option page_opts[] = {
    CLI_OPT_HELP, {"sortie", required_argument, NULL, O_SORTIE}, CLI_OPT_NULL};

static int
page(struct carnet_cli *cli, int argc, char **argv)
{
    struct page pg;
    const char *out = NULL;
    int c, code = 0;

    memset(&pg, 0, sizeof pg);
    pg.cli = cli;
    while ((c = cli_getopt(cli, argc, argv, page_opts, &code)) >= 0) {
        out = c == O_SORTIE ? optarg : out;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    pg.person = argv[optind];
    if (strcmp(carnet_actor_handle(cli->actor), pg.person) != 0) {
        /* The page holds her data in clear: like an export, it is hers only. */
        return cli_error(cli, CARNET_ECONSENT, "seule la personne produit la page de son carnet");
    }
    if ((code = collect(&pg)) != 0) {
        return code;
    }
    pg.f = stdout;
    if (out != NULL) {
        int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        pg.f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (pg.f == NULL && fd >= 0) {
            (void)close(fd);
        }
    }
    if (pg.f == NULL) {
        cJSON_Delete(pg.entries);
        return cli_error(cli, CARNET_EEXISTS, "création de '%s' impossible (existe déjà ?)", out);
    }
    write_page(&pg);
    cJSON_Delete(pg.entries);
    if (out != NULL && fclose(pg.f) != 0) {
        return cli_error(cli, CARNET_EIO, "écriture de '%s' impossible", out);
    }
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_page = {
    "page",
    page,
    "le carnet en une page HTML autonome, lisible sur un téléphone",
    "carnet page [--sortie <fichier>] <personne>",
    "La personne (--as, elle seule) obtient son carnet en une seule page HTML sans\n"
    "ressource externe : identité et situation, diagnostic, plan d'action, chronologie\n"
    "dessinée en SVG, et qui peut lire chaque section, avec quelle autorisation et quelle\n"
    "époque de clé. Comme l'export, la page contient ses données en clair : --sortie\n"
    "l'écrit dans un fichier neuf, lisible par son seul propriétaire (0600).\n",
    page_opts};

/* ------------------------------------------------------------ the graph */

static void
write_dot(const struct sharing *sh, FILE *f, const char *person)
{
    (void)fputs("digraph partage {\n  rankdir=LR;\n  node [fontname=\"DejaVu Sans\"];\n", f);
    (void)fprintf(f, "  \"%s\" [shape=doublecircle, label=\"%s\\n(la personne)\"];\n", person,
                  person);
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        (void)fprintf(f,
                      "  \"s:%s\" [shape=box, style=filled, fillcolor=\"%s\", "
                      "fontcolor=white, label=\"%s\"];\n  \"%s\" -> \"s:%s\" [style=dotted];\n",
                      carnet_enum_code(CARNET_ENUM_SECTION, s), colours[s],
                      carnet_enum_label(CARNET_ENUM_SECTION, s), person,
                      carnet_enum_code(CARNET_ENUM_SECTION, s));
    }
    for (size_t i = 0; i < sh->n; i++) {
        const struct reader_row *r = &sh->rows[i];
        (void)fprintf(f, "  \"%s\" [shape=ellipse, label=\"%s\\n%s\"];\n", r->handle, r->handle,
                      r->structure);
        for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
            if (r->d[s].allowed) {
                (void)fprintf(f, "  \"s:%s\" -> \"%s\" [label=\"époque %u\", color=\"%s\"];\n",
                              carnet_enum_code(CARNET_ENUM_SECTION, s), r->handle,
                              (unsigned)r->d[s].epoch, colours[s]);
            }
        }
    }
    (void)fputs("}\n", f);
}

static const struct option graph_opts[] = {
    CLI_OPT_HELP, {"svg", no_argument, NULL, O_SVG}, CLI_OPT_NULL};

static int
graphe(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_info info;
    struct sharing sh;
    int c, code = 0, svg = 0, rc;
    FILE *dot;

    while ((c = cli_getopt(cli, argc, argv, graph_opts, &code)) >= 0) {
        svg |= c == O_SVG;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    rc = carnet_info_get(&info, cli->db, argv[optind]);
    rc = rc == CARNET_OK ? sharing_load(cli->db, argv[optind], &sh) : rc;
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "carnet");
    }
    if (!svg) {
        write_dot(&sh, stdout, argv[optind]);
        free(sh.rows);
        return EX_OK;
    }
    (void)fflush(stdout);
    dot = popen("dot -Tsvg 2>/dev/null", "w");
    if (dot == NULL) {
        free(sh.rows);
        return cli_error(cli, CARNET_ERROR, "lancement de dot(1) impossible");
    }
    write_dot(&sh, dot, argv[optind]);
    free(sh.rows);
    rc = pclose(dot);
    if (rc != 0) {
        (void)fprintf(stderr, "carnet: erreur: Graphviz (dot) absent ou en échec ; "
                              "installez-le : apt-get install graphviz\n");
        return EX_NO_GRAPHVIZ;
    }
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_partage_graphe = {
    "partage graphe",
    graphe,
    "le graphe du partage d'un carnet (Graphviz DOT, ou SVG)",
    "carnet partage graphe [--svg] <personne>",
    "Écrit en langage DOT qui peut lire chaque section du carnet, et sous quelle époque de\n"
    "clé ; avec --svg, le dessin SVG produit par dot(1) (paquet graphviz ; code 69 s'il\n"
    "manque). Aucune phrase de passe : seules des métadonnées en clair sont lues.\n",
    graph_opts};
