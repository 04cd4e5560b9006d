/* cmd_table.c - the command table, sorted by name; lookup is exact.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

const struct carnet_cmd *const carnet_cmds[] = {
    &carnet_cmd_annuaire_liste,
    &carnet_cmd_annuaire_montrer,
    &carnet_cmd_autorisation_accorder,
    &carnet_cmd_autorisation_bloquer,
    &carnet_cmd_autorisation_debloquer,
    &carnet_cmd_autorisation_liste,
    &carnet_cmd_autorisation_revoquer,
    &carnet_cmd_chronologie,
    &carnet_cmd_creer,
    &carnet_cmd_diagnostic_justice,
    &carnet_cmd_diagnostic_pro,
    &carnet_cmd_diagnostic_sante,
    &carnet_cmd_diagnostic_social,
    &carnet_cmd_ecrire,
    &carnet_cmd_effacer,
    &carnet_cmd_entree_effacer,
    &carnet_cmd_equipe_inviter,
    &carnet_cmd_equipe_quitter,
    &carnet_cmd_espace_accepter_retour,
    &carnet_cmd_espace_creer,
    &carnet_cmd_espace_info,
    &carnet_cmd_espace_migrer,
    &carnet_cmd_espace_verifier,
    &carnet_cmd_expliquer,
    &carnet_cmd_exporter,
    &carnet_cmd_flux_codes,
    &carnet_cmd_flux_importer,
    &carnet_cmd_help,
    &carnet_cmd_importer,
    &carnet_cmd_indicateurs,
    &carnet_cmd_journal_liste,
    &carnet_cmd_journal_point,
    &carnet_cmd_journal_verifier,
    &carnet_cmd_lire,
    &carnet_cmd_liste,
    &carnet_cmd_modifier,
    &carnet_cmd_montrer,
    &carnet_cmd_offres_chercher,
    &carnet_cmd_offres_importer,
    &carnet_cmd_offres_montrer,
    &carnet_cmd_orienter,
    &carnet_cmd_page,
    &carnet_cmd_partage_graphe,
    &carnet_cmd_plan_action,
    &carnet_cmd_plan_axe,
    &carnet_cmd_plan_objectif,
    &carnet_cmd_plan_valider,
    &carnet_cmd_pro_creer,
    &carnet_cmd_pro_desactiver,
    &carnet_cmd_recuperer,
    &carnet_cmd_referent_changer,
    &carnet_cmd_referentiel_chercher,
    &carnet_cmd_regles_expliquer,
    &carnet_cmd_regles_installer,
    &carnet_cmd_regles_montrer,
    &carnet_cmd_regles_signer,
    &carnet_cmd_regles_verifier,
    &carnet_cmd_reorientation_decider,
    &carnet_cmd_reorientation_demander,
    &carnet_cmd_scenario_comparer,
    &carnet_cmd_scenario_jouer,
    &carnet_cmd_scenario_verifier,
    &carnet_cmd_situation_contrat,
    &carnet_cmd_situation_droits,
    &carnet_cmd_statut,
    &carnet_cmd_structure_creer,
    &carnet_cmd_suivi_cloture,
    &carnet_cmd_suivi_evaluation,
    &carnet_cmd_suivi_evenement,
    &carnet_cmd_suivi_nouvelles,
    &carnet_cmd_suivi_point,
    &carnet_cmd_suivi_rdv,
    &carnet_cmd_suivi_sortie,
    &carnet_cmd_types,
    &carnet_cmd_version,
    &carnet_cmd_vocabulaire,
};

const size_t carnet_cmds_count = sizeof carnet_cmds / sizeof carnet_cmds[0];

/* Commands that carnet help does not list (carnet(1) describes them). */
static const struct carnet_cmd *const hidden_cmds[] = {&carnet_cmd_completion};

const struct carnet_cmd *
cli_cmd_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < carnet_cmds_count; i++) {
        if (strcmp(carnet_cmds[i]->name, name) == 0) {
            return carnet_cmds[i];
        }
    }
    for (size_t i = 0; name != NULL && i < sizeof hidden_cmds / sizeof hidden_cmds[0]; i++) {
        if (strcmp(hidden_cmds[i]->name, name) == 0) {
            return hidden_cmds[i];
        }
    }
    return NULL;
}

int
cli_cmd_find_group(const char *word)
{
    size_t n = strlen(word);

    for (size_t i = 0; i < carnet_cmds_count; i++) {
        if (strncmp(carnet_cmds[i]->name, word, n) == 0 && carnet_cmds[i]->name[n] == ' ') {
            return 1;
        }
    }
    return 0;
}

const char cli_global_usage[] =
    "usage: carnet [--espace <fichier>] [--as <acteur>] [--phrase-fd <n> | --phrase-fichier "
    "<fichier>]\n"
    "              [--date <AAAA-MM-JJ>] [--json] [--color[=<quand>]] [-q] <commande> "
    "[<arguments>]\n"
    "       carnet help [<commande>]\n"
    "       carnet --version\n";

void
cli_list_commands(FILE *f, const char *group)
{
    size_t n = group != NULL ? strlen(group) : 0;

    (void)fputs(cli_global_usage, f);
    (void)fputs(group != NULL ? "\nCommandes du groupe :\n" : "\nCommandes :\n", f);
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        const char *name = carnet_cmds[i]->name;
        if (group == NULL || (strncmp(name, group, n) == 0 && name[n] == ' ')) {
            (void)fprintf(f, "  %-26s %s\n", name, carnet_cmds[i]->summary);
        }
    }
    (void)fputs("\nOptions globales : --espace <fichier>, --as <acteur>, --phrase-fd <n>,\n"
                "--phrase-fichier <fichier>, --date <AAAA-MM-JJ>, --json, --color[=<quand>],\n"
                "-q (--quiet), -h (--help), -V (--version). Voir carnet(1).\n"
                "Aide d'une commande : carnet help <commande> ou carnet <commande> --help\n",
                f);
}

/* ------------------------------------------------------------ help, version */

static const struct option help_opts[] = {CLI_OPT_HELP, CLI_OPT_NULL};

int
cli_help_words(struct carnet_cli *cli, int argc, char **argv)
{
    char name[128];
    const struct carnet_cmd *c;

    if (argc <= 0) {
        cli_list_commands(stdout, NULL);
        return EX_OK;
    }
    if (argc == 1 && cli_cmd_find(argv[0]) == NULL && cli_cmd_find_group(argv[0])) {
        cli_list_commands(stdout, argv[0]);
        return EX_OK;
    }
    if (argc > 2 || snprintf(name, sizeof name, "%s%s%s", argv[0], argc == 2 ? " " : "",
                             argc == 2 ? argv[1] : "") >= (int)sizeof name) {
        return cli_usage(cli, "argument en trop");
    }
    c = cli_cmd_find(name);
    if (c == NULL) {
        return cli_usage(cli, "commande inconnue '%s'", name);
    }
    cli->cmd = c->name;
    return cli_help(cli);
}

static int
help(struct carnet_cli *cli, int argc, char **argv)
{
    int opt, code = 0;

    while ((opt = cli_getopt(cli, argc, argv, help_opts, &code)) >= 0) {
    }
    if (opt == CLI_OPT_FAIL) {
        return code;
    }
    return cli_help_words(cli, argc - optind, argv + optind);
}

const struct carnet_cmd carnet_cmd_help = {
    "help",
    help,
    "afficher l'aide d'une commande",
    "carnet help [<commande>]",
    "Sans argument, liste les commandes ; avec une commande, affiche la même aide que\n"
    "carnet <commande> --help.\n",
    help_opts};

static int
version(struct carnet_cli *cli, int argc, char **argv)
{
    int opt, code = 0;

    while ((opt = cli_getopt(cli, argc, argv, help_opts, &code)) >= 0) {
    }
    if (opt == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc == NULL || cJSON_AddStringToObject(doc, "version", carnet_version()) == NULL) {
            cJSON_Delete(doc);
            return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
        }
        return cli_json_print(cli, doc);
    }
    (void)printf("carnet %s\n", carnet_version());
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_version = {
    "version", version, "afficher la version", "carnet version [--json]", "", help_opts};
