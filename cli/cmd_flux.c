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
        FILE *f = st->codes != NULL ? st->codes : (cli->json ? stderr : stdout);
        (void)fprintf(f, "%s %s\n", r->person, carnet_secbuf_str(r->activation_code));
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

static int
summary(struct carnet_cli *cli, cJSON *doc, carnet_flow_kind kind, const carnet_flow_summary *sum)
{
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
    "est validé à part, donc un import interrompu se reprend sans doublon. Code 65 si des\n"
    "enregistrements sont refusés.\n",
    importer_opts};
