/* cmd_annuaire.c - the directory: structures, professionals, principals.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum { O_NOM = 256, O_TYPE, O_SENSIBLE, O_CP, O_ROLE, O_GENRE };

static cJSON *
principal_json(const carnet_principal_info *p)
{
    cJSON *o = cJSON_CreateObject();
    char date[11];

    if (o == NULL) {
        return NULL;
    }
    (void)cJSON_AddStringToObject(o, "identifiant", p->handle);
    (void)cJSON_AddStringToObject(o, "genre",
                                  carnet_enum_code(CARNET_ENUM_PRINCIPAL_KIND, (int)p->kind));
    if (p->kind == CARNET_PRINCIPAL_PROFESSIONAL) {
        (void)cJSON_AddStringToObject(o, "role", carnet_enum_code(CARNET_ENUM_ROLE, (int)p->role));
        (void)cJSON_AddStringToObject(o, "structure", p->structure);
    }
    if (p->kind == CARNET_PRINCIPAL_STRUCTURE) {
        (void)cJSON_AddStringToObject(o, "nom", p->name);
        (void)cJSON_AddBoolToObject(o, "sensible", p->sensitive);
        (void)cJSON_AddStringToObject(o, "code_postal", p->postcode);
    }
    if (p->kind == CARNET_PRINCIPAL_STRUCTURE || p->kind == CARNET_PRINCIPAL_PROFESSIONAL) {
        (void)cJSON_AddStringToObject(
            o, "type_structure",
            carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)p->structure_type));
    }
    (void)cJSON_AddStringToObject(o, "empreinte", p->fingerprint);
    (void)cJSON_AddStringToObject(o, "certifie_par", p->certified_by);
    (void)cJSON_AddBoolToObject(o, "certificat_valide", p->certificate_ok);
    cli_date(date, p->created_at);
    (void)cJSON_AddStringToObject(o, "cree_le", date);
    cli_date(date, p->deactivated_at);
    (void)cJSON_AddBoolToObject(o, "actif", p->deactivated_at == 0);
    if (p->deactivated_at != 0) {
        (void)cJSON_AddStringToObject(o, "desactive_le", date);
    }
    return o;
}

static void
principal_text(struct carnet_cli *cli, const carnet_principal_info *p)
{
    char date[11];

    cli_date(date, p->created_at);
    cli_printf(cli, "%s%s%s (%s)\n", cli_bold(cli), p->handle, cli_reset(cli),
               carnet_enum_label(CARNET_ENUM_PRINCIPAL_KIND, (int)p->kind));
    if (p->kind == CARNET_PRINCIPAL_STRUCTURE) {
        cli_printf(cli, "  nom              %s%s\n", p->name,
                   p->sensitive ? " (structure sensible)" : "");
        cli_printf(cli, "  type             %s\n",
                   carnet_enum_label(CARNET_ENUM_STRUCTURE_TYPE, (int)p->structure_type));
    }
    if (p->kind == CARNET_PRINCIPAL_PROFESSIONAL) {
        cli_printf(cli, "  rôle             %s\n",
                   carnet_enum_label(CARNET_ENUM_ROLE, (int)p->role));
        cli_printf(cli, "  structure        %s\n", p->structure);
    }
    cli_printf(cli, "  empreinte        %s\n", p->fingerprint);
    cli_printf(cli, "  certifiée par    %s (%s)\n", p->certified_by,
               p->certificate_ok ? "certificat valide" : "CERTIFICAT INVALIDE");
    cli_printf(cli, "  créé le          %s\n", date);
    if (p->deactivated_at != 0) {
        cli_date(date, p->deactivated_at);
        cli_printf(cli, "  désactivé le     %s\n", date);
    }
}

/* ------------------------------------------------------------ structure */

static const struct option structure_opts[] = {{"nom", required_argument, NULL, O_NOM},
                                               {"type", required_argument, NULL, O_TYPE},
                                               {"sensible", no_argument, NULL, O_SENSIBLE},
                                               {"code-postal", required_argument, NULL, O_CP},
                                               CLI_OPT_JSON,
                                               CLI_OPT_HELP,
                                               CLI_OPT_NULL};

static int
structure_creer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_structure_params p = CARNET_STRUCTURE_PARAMS_INIT;
    carnet_secbuf *pass = NULL;
    int c, code = 0, rc, type = 0;

    while ((c = cli_getopt(cli, argc, argv, structure_opts, &code)) >= 0) {
        switch (c) {
        case O_NOM:
            p.name = optarg;
            break;
        case O_TYPE:
            if ((code = cli_parse_enum(cli, "--type", CARNET_ENUM_STRUCTURE_TYPE, optarg, &type)) !=
                0) {
                return code;
            }
            p.type = (carnet_structure_type)type;
            break;
        case O_SENSIBLE:
            p.sensitive = 1;
            break;
        case O_CP:
            p.postcode = optarg;
            break;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (p.name == NULL || type == 0) {
        return cli_usage(cli, "les options --nom et --type sont requises");
    }
    p.handle = argv[optind];
    if ((code = cli_actor(cli)) != 0 ||
        (code = cli_new_passphrase(cli, "la structure", p.handle, &pass)) != 0) {
        return code;
    }
    p.passphrase = pass;
    rc = carnet_structure_create(cli->db, cli->actor, &p);
    carnet_secbuf_free(pass);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "création de la structure");
    }
    return cmd_show_principal(cli, p.handle, "Structure créée");
}

const struct carnet_cmd carnet_cmd_structure_creer = {
    "structure creer",
    structure_creer,
    "créer une structure (en tant qu'administrateur)",
    "carnet structure creer --nom <nom> --type <type> [--sensible] [--code-postal <cp>] [--json] "
    "<identifiant>",
    "Crée une structure et ses clés, certifiées par l'administrateur du déploiement (--as). La\n"
    "phrase de passe de la structure est demandée deux fois : elle sert à créer ses\n"
    "professionnels.\n\n"
    "  --nom <nom>           nom affiché, par exemple « CCAS de Roubaix »\n"
    "  --type <type>         conseil_departemental, france_travail, caf_msa, mission_locale,\n"
    "                        cap_emploi, ccas, plie, siae, association, organisme_formation,\n"
    "                        employeur, spip, sante, logement, commission, autre\n"
    "  --sensible            le nom de la structure révèle une information sensible\n"
    "  --code-postal <cp>    code postal (5 chiffres)\n"
    "  --json                sortie JSON\n",
    structure_opts};

/* ----------------------------------------------------------- professionnel */

static const struct option pro_opts[] = {
    {"role", required_argument, NULL, O_ROLE}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
pro_creer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_professional_params p = CARNET_PROFESSIONAL_PARAMS_INIT;
    carnet_secbuf *pass = NULL;
    int c, code = 0, rc, role = 0;

    while ((c = cli_getopt(cli, argc, argv, pro_opts, &code)) >= 0) {
        if (c == O_ROLE &&
            (code = cli_parse_enum(cli, "--role", CARNET_ENUM_ROLE, optarg, &role)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (role == 0) {
        return cli_usage(cli, "l'option --role est requise");
    }
    p.handle = argv[optind];
    p.role = (carnet_role)role;
    if ((code = cli_actor(cli)) != 0 ||
        (code = cli_new_passphrase(cli, "le professionnel", p.handle, &pass)) != 0) {
        return code;
    }
    p.passphrase = pass;
    rc = carnet_professional_create(cli->db, cli->actor, &p);
    carnet_secbuf_free(pass);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "création du professionnel");
    }
    return cmd_show_principal(cli, p.handle, "Professionnel créé");
}

const struct carnet_cmd carnet_cmd_pro_creer = {
    "pro creer",
    pro_creer,
    "créer un professionnel (en tant que sa structure)",
    "carnet pro creer --role <rôle> [--json] <identifiant>",
    "Crée un professionnel de la structure qui agit (--as <structure>) ; ses clés sont\n"
    "certifiées par la structure. Sa phrase de passe est demandée deux fois.\n\n"
    "  --role <rôle>   referent, accompagnateur, charge_orientation ou admin_structure\n"
    "  --json          sortie JSON\n",
    pro_opts};

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
pro_desactiver(struct carnet_cli *cli, int argc, char **argv)
{
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_professional_deactivate(cli->db, cli->actor, argv[optind]);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "désactivation");
    }
    return cmd_show_principal(cli, argv[optind], "Professionnel désactivé");
}

const struct carnet_cmd carnet_cmd_pro_desactiver = {
    "pro desactiver",
    pro_desactiver,
    "désactiver un professionnel",
    "carnet pro desactiver [--json] <identifiant>",
    "Désactive un professionnel (par sa structure ou l'administrateur) : ses autorisations\n"
    "cessent aussitôt, et la prochaine écriture dans chaque carnet qu'il lisait change la clé.\n",
    plain_opts};

/* ----------------------------------------------------------------- lookup */

int
cmd_show_principal(struct carnet_cli *cli, const char *handle, const char *title)
{
    carnet_principal_info p;
    int rc = carnet_principal_get(&p, cli->db, handle);

    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "annuaire");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            cJSON_AddItemToObject(doc, "acteur", principal_json(&p));
        }
        return cli_json_print(cli, doc);
    }
    if (title != NULL) {
        cli_printf(cli, "%s :\n", title);
    }
    principal_text(cli, &p);
    return EX_OK;
}

static int
annuaire_montrer(struct carnet_cli *cli, int argc, char **argv)
{
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    return cmd_show_principal(cli, argv[optind], NULL);
}

const struct carnet_cmd carnet_cmd_annuaire_montrer = {
    "annuaire montrer",
    annuaire_montrer,
    "montrer un acteur, son empreinte et son certificat",
    "carnet annuaire montrer [--json] <identifiant>",
    "Affiche un acteur de l'annuaire : type, rôle, structure, empreinte de ses clés publiques\n"
    "(à comparer de vive voix) et validité de sa chaîne de certification.\n",
    plain_opts};

static const struct option liste_opts[] = {
    {"genre", required_argument, NULL, O_GENRE}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static void
principal_row(struct carnet_cli *cli, cJSON *list, const carnet_principal_info *p)
{
    const char *detail = "";

    if (list != NULL) {
        cJSON_AddItemToArray(list, principal_json(p));
        return;
    }
    if (p->kind == CARNET_PRINCIPAL_PROFESSIONAL) {
        detail = carnet_enum_code(CARNET_ENUM_ROLE, (int)p->role);
    } else if (p->kind == CARNET_PRINCIPAL_STRUCTURE) {
        detail = carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)p->structure_type);
    }
    cli_printf(cli, "%-24s %-14s %-*s %s%s\n", p->handle,
               carnet_enum_code(CARNET_ENUM_PRINCIPAL_KIND, (int)p->kind), cli_w(detail, 22),
               detail, p->kind == CARNET_PRINCIPAL_PROFESSIONAL ? p->structure : p->name,
               p->deactivated_at != 0 ? " (désactivé)" : "");
}

static int
list_principals(struct carnet_cli *cli, carnet_principal_kind kind)
{
    carnet_principal_iter *it = NULL;
    carnet_principal_info p;
    cJSON *doc = cli->json ? cli_json_doc() : NULL;
    cJSON *list = doc != NULL ? cJSON_AddArrayToObject(doc, "acteurs") : NULL;
    int rc = carnet_principal_iter_new(&it, cli->db, kind);

    while (rc == CARNET_OK && (rc = carnet_principal_iter_next(it, &p)) == CARNET_OK) {
        principal_row(cli, list, &p);
    }
    carnet_principal_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        cJSON_Delete(doc);
        return cli_fail(cli, rc, "annuaire");
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

static int
annuaire_liste(struct carnet_cli *cli, int argc, char **argv)
{
    int c, code = 0, kind = 0;

    while ((c = cli_getopt(cli, argc, argv, liste_opts, &code)) >= 0) {
        if (c == O_GENRE && (code = cli_parse_enum(cli, "--genre", CARNET_ENUM_PRINCIPAL_KIND,
                                                   optarg, &kind)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    return list_principals(cli, (carnet_principal_kind)kind);
}

const struct carnet_cmd carnet_cmd_annuaire_liste = {
    "annuaire liste",
    annuaire_liste,
    "lister les acteurs de l'annuaire",
    "carnet annuaire liste [--genre <genre>] [--json]",
    "Liste l'administrateur, les structures, les professionnels et les personnes (désignées par\n"
    "un pseudonyme : aucun nom n'est en clair).\n\n"
    "  --genre <genre>   admin, structure, professionnel ou personne\n"
    "  --json            sortie JSON\n",
    liste_opts};
