/* cmd_consent.c - the person's authorisations, blocks, and explanations.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum {
    O_SECTIONS = 256,
    O_ECRITURE,
    O_HISTORIQUE,
    O_DEBUT,
    O_FIN,
    O_FINALITE,
    O_MODALITE,
    O_DATE_EXPL
};

static const struct option accorder_opts[] = {{"sections", required_argument, NULL, O_SECTIONS},
                                              {"ecriture", no_argument, NULL, O_ECRITURE},
                                              {"historique", required_argument, NULL, O_HISTORIQUE},
                                              {"debut", required_argument, NULL, O_DEBUT},
                                              {"fin", required_argument, NULL, O_FIN},
                                              {"finalite", required_argument, NULL, O_FINALITE},
                                              {"modalite", required_argument, NULL, O_MODALITE},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

static int
accorder_opt(struct carnet_cli *cli, int c, carnet_grant_params *g)
{
    int v = 0, code = 0;

    switch (c) {
    case O_SECTIONS:
        return cli_parse_sections(cli, "--sections", optarg, &g->sections);
    case O_ECRITURE:
        g->access = CARNET_ACCESS_WRITE;
        return 0;
    case O_HISTORIQUE:
        return cli_parse_scope(cli, "--historique", optarg, &g->scope, &g->since);
    case O_DEBUT:
        return cli_parse_date(cli, "--debut", optarg, &g->not_before);
    case O_FIN:
        return cli_parse_date(cli, "--fin", optarg, &g->not_after);
    case O_FINALITE:
        code = cli_parse_enum(cli, "--finalite", CARNET_ENUM_PURPOSE, optarg, &v);
        g->purpose = (carnet_purpose)v;
        return code;
    case O_MODALITE:
        code = cli_parse_enum(cli, "--modalite", CARNET_ENUM_METHOD, optarg, &v);
        g->method = (carnet_method)v;
        return code;
    default:
        return 0;
    }
}

static int
accorder(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    char sections[128];
    int64_t no = 0;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, accorder_opts, &code)) >= 0) {
        if ((code = accorder_opt(cli, c, &g)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (g.sections == 0) {
        return cli_usage(cli, "l'option --sections est requise");
    }
    g.grantee = argv[optind];
    if ((code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_grant(&no, cli->db, cli->actor, &g);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "autorisation");
    }
    if (carnet_sections_format(sections, sizeof sections, g.sections) != CARNET_OK) {
        sections[0] = '\0';
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddNumberToObject(doc, "autorisation", (double)no);
            (void)cJSON_AddStringToObject(doc, "professionnel", g.grantee);
            (void)cJSON_AddStringToObject(doc, "sections", sections);
            (void)cJSON_AddStringToObject(doc, "acces",
                                          carnet_enum_code(CARNET_ENUM_ACCESS, (int)g.access));
            (void)cJSON_AddStringToObject(doc, "historique",
                                          carnet_enum_code(CARNET_ENUM_SCOPE, (int)g.scope));
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Autorisation n°%lld accordée à %s : %s (%s, historique %s).\n", (long long)no,
               g.grantee, sections, carnet_enum_label(CARNET_ENUM_ACCESS, (int)g.access),
               carnet_enum_code(CARNET_ENUM_SCOPE, (int)g.scope));
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_autorisation_accorder = {
    "autorisation accorder",
    accorder,
    "autoriser un professionnel (la personne)",
    "carnet autorisation accorder --sections <sections> [--ecriture] [--historique <portée>] "
    "[--debut <date>] [--fin <date>] [--finalite <finalité>] [--modalite <modalité>] [--json] "
    "<professionnel>",
    "La personne (--as) signe une autorisation de partage : le professionnel pourra lire (ou\n"
    "lire et écrire) les sections données, dans la limite des règles du territoire. Les clés\n"
    "des sections lui sont scellées selon l'historique choisi.\n\n"
    "  --sections <sections>   liste séparée par des virgules, ou « toutes » (sauf sante et\n"
    "                          justice, qui doivent toujours être nommées)\n"
    "  --ecriture              lecture et écriture (lecture seule par défaut)\n"
    "  --historique <portée>   tout (défaut), maintenant, ou depuis:AAAA-MM-JJ\n"
    "  --debut, --fin <date>   période de validité ; l'expiration vaut révocation\n"
    "  --finalite <finalité>   accompagnement (défaut), orientation, diagnostic, commission,\n"
    "                          suivi_emploi, sante, justice, autre\n"
    "  --modalite <modalité>   en_personne (défaut), assiste, a_distance\n"
    "  --json                  sortie JSON\n",
    accorder_opts};

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
revoquer(struct carnet_cli *cli, int argc, char **argv)
{
    int64_t no = 0;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_parse_int(cli, "<numéro>", argv[optind], 1, INT64_MAX, &no)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_revoke(cli->db, cli->actor, no);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "révocation");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddNumberToObject(doc, "autorisation", (double)no);
            (void)cJSON_AddStringToObject(doc, "statut", "revoquee");
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Autorisation n°%lld révoquée : nouvelles clés pour les sections concernées.\n",
               (long long)no);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_autorisation_revoquer = {
    "autorisation revoquer",
    revoquer,
    "révoquer une autorisation (la personne)",
    "carnet autorisation revoquer [--json] <numéro>",
    "La personne (--as) révoque une autorisation : chaque section qu'elle couvrait reçoit une\n"
    "nouvelle clé, scellée aux seuls lecteurs restants. Ce que le professionnel a déjà lu ne\n"
    "peut pas lui être retiré ; il ne lira rien de ce qui sera écrit ensuite.\n",
    plain_opts};

static int
bloquer_common(struct carnet_cli *cli, int argc, char **argv, int blocked)
{
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_block(cli->db, cli->actor, argv[optind], blocked);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, blocked ? "blocage" : "levée du blocage");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "professionnel", argv[optind]);
            (void)cJSON_AddBoolToObject(doc, "bloque", blocked);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, blocked ? "%s est bloqué sur ce carnet.\n" : "%s n'est plus bloqué.\n",
               argv[optind]);
    return EX_OK;
}

static int
bloquer(struct carnet_cli *cli, int argc, char **argv)
{
    return bloquer_common(cli, argc, argv, 1);
}

static int
debloquer(struct carnet_cli *cli, int argc, char **argv)
{
    return bloquer_common(cli, argc, argv, 0);
}

const struct carnet_cmd carnet_cmd_autorisation_bloquer = {
    "autorisation bloquer",
    bloquer,
    "bloquer un professionnel (la personne)",
    "carnet autorisation bloquer [--json] <professionnel>",
    "La personne (--as) bloque un professionnel : quelle que soit son autorisation, il ne peut\n"
    "plus rien lire ni écrire, et les sections qu'il lisait changent de clé.\n",
    plain_opts};

const struct carnet_cmd carnet_cmd_autorisation_debloquer = {
    "autorisation debloquer",
    debloquer,
    "lever le blocage d'un professionnel (la personne)",
    "carnet autorisation debloquer [--json] <professionnel>",
    "Lève un blocage ; les autorisations encore valides reprennent effet, sans redonner les\n"
    "clés des périodes de blocage.\n",
    plain_opts};

static cJSON *
grant_json(const carnet_grant_info *g)
{
    cJSON *o = cJSON_CreateObject();
    char sections[128], d[11];

    if (o == NULL || carnet_sections_format(sections, sizeof sections, g->sections) != CARNET_OK) {
        cJSON_Delete(o);
        return NULL;
    }
    (void)cJSON_AddNumberToObject(o, "no", (double)g->no);
    (void)cJSON_AddStringToObject(o, "professionnel", g->grantee);
    (void)cJSON_AddStringToObject(o, "empreinte", g->grantee_fingerprint);
    (void)cJSON_AddStringToObject(o, "sections", sections);
    (void)cJSON_AddStringToObject(o, "acces", carnet_enum_code(CARNET_ENUM_ACCESS, (int)g->access));
    (void)cJSON_AddStringToObject(o, "historique",
                                  carnet_enum_code(CARNET_ENUM_SCOPE, (int)g->scope));
    cli_date(d, g->since);
    if (g->since != 0) {
        (void)cJSON_AddStringToObject(o, "depuis", d);
    }
    cli_date(d, g->not_before);
    (void)cJSON_AddStringToObject(o, "debut", d);
    cli_date(d, g->not_after);
    if (g->not_after != 0) {
        (void)cJSON_AddStringToObject(o, "fin", d);
    } else {
        (void)cJSON_AddNullToObject(o, "fin");
    }
    (void)cJSON_AddStringToObject(o, "finalite",
                                  carnet_enum_code(CARNET_ENUM_PURPOSE, (int)g->purpose));
    (void)cJSON_AddStringToObject(o, "modalite",
                                  carnet_enum_code(CARNET_ENUM_METHOD, (int)g->method));
    cli_date(d, g->created_at);
    (void)cJSON_AddStringToObject(o, "date", d);
    (void)cJSON_AddStringToObject(o, "statut", carnet_grant_status_code(g->status));
    (void)cJSON_AddBoolToObject(o, "signature_valide", g->signature_ok);
    return o;
}

static int
liste(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_grant_iter *it = NULL;
    carnet_grant_info g;
    cJSON *doc = NULL, *list = NULL;
    char sections[128], d[11], e[11];
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    rc = carnet_grant_iter_new(&it, cli->db, argv[optind]);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "autorisations");
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "autorisations") : NULL;
    }
    while ((rc = carnet_grant_iter_next(it, &g)) == CARNET_OK) {
        if (list != NULL) {
            cJSON_AddItemToArray(list, grant_json(&g));
            continue;
        }
        if (cli->json ||
            carnet_sections_format(sections, sizeof sections, g.sections) != CARNET_OK) {
            continue;
        }
        cli_date(d, g.created_at);
        cli_date(e, g.ended_at);
        cli_printf(cli, "n°%-3lld %-12s %-8s %-10s %-12s %s%s%s%s\n", (long long)g.no, g.grantee,
                   carnet_enum_code(CARNET_ENUM_ACCESS, (int)g.access), d,
                   carnet_grant_status_code(g.status), sections, g.ended_at != 0 ? " (fin le " : "",
                   e, g.ended_at != 0 ? ")" : "");
        if (!g.signature_ok) {
            cli_printf(cli, "       %sSIGNATURE INVALIDE%s\n", cli_red(cli), cli_reset(cli));
        }
    }
    carnet_grant_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        cJSON_Delete(doc);
        return cli_fail(cli, rc, "autorisations");
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

const struct carnet_cmd carnet_cmd_autorisation_liste = {
    "autorisation liste",
    liste,
    "lister les autorisations d'un carnet",
    "carnet autorisation liste [--json] <personne>",
    "Liste les autorisations de partage signées par la personne, actives, révoquées ou\n"
    "expirées, avec leurs sections, leur période et la vérification de sa signature.\n",
    plain_opts};

/* ---------------------------------------------------------------- expliquer */

static const struct option expliquer_opts[] = {{"ecriture", no_argument, NULL, O_ECRITURE},
                                               {"au", required_argument, NULL, O_DATE_EXPL},
                                               CLI_OPT_JSON,
                                               CLI_OPT_HELP,
                                               CLI_OPT_NULL};

static cJSON *
decision_json(int s, const carnet_decision *d)
{
    cJSON *o = cJSON_CreateObject();

    if (o == NULL) {
        return NULL;
    }
    (void)cJSON_AddStringToObject(o, "section", carnet_enum_code(CARNET_ENUM_SECTION, s));
    (void)cJSON_AddBoolToObject(o, "autorise", d->allowed);
    (void)cJSON_AddBoolToObject(o, "personne_elle_meme", d->owner);
    (void)cJSON_AddStringToObject(o, "plafond",
                                  carnet_enum_code(CARNET_ENUM_ACCESS, (int)d->ceiling));
    if (d->rule >= 0) {
        (void)cJSON_AddStringToObject(o, "regle", d->rule_name);
    } else {
        (void)cJSON_AddNullToObject(o, "regle");
    }
    if (d->grant != 0) {
        (void)cJSON_AddNumberToObject(o, "autorisation", (double)d->grant);
    } else {
        (void)cJSON_AddNullToObject(o, "autorisation");
    }
    (void)cJSON_AddNumberToObject(o, "epoque", d->epoch);
    (void)cJSON_AddBoolToObject(o, "cle", d->holds_key);
    (void)cJSON_AddStringToObject(o, "raison", d->reason);
    return o;
}

static void
decision_text(struct carnet_cli *cli, int s, const carnet_decision *d)
{
    cli_printf(cli, "%s%-18s %s%s  %s\n", d->allowed ? cli_green(cli) : cli_red(cli),
               carnet_enum_code(CARNET_ENUM_SECTION, s), d->allowed ? "oui" : "non", cli_reset(cli),
               d->reason);
}

static int
explain_all(struct carnet_cli *cli, const char *actor, const char *person, int only,
            carnet_access access, int64_t at)
{
    cJSON *doc = cli->json ? cli_json_doc() : NULL, *list = NULL;

    if (doc != NULL) {
        (void)cJSON_AddStringToObject(doc, "acteur", actor);
        (void)cJSON_AddStringToObject(doc, "personne", person);
        (void)cJSON_AddStringToObject(doc, "acces",
                                      carnet_enum_code(CARNET_ENUM_ACCESS, (int)access));
        list = cJSON_AddArrayToObject(doc, "decisions");
    }
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        carnet_decision d;
        int rc;
        if (only >= 0 && s != only) {
            continue;
        }
        rc = carnet_explain(&d, cli->db, actor, person, (carnet_section)s, access, at);
        if (rc != CARNET_OK) {
            cJSON_Delete(doc);
            return cli_fail(cli, rc, "explication");
        }
        if (list != NULL) {
            cJSON_AddItemToArray(list, decision_json(s, &d));
        } else if (!cli->json) {
            decision_text(cli, s, &d);
        }
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

static int
expliquer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_access access = CARNET_ACCESS_READ;
    int64_t at = 0;
    int c, code = 0, only = -1;

    while ((c = cli_getopt(cli, argc, argv, expliquer_opts, &code)) >= 0) {
        if (c == O_ECRITURE) {
            access = CARNET_ACCESS_WRITE;
        } else if (c == O_DATE_EXPL && (code = cli_parse_date(cli, "--au", optarg, &at)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 3)) != 0) {
        return code;
    }
    if (argc - optind == 3 && (code = cli_parse_enum(cli, "<section>", CARNET_ENUM_SECTION,
                                                     argv[optind + 2], &only)) != 0) {
        return code;
    }
    if ((code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    return explain_all(cli, argv[optind], argv[optind + 1], only, access,
                       at != 0 ? at + (int64_t)12 * 3600 : 0);
}

const struct carnet_cmd carnet_cmd_expliquer = {
    "expliquer",
    expliquer,
    "expliquer qui peut lire quoi, et pourquoi",
    "carnet expliquer [--ecriture] [--au <AAAA-MM-JJ>] [--json] <acteur> <personne> "
    "[<section>]",
    "Pour un acteur et un carnet, dit section par section si l'accès (lecture, ou écriture avec\n"
    "--ecriture) est permis, à une date donnée (--au) ou maintenant, et pourquoi : la règle\n"
    "qui fixe le plafond, l'autorisation qui couvre la section, l'époque de clé détenue. Ne lit\n"
    "que des données en clair ; aucune phrase de passe n'est demandée.\n",
    expliquer_opts};
