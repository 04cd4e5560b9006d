/* cmd_ref.c - the référentiel, the closed lists and the entry kinds.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum { O_TYPE = 256, O_THEME };

static const struct option chercher_opts[] = {{"type", required_argument, NULL, O_TYPE},
                                              {"theme", required_argument, NULL, O_THEME},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

static const char *const ref_kinds[] = {NULL, "theme", "situation", "objectif", "action", "metier"};

static int
ref_kind_parse(struct carnet_cli *cli, const char *text, carnet_ref_kind *out)
{
    for (int i = 1; i <= 5; i++) {
        if (strcmp(text, ref_kinds[i]) == 0) {
            *out = (carnet_ref_kind)i;
            return 0;
        }
    }
    return cli_usage(cli,
                     "option --type : theme, situation, objectif, action ou metier attendu, "
                     "pas '%s'",
                     text);
}

static int
join_words(struct carnet_cli *cli, int argc, char **argv, char *out, size_t size)
{
    size_t used = 0;

    out[0] = '\0';
    for (int i = 0; i < argc; i++) {
        int w = snprintf(out + used, size - used, "%s%s", used > 0 ? " " : "", argv[i]);
        if (w < 0 || (size_t)w >= size - used) {
            return cli_usage(cli, "mots de recherche trop longs");
        }
        used += (size_t)w;
    }
    return 0;
}

static void
item_row(struct carnet_cli *cli, cJSON *list, carnet_ref_kind kind, const carnet_ref_item *item)
{
    cJSON *o;

    if (list == NULL) {
        cli_printf(cli, "%-*s %s\n", cli_w(item->theme, 26), item->theme, item->label);
        return;
    }
    o = cJSON_CreateObject();
    (void)cJSON_AddStringToObject(o, "type", ref_kinds[item->kind]);
    (void)cJSON_AddStringToObject(o, kind == CARNET_REF_ROME ? "rome" : "theme", item->theme);
    (void)cJSON_AddStringToObject(o, "libelle", item->label);
    cJSON_AddItemToArray(list, o);
}

static int
chercher(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_ref_kind kind = CARNET_REF_ACTION;
    const char *theme = NULL;
    carnet_ref_iter *it = NULL;
    carnet_ref_item item;
    cJSON *doc = NULL, *list = NULL;
    char words[512];
    int c, code = 0, rc, n = 0;

    while ((c = cli_getopt(cli, argc, argv, chercher_opts, &code)) >= 0) {
        if (c == O_TYPE && (code = ref_kind_parse(cli, optarg, &kind)) != 0) {
            return code;
        }
        theme = c == O_THEME ? optarg : theme;
    }
    if (c == CLI_OPT_FAIL || (code = cli_open(cli, CLI_OPEN_WRITE)) != 0 ||
        (code = join_words(cli, argc - optind, argv + optind, words, sizeof words)) != 0) {
        return code;
    }
    rc = carnet_ref_search(&it, cli->db, kind, theme, words);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "référentiel");
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "resultats") : NULL;
    }
    while (carnet_ref_next(it, &item) == CARNET_OK) {
        n++;
        if (!cli->json || list != NULL) {
            item_row(cli, list, kind, &item);
        }
    }
    carnet_ref_iter_free(it);
    if (cli->json) {
        return cli_json_print(cli, doc);
    }
    if (n == 0) {
        cli_printf(cli, "(aucun résultat)\n");
    }
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_referentiel_chercher = {
    "referentiel chercher",
    chercher,
    "chercher dans le référentiel par mots",
    "carnet referentiel chercher [--type <type>] [--theme <thème>] [--json] [<mot>...]",
    "Cherche les thèmes, situations, objectifs, actions du référentiel du Carnet de bord, ou\n"
    "les métiers ROME, dont le libellé contient tous les mots (sans tenir compte des accents\n"
    "ni des majuscules).\n\n"
    "  --type <type>     theme, situation, objectif, action (défaut) ou metier\n"
    "  --theme <thème>   logement, emploi, formation, mobilite, sante, …\n",
    chercher_opts};

struct vocab_row {
    const char *name;
    carnet_vocab v;
};

static const struct vocab_row vocabs[] = {
    {"situation_travail", CARNET_VOCAB_WORK_SITUATION},
    {"niveau_formation", CARNET_VOCAB_EDUCATION},
    {"contrat", CARNET_VOCAB_CONTRACT},
    {"contrat_recherche", CARNET_VOCAB_JOB_CONTRACT},
    {"temps_travail", CARNET_VOCAB_WORK_TIME},
    {"statut_objectif", CARNET_VOCAB_OBJECTIF_STATUS},
    {"statut_action", CARNET_VOCAB_ACTION_STATUS},
    {"statut_rdv", CARNET_VOCAB_RDV_STATUS},
    {"droit_rsa", CARNET_VOCAB_RSA_RIGHT},
    {"suspension_rsa", CARNET_VOCAB_RSA_SUSPENSION},
    {"cloture_rsa", CARNET_VOCAB_RSA_CLOSURE},
    {"source", CARNET_VOCAB_SOURCE},
    {"sortie", CARNET_VOCAB_EXIT},
    {"nouvelles", CARNET_VOCAB_FOLLOWUP},
    {"theme", CARNET_VOCAB_THEME},
    {"evenement", CARNET_VOCAB_EVENT},
};

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
vocabulaire(struct carnet_cli *cli, int argc, char **argv)
{
    cJSON *doc = NULL;
    int c, code = 0, found = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 1)) != 0) {
        return code;
    }
    doc = cli->json ? cli_json_doc() : NULL;
    for (size_t i = 0; i < sizeof vocabs / sizeof vocabs[0]; i++) {
        const char *vc, *label;
        size_t it = 0;
        cJSON *list = NULL;
        if (optind < argc && strcmp(argv[optind], vocabs[i].name) != 0) {
            continue;
        }
        found = 1;
        if (doc != NULL) {
            list = cJSON_AddArrayToObject(doc, vocabs[i].name);
        } else if (!cli->json) {
            cli_printf(cli, "%s%s%s\n", cli_bold(cli), vocabs[i].name, cli_reset(cli));
        }
        while (carnet_vocab_next(vocabs[i].v, &it, &vc, &label) == CARNET_OK) {
            if (list != NULL) {
                cJSON *o = cJSON_CreateObject();
                (void)cJSON_AddStringToObject(o, "code", vc);
                (void)cJSON_AddStringToObject(o, "libelle", label);
                cJSON_AddItemToArray(list, o);
            } else if (!cli->json) {
                cli_printf(cli, "  %-*s %s\n", cli_w(vc, 38), vc, label);
            }
        }
    }
    if (!found) {
        cJSON_Delete(doc);
        return cli_usage(cli, "liste inconnue '%s' (carnet vocabulaire pour les voir toutes)",
                         argv[optind]);
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

const struct carnet_cmd carnet_cmd_vocabulaire = {
    "vocabulaire",
    vocabulaire,
    "les listes fermées : statuts, situations, contrats…",
    "carnet vocabulaire [--json] [<liste>]",
    "Affiche les codes permis et leurs libellés : situation_travail, niveau_formation,\n"
    "contrat, contrat_recherche, temps_travail, statut_objectif, statut_action, statut_rdv,\n"
    "droit_rsa, suspension_rsa, cloture_rsa, source, sortie, nouvelles, theme, evenement.\n",
    plain_opts};

static int
types(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_kind_info k;
    cJSON *doc = NULL, *list = NULL;
    size_t it = 0;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "types") : NULL;
    }
    while (carnet_kind_next(&k, &it) == CARNET_OK) {
        if (list != NULL) {
            cJSON *o = cJSON_CreateObject();
            (void)cJSON_AddStringToObject(o, "type", k.name);
            (void)cJSON_AddStringToObject(o, "section",
                                          carnet_enum_code(CARNET_ENUM_SECTION, (int)k.section));
            (void)cJSON_AddStringToObject(o, "libelle", k.label);
            (void)cJSON_AddBoolToObject(o, "versions", k.versioned);
            cJSON_AddItemToArray(list, o);
        } else if (!cli->json) {
            cli_printf(cli, "%-26s %-18s %s\n", k.name,
                       carnet_enum_code(CARNET_ENUM_SECTION, (int)k.section), k.label);
        }
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

const struct carnet_cmd carnet_cmd_types = {
    "types",
    types,
    "les types d'entrées et leur section",
    "carnet types [--json]",
    "Liste les types d'entrées (docs/entries.md décrit leurs champs), la section de chacun, et\n"
    "s'ils se remplacent par versions.\n",
    plain_opts};
