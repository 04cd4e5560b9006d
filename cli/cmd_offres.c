/* cmd_offres.c - the catalogue of insertion services: import (by the
 * administrator), search and show. A plan action prescribes a service with
 * "plan action --offre <id>".
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

enum { O_THEMATIQUE = 256, O_COMMUNE, O_PUBLIC };

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static cJSON *
list_json(const char *csv)
{
    cJSON *a = cJSON_CreateArray();
    char buf[512], *save = NULL;

    (void)snprintf(buf, sizeof buf, "%s", csv);
    for (char *t = strtok_r(buf, ",", &save); a != NULL && t != NULL;
         t = strtok_r(NULL, ",", &save)) {
        cJSON_AddItemToArray(a, cJSON_CreateString(t));
    }
    return a;
}

static cJSON *
offer_json(const carnet_offer *o)
{
    cJSON *j = cJSON_CreateObject();

    (void)cJSON_AddStringToObject(j, "id", o->id);
    (void)cJSON_AddStringToObject(j, "nom", o->name);
    (void)cJSON_AddStringToObject(j, "structure", o->structure);
    (void)cJSON_AddStringToObject(j, "commune", o->commune);
    (void)cJSON_AddStringToObject(j, "code_postal", o->postcode);
    cJSON_AddItemToObject(j, "thematiques", list_json(o->themes));
    cJSON_AddItemToObject(j, "publics", list_json(o->publics));
    cJSON_AddItemToObject(j, "modes_accueil", list_json(o->modes));
    cJSON_AddItemToObject(j, "frais", list_json(o->fees));
    cJSON_AddItemToObject(j, "zone_eligibilite", list_json(o->zone));
    (void)cJSON_AddStringToObject(j, "description", o->description);
    return j;
}

static int
importer(struct carnet_cli *cli, int argc, char **argv)
{
    char *json = NULL;
    size_t len = 0, n = 0;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_read_file(cli, argv[optind], &json, &len)) != 0) {
        return code;
    }
    if ((code = cli_actor(cli)) != 0) {
        free(json);
        return code;
    }
    rc = carnet_offers_import(&n, cli->db, cli->actor, json, len);
    free(json);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "import du catalogue");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddNumberToObject(doc, "services", (double)n);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Catalogue : %zu service(s) importé(s).\n", n);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_offres_importer = {
    "offres importer",
    importer,
    "importer le catalogue des services d'insertion (administrateur)",
    "carnet offres importer [--json] <fichier>",
    "L'administrateur (--as) importe un catalogue au format data·inclusion ({\"services\":\n"
    "[...]}) : thématiques, publics, frais et modes d'accueil sont vérifiés contre le\n"
    "référentiel data·inclusion ; une erreur nomme le chemin JSON fautif et rien n'est\n"
    "importé. Un service déjà présent (même id) est remplacé. Exemple : fixtures/offres/.\n",
    plain_opts};

static const struct option search_opts[] = {CLI_OPT_JSON,
                                            CLI_OPT_HELP,
                                            {"thematique", required_argument, NULL, O_THEMATIQUE},
                                            {"commune", required_argument, NULL, O_COMMUNE},
                                            {"public", required_argument, NULL, O_PUBLIC},
                                            CLI_OPT_NULL};

static int
chercher(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_offer_query q = CARNET_OFFER_QUERY_INIT;
    carnet_offer_iter *it = NULL;
    carnet_offer o;
    cJSON *doc = NULL, *list = NULL;
    int c, code = 0, rc, n = 0;

    while ((c = cli_getopt(cli, argc, argv, search_opts, &code)) >= 0) {
        q.theme = c == O_THEMATIQUE ? optarg : q.theme;
        q.place = c == O_COMMUNE ? optarg : q.place;
        q.public_ = c == O_PUBLIC ? optarg : q.public_;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    q.words = argc - optind == 1 ? argv[optind] : NULL;
    rc = carnet_offer_iter_new(&it, cli->db, &q);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "recherche dans le catalogue");
    }
    if (cli->json) {
        doc = cli_json_doc();
        list = doc != NULL ? cJSON_AddArrayToObject(doc, "services") : NULL;
    }
    while ((rc = carnet_offer_iter_next(it, &o)) == CARNET_OK) {
        n++;
        if (list != NULL) {
            cJSON_AddItemToArray(list, offer_json(&o));
        } else if (!cli->json) {
            cli_printf(cli, "%-12s %s%s%s — %s, %s (%s)\n", o.id, cli_bold(cli), o.name,
                       cli_reset(cli), o.structure, o.commune, o.fees);
        }
    }
    carnet_offer_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        cJSON_Delete(doc);
        return cli_fail(cli, rc, "recherche dans le catalogue");
    }
    if (cli->json) {
        return cli_json_print(cli, doc);
    }
    if (n == 0) {
        cli_printf(cli, "(aucun service)\n");
    }
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_offres_chercher = {
    "offres chercher",
    chercher,
    "chercher un service d'insertion par thématique, commune, public ou mots",
    "carnet offres chercher [--thematique <thématique>] [--commune <commune>] "
    "[--public <public>] [--json] [<texte>]",
    "Cherche dans le catalogue les services qui répondent à tous les critères donnés :\n"
    "--thematique une catégorie data·inclusion (mobilite) ou une sous-thématique\n"
    "(mobilite--preparer-un-permis), --commune un nom de commune, un code postal ou un code de\n"
    "département (un code postal trouve aussi les services ouverts à tout son département),\n"
    "--public\n"
    "un public (les services « tous publics » répondent toujours), et un texte cherché dans\n"
    "le nom, la structure et la description.\n",
    search_opts};

static int
montrer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_offer o;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    rc = carnet_offer_get(&o, cli->db, argv[optind]);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "catalogue");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            cJSON_AddItemToObject(doc, "service", offer_json(&o));
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "%s%s%s (%s)\n", cli_bold(cli), o.name, cli_reset(cli), o.id);
    cli_printf(cli, "  structure      %s, %s %s\n", o.structure, o.postcode, o.commune);
    cli_printf(cli, "  thématiques    %s\n  publics        %s\n", o.themes, o.publics);
    cli_printf(cli, "  accueil        %s\n  frais          %s\n", o.modes, o.fees);
    if (o.zone[0] != '\0') {
        cli_printf(cli, "  ouvert à       %s (code officiel géographique)\n", o.zone);
    }
    cli_printf(cli, "  %s\n", o.description);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_offres_montrer = {
    "offres montrer",
    montrer,
    "montrer un service du catalogue",
    "carnet offres montrer [--json] <id>",
    "Affiche un service du catalogue : structure, commune, thématiques, publics, mode\n"
    "d'accueil, frais et description.\n",
    plain_opts};
