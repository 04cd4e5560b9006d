/* cmd_journal.c - the person's access log: listing, verifying, checkpoints.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum { O_POINT = 256 };

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static void
event_row(struct carnet_cli *cli, cJSON *list, const carnet_audit_event *e)
{
    char date[11];
    const char *section =
        e->section >= 0 ? carnet_enum_code(CARNET_ENUM_SECTION, e->section) : NULL;
    cJSON *o;

    cli_date(date, e->at);
    if (list == NULL) {
        cli_printf(cli, "%4lld  %s  %-14s %s%-*s%s %s%s%s%s\n", (long long)e->seq, date, e->actor,
                   e->refused ? cli_red(cli) : "", cli_w(carnet_audit_action_label(e->action), 24),
                   carnet_audit_action_label(e->action), e->refused ? cli_reset(cli) : "",
                   section != NULL ? section : "", e->subject[0] != '\0' ? "→ " : "", e->subject,
                   e->refused ? " — refusé" : "");
        return;
    }
    o = cJSON_CreateObject();
    (void)cJSON_AddNumberToObject(o, "seq", (double)e->seq);
    (void)cJSON_AddStringToObject(o, "date", date);
    (void)cJSON_AddNumberToObject(o, "horodatage", (double)e->at);
    (void)cJSON_AddStringToObject(o, "acteur", e->actor);
    (void)cJSON_AddStringToObject(o, "action", carnet_audit_action_code(e->action));
    if (section != NULL) {
        (void)cJSON_AddStringToObject(o, "section", section);
    } else {
        (void)cJSON_AddNullToObject(o, "section");
    }
    (void)cJSON_AddNumberToObject(o, "objet", (double)e->object);
    if (e->subject[0] != '\0') {
        (void)cJSON_AddStringToObject(o, "sujet", e->subject);
    }
    (void)cJSON_AddBoolToObject(o, "refuse", e->refused);
    if (e->refused) {
        (void)cJSON_AddStringToObject(o, "motif", e->reason);
    }
    cJSON_AddItemToArray(list, o);
}

static int
liste(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_audit_iter *it = NULL;
    carnet_audit_event e;
    cJSON *doc = NULL, *list = NULL;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "journal") : NULL;
    }
    rc = carnet_audit_iter_new(&it, cli->db, argv[optind]);
    while (rc == CARNET_OK && (rc = carnet_audit_iter_next(it, &e)) == CARNET_OK) {
        if (!cli->json || list != NULL) {
            event_row(cli, list, &e);
        }
    }
    carnet_audit_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        cJSON_Delete(doc);
        return cli_fail(cli, rc, "journal");
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

const struct carnet_cmd carnet_cmd_journal_liste = {
    "journal liste",
    liste,
    "lister le journal d'accès d'un carnet",
    "carnet journal liste [--json] <personne>",
    "Ce que la personne peut voir : qui a lu ou écrit quelle section, qui a été autorisé ou\n"
    "révoqué, chaque refus, chaque export ou effacement, quand. Jamais de contenu. Une flèche\n"
    "nomme le professionnel concerné (autorisé, révoqué, bloqué, invité, nouveau référent).\n",
    plain_opts};

static const struct option verifier_opts[] = {
    {"point", required_argument, NULL, O_POINT}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
verifier(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_checkpoint cp;
    carnet_audit_report rep;
    const char *point_file = NULL;
    char *text = NULL;
    size_t len = 0;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, verifier_opts, &code)) >= 0) {
        if (c == O_POINT) {
            point_file = optarg;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_VERIFY)) != 0) {
        return code;
    }
    if (point_file != NULL) {
        if ((code = cli_read_file(cli, point_file, &text, &len)) != 0) {
            return code;
        }
        rc = carnet_checkpoint_parse(&cp, text);
        free(text);
        if (rc != CARNET_OK) {
            return cli_error(cli, CARNET_EINVAL, "point de contrôle '%s' illisible", point_file);
        }
    }
    rc = carnet_audit_verify(&rep, cli->db, argv[optind], point_file != NULL ? &cp : NULL);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "vérification du journal");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", argv[optind]);
            (void)cJSON_AddBoolToObject(doc, "integre", rep.ok);
            (void)cJSON_AddNumberToObject(doc, "enregistrements", (double)rep.records);
            if (rep.first_bad != 0) {
                (void)cJSON_AddNumberToObject(doc, "premier_maillon_rompu", (double)rep.first_bad);
            } else {
                (void)cJSON_AddNullToObject(doc, "premier_maillon_rompu");
            }
            (void)cJSON_AddStringToObject(doc, "message", rep.message);
        }
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "%s%s%s\n", rep.ok ? cli_green(cli) : cli_red(cli), rep.message,
                   cli_reset(cli));
    }
    /* A predicate: 1 when the log does not verify. */
    return code != 0 ? code : (rep.ok ? EX_OK : 1);
}

const struct carnet_cmd carnet_cmd_journal_verifier = {
    "journal verifier",
    verifier,
    "vérifier l'intégrité du journal d'accès",
    "carnet journal verifier [--point <fichier>] [--json] <personne>",
    "Recalcule la chaîne de hachage et vérifie chaque signature contre la clé certifiée de\n"
    "l'acteur nommé ; nomme le premier maillon rompu. Avec --point, vérifie aussi que le\n"
    "journal contient toujours le point de contrôle gardé par la personne (troncature ou\n"
    "réécriture). Code de sortie 1 quand le journal ne vérifie pas.\n",
    verifier_opts};

static int
point(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_checkpoint cp;
    char text[CARNET_CHECKPOINT_TEXT_MAX + 1];
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_audit_checkpoint(&cp, cli->db, cli->actor);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "point de contrôle");
    }
    carnet_checkpoint_format(text, &cp);
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", cp.person);
            (void)cJSON_AddNumberToObject(doc, "enregistrements", (double)cp.size);
            (void)cJSON_AddStringToObject(doc, "point", text);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "%s\n", text);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_journal_point = {
    "journal point",
    point,
    "faire un point de contrôle signé du journal (la personne)",
    "carnet journal point [--json]",
    "La personne (--as) signe la taille et la tête de son journal. Gardez la ligne affichée\n"
    "hors de l'espace de travail (carnet journal point > point.txt) : carnet journal verifier\n"
    "--point point.txt détectera une troncature ou une réécriture.\n",
    plain_opts};
