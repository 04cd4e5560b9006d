/* cmd_flux.c - importing CAF/MSA and France Travail flows.
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

enum { O_TYPE = 256, O_PERSONNE, O_CODES };

struct flux_state {
    struct carnet_cli *cli;
    FILE *codes;
    cJSON *list;
    size_t done;
};

static const char *
result_code(const carnet_flow_result *r, int json)
{
    if (r->status != CARNET_OK) {
        return json ? "refuse" : "refusé";
    }
    if (r->created) {
        return json ? "cree" : "créé";
    }
    if (r->entries > 0) {
        return json ? "mis_a_jour" : "mis à jour";
    }
    return json ? "inchange" : "inchangé";
}

static void
record_json(cJSON *list, const carnet_flow_result *r)
{
    cJSON *o = cJSON_CreateObject();

    (void)cJSON_AddNumberToObject(o, "index", (double)r->index);
    (void)cJSON_AddStringToObject(o, "personne", r->person);
    (void)cJSON_AddStringToObject(o, "resultat", result_code(r, 1));
    (void)cJSON_AddNumberToObject(o, "entrees", r->entries);
    if (r->status != CARNET_OK) {
        (void)cJSON_AddStringToObject(o, "erreur", carnet_status_name(r->status));
        (void)cJSON_AddStringToObject(o, "message", r->message);
    }
    cJSON_AddItemToArray(list, o);
}

static int
on_record(const carnet_flow_result *r, void *payload)
{
    struct flux_state *st = payload;
    struct carnet_cli *cli = st->cli;

    st->done++;
    if (cli_progress_ok(cli)) {
        (void)fprintf(stderr, "\rImport : %zu enregistrement(s)…", st->done);
    }
    if (r->activation_code != NULL) {
        /* Out of the process at once: a kill after this line loses nothing,
         * and a code the file lacks is still kept (carnet flux codes). */
        FILE *f = st->codes != NULL ? st->codes : (cli->json ? stderr : stdout);
        (void)fprintf(f, "%s %s\n", r->person, carnet_secbuf_str(r->activation_code));
        (void)fflush(f);
    }
    if (st->list != NULL) {
        record_json(st->list, r);
    } else if (!cli->json && r->status != CARNET_OK) {
        cli_warn(cli, "enregistrement %zu refusé : %s", r->index, r->message);
    } else if (!cli->json && !cli->quiet && !cli_progress_ok(cli)) {
        (void)printf("enregistrement %zu : %s%s%s\n", r->index, result_code(r, 0),
                     r->person[0] != '\0' ? " → " : "", r->person);
    }
    return 0;
}

static const struct option importer_opts[] = {{"type", required_argument, NULL, O_TYPE},
                                              {"personne", required_argument, NULL, O_PERSONNE},
                                              {"codes", required_argument, NULL, O_CODES},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

static int
parse_kind(struct carnet_cli *cli, const char *text, carnet_flow_kind *out)
{
    if (strcmp(text, "caf") == 0) {
        *out = CARNET_FLOW_CAF;
    } else if (strcmp(text, "france_travail") == 0) {
        *out = CARNET_FLOW_FRANCE_TRAVAIL;
    } else {
        return cli_usage(cli, "option --type : caf ou france_travail attendu, pas '%s'", text);
    }
    return 0;
}

static FILE *
open_codes(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

    if (f == NULL && fd >= 0) {
        (void)close(fd);
    }
    return f;
}

/* How many carnets this actor's flows created are not activated yet (their
 * codes kept in the workspace), refused rows included. */
static size_t
pending_codes(struct carnet_cli *cli)
{
    carnet_flow_code_iter *it = NULL;
    carnet_flow_code fc;
    size_t n = 0;
    int rc;

    if (carnet_flow_codes_new(&it, cli->db, cli->actor) != CARNET_OK) {
        return 0;
    }
    while ((rc = carnet_flow_codes_next(it, &fc)) == CARNET_OK || rc == CARNET_EAUTH) {
        n++;
    }
    carnet_flow_codes_free(it);
    return n;
}

static int
summary(struct carnet_cli *cli, cJSON *doc, carnet_flow_kind kind, const carnet_flow_summary *sum)
{
    size_t earlier;

    if (cli->json) {
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "flux", carnet_flow_kind_code(kind));
            (void)cJSON_AddNumberToObject(doc, "enregistrements_lus", (double)sum->records);
            (void)cJSON_AddNumberToObject(doc, "crees", (double)sum->created);
            (void)cJSON_AddNumberToObject(doc, "mis_a_jour", (double)sum->updated);
            (void)cJSON_AddNumberToObject(doc, "inchanges", (double)sum->unchanged);
            (void)cJSON_AddNumberToObject(doc, "refuses", (double)sum->refused);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli,
               "Flux %s : %zu enregistrement(s), %zu carnet(s) créé(s), %zu mis à jour, "
               "%zu inchangé(s), %zu refusé(s).\n",
               carnet_flow_kind_code(kind), sum->records, sum->created, sum->updated,
               sum->unchanged, sum->refused);
    earlier = pending_codes(cli);
    earlier = earlier > sum->created ? earlier - sum->created : 0;
    if (earlier > 0) {
        cli_printf(cli,
                   "%zu carnet(s) de vos imports précédents attendent leur activation ; "
                   "leurs codes : carnet flux codes\n",
                   earlier);
    }
    return EX_OK;
}

static int
run_import(struct carnet_cli *cli, struct flux_state *st, carnet_flow_kind kind, const char *file,
           const char *person, carnet_flow_summary *sum)
{
    char *json = NULL;
    size_t len = 0;
    int code = cli_read_file(cli, file, &json, &len);

    if (code == 0) {
        code = cli_actor(cli);
    }
    if (code == 0) {
        int rc =
            carnet_flow_import(sum, cli->db, cli->actor, kind, json, len, person, on_record, st);
        code = rc != CARNET_OK ? cli_fail(cli, rc, "import du flux") : 0;
    }
    if (json != NULL) {
        carnet_memzero(json, len);
        free(json);
    }
    if (cli_progress_ok(cli) && st->done > 0) {
        (void)fputc('\n', stderr);
    }
    return code;
}

static int
importer(struct carnet_cli *cli, int argc, char **argv)
{
    struct flux_state st;
    carnet_flow_summary sum;
    carnet_flow_kind kind = 0;
    const char *person = NULL, *codes = NULL;
    cJSON *doc = NULL;
    int c, code = 0;

    memset(&st, 0, sizeof st);
    memset(&sum, 0, sizeof sum);
    st.cli = cli;
    while ((c = cli_getopt(cli, argc, argv, importer_opts, &code)) >= 0) {
        if (c == O_TYPE && (code = parse_kind(cli, optarg, &kind)) != 0) {
            return code;
        }
        person = c == O_PERSONNE ? optarg : person;
        codes = c == O_CODES ? optarg : codes;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (kind == 0) {
        return cli_usage(cli, "l'option --type est requise");
    }
    if (codes != NULL && (st.codes = open_codes(codes)) == NULL) {
        return cli_error(cli, CARNET_EEXISTS, "création de '%s' impossible (existe déjà ?)", codes);
    }
    if (cli->json) {
        doc = cli_json_doc();
        st.list = doc != NULL ? cJSON_AddArrayToObject(doc, "enregistrements") : NULL;
    }
    code = run_import(cli, &st, kind, argv[optind], person, &sum);
    if (st.codes != NULL && fclose(st.codes) != 0 && code == 0) {
        code = cli_error(cli, CARNET_EIO, "écriture de '%s' impossible", codes);
    }
    if (code != 0) {
        cJSON_Delete(doc);
        return code;
    }
    code = summary(cli, doc, kind, &sum);
    return code == 0 && sum.refused > 0 ? EX_DATAERR : code; /* text and JSON alike */
}

const struct carnet_cmd carnet_cmd_flux_importer = {
    "flux importer",
    importer,
    "importer un flux CAF/MSA ou France Travail",
    "carnet flux importer --type <caf|france_travail> [--personne <personne>] "
    "[--codes <fichier>] [--json] <fichier>",
    "« Dites-le nous une fois » : les données déjà connues de la CAF ou de France Travail\n"
    "alimentent l'identité, la situation et le diagnostic, avec leur source ; le NIR n'est\n"
    "jamais gardé. Avec --personne, tout va dans ce carnet (il faut y être autorisé en\n"
    "écriture). Sinon chaque personne est retrouvée par un index aveugle, ou un carnet est\n"
    "créé pour elle : son code d'activation est écrit dans --codes (créé en mode 0600) ou\n"
    "affiché. Un enregistrement déjà importé est reconnu et ignoré ; chaque enregistrement\n"
    "est validé à part, donc un import interrompu se reprend sans doublon. Si l'import a été\n"
    "interrompu, des codes peuvent manquer dans --codes : « carnet flux codes » affiche ceux\n"
    "des carnets pas encore activés. Code 65 si des enregistrements sont refusés.\n",
    importer_opts};

/* ----------------------------------------------------------------- codes */

static const struct option codes_opts[] = {
    {"codes", required_argument, NULL, O_CODES}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

struct codes_out {
    struct carnet_cli *cli;
    FILE *file; /* --codes, or NULL for stdout */
    cJSON *list;
    size_t written, refused;
};

static void
code_json(struct codes_out *o, const carnet_flow_code *fc, int rc)
{
    cJSON *item = cJSON_CreateObject();
    char date[11];

    cli_date(date, fc->created_at);
    (void)cJSON_AddStringToObject(item, "personne", fc->person);
    (void)cJSON_AddStringToObject(item, "cree_le", date);
    if (rc != CARNET_OK) {
        (void)cJSON_AddStringToObject(item, "erreur", carnet_status_name(rc));
        (void)cJSON_AddStringToObject(item, "message", carnet_db_errmsg(o->cli->db));
    } else if (o->file == NULL) {
        (void)cJSON_AddStringToObject(item, "code", carnet_secbuf_str(fc->code));
    }
    cJSON_AddItemToArray(o->list, item);
}

/* One code: its line, or the refusal of its row. */
static int
code_out(struct codes_out *o, const carnet_flow_code *fc, int rc)
{
    if (o->list != NULL) {
        code_json(o, fc, rc);
    }
    if (rc != CARNET_OK) {
        o->refused++;
        cli_warn(o->cli, "%s", carnet_db_errmsg(o->cli->db));
        return 0;
    }
    if (o->file != NULL || o->list == NULL) {
        FILE *f = o->file != NULL ? o->file : stdout;
        if (fprintf(f, "%s %s\n", fc->person, carnet_secbuf_str(fc->code)) < 0) {
            return -1;
        }
    }
    o->written++;
    return 0;
}

static int
list_codes(struct codes_out *o, carnet_flow_code_iter *it)
{
    carnet_flow_code fc;
    int rc;

    while ((rc = carnet_flow_codes_next(it, &fc)) == CARNET_OK || rc == CARNET_EAUTH) {
        if (code_out(o, &fc, rc) != 0) {
            return cli_error(o->cli, CARNET_EIO, "écriture des codes impossible");
        }
    }
    return rc == CARNET_ITEROVER ? 0 : cli_fail(o->cli, rc, "lecture des codes d'activation");
}

static int
codes_summary(struct codes_out *o, const char *path, cJSON *doc)
{
    if (o->cli->json) {
        if (path != NULL) {
            (void)cJSON_AddStringToObject(doc, "fichier", path);
        }
        return cli_json_print(o->cli, doc);
    }
    if (path != NULL) {
        cli_printf(o->cli, "%zu code(s) d'activation écrit(s) dans %s.\n", o->written, path);
    } else if (o->written == 0 && o->refused == 0) {
        cli_printf(o->cli, "Aucun code d'activation en attente.\n");
    }
    return 0;
}

static int
flux_codes(struct carnet_cli *cli, int argc, char **argv)
{
    struct codes_out o;
    carnet_flow_code_iter *it = NULL;
    const char *path = NULL;
    cJSON *doc = NULL;
    int c, code = 0;

    memset(&o, 0, sizeof o);
    o.cli = cli;
    while ((c = cli_getopt(cli, argc, argv, codes_opts, &code)) >= 0) {
        path = c == O_CODES ? optarg : path;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    code = cli_actor(cli);
    if (code == 0 && carnet_flow_codes_new(&it, cli->db, cli->actor) != CARNET_OK) {
        code = cli_fail(cli, carnet_db_errcode(cli->db), "flux codes");
    }
    if (code == 0 && path != NULL && (o.file = open_codes(path)) == NULL) {
        code = cli_error(cli, CARNET_EEXISTS, "création de '%s' impossible (existe déjà ?)", path);
    }
    if (code == 0 && cli->json) {
        doc = cli_json_doc();
        o.list = doc != NULL ? cJSON_AddArrayToObject(doc, "codes") : NULL;
        code = o.list != NULL ? 0 : cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    code = code == 0 ? list_codes(&o, it) : code;
    carnet_flow_codes_free(it);
    if (o.file != NULL && fclose(o.file) != 0 && code == 0) {
        code = cli_error(cli, CARNET_EIO, "écriture de '%s' impossible", path);
    }
    if (code != 0) {
        cJSON_Delete(doc);
        return code;
    }
    code = codes_summary(&o, path, doc);
    return code == 0 && o.refused > 0 ? EX_DATAERR : code;
}

const struct carnet_cmd carnet_cmd_flux_codes = {
    "flux codes",
    flux_codes,
    "retrouver les codes d'activation des carnets créés par vos flux",
    "carnet flux codes [--codes <fichier>] [--json]",
    "Affiche, une ligne « personne code » par carnet, les codes d'activation des carnets que\n"
    "vos imports de flux ont créés et que la personne n'a pas encore activés (avec carnet\n"
    "recuperer). Ils sont gardés dans l'espace de travail, chiffrés pour vous seul, depuis la\n"
    "création du carnet : un import interrompu n'en perd aucun. Un code disparaît quand la\n"
    "personne active son carnet, ou quand le carnet est effacé.\n\n"
    "  --codes <fichier>   écrire les codes dans ce fichier, créé en mode 0600 (code 73 s'il\n"
    "                      existe déjà), plutôt que de les afficher\n"
    "  --json              sortie JSON (les codes y figurent, sauf avec --codes)\n\n"
    "Code 77 si l'acteur n'est pas un professionnel ; code 65 si un code gardé ne s'ouvre\n"
    "pas (déplacé ou modifié dans le fichier).\n",
    codes_opts};
