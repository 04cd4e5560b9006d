/* cmd_scenario.c - playing scenarios: demonstration with narration and
 * views of who reads what, rule testing (the same scenarios under other
 * rules), and validation of a scenario file.
 * SPDX-License-Identifier: MIT
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <carnet/scenario.h>

#include "cli.h"
#include "cmd.h"

#define EX_EXPECTATION 1 /* a step failed or an expectation was not met */

enum { O_NARRATION = 256, O_VUES, O_PAUSE, O_REGLES, O_CONSERVER };

/* A played scenario: the workspace, the run, and the options of the show. */
struct play {
    struct carnet_cli *cli;
    const char *path; /* the scenario file */
    carnet_scenario *s;
    carnet_scenario_run *run;
    carnet_db *db;
    char dir[64];    /* temporary directory, "" when kept */
    char file[4096]; /* the workspace file */
    int narration;
    int views;
    int pause;
    FILE *tty;    /* pause mode */
    cJSON *items; /* --json: the report's items */
};

/* ------------------------------------------------------------ loading */

static int
load(struct carnet_cli *cli, const char *path, carnet_scenario **out)
{
    char *json = NULL;
    size_t len = 0;
    int code, rc;

    *out = NULL;
    if ((code = cli_read_file(cli, path, &json, &len)) != 0) {
        return code;
    }
    rc = carnet_scenario_parse(out, json, len);
    free(json);
    if (rc != CARNET_OK) {
        code = cli_error(cli, rc, "scénario '%s' : %s", path, carnet_scenario_errmsg(*out));
        carnet_scenario_free(*out);
        *out = NULL;
        return code;
    }
    return 0;
}

/* Open a fresh workspace: @p keep, or a file in a new temporary directory. */
static int
open_workspace(struct play *p, const char *keep)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    const char *tmp = getenv("TMPDIR"); /* NOLINT(concurrency-mt-unsafe): one thread */
    int rc;

    o.flags = CARNET_OPEN_CREATE;
    if (keep != NULL) {
        if (access(keep, F_OK) == 0) {
            return cli_error(p->cli, CARNET_EEXISTS,
                             "--conserver : '%s' existe déjà (un scénario se joue sur un espace "
                             "neuf)",
                             keep);
        }
        (void)snprintf(p->file, sizeof p->file, "%s", keep);
    } else {
        if (tmp == NULL || tmp[0] == '\0' || strlen(tmp) > 40) {
            tmp = "/tmp";
        }
        (void)snprintf(p->dir, sizeof p->dir, "%s/carnet-scenario.XXXXXX", tmp);
        if (mkdtemp(p->dir) == NULL) {
            p->dir[0] = '\0';
            return cli_error(p->cli, CARNET_EIO, "répertoire temporaire impossible à créer");
        }
        (void)snprintf(p->file, sizeof p->file, "%s/espace.carnet", p->dir);
    }
    rc = carnet_db_open(&p->db, p->file, &o);
    if (rc != CARNET_OK) {
        int code = cli_error(p->cli, rc, "espace '%s' : %s", p->file, carnet_db_errmsg(p->db));
        carnet_db_close(p->db);
        p->db = NULL;
        return code;
    }
    return 0;
}

/* Close the workspace and remove it unless it was asked for. */
static void
close_workspace(struct play *p)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

    carnet_scenario_run_free(p->run);
    p->run = NULL;
    carnet_db_close(p->db);
    p->db = NULL;
    if (p->dir[0] != '\0') {
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            char f[4200];
            (void)snprintf(f, sizeof f, "%s%s", p->file, suffixes[i]);
            (void)unlink(f);
        }
        (void)rmdir(p->dir);
        p->dir[0] = '\0';
    }
}

/* Set up the territory of the scenario on a fresh workspace. */
static int
start(struct play *p, const char *rules_json, const char *keep)
{
    carnet_scenario_opts o = CARNET_SCENARIO_OPTS_INIT;
    int code = open_workspace(p, keep), rc;

    if (code != 0) {
        return code;
    }
    o.rules_json = rules_json;
    rc = carnet_scenario_start(&p->run, p->db, p->s, &o);
    if (rc != CARNET_OK) {
        return cli_error(p->cli, rc, "scénario '%s' : %s", p->path,
                         carnet_scenario_run_errmsg(p->run));
    }
    return 0;
}

/* ------------------------------------------------------------ text */

/* Print @p text wrapped at 78 columns after @p indent. */
static void
print_wrapped(struct carnet_cli *cli, const char *indent, const char *text)
{
    size_t width = 78 - strlen(indent);
    const char *p = text;

    while (*p != '\0') {
        const char *line = p, *cut = NULL;
        size_t cols = 0;
        for (const char *q = p; *q != '\0' && *q != '\n'; q++) {
            if (((unsigned char)*q & 0xc0) != 0x80) {
                cols++;
            }
            if (*q == ' ') {
                cut = q;
            }
            if (cols > width && cut != NULL) {
                break;
            }
            p = q + 1;
        }
        if (*p != '\0' && *p != '\n' && cut != NULL) {
            p = cut;
        }
        cli_printf(cli, "%s%s%.*s%s\n", indent, cli_dim(cli), (int)(p - line), line,
                   cli_reset(cli));
        while (*p == ' ' || *p == '\n') {
            p++;
        }
    }
}

static const char *const short_sections[CARNET_SECTION_COUNT] = {
    "ident.", "situa.", "d.pro", "d.soc", "santé", "just.", "plan", "suivi"};

/* "d'Inès", "de Nicolas": names starting with a vowel (or É, È, Î, À). */
static int
elided(const char *name)
{
    return (name[0] != '\0' && strchr("AEIOU", name[0]) != NULL) || strncmp(name, "É", 2) == 0 ||
           strncmp(name, "È", 2) == 0 || strncmp(name, "Î", 2) == 0 || strncmp(name, "À", 2) == 0;
}

/* One reader's row: the epoch of each section it can read ("·" when not),
 * into @p row and, in JSON, @p secs. Returns whether any is readable. */
static int
view_row(struct play *p, const carnet_scenario_actor *person, const carnet_scenario_actor *a,
         char row[128], cJSON *secs)
{
    int any = 0;

    row[0] = '\0';
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        carnet_decision d;
        char cell[16] = "·";
        size_t len = strlen(row);
        if (carnet_explain(&d, p->db, a->handle, person->handle, (carnet_section)s,
                           CARNET_ACCESS_READ, 0) == CARNET_OK &&
            d.allowed) {
            any = 1;
            (void)snprintf(cell, sizeof cell, "%u", (unsigned)d.epoch);
            if (secs != NULL) {
                (void)cJSON_AddNumberToObject(secs, carnet_enum_code(CARNET_ENUM_SECTION, s),
                                              d.epoch);
            }
        }
        (void)snprintf(row + len, 128 - len, " %*s", cli_w(cell, 6), cell);
    }
    return any;
}

/* Who can read each section of one person's carnet: the person first,
 * then every professional. */
static void
view_of(struct play *p, size_t i, const carnet_scenario_actor *person, cJSON *readers)
{
    size_t n = carnet_scenario_actor_count(p->run);
    char none[512] = "";
    carnet_scenario_actor a;

    if (readers == NULL) {
        cli_printf(p->cli, "      Qui peut lire le carnet %s%s (époque de la clé) :\n",
                   elided(person->label) ? "d'" : "de ", person->label);
        cli_printf(p->cli, "      %-14s", "");
        for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
            cli_printf(p->cli, " %*s", cli_w(short_sections[s], 6), short_sections[s]);
        }
        cli_printf(p->cli, "\n");
    }
    for (size_t j = 0; j <= n; j++) {
        char row[128];
        cJSON *secs = NULL;
        if (carnet_scenario_actor_get(p->run, j == 0 ? i : j - 1, &a) != CARNET_OK ||
            (j > 0 && a.kind != CARNET_PRINCIPAL_PROFESSIONAL)) {
            continue;
        }
        if (readers != NULL) {
            cJSON *o = cJSON_CreateObject();
            (void)cJSON_AddStringToObject(o, "acteur", a.name);
            secs = cJSON_AddObjectToObject(o, "sections");
            cJSON_AddItemToArray(readers, o);
        }
        if (view_row(p, person, &a, row, secs) && readers == NULL) {
            cli_printf(p->cli, "      %-*s%s\n", cli_w(a.label, 14), a.label, row);
        } else if (readers == NULL) {
            size_t len = strlen(none);
            (void)snprintf(none + len, sizeof none - len, "%s%s", len > 0 ? ", " : "", a.label);
        }
    }
    if (readers == NULL && none[0] != '\0') {
        cli_printf(p->cli, "      sans accès : %s\n", none);
    }
}

/* Who can read each section of each carnet, with the key epoch. */
static cJSON *
show_views(struct play *p)
{
    size_t n = carnet_scenario_actor_count(p->run);
    cJSON *all = p->cli->json ? cJSON_CreateArray() : NULL;
    carnet_scenario_actor person;

    for (size_t i = 0; i < n; i++) {
        carnet_info info;
        cJSON *readers = NULL;
        if (carnet_scenario_actor_get(p->run, i, &person) != CARNET_OK ||
            person.kind != CARNET_PRINCIPAL_PERSON || person.handle[0] == '\0' ||
            carnet_info_get(&info, p->db, person.handle) != CARNET_OK || info.erased) {
            continue;
        }
        if (all != NULL) {
            cJSON *view = cJSON_CreateObject();
            (void)cJSON_AddStringToObject(view, "personne", person.name);
            readers = cJSON_AddArrayToObject(view, "lecteurs");
            cJSON_AddItemToArray(all, view);
        }
        view_of(p, i, &person, readers);
    }
    return all;
}

/* Wait for the trainer: Enter goes on, "q" stops. */
static int
wait_key(struct play *p)
{
    char line[16];

    (void)fprintf(stderr, "%s[Entrée] pour continuer, q pour arrêter : %s", cli_dim(p->cli),
                  cli_reset(p->cli));
    (void)fflush(stderr);
    if (fgets(line, sizeof line, p->tty) == NULL || line[0] == 'q' || line[0] == 'Q') {
        return 1;
    }
    return 0;
}

static void
print_event(struct play *p, const carnet_scenario_event *ev, int *last_day)
{
    struct carnet_cli *cli = p->cli;
    char date[11];

    if (ev->day != *last_day) {
        carnet_date_format(date, ev->at);
        cli_printf(cli, "\n%sJour %d — %s%s\n", cli_bold(cli), ev->day, date, cli_reset(cli));
        *last_day = ev->day;
    }
    if (ev->item == CARNET_SCENARIO_STEP && ev->ok) {
        cli_printf(cli, "  ▸ %s\n", ev->description);
    } else if (ev->item == CARNET_SCENARIO_STEP) {
        cli_printf(cli, "  %s✗ %s : refusé%s\n", cli_red(cli), ev->description, cli_reset(cli));
        cli_printf(cli, "      → %s\n", ev->detail);
    } else {
        cli_printf(cli, "  %s%s %s%s\n", ev->ok ? cli_green(cli) : cli_red(cli),
                   ev->ok ? "✓" : "✗ attente non satisfaite :", ev->description, cli_reset(cli));
        if (ev->detail[0] != '\0') {
            cli_printf(cli, "      %s%s%s%s\n", ev->ok ? cli_dim(cli) : "", ev->ok ? "" : "→ ",
                       ev->detail, ev->ok ? cli_reset(cli) : "");
        }
    }
    if (p->narration && ev->narration[0] != '\0') {
        print_wrapped(cli, "      ", ev->narration);
    }
}

static void
add_event_json(struct play *p, const carnet_scenario_event *ev, cJSON *views)
{
    cJSON *o = cJSON_CreateObject();
    char date[11];

    carnet_date_format(date, ev->at);
    (void)cJSON_AddNumberToObject(o, "index", (double)ev->index);
    (void)cJSON_AddStringToObject(o, "genre",
                                  ev->item == CARNET_SCENARIO_STEP ? "etape" : "attente");
    (void)cJSON_AddNumberToObject(o, "jour", ev->day);
    (void)cJSON_AddStringToObject(o, "date", date);
    (void)cJSON_AddStringToObject(o, "acteur", ev->actor);
    (void)cJSON_AddStringToObject(o, "quoi", ev->what);
    (void)cJSON_AddStringToObject(o, "description", ev->description);
    (void)cJSON_AddBoolToObject(o, "ok", ev->ok);
    (void)cJSON_AddStringToObject(o, "statut", carnet_status_name(ev->status));
    (void)cJSON_AddStringToObject(o, "detail", ev->detail);
    if (p->narration) {
        (void)cJSON_AddStringToObject(o, "narration", ev->narration);
    }
    if (views != NULL) {
        cJSON_AddItemToObject(o, "vues", views);
    }
    cJSON_AddItemToArray(p->items, o);
}

/* ------------------------------------------------------------ jouer */

static int
report(struct play *p, int stopped)
{
    struct carnet_cli *cli = p->cli;
    carnet_scenario_report rep;
    int ok;

    carnet_scenario_report_get(p->run, &rep);
    ok = rep.steps_failed == 0 && rep.expectations_failed == 0 && !stopped;
    if (cli->json) {
        cJSON *doc = cli_json_doc(), *b, *actors;
        carnet_scenario_actor a;
        if (doc == NULL) {
            return EX_OSERR;
        }
        (void)cJSON_AddStringToObject(doc, "titre", carnet_scenario_title(p->s));
        (void)cJSON_AddStringToObject(doc, "fichier", p->path);
        actors = cJSON_AddArrayToObject(doc, "acteurs");
        for (size_t i = 0; i < carnet_scenario_actor_count(p->run); i++) {
            cJSON *o = cJSON_CreateObject();
            (void)carnet_scenario_actor_get(p->run, i, &a);
            (void)cJSON_AddStringToObject(o, "nom", a.name);
            (void)cJSON_AddStringToObject(o, "libelle", a.label);
            (void)cJSON_AddStringToObject(
                o, "genre", carnet_enum_code(CARNET_ENUM_PRINCIPAL_KIND, (int)a.kind));
            (void)cJSON_AddStringToObject(o, "identifiant", a.handle);
            cJSON_AddItemToArray(actors, o);
        }
        cJSON_AddItemToObject(doc, "elements", p->items);
        p->items = NULL;
        b = cJSON_AddObjectToObject(doc, "bilan");
        (void)cJSON_AddNumberToObject(b, "etapes", (double)rep.steps);
        (void)cJSON_AddNumberToObject(b, "etapes_echouees", (double)rep.steps_failed);
        (void)cJSON_AddNumberToObject(b, "attentes", (double)rep.expectations);
        (void)cJSON_AddNumberToObject(b, "attentes_echouees", (double)rep.expectations_failed);
        (void)cJSON_AddBoolToObject(b, "interrompu", stopped);
        (void)cJSON_AddBoolToObject(doc, "reussi", ok);
        int code = cli_json_print(cli, doc);
        return code != 0 ? code : ok ? EX_OK : EX_EXPECTATION;
    }
    cli_printf(cli,
               "\n%sBilan%s : %zu étape(s) jouée(s), %zu en échec ; %zu attente(s) "
               "vérifiée(s), %zu non satisfaite(s)%s.\n",
               cli_bold(cli), cli_reset(cli), rep.steps, rep.steps_failed, rep.expectations,
               rep.expectations_failed, stopped ? " ; scénario interrompu" : "");
    return ok ? EX_OK : EX_EXPECTATION;
}

static void
print_header(struct play *p)
{
    carnet_db_info info;
    char date[11];

    if (p->cli->json || carnet_db_info_get(&info, p->db) != CARNET_OK) {
        return;
    }
    carnet_date_format(date, info.created_at);
    cli_printf(p->cli, "%sScénario : %s%s\n", cli_bold(p->cli), carnet_scenario_title(p->s),
               cli_reset(p->cli));
    cli_printf(p->cli,
               "Territoire : %s (%s), %lld structure(s), %lld professionnel(s) ; "
               "début le %s\n",
               info.name, info.department, (long long)info.structures,
               (long long)info.professionals, date);
}

static int
play_all(struct play *p)
{
    carnet_scenario_event ev;
    int rc, last_day = -1, stopped = 0;

    print_header(p);
    while ((rc = carnet_scenario_next(p->run, &ev)) == CARNET_OK) {
        cJSON *views = NULL;
        if (!p->cli->json) {
            print_event(p, &ev, &last_day);
        }
        if (p->views && ev.item == CARNET_SCENARIO_STEP) {
            views = show_views(p);
        }
        if (p->cli->json) {
            add_event_json(p, &ev, views);
        }
        if (p->pause && ev.item == CARNET_SCENARIO_STEP && wait_key(p)) {
            stopped = 1;
            break;
        }
    }
    if (rc != CARNET_OK && rc != CARNET_ITEROVER) {
        return cli_error(p->cli, rc, "scénario '%s' : %s", p->path,
                         carnet_scenario_run_errmsg(p->run));
    }
    return report(p, stopped);
}

static const struct option jouer_opts[] = {CLI_OPT_JSON,
                                           CLI_OPT_HELP,
                                           {"narration", no_argument, NULL, O_NARRATION},
                                           {"vues", no_argument, NULL, O_VUES},
                                           {"pause", no_argument, NULL, O_PAUSE},
                                           {"regles", required_argument, NULL, O_REGLES},
                                           {"conserver", required_argument, NULL, O_CONSERVER},
                                           CLI_OPT_NULL};

static int
jouer(struct carnet_cli *cli, int argc, char **argv)
{
    struct play p;
    const char *rules_path = NULL, *keep = NULL;
    char *rules = NULL;
    size_t len = 0;
    int c, code = 0;

    memset(&p, 0, sizeof p);
    p.cli = cli;
    while ((c = cli_getopt(cli, argc, argv, jouer_opts, &code)) >= 0) {
        p.narration |= c == O_NARRATION;
        p.views |= c == O_VUES;
        p.pause |= c == O_PAUSE;
        rules_path = c == O_REGLES ? optarg : rules_path;
        keep = c == O_CONSERVER ? optarg : keep;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (p.pause && cli->json) {
        return cli_usage(cli, "--pause et --json s'excluent");
    }
    if (p.pause && (p.tty = fopen("/dev/tty", "r")) == NULL) {
        return cli_usage(cli, "--pause demande un terminal (/dev/tty)");
    }
    p.path = argv[optind];
    if ((code = load(cli, p.path, &p.s)) == 0 && rules_path != NULL) {
        code = cli_read_file(cli, rules_path, &rules, &len);
    }
    p.items = cli->json ? cJSON_CreateArray() : NULL;
    if (code == 0 && (code = start(&p, rules, keep)) == 0) {
        code = play_all(&p);
    }
    close_workspace(&p);
    if (code <= EX_EXPECTATION && keep != NULL && !cli->json) {
        cli_printf(cli,
                   "Espace de travail conservé : %s (phrases de passe du scénario ; "
                   "par défaut <nom>-phrase-de-demo)\n",
                   keep);
    }
    cJSON_Delete(p.items);
    free(rules);
    carnet_scenario_free(p.s);
    if (p.tty != NULL) {
        (void)fclose(p.tty);
    }
    return code;
}

const struct carnet_cmd carnet_cmd_scenario_jouer = {
    "scenario jouer",
    jouer,
    "jouer un scénario : démonstration, formation, test de règles",
    "carnet scenario jouer [--narration] [--vues] [--pause] [--regles <fichier>] "
    "[--conserver <fichier>] [--json] <scenario>",
    "Joue le scénario sur un espace de travail neuf et temporaire (ou sur le fichier donné\n"
    "par --conserver, qui ne doit pas exister) : chaque étape est écrite en français et\n"
    "chaque attente vérifiée, avec la raison donnée par « carnet expliquer ».\n"
    "  --narration   le texte de formation de chaque étape\n"
    "  --vues        après chaque étape, qui peut lire quoi dans chaque carnet (époque de clé)\n"
    "  --pause       attendre [Entrée] sur le terminal entre les étapes (q pour arrêter)\n"
    "  --regles      jouer sous ce fichier de règles plutôt que celui du scénario\n"
    "Code 0 si tout est conforme, 1 si une étape échoue ou une attente n'est pas\n"
    "satisfaite, 65 si le fichier est invalide (le message nomme le chemin JSON fautif).\n"
    "Format : docs/scenarios.md.\n",
    jouer_opts};

/* ------------------------------------------------------------ verifier */

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
verifier(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_scenario *s = NULL;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = load(cli, argv[optind], &s)) != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "fichier", argv[optind]);
            (void)cJSON_AddStringToObject(doc, "titre", carnet_scenario_title(s));
            (void)cJSON_AddNumberToObject(doc, "etapes", (double)carnet_scenario_length(s));
            (void)cJSON_AddBoolToObject(doc, "valide", 1);
        }
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "Scénario valide : %s (%zu étapes et attentes)\n", carnet_scenario_title(s),
                   carnet_scenario_length(s));
    }
    carnet_scenario_free(s);
    return code;
}

const struct carnet_cmd carnet_cmd_scenario_verifier = {
    "scenario verifier",
    verifier,
    "valider un fichier de scénario sans le jouer",
    "carnet scenario verifier [--json] <scenario>",
    "Vérifie le format du scénario : champs connus et bien typés, acteurs déclarés, noms\n"
    "d'étapes définis avant usage, contenus conformes à leur type d'entrée. Une erreur\n"
    "nomme le chemin JSON fautif (code 65).\n",
    plain_opts};

/* ------------------------------------------------------------ comparer */

/* The verdict of every item of one play. */
struct verdicts {
    size_t n;
    int *ok;
    char **text; /* "description : detail" */
};

static void
verdicts_free(struct verdicts *v)
{
    for (size_t i = 0; v->text != NULL && i < v->n; i++) {
        free(v->text[i]);
    }
    free(v->text);
    free(v->ok);
    memset(v, 0, sizeof *v);
}

static int
collect(struct carnet_cli *cli, const char *path, carnet_scenario *s, const char *rules,
        struct verdicts *v)
{
    struct play p;
    carnet_scenario_event ev;
    int code, rc = CARNET_OK;

    memset(&p, 0, sizeof p);
    p.cli = cli;
    p.path = path;
    p.s = s;
    v->n = carnet_scenario_length(s);
    v->ok = calloc(v->n, sizeof *v->ok);
    v->text = calloc(v->n, sizeof *v->text);
    if (v->ok == NULL || v->text == NULL) {
        return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    code = start(&p, rules, NULL);
    while (code == 0 && (rc = carnet_scenario_next(p.run, &ev)) == CARNET_OK) {
        size_t len = strlen(ev.description) + strlen(ev.detail) + 4;
        v->ok[ev.index] = ev.ok;
        v->text[ev.index] = malloc(len);
        if (v->text[ev.index] != NULL) {
            (void)snprintf(v->text[ev.index], len, "%s%s%s", ev.description,
                           ev.detail[0] != '\0' ? " : " : "", ev.detail);
        }
    }
    if (code == 0 && rc != CARNET_ITEROVER) {
        code = cli_error(cli, rc, "scénario '%s' : %s", path, carnet_scenario_run_errmsg(p.run));
    }
    close_workspace(&p);
    return code;
}

static const struct option comparer_opts[] = {
    CLI_OPT_JSON, CLI_OPT_HELP, {"regles", required_argument, NULL, O_REGLES}, CLI_OPT_NULL};

/* Print (or add to @p list) one item whose verdict changed. */
static void
report_change(struct carnet_cli *cli, const char *path, size_t i, const struct verdicts *a,
              const struct verdicts *b, cJSON *list)
{
    const char *before = a->text[i] != NULL ? a->text[i] : "";
    const char *after = b->text[i] != NULL ? b->text[i] : "";

    if (list != NULL) {
        cJSON *o = cJSON_CreateObject();
        (void)cJSON_AddStringToObject(o, "scenario", path);
        (void)cJSON_AddNumberToObject(o, "index", (double)i);
        (void)cJSON_AddBoolToObject(o, "avant", a->ok[i]);
        (void)cJSON_AddBoolToObject(o, "apres", b->ok[i]);
        (void)cJSON_AddStringToObject(o, "avant_detail", before);
        (void)cJSON_AddStringToObject(o, "apres_detail", after);
        cJSON_AddItemToArray(list, o);
        return;
    }
    cli_printf(cli, "%s, etapes[%zu] : %s → %s\n", path, i, a->ok[i] ? "conforme" : "non conforme",
               b->ok[i] ? "conforme" : "non conforme");
    cli_printf(cli, "    avant : %s\n    après : %s\n", before, after);
}

/* Play one scenario under its rules and under @p rules; report the items
 * whose verdict changed. */
static int
compare_one(struct carnet_cli *cli, const char *path, const char *rules, cJSON *list,
            size_t *changed, size_t *total)
{
    struct verdicts a = {0, NULL, NULL}, b = {0, NULL, NULL};
    carnet_scenario *s = NULL;
    int code = load(cli, path, &s);

    if (code == 0 && (code = collect(cli, path, s, NULL, &a)) == 0) {
        code = collect(cli, path, s, rules, &b);
    }
    for (size_t i = 0; code == 0 && i < a.n; i++) {
        (*total)++;
        if (a.ok[i] != b.ok[i]) {
            (*changed)++;
            report_change(cli, path, i, &a, &b, list);
        }
    }
    verdicts_free(&a);
    verdicts_free(&b);
    carnet_scenario_free(s);
    return code;
}

static int
comparer(struct carnet_cli *cli, int argc, char **argv)
{
    const char *rules_path = NULL;
    char *rules = NULL;
    size_t len = 0, changed = 0, total = 0;
    cJSON *doc = NULL, *list = NULL;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, comparer_opts, &code)) >= 0) {
        rules_path = c == O_REGLES ? optarg : rules_path;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1000)) != 0) {
        return code;
    }
    if (rules_path == NULL) {
        return cli_usage(cli, "l'option --regles <fichier> est requise");
    }
    if ((code = cli_read_file(cli, rules_path, &rules, &len)) != 0) {
        return code;
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "changements") : NULL;
    }
    for (int i = optind; code == 0 && i < argc; i++) {
        code = compare_one(cli, argv[i], rules, list, &changed, &total);
    }
    free(rules);
    if (code != 0) {
        cJSON_Delete(doc);
        return code;
    }
    if (doc != NULL) {
        (void)cJSON_AddStringToObject(doc, "regles", rules_path);
        (void)cJSON_AddNumberToObject(doc, "elements", (double)total);
        (void)cJSON_AddNumberToObject(doc, "changes", (double)changed);
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "%zu verdict(s) sur %zu changent sous les règles %s.\n", changed, total,
                   rules_path);
    }
    return code != 0 ? code : changed > 0 ? EX_EXPECTATION : EX_OK;
}

const struct carnet_cmd carnet_cmd_scenario_comparer = {
    "scenario comparer",
    comparer,
    "rejouer des scénarios sous d'autres règles et voir ce qui change",
    "carnet scenario comparer --regles <fichier> [--json] <scenario>...",
    "Joue chaque scénario deux fois, sous ses propres règles puis sous celles du fichier,\n"
    "et montre chaque étape ou attente dont le verdict change, avec les deux explications.\n"
    "Code 0 si rien ne change, 1 sinon (comme diff).\n",
    comparer_opts};
