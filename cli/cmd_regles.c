/* cmd_regles.c - the sharing rules: show, check, sign, install, explain.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static const char access_letter[] = {'-', 'L', 'E'};

/* Rules from a file, or the rules in force when @p path is NULL. */
static int
load(struct carnet_cli *cli, const char *path, carnet_rules **out)
{
    char *json = NULL;
    size_t len = 0;
    int code, rc;

    *out = NULL;
    if (path == NULL) {
        if ((code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
            return code;
        }
        rc = carnet_rules_load(out, cli->db);
        return rc != CARNET_OK ? cli_fail(cli, rc, "règles en vigueur") : 0;
    }
    if ((code = cli_read_file(cli, path, &json, &len)) != 0) {
        return code;
    }
    rc = carnet_rules_parse(out, json, len);
    free(json);
    if (rc != CARNET_OK) {
        code = cli_error(cli, rc, "règles '%s' : %s", path, carnet_rules_errmsg(*out));
        carnet_rules_free(*out);
        *out = NULL;
        return code;
    }
    return 0;
}

static cJSON *
matrix_json(const carnet_rules *r)
{
    cJSON *list = cJSON_CreateArray();
    size_t ir = 0, it;
    int role, type;

    while (list != NULL && carnet_enum_next(&role, CARNET_ENUM_ROLE, &ir) == CARNET_OK) {
        it = 0;
        while (carnet_enum_next(&type, CARNET_ENUM_STRUCTURE_TYPE, &it) == CARNET_OK) {
            cJSON *o = cJSON_CreateObject(), *secs = cJSON_AddObjectToObject(o, "sections");
            (void)cJSON_AddStringToObject(o, "role", carnet_enum_code(CARNET_ENUM_ROLE, role));
            (void)cJSON_AddStringToObject(o, "structure",
                                          carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, type));
            for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
                carnet_access a = carnet_rules_ceiling(
                    r, (carnet_role)role, (carnet_structure_type)type, (carnet_section)s, NULL);
                (void)cJSON_AddStringToObject(secs, carnet_enum_code(CARNET_ENUM_SECTION, s),
                                              carnet_enum_code(CARNET_ENUM_ACCESS, (int)a));
            }
            cJSON_AddItemToArray(list, o);
        }
    }
    return list;
}

static int
montrer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_rules *r = NULL;
    size_t ir = 0, it;
    int c, code = 0, role, type;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 1)) != 0 ||
        (code = load(cli, argc - optind == 1 ? argv[optind] : NULL, &r)) != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc(), *names = NULL;
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "nom", carnet_rules_name(r));
            names = cJSON_AddArrayToObject(doc, "regles");
            for (size_t i = 0; names != NULL && i < carnet_rules_count(r); i++) {
                cJSON_AddItemToArray(names, cJSON_CreateString(carnet_rules_rule_name(r, i)));
            }
            cJSON_AddItemToObject(doc, "matrice", matrix_json(r));
        }
        carnet_rules_free(r);
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "%s%s%s (%zu règles)\n", cli_bold(cli), carnet_rules_name(r), cli_reset(cli),
               carnet_rules_count(r));
    cli_printf(cli, "Plafonds (L lecture, E écriture, - aucun), sections : ");
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        cli_printf(cli, "%s%s", s > 0 ? " " : "", carnet_enum_code(CARNET_ENUM_SECTION, s));
    }
    cli_printf(cli, "\n");
    while (carnet_enum_next(&role, CARNET_ENUM_ROLE, &ir) == CARNET_OK) {
        it = 0;
        while (carnet_enum_next(&type, CARNET_ENUM_STRUCTURE_TYPE, &it) == CARNET_OK) {
            char line[CARNET_SECTION_COUNT * 2 + 1];
            for (size_t s = 0; s < CARNET_SECTION_COUNT; s++) {
                line[2 * s] = access_letter[carnet_rules_ceiling(
                    r, (carnet_role)role, (carnet_structure_type)type, (carnet_section)s, NULL)];
                line[2 * s + 1] = ' ';
            }
            line[sizeof line - 1] = '\0';
            cli_printf(cli, "  %-20s %-22s %s\n", carnet_enum_code(CARNET_ENUM_ROLE, role),
                       carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, type), line);
        }
    }
    carnet_rules_free(r);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_regles_montrer = {
    "regles montrer",
    montrer,
    "montrer la matrice d'habilitation",
    "carnet regles montrer [--json] [<fichier>]",
    "Affiche, pour chaque rôle et type de structure, le plafond de chaque section selon les\n"
    "règles en vigueur (ou celles du fichier donné) : ce que la personne ne pourra jamais\n"
    "ouvrir au-delà, quelle que soit son autorisation.\n",
    plain_opts};

static int
verifier(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_rules *r = NULL;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = load(cli, argv[optind], &r)) != 0 || (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        carnet_rules_free(r);
        return code;
    }
    rc = carnet_rules_verify(r, cli->db);
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "fichier", argv[optind]);
            (void)cJSON_AddBoolToObject(doc, "valide", 1);
            (void)cJSON_AddBoolToObject(doc, "signature_valide", rc == CARNET_OK);
            (void)cJSON_AddStringToObject(doc, "message",
                                          rc == CARNET_OK ? "" : carnet_db_errmsg(cli->db));
        }
        code = cli_json_print(cli, doc);
    } else if (rc == CARNET_OK) {
        cli_printf(cli, "Règles valides et signées par l'administrateur : %s\n",
                   carnet_rules_name(r));
    } else {
        cli_printf(cli, "Règles valides mais non vérifiées : %s\n", carnet_db_errmsg(cli->db));
    }
    carnet_rules_free(r);
    return code != 0 ? code : (rc == CARNET_OK ? EX_OK : 1);
}

const struct carnet_cmd carnet_cmd_regles_verifier = {
    "regles verifier",
    verifier,
    "valider un fichier de règles et sa signature",
    "carnet regles verifier [--json] <fichier>",
    "Valide le fichier (une erreur nomme le chemin JSON fautif, code 65) puis vérifie sa\n"
    "signature contre la clé de l'administrateur de l'espace : code 1 si elle est absente ou\n"
    "fausse.\n",
    plain_opts};

static int
signer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_rules *r = NULL;
    char *out = NULL;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts + 1, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = load(cli, argv[optind], &r)) != 0 || (code = cli_actor(cli)) != 0) {
        carnet_rules_free(r);
        return code;
    }
    rc = carnet_rules_sign(&out, r, cli->db, cli->actor);
    carnet_rules_free(r);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "signature des règles");
    }
    cli_printf(cli, "%s\n", out);
    carnet_string_free(out);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_regles_signer = {
    "regles signer",
    signer,
    "signer un fichier de règles (l'administrateur)",
    "carnet regles signer <fichier>",
    "L'administrateur (--as) signe les règles ; le fichier signé est écrit sur la sortie\n"
    "standard. La signature porte sur le contenu des règles, pas sur leur mise en page.\n",
    plain_opts + 1};

static int
installer(struct carnet_cli *cli, int argc, char **argv)
{
    char *json = NULL;
    size_t len = 0;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_read_file(cli, argv[optind], &json, &len)) != 0) {
        return code;
    }
    code = cli_actor(cli);
    if (code == 0) {
        int rc = carnet_rules_install(cli->db, cli->actor, json, len);
        code = rc != CARNET_OK ? cli_fail(cli, rc, "installation") : 0;
    }
    free(json);
    if (code != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "fichier", argv[optind]);
            (void)cJSON_AddBoolToObject(doc, "installe", 1);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Règles installées et signées ; elles s'appliquent dès maintenant.\n");
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_regles_installer = {
    "regles installer",
    installer,
    "mettre en vigueur un fichier de règles (l'administrateur)",
    "carnet regles installer [--json] <fichier>",
    "L'administrateur (--as) met en vigueur de nouvelles règles (signées s'il ne l'étaient\n"
    "pas). Les autorisations déjà données ne sont pas élargies ; celles qui sortent des règles\n"
    "sont refusées à l'usage et leurs lecteurs perdent la clé à la prochaine écriture.\n",
    plain_opts};

static void
ceiling_row(struct carnet_cli *cli, cJSON *list, const carnet_rules *r, int s, carnet_access a,
            int rule)
{
    const char *name = rule >= 0 ? carnet_rules_rule_name(r, (size_t)rule) : NULL;
    cJSON *o;

    if (list == NULL) {
        cli_printf(cli, "%-18s %-9s %s%s%s\n", carnet_enum_code(CARNET_ENUM_SECTION, s),
                   carnet_enum_code(CARNET_ENUM_ACCESS, (int)a),
                   name != NULL ? "règle « " : "aucune règle ne nomme cette section",
                   name != NULL ? name : "", name != NULL ? " »" : "");
        return;
    }
    o = cJSON_CreateObject();
    (void)cJSON_AddStringToObject(o, "section", carnet_enum_code(CARNET_ENUM_SECTION, s));
    (void)cJSON_AddStringToObject(o, "plafond", carnet_enum_code(CARNET_ENUM_ACCESS, (int)a));
    if (name != NULL) {
        (void)cJSON_AddStringToObject(o, "regle", name);
    } else {
        (void)cJSON_AddNullToObject(o, "regle");
    }
    cJSON_AddItemToArray(list, o);
}

static int
expliquer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_rules *r = NULL;
    cJSON *doc = NULL, *list = NULL;
    int c, code = 0, role = 0, type = 0, only = -1;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 3)) != 0 ||
        (code = cli_parse_enum(cli, "<rôle>", CARNET_ENUM_ROLE, argv[optind], &role)) != 0 ||
        (code = cli_parse_enum(cli, "<type>", CARNET_ENUM_STRUCTURE_TYPE, argv[optind + 1],
                               &type)) != 0) {
        return code;
    }
    if ((argc - optind == 3 && (code = cli_parse_enum(cli, "<section>", CARNET_ENUM_SECTION,
                                                      argv[optind + 2], &only)) != 0) ||
        (code = load(cli, NULL, &r)) != 0) {
        return code;
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "sections") : NULL;
    }
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        int rule = -1;
        carnet_access a = carnet_rules_ceiling(r, (carnet_role)role, (carnet_structure_type)type,
                                               (carnet_section)s, &rule);
        if ((only < 0 || s == only) && (!cli->json || list != NULL)) {
            ceiling_row(cli, list, r, s, a, rule);
        }
    }
    carnet_rules_free(r);
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

const struct carnet_cmd carnet_cmd_regles_expliquer = {
    "regles expliquer",
    expliquer,
    "quel plafond pour un rôle et un type de structure, et pourquoi",
    "carnet regles expliquer [--json] <rôle> <type-de-structure> [<section>]",
    "Pour un rôle et un type de structure, donne le plafond de chaque section et la règle qui\n"
    "le fixe (la plus spécifique ; à égalité, la plus restrictive).\n",
    plain_opts};
