/* cmd_orient.c - orientation, change of référent, réorientation, groupe de
 * suivi.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum {
    O_TYPE = 256,
    O_DISPOSITIF,
    O_STRUCTURE,
    O_REFERENT,
    O_MOTIF,
    O_SECTIONS,
    O_HISTORIQUE,
    O_ACCORD,
    O_RETIRER,
    O_SOUHAITEE,
    O_ACCEPTER,
    O_MAINTENIR,
    O_ROLE
};

/* Unlock the person when she is present to agree ("assisted" mode). */
static int
agreement(struct carnet_cli *cli, const char *person, int wanted, carnet_actor **out)
{
    *out = NULL;
    if (!wanted) {
        return 0;
    }
    return cli_unlock(cli, person, " (accord de la personne)", out);
}

static int
done(struct carnet_cli *cli, const char *person, const char *what, const char *text)
{
    carnet_info info;

    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (carnet_info_get(&info, cli->db, person) == CARNET_OK && doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", person);
            (void)cJSON_AddStringToObject(doc, "operation", what);
            if (info.referent[0] != '\0') {
                (void)cJSON_AddStringToObject(doc, "referent", info.referent);
                (void)cJSON_AddStringToObject(doc, "structure", info.structure);
            } else {
                (void)cJSON_AddNullToObject(doc, "referent");
                (void)cJSON_AddNullToObject(doc, "structure");
            }
            (void)cJSON_AddNumberToObject(doc, "reorientation_en_attente",
                                          (double)info.reorientation_pending);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "%s\n", text);
    return EX_OK;
}

static const struct option orienter_opts[] = {{"type", required_argument, NULL, O_TYPE},
                                              {"dispositif", required_argument, NULL, O_DISPOSITIF},
                                              {"structure", required_argument, NULL, O_STRUCTURE},
                                              {"referent", required_argument, NULL, O_REFERENT},
                                              {"motif", required_argument, NULL, O_MOTIF},
                                              {"sections", required_argument, NULL, O_SECTIONS},
                                              {"historique", required_argument, NULL, O_HISTORIQUE},
                                              {"accord", no_argument, NULL, O_ACCORD},
                                              {"retirer-ancien", no_argument, NULL, O_RETIRER},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

/* Shared by orienter and reorientation decider. */
static int
orient_opt(struct carnet_cli *cli, int c, carnet_orient_params *p, int *accord)
{
    int v = 0, code;

    switch (c) {
    case O_TYPE:
        code = cli_parse_enum(cli, "--type", CARNET_ENUM_ORIENTATION, optarg, &v);
        p->type = (carnet_orientation)v;
        return code;
    case O_DISPOSITIF:
        p->dispositif = optarg;
        return 0;
    case O_STRUCTURE:
        p->structure = optarg;
        return 0;
    case O_REFERENT:
        p->referent = optarg;
        return 0;
    case O_MOTIF:
        p->motif = optarg;
        return 0;
    case O_SECTIONS:
        return cli_parse_sections(cli, "--sections", optarg, &p->sections);
    case O_HISTORIQUE:
        return cli_parse_scope(cli, "--historique", optarg, &p->scope, &p->since);
    case O_ACCORD:
        *accord = 1;
        return 0;
    case O_RETIRER:
        p->revoke_previous = 1;
        return 0;
    default:
        return 0;
    }
}

static int
orienter(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    carnet_actor *person = NULL;
    char text[256];
    int c, code = 0, rc, accord = 0;

    while ((c = cli_getopt(cli, argc, argv, orienter_opts, &code)) >= 0) {
        if ((code = orient_opt(cli, c, &p, &accord)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (p.structure == NULL || p.referent == NULL) {
        return cli_usage(cli, "les options --structure et --referent sont requises");
    }
    if ((code = cli_actor(cli)) != 0 ||
        (code = agreement(cli, argv[optind], accord, &person)) != 0) {
        return code;
    }
    rc = carnet_orient(cli->db, cli->actor, person, argv[optind], &p);
    carnet_actor_free(person);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "orientation");
    }
    (void)snprintf(text, sizeof text, "Orientation enregistrée (%s) : référent %s (%s)%s.",
                   carnet_enum_label(CARNET_ENUM_ORIENTATION, (int)p.type), p.referent, p.structure,
                   accord ? ", autorisé par la personne"
                          : " ; en attente de l'accord de la personne");
    return done(cli, argv[optind], "orientation", text);
}

const struct carnet_cmd carnet_cmd_orienter = {
    "orienter",
    orienter,
    "orienter la personne et désigner son référent",
    "carnet orienter --structure <structure> --referent <référent> [--type <type>] "
    "[--dispositif <dispositif>] [--motif <motif>] [--sections <sections>] "
    "[--historique <portée>] [--accord] [--retirer-ancien] [--json] <personne>",
    "Un chargé d'orientation (ou un référent) oriente la personne : type (social, sociopro,\n"
    "pro), dispositif, structure et référent unique. L'orientation et son motif sont chiffrés\n"
    "dans la section situation. Avec --accord, la personne présente tape sa phrase de passe\n"
    "(après celle de l'acteur) et autorise le référent sur les sections données ; sans elle,\n"
    "le référent est désigné mais ne lit rien tant qu'elle ne l'a pas autorisé. Après une\n"
    "sortie ou une clôture, l'orientation fait revenir la personne dans le parcours : son\n"
    "carnet repasse en cours.\n\n"
    "  --type <type>            social, sociopro (défaut) ou pro\n"
    "  --dispositif <texte>     par exemple « Socio-professionnel »\n"
    "  --sections <sections>    ouvertes au référent (défaut : toutes sauf sante et justice)\n"
    "  --historique <portée>    tout (défaut), maintenant, ou depuis:AAAA-MM-JJ\n"
    "  --retirer-ancien         révoquer les autorisations du référent précédent\n",
    orienter_opts};

static const struct option referent_opts[] = {{"sections", required_argument, NULL, O_SECTIONS},
                                              {"historique", required_argument, NULL, O_HISTORIQUE},
                                              {"accord", no_argument, NULL, O_ACCORD},
                                              {"retirer-ancien", no_argument, NULL, O_RETIRER},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

static int
referent_changer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    carnet_actor *person = NULL;
    char text[256];
    int c, code = 0, rc, accord = 0, is_person;

    while ((c = cli_getopt(cli, argc, argv, referent_opts, &code)) >= 0) {
        if ((code = orient_opt(cli, c, &p, &accord)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 2)) != 0) {
        return code;
    }
    if ((code = cli_actor(cli)) != 0) {
        return code;
    }
    is_person = strcmp(carnet_actor_handle(cli->actor), argv[optind]) == 0;
    if (!is_person && (code = agreement(cli, argv[optind], accord, &person)) != 0) {
        return code;
    }
    rc = carnet_referent_change(cli->db, cli->actor, person, argv[optind], argv[optind + 1],
                                accord || is_person ? p.sections : 0, p.scope, p.revoke_previous);
    carnet_actor_free(person);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "changement de référent");
    }
    (void)snprintf(text, sizeof text, "Nouveau référent de %s : %s.", argv[optind],
                   argv[optind + 1]);
    return done(cli, argv[optind], "changement_referent", text);
}

const struct carnet_cmd carnet_cmd_referent_changer = {
    "referent changer",
    referent_changer,
    "changer de référent en une seule opération",
    "carnet referent changer [--sections <sections>] [--historique <portée>] [--accord] "
    "[--retirer-ancien] [--json] <personne> <nouveau-référent>",
    "Fait du nouveau référent le référent unique ; l'ancien reste membre du groupe de suivi, et\n"
    "avec --retirer-ancien ses autorisations sont révoquées (nouvelles clés). Agit la personne\n"
    "elle-même, ou un chargé d'orientation avec --accord de la personne pour autoriser le\n"
    "nouveau référent. Tout se fait dans une seule transaction.\n",
    referent_opts};

static const struct option demander_opts[] = {{"souhaitee", required_argument, NULL, O_SOUHAITEE},
                                              {"motif", required_argument, NULL, O_MOTIF},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

static int
reorientation_demander(struct carnet_cli *cli, int argc, char **argv)
{
    const char *motif = NULL;
    char text[160];
    int64_t no = 0;
    int c, code = 0, rc, wanted = 0;

    while ((c = cli_getopt(cli, argc, argv, demander_opts, &code)) >= 0) {
        if (c == O_SOUHAITEE && (code = cli_parse_enum(cli, "--souhaitee", CARNET_ENUM_ORIENTATION,
                                                       optarg, &wanted)) != 0) {
            return code;
        }
        if (c == O_MOTIF) {
            motif = optarg;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (wanted == 0 || motif == NULL) {
        return cli_usage(cli, "les options --souhaitee et --motif sont requises");
    }
    if ((code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_reorientation_request(&no, cli->db, cli->actor, argv[optind],
                                      (carnet_orientation)wanted, motif);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "demande de réorientation");
    }
    (void)snprintf(text, sizeof text, "Demande de réorientation n°%lld envoyée.", (long long)no);
    return done(cli, argv[optind], "demande_reorientation", text);
}

const struct carnet_cmd carnet_cmd_reorientation_demander = {
    "reorientation demander",
    reorientation_demander,
    "demander une réorientation (le référent)",
    "carnet reorientation demander --souhaitee <type> --motif <motif> [--json] <personne>",
    "Le référent actuel demande une réorientation vers un autre type (social, sociopro, pro) ;\n"
    "son motif est chiffré dans la section situation.\n",
    demander_opts};

static const struct option decider_opts[] = {{"accepter", no_argument, NULL, O_ACCEPTER},
                                             {"maintenir", no_argument, NULL, O_MAINTENIR},
                                             {"type", required_argument, NULL, O_TYPE},
                                             {"dispositif", required_argument, NULL, O_DISPOSITIF},
                                             {"structure", required_argument, NULL, O_STRUCTURE},
                                             {"referent", required_argument, NULL, O_REFERENT},
                                             {"motif", required_argument, NULL, O_MOTIF},
                                             {"sections", required_argument, NULL, O_SECTIONS},
                                             {"historique", required_argument, NULL, O_HISTORIQUE},
                                             {"accord", no_argument, NULL, O_ACCORD},
                                             {"retirer-ancien", no_argument, NULL, O_RETIRER},
                                             CLI_OPT_JSON,
                                             CLI_OPT_HELP,
                                             CLI_OPT_NULL};

static int
reorientation_decider(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    carnet_actor *person = NULL;
    int c, code = 0, rc, accord = 0, accept = 0, keep = 0;

    while ((c = cli_getopt(cli, argc, argv, decider_opts, &code)) >= 0) {
        accept |= c == O_ACCEPTER;
        keep |= c == O_MAINTENIR;
        if ((code = orient_opt(cli, c, &p, &accord)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (accept == keep) {
        return cli_usage(cli, "une et une seule des options --accepter et --maintenir");
    }
    if (accept && (p.structure == NULL || p.referent == NULL)) {
        return cli_usage(cli, "--accepter demande --structure et --referent");
    }
    if (p.motif == NULL) {
        return cli_usage(cli, "l'option --motif est requise");
    }
    if ((code = cli_actor(cli)) != 0 ||
        (code = agreement(cli, argv[optind], accord, &person)) != 0) {
        return code;
    }
    rc = carnet_reorientation_decide(cli->db, cli->actor, person, argv[optind], accept, p.motif,
                                     accept ? &p : NULL);
    carnet_actor_free(person);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "décision de réorientation");
    }
    return done(cli, argv[optind], accept ? "reorientation_acceptee" : "maintien",
                accept ? "Réorientation acceptée." : "Accompagnement maintenu.");
}

const struct carnet_cmd carnet_cmd_reorientation_decider = {
    "reorientation decider",
    reorientation_decider,
    "décider une réorientation (chargé d'orientation)",
    "carnet reorientation decider (--accepter --structure <structure> --referent <référent> "
    "[--type <type>] [--dispositif <dispositif>] | --maintenir) --motif <motif> "
    "[--sections <sections>] [--historique <portée>] [--accord] [--retirer-ancien] [--json] "
    "<personne>",
    "Un chargé d'orientation accepte la demande en attente (nouvelle orientation, comme\n"
    "carnet orienter) ou maintient l'accompagnement ; le motif est chiffré.\n",
    decider_opts};

/* ----------------------------------------------------------------- équipe */

static const struct option inviter_opts[] = {
    {"role", required_argument, NULL, O_ROLE}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
equipe_inviter(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_member_role role = CARNET_MEMBER_ACCOMPAGNATEUR;
    char text[160];
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, inviter_opts, &code)) >= 0) {
        if (c == O_ROLE) {
            if (strcmp(optarg, "accompagnateur") == 0) {
                role = CARNET_MEMBER_ACCOMPAGNATEUR;
            } else if (strcmp(optarg, "charge_orientation") == 0) {
                role = CARNET_MEMBER_CHARGE_ORIENTATION;
            } else if (strcmp(optarg, "commission") == 0) {
                role = CARNET_MEMBER_COMMISSION;
            } else {
                return cli_usage(cli,
                                 "option --role : accompagnateur, charge_orientation ou "
                                 "commission attendu, pas '%s'",
                                 optarg);
            }
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 2)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_member_invite(cli->db, cli->actor, argv[optind], argv[optind + 1], role);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "invitation");
    }
    (void)snprintf(text, sizeof text,
                   "%s rejoint le groupe de suivi (l'accès demande l'autorisation de la personne).",
                   argv[optind + 1]);
    return done(cli, argv[optind], "invitation", text);
}

const struct carnet_cmd carnet_cmd_equipe_inviter = {
    "equipe inviter",
    equipe_inviter,
    "inviter un professionnel dans le groupe de suivi",
    "carnet equipe inviter [--role <rôle>] [--json] <personne> <professionnel>",
    "Un membre du groupe de suivi (ou la personne) invite un professionnel. Être membre ne\n"
    "donne accès à rien : la personne doit encore l'autoriser.\n\n"
    "  --role <rôle>   accompagnateur (défaut), charge_orientation ou commission\n",
    inviter_opts};

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
equipe_quitter(struct carnet_cli *cli, int argc, char **argv)
{
    char text[160];
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 2)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_member_leave(cli->db, cli->actor, argv[optind], argv[optind + 1]);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "départ du groupe de suivi");
    }
    (void)snprintf(text, sizeof text, "%s quitte le groupe de suivi (l'historique est conservé).",
                   argv[optind + 1]);
    return done(cli, argv[optind], "depart", text);
}

const struct carnet_cmd carnet_cmd_equipe_quitter = {
    "equipe quitter",
    equipe_quitter,
    "mettre fin à la présence d'un membre",
    "carnet equipe quitter [--json] <personne> <professionnel>",
    "Le membre lui-même ou la personne met fin à sa présence ; la ligne reste dans\n"
    "l'historique. Le référent ne quitte pas le groupe : changez d'abord de référent.\n",
    plain_opts};
