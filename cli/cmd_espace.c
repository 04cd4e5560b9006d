/* cmd_espace.c - creating a workspace, describing it, verifying and
 * migrating it, and accepting a restored copy.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"

enum { O_TERRITOIRE = 256, O_DEPARTEMENT, O_ADMIN, O_KDF, O_REGLES, O_CONFIRMER };

static const struct option creer_opts[] = {{"territoire", required_argument, NULL, O_TERRITOIRE},
                                           {"departement", required_argument, NULL, O_DEPARTEMENT},
                                           {"admin", required_argument, NULL, O_ADMIN},
                                           {"kdf", required_argument, NULL, O_KDF},
                                           {"regles", required_argument, NULL, O_REGLES},
                                           CLI_OPT_JSON,
                                           CLI_OPT_HELP,
                                           CLI_OPT_NULL};

/* Close and delete a workspace file this command created, with its
 * SQLite side files. */
static void
remove_new_workspace(struct carnet_cli *cli)
{
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    char path[4096];

    cli_close(cli);
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
        if (snprintf(path, sizeof path, "%s%s", cli->db_path, side[i]) < (int)sizeof path) {
            (void)unlink(path);
        }
    }
}

static int
espace_creer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_deployment_params p = CARNET_DEPLOYMENT_PARAMS_INIT;
    carnet_db_info info;
    carnet_secbuf *pass = NULL;
    const char *rules_file = NULL;
    char *rules = NULL;
    size_t len = 0;
    int c, code = 0, existed;
    struct stat sb;

    p.admin_handle = "admin";
    while ((c = cli_getopt(cli, argc, argv, creer_opts, &code)) >= 0) {
        switch (c) {
        case O_TERRITOIRE:
            p.name = optarg;
            break;
        case O_DEPARTEMENT:
            p.department = optarg;
            break;
        case O_ADMIN:
            p.admin_handle = optarg;
            break;
        case O_KDF:
            if (carnet_kdf_profile_parse(&p.kdf, optarg) != CARNET_OK) {
                return cli_usage(
                    cli, "option --kdf : moderate, sensitive ou fast attendu, pas '%s'", optarg);
            }
            break;
        case O_REGLES:
            rules_file = optarg;
            break;
        }
    }
    if (c == CLI_OPT_FAIL) {
        return code;
    }
    if ((code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    if (p.name == NULL || p.department == NULL) {
        return cli_usage(cli, "les options --territoire et --departement sont requises");
    }
    if (rules_file != NULL && (code = cli_read_file(cli, rules_file, &rules, &len)) != 0) {
        return code;
    }
    p.rules_json = rules;
    existed = lstat(cli->db_path, &sb) == 0;
    code = cli_new_passphrase(cli, "l'administrateur", p.admin_handle, &pass);
    if (code == 0) {
        code = cli_open(cli, CLI_OPEN_CREATE);
    }
    if (code == 0) {
        p.admin_passphrase = pass;
        int rc = carnet_db_init(cli->db, &p);
        code = rc != CARNET_OK ? cli_fail(cli, rc, "création de l'espace de travail") : 0;
    }
    carnet_secbuf_free(pass);
    free(rules);
    if (code != 0 && !existed) {
        remove_new_workspace(cli); /* a failed creation leaves nothing behind */
    }
    if (code != 0) {
        return code;
    }
    if (p.kdf == CARNET_KDF_FAST) {
        cli_warn(cli, "profil de dérivation « fast » : réservé aux tests et aux démonstrations");
    }
    if (carnet_db_info_get(&info, cli->db) != CARNET_OK) {
        memset(&info, 0, sizeof info);
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "espace", cli->db_path);
            (void)cJSON_AddStringToObject(doc, "empreinte_admin", info.admin_fingerprint);
            (void)cJSON_AddStringToObject(doc, "territoire", p.name);
            (void)cJSON_AddStringToObject(doc, "departement", p.department);
            (void)cJSON_AddStringToObject(doc, "admin", p.admin_handle);
            (void)cJSON_AddStringToObject(doc, "kdf", carnet_kdf_profile_name(p.kdf));
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli,
               "Espace de travail '%s' créé : territoire %s (%s), administrateur '%s', "
               "profil de clé %s\n",
               cli->db_path, p.name, p.department, p.admin_handle, carnet_kdf_profile_name(p.kdf));
    cli_printf(cli,
               "Empreinte de la clé de l'administrateur : %s\n"
               "(à comparer hors de carnet : chaque acteur la retient à sa première visite)\n",
               info.admin_fingerprint);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_espace_creer = {
    "espace creer",
    espace_creer,
    "créer un espace de travail (un territoire)",
    "carnet espace creer --territoire <nom> --departement <code> [--admin <identifiant>] "
    "[--kdf <profil>] [--regles <fichier>] [--json]",
    "Crée le fichier de l'espace de travail (--espace, CARNET_DB ou espace.carnet), les clés de\n"
    "l'administrateur du déploiement (sa phrase de passe est demandée deux fois) et installe les\n"
    "règles de partage, signées par lui.\n\n"
    "  --territoire <nom>      nom du territoire, par exemple Nord\n"
    "  --departement <code>    code du département, par exemple 59\n"
    "  --admin <identifiant>   identifiant de l'administrateur (admin par défaut)\n"
    "  --kdf <profil>          moderate (défaut), sensitive, ou fast (tests et démonstrations)\n"
    "  --regles <fichier>      règles de partage (défaut : règles livrées avec carnet)\n"
    "  --json                  sortie JSON\n",
    creer_opts};

static const struct option info_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
espace_info(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_db_info info;
    char date[11];
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, info_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_VERIFY)) != 0) {
        return code;
    }
    rc = carnet_db_info_get(&info, cli->db);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "lecture de l'espace de travail");
    }
    cli_date(date, info.created_at);
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "espace", cli->db_path);
            (void)cJSON_AddStringToObject(doc, "territoire", info.name);
            (void)cJSON_AddStringToObject(doc, "departement", info.department);
            (void)cJSON_AddStringToObject(doc, "admin", info.admin);
            (void)cJSON_AddStringToObject(doc, "empreinte_admin", info.admin_fingerprint);
            (void)cJSON_AddStringToObject(doc, "kdf", carnet_kdf_profile_name(info.kdf));
            (void)cJSON_AddStringToObject(doc, "cree_le", date);
            (void)cJSON_AddNumberToObject(doc, "schema", info.schema_version);
            (void)cJSON_AddNumberToObject(doc, "structures", (double)info.structures);
            (void)cJSON_AddNumberToObject(doc, "professionnels", (double)info.professionals);
            (void)cJSON_AddNumberToObject(doc, "personnes", (double)info.persons);
            (void)cJSON_AddNumberToObject(doc, "carnets", (double)info.carnets);
            (void)cJSON_AddNumberToObject(doc, "entrees", (double)info.entries);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli,
               "%sEspace de travail%s %s\n"
               "  territoire       %s (%s)\n"
               "  administrateur   %s\n"
               "  son empreinte    %s\n"
               "  profil de clé    %s\n"
               "  créé le          %s\n"
               "  structures       %lld\n"
               "  professionnels   %lld\n"
               "  personnes        %lld\n"
               "  carnets          %lld\n"
               "  entrées          %lld\n",
               cli_bold(cli), cli_reset(cli), cli->db_path, info.name, info.department, info.admin,
               info.admin_fingerprint, carnet_kdf_profile_name(info.kdf), date,
               (long long)info.structures, (long long)info.professionals, (long long)info.persons,
               (long long)info.carnets, (long long)info.entries);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_espace_info = {
    "espace info",
    espace_info,
    "décrire l'espace de travail",
    "carnet espace info [--json]",
    "Affiche le territoire, l'administrateur, le profil de dérivation des clés et les effectifs.\n"
    "Ne demande aucune phrase de passe : ces informations sont en clair.\n",
    info_opts};

static int
espace_verifier(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_db_check_report rep;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, info_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_VERIFY)) != 0) {
        return code;
    }
    rc = carnet_db_check(&rep, cli->db);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "vérification");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddBoolToObject(doc, "integre", rep.ok);
            (void)cJSON_AddBoolToObject(doc, "sqlite_integre", rep.integrity_ok);
            (void)cJSON_AddNumberToObject(doc, "carnets", (double)rep.carnets);
            (void)cJSON_AddNumberToObject(doc, "incomplets", (double)rep.incomplete);
            (void)cJSON_AddNumberToObject(doc, "journaux_casses", (double)rep.broken);
            (void)cJSON_AddNumberToObject(doc, "historiques_rompus", (double)rep.history_broken);
            (void)cJSON_AddBoolToObject(doc, "registre_rompu", rep.registry_broken);
            (void)cJSON_AddNumberToObject(doc, "registre_enregistrements",
                                          (double)rep.registry_records);
            (void)cJSON_AddNumberToObject(doc, "registre_attestes", (double)rep.registry_attested);
            (void)cJSON_AddNumberToObject(doc, "colonnes_modifiees", (double)rep.cache_mismatches);
            (void)cJSON_AddStringToObject(doc, "message", rep.message);
        }
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "%s\n", rep.message);
    }
    /* A broken history, a broken registry or a cache edited against it is a
     * modification of the file: its own exit code. */
    if (code == 0 && (rep.history_broken > 0 || rep.registry_broken || rep.cache_mismatches > 0)) {
        code = CLI_EXIT_INTEGRITY;
    }
    return code != 0 ? code : rep.ok ? EX_OK : 1;
}

const struct carnet_cmd carnet_cmd_espace_verifier = {
    "espace verifier",
    espace_verifier,
    "vérifier tout l'espace de travail (après un incident)",
    "carnet espace verifier [--json]",
    "Vérifie, sans aucune clé, l'intégrité du fichier (contrôles de SQLite), le registre de\n"
    "l'espace (certificats, désactivations, règles), que chaque carnet est complet (ses huit\n"
    "clés de section et les entrées de sa création), que chaque journal d'accès vérifie et que\n"
    "chaque historique tient. Code 0 si tout est intègre, 79 si un historique ou le registre\n"
    "est rompu ou si une colonne en clair le contredit, 1 pour un autre défaut ; le message\n"
    "nomme le premier défaut.\n",
    info_opts};

static int
espace_migrer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_db_migration m;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, info_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_db_migrate(&m, cli->db, cli->actor);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "migration");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddNumberToObject(doc, "enregistrements", (double)m.records);
            (void)cJSON_AddNumberToObject(doc, "structures", (double)m.structures);
            (void)cJSON_AddNumberToObject(doc, "professionnels", (double)m.professionals);
            (void)cJSON_AddNumberToObject(doc, "desactivations", (double)m.deactivations);
            (void)cJSON_AddNumberToObject(doc, "regles", (double)m.rules);
            (void)cJSON_AddNumberToObject(doc, "index_relies", (double)m.lookups);
        }
        return cli_json_print(cli, doc);
    }
    if (m.records == 0) { /* the registry was there: only the flows' index */
        cli_printf(cli,
                   "Index des flux : %lld ligne(s) reliée(s) à leur carnet par %s. Elles attestent "
                   "ce que le fichier contenait à la migration, pas ce qui s'est passé avant.\n",
                   (long long)m.lookups, carnet_actor_handle(cli->actor));
        return EX_OK;
    }
    cli_printf(cli,
               "Registre de l'espace créé : %lld enregistrement(s) signés par %s.\n"
               "  structures certifiées     %lld\n"
               "  professionnels certifiés  %lld\n"
               "  désactivations reprises   %lld\n"
               "  règles en vigueur         n°%lld\n"
               "  lignes d'index des flux   %lld reliée(s) à leur carnet\n"
               "Ces enregistrements attestent ce que le fichier contenait à la migration, pas ce "
               "qui s'est passé avant.\n",
               (long long)m.records, carnet_actor_handle(cli->actor), (long long)m.structures,
               (long long)m.professionals, (long long)m.deactivations, (long long)m.rules,
               (long long)m.lookups);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_espace_migrer = {
    "espace migrer",
    espace_migrer,
    "donner son registre à un espace créé par une version antérieure",
    "carnet espace migrer --as <administrateur> [--json]",
    "Un espace créé avant le registre vérifié (schéma 3 ou plus ancien) refuse toute opération\n"
    "tant que l'administrateur ne l'a pas migré. La migration écrit le registre à partir du\n"
    "fichier : chaque certificat de structure et de professionnel est vérifié, chaque\n"
    "désactivation reprise, la signature des règles en vigueur vérifiée, puis un dernier\n"
    "enregistrement atteste l'ensemble. Il dit ce que le fichier contenait à ce moment, pas ce\n"
    "qui s'est passé avant. Rien n'est écrit si une vérification échoue.\n"
    "Elle relie aussi à leur carnet les lignes de l'index des flux écrites avant la version 7\n"
    "du schéma (un import de flux refuse un enregistrement qui en rencontre une) ; sur un\n"
    "espace qui a déjà son registre, elle ne fait que cela.\n",
    info_opts};

static const struct option retour_opts[] = {
    {"confirmer", no_argument, NULL, O_CONFIRMER}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static void
retour_line(struct carnet_cli *cli, const carnet_memory_loss *l)
{
    if (l->diverges) {
        cli_printf(cli,
                   "  %s : diverge : l'enregistrement n°%lld que vous aviez vu n'est plus le même "
                   "(réécrit), l'espace va jusqu'au n°%lld\n",
                   l->what, (long long)l->seen, (long long)l->found);
    } else if (l->found == 0) {
        cli_printf(cli,
                   "  %s : vous aviez vu l'enregistrement n°%lld, l'espace n'en a aucun : "
                   "%lld enregistrement(s) perdus\n",
                   l->what, (long long)l->seen, (long long)l->seen);
    } else {
        cli_printf(cli,
                   "  %s : vous aviez vu l'enregistrement n°%lld, l'espace s'arrête au n°%lld : "
                   "%lld enregistrement(s) perdus\n",
                   l->what, (long long)l->seen, (long long)l->found,
                   (long long)(l->seen - l->found));
    }
}

static int
retour_json(struct carnet_cli *cli, const carnet_memory_loss *loss, size_t n, int confirm)
{
    cJSON *doc = cli_json_doc(), *list = NULL;

    if (doc != NULL) {
        (void)cJSON_AddBoolToObject(doc, "confirme", confirm);
        list = cJSON_AddArrayToObject(doc, "pertes");
    }
    if (list != NULL) {
        for (size_t i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(list, o)) {
                cJSON_Delete(o);
                break;
            }
            (void)cJSON_AddStringToObject(o, "historique", loss[i].what);
            (void)cJSON_AddNumberToObject(o, "vu", (double)loss[i].seen);
            (void)cJSON_AddNumberToObject(o, "trouve", (double)loss[i].found);
            (void)cJSON_AddBoolToObject(o, "diverge", loss[i].diverges);
        }
    }
    return cli_json_print(cli, doc);
}

static int
espace_accepter_retour(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_memory_loss *loss = NULL;
    char dir[4096];
    size_t n = 0;
    int c, code = 0, confirm = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, retour_opts, &code)) >= 0) {
        confirm = confirm || c == O_CONFIRMER;
    }
    /* Her memory is not attached: it would refuse the very copy to accept. */
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_actor_unremembered(cli)) != 0 ||
        (code = cli_memory_dir(cli, dir, sizeof dir)) != 0) {
        return code;
    }
    rc = carnet_memory_restore(cli->db, cli->actor, dir, confirm, &loss, &n);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "retour à une copie antérieure");
    }
    if (cli->json) {
        code = retour_json(cli, loss, n, confirm);
    } else if (n == 0) {
        cli_printf(cli, "Rien à accepter : l'espace contient tout ce que vous aviez vu.\n");
    } else {
        cli_printf(cli, confirm ? "Retour accepté. Perdu par rapport à ce que vous aviez vu :\n"
                                : "Cet espace est plus ancien que celui que vous aviez vu. "
                                  "L'accepter ferait perdre :\n");
        for (size_t i = 0; i < n; i++) {
            retour_line(cli, &loss[i]);
        }
        cli_printf(cli, confirm ? "Le retour est inscrit au journal de chaque carnet concerné ; "
                                  "votre mémoire locale suit désormais cet espace.\n"
                                : "Rien n'a changé. Pour accepter, relancez la commande avec "
                                  "--confirmer.\n");
    }
    free(loss);
    return code != 0 ? code : EX_OK;
}

const struct carnet_cmd carnet_cmd_espace_accepter_retour = {
    "espace accepter-retour",
    espace_accepter_retour,
    "accepter un espace remis à une copie antérieure (après un incident)",
    "carnet espace accepter-retour --as <acteur> [--confirmer] [--json]",
    "Après un incident, l'espace peut être remis à une sauvegarde : il est alors plus ancien que\n"
    "ce que chaque acteur a déjà vu, et refusé (code 80) comme une attaque. Cette commande\n"
    "montre ce qui serait perdu : pour le registre de l'espace et chaque carnet, le dernier\n"
    "enregistrement que vous aviez vu et celui où l'espace s'arrête. Elle ne change rien sans\n"
    "--confirmer. Avec --confirmer, le retour est inscrit au journal de chaque carnet concerné,\n"
    "signé par vous, et votre mémoire locale suit désormais cet espace. Un espace dont\n"
    "l'administrateur ou l'identité a changé reste refusé (80), un historique rompu aussi (79).\n",
    retour_opts};
