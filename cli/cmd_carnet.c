/* cmd_carnet.c - creating, listing, showing, exporting, importing and erasing
 * carnets; recovering a person's access.
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

enum {
    O_PRENOM = 256,
    O_NOM,
    O_NAISSANCE,
    O_IDENTITE,
    O_SECTIONS,
    O_LECTURE,
    O_SANS_PERSONNE,
    O_REFERENT,
    O_NOMS,
    O_SORTIE,
    O_CONFIRMER
};

/* The code is a secret: on stdout in text mode only, on stderr with --json. */
static void
show_code(struct carnet_cli *cli, const char *label, const carnet_secbuf *code)
{
    FILE *f = cli->json ? stderr : stdout;

    (void)fprintf(f, "%s%s (affiché une seule fois, à remettre à la personne) :%s\n  %s\n",
                  cli_bold(cli), label, cli_reset(cli), carnet_secbuf_str(code));
}

static const struct option creer_opts[] = {{"prenom", required_argument, NULL, O_PRENOM},
                                           {"nom", required_argument, NULL, O_NOM},
                                           {"naissance", required_argument, NULL, O_NAISSANCE},
                                           {"identite", required_argument, NULL, O_IDENTITE},
                                           {"sections", required_argument, NULL, O_SECTIONS},
                                           {"lecture", no_argument, NULL, O_LECTURE},
                                           {"sans-personne", no_argument, NULL, O_SANS_PERSONNE},
                                           CLI_OPT_JSON,
                                           CLI_OPT_HELP,
                                           CLI_OPT_NULL};

static int
identity_json(struct carnet_cli *cli, const char *prenom, const char *nom, const char *naissance,
              char **out)
{
    cJSON *o;
    int64_t born = 0;
    int code;

    *out = NULL;
    if (prenom == NULL && nom == NULL && naissance == NULL) {
        return 0;
    }
    if (prenom == NULL || nom == NULL || naissance == NULL) {
        return cli_usage(cli, "--prenom, --nom et --naissance vont ensemble");
    }
    if ((code = cli_parse_date(cli, "--naissance", naissance, &born)) != 0) {
        return code;
    }
    o = cJSON_CreateObject();
    if (o == NULL || cJSON_AddStringToObject(o, "prenom", prenom) == NULL ||
        cJSON_AddStringToObject(o, "nom", nom) == NULL ||
        cJSON_AddStringToObject(o, "date_naissance", naissance) == NULL ||
        cJSON_AddStringToObject(o, "source", "personne") == NULL ||
        (*out = cJSON_PrintUnformatted(o)) == NULL) {
        cJSON_Delete(o);
        return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    cJSON_Delete(o);
    return 0;
}

static int
creer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_create_opts o = CARNET_CREATE_OPTS_INIT;
    const char *prenom = NULL, *nom = NULL, *naissance = NULL, *file = NULL;
    char person[CARNET_HANDLE_MAX + 1];
    carnet_secbuf *pass = NULL, *code_buf = NULL;
    char *identite = NULL;
    size_t len = 0;
    int c, code = 0, absent = 0;

    while ((c = cli_getopt(cli, argc, argv, creer_opts, &code)) >= 0) {
        switch (c) {
        case O_PRENOM:
            prenom = optarg;
            break;
        case O_NOM:
            nom = optarg;
            break;
        case O_NAISSANCE:
            naissance = optarg;
            break;
        case O_IDENTITE:
            file = optarg;
            break;
        case O_SECTIONS:
            if ((code = cli_parse_sections(cli, "--sections", optarg, &o.creator_sections)) != 0) {
                return code;
            }
            break;
        case O_LECTURE:
            o.creator_access = CARNET_ACCESS_READ;
            break;
        case O_SANS_PERSONNE:
            absent = 1;
            break;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    if (file != NULL && (prenom != NULL || nom != NULL || naissance != NULL)) {
        return cli_usage(cli, "l'option --identite exclut --prenom, --nom et --naissance");
    }
    code = file != NULL ? cli_read_file(cli, file, &identite, &len)
                        : identity_json(cli, prenom, nom, naissance, &identite);
    if (code == 0) {
        code = cli_actor(cli);
    }
    if (code == 0 && !absent) {
        code = cli_new_passphrase(cli, "la nouvelle personne", NULL, &pass);
    }
    if (code == 0) {
        o.person_passphrase = pass;
        o.identite_json = identite;
        int rc = carnet_create(person, &code_buf, cli->db, cli->actor, &o);
        code = rc != CARNET_OK ? cli_fail(cli, rc, "création du carnet") : 0;
    }
    carnet_secbuf_free(pass);
    if (identite != NULL) {
        carnet_memzero(identite, strlen(identite));
    }
    free(identite);
    if (code != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", person);
            (void)cJSON_AddBoolToObject(doc, "personne_presente", !absent);
        }
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "Carnet créé pour la personne %s%s%s.\n", cli_bold(cli), person,
                   cli_reset(cli));
    }
    show_code(cli, absent ? "Code d'activation" : "Code de récupération", code_buf);
    carnet_secbuf_free(code_buf);
    return code;
}

const struct carnet_cmd carnet_cmd_creer = {
    "creer",
    creer,
    "ouvrir le carnet d'une personne",
    "carnet creer [--prenom <prénom> --nom <nom> --naissance <AAAA-MM-JJ> | --identite <fichier>] "
    "[--sections <sections>] [--lecture] [--sans-personne] [--json]",
    "Crée la personne (un pseudonyme est généré : aucun nom n'est en clair), ses clés et son\n"
    "carnet. Le professionnel qui agit (--as) en est le créateur. La personne, présente, choisit\n"
    "sa phrase de passe (demandée après celle du professionnel) et autorise le créateur sur les\n"
    "sections données ; un code de récupération est affiché une seule fois. Avec\n"
    "--sans-personne, ses clés ne sont scellées que sous un code d'activation, qu'elle utilisera\n"
    "avec carnet recuperer.\n\n"
    "  --prenom, --nom, --naissance   première entrée d'identité\n"
    "  --identite <fichier>           première entrée d'identité en JSON (voir docs/entries.md)\n"
    "  --sections <sections>          sections ouvertes au créateur (identite,situation par\n"
    "                                 défaut ; « toutes » exclut sante et justice)\n"
    "  --lecture                      en lecture seule (écriture par défaut)\n"
    "  --sans-personne                la personne est absente (code d'activation)\n"
    "  --json                         sortie JSON (le code va alors sur la sortie d'erreur)\n",
    creer_opts};

/* ---------------------------------------------------------------- liste */

static const struct option liste_opts[] = {{"referent", required_argument, NULL, O_REFERENT},
                                           {"noms", no_argument, NULL, O_NOMS},
                                           CLI_OPT_JSON,
                                           CLI_OPT_HELP,
                                           CLI_OPT_NULL};

/* The person's name, when the actor may read her identity (audited). */
static int
decrypted_name(struct carnet_cli *cli, const char *person, char *out, size_t size)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    int rc;

    out[0] = '\0';
    o.sections = CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE);
    rc = carnet_reader_open(&r, cli->db, cli->actor, person, &o);
    while (rc == CARNET_OK && (rc = carnet_reader_next(r, &v)) == CARNET_OK) {
        cJSON *b = v.body != NULL ? cJSON_Parse(v.body) : NULL;
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(b, "prenom");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(b, "nom");
        if (cJSON_IsString(p) && cJSON_IsString(n)) {
            (void)snprintf(out, size, "%s %s", p->valuestring, n->valuestring);
        }
        cJSON_Delete(b);
    }
    carnet_reader_free(r);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

static cJSON *
info_json(const carnet_info *info)
{
    cJSON *o = cJSON_CreateObject();
    char date[11];

    if (o == NULL) {
        return NULL;
    }
    (void)cJSON_AddStringToObject(o, "personne", info->person);
    (void)cJSON_AddStringToObject(o, "statut",
                                  carnet_enum_code(CARNET_ENUM_LIFECYCLE, (int)info->lifecycle));
    cli_date(date, info->created_at);
    (void)cJSON_AddStringToObject(o, "cree_le", date);
    (void)cJSON_AddStringToObject(o, "cree_par", info->created_by);
    if (info->referent[0] != '\0') {
        (void)cJSON_AddStringToObject(o, "referent", info->referent);
        (void)cJSON_AddStringToObject(o, "structure", info->structure);
    } else {
        (void)cJSON_AddNullToObject(o, "referent");
        (void)cJSON_AddNullToObject(o, "structure");
    }
    (void)cJSON_AddNumberToObject(o, "entrees", (double)info->entries);
    cli_date(date, info->last_entry_at);
    (void)cJSON_AddStringToObject(o, "derniere_entree", date);
    (void)cJSON_AddNumberToObject(o, "reorientation_en_attente",
                                  (double)info->reorientation_pending);
    (void)cJSON_AddBoolToObject(o, "efface", info->erased);
    return o;
}

static void
carnet_row(struct carnet_cli *cli, cJSON *list, const carnet_info *info, int names)
{
    char date[11], name[256];

    name[0] = '\0';
    if (names && !info->erased &&
        decrypted_name(cli, info->person, name, sizeof name) != CARNET_OK) {
        name[0] = '\0';
    }
    if (list != NULL) {
        cJSON *o = info_json(info);
        if (names) {
            (void)cJSON_AddStringToObject(o, "nom", name);
        }
        cJSON_AddItemToArray(list, o);
        return;
    }
    cli_date(date, info->created_at);
    cli_printf(cli, "%-12s %-18s %-10s %-14s %s%s\n", info->person,
               carnet_enum_code(CARNET_ENUM_LIFECYCLE, (int)info->lifecycle), date,
               info->referent[0] != '\0' ? info->referent : "-", name,
               info->erased ? " (effacé)" : "");
}

static int
list_carnets(struct carnet_cli *cli, const char *referent, int names)
{
    carnet_iter *it = NULL;
    carnet_info info;
    cJSON *doc = cli->json ? cli_json_doc() : NULL;
    cJSON *list = doc != NULL ? cJSON_AddArrayToObject(doc, "carnets") : NULL;
    int rc = carnet_iter_new(&it, cli->db, referent);

    while (rc == CARNET_OK && (rc = carnet_iter_next(it, &info)) == CARNET_OK) {
        carnet_row(cli, list, &info, names);
    }
    carnet_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        cJSON_Delete(doc);
        return cli_fail(cli, rc, "liste des carnets");
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

static int
liste(struct carnet_cli *cli, int argc, char **argv)
{
    const char *referent = NULL;
    int c, code = 0, names = 0;

    while ((c = cli_getopt(cli, argc, argv, liste_opts, &code)) >= 0) {
        if (c == O_REFERENT) {
            referent = optarg;
        } else if (c == O_NOMS) {
            names = 1;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0) {
        return code;
    }
    code = names ? cli_actor(cli) : cli_open(cli, CLI_OPEN_WRITE);
    return code != 0 ? code : list_carnets(cli, referent, names);
}

const struct carnet_cmd carnet_cmd_liste = {
    "liste",
    liste,
    "lister les carnets (un portefeuille avec --referent)",
    "carnet liste [--referent <identifiant>] [--noms] [--json]",
    "Liste les carnets : pseudonyme de la personne, statut, date d'ouverture, référent. Ces\n"
    "informations sont en clair. Avec --noms, les noms sont déchiffrés pour l'acteur (--as)\n"
    "là où il est autorisé à lire l'identité ; chaque lecture est journalisée.\n\n"
    "  --referent <identifiant>   seulement le portefeuille de ce référent\n"
    "  --noms                     déchiffrer les noms (demande --as)\n"
    "  --json                     sortie JSON\n",
    liste_opts};

/* --------------------------------------------------------------- montrer */

static const struct option plain_opts[] = {CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static void
carnet_text(struct carnet_cli *cli, const carnet_info *info)
{
    char d[11];
    int has = info->referent[0] != '\0';

    cli_date(d, info->created_at);
    cli_printf(cli, "%sCarnet de %s%s\n", cli_bold(cli), info->person, cli_reset(cli));
    cli_printf(cli, "  statut           %s%s\n",
               carnet_enum_label(CARNET_ENUM_LIFECYCLE, (int)info->lifecycle),
               info->erased ? " (effacé : clés et contenus détruits, journal conservé)" : "");
    cli_printf(cli, "  ouvert le        %s par %s\n", d, info->created_by);
    cli_printf(cli, "  référent         %s%s%s%s\n", has ? info->referent : "aucun",
               has ? " (" : "", info->structure, has ? ")" : "");
    cli_printf(cli, "  entrées          %lld\n", (long long)info->entries);
    if (info->reorientation_pending != 0) {
        cli_printf(cli, "  réorientation    demande n°%lld en attente\n",
                   (long long)info->reorientation_pending);
    }
    cli_printf(cli, "Groupe de suivi :\n");
}

static void
member_row(struct carnet_cli *cli, cJSON *members, const carnet_member_info *m)
{
    char d1[11], d2[11];
    cJSON *o;

    cli_date(d1, m->started_at);
    cli_date(d2, m->ended_at);
    if (members == NULL) {
        cli_printf(cli, "  %-16s %-18s %-16s depuis le %s%s%s\n", m->member,
                   carnet_member_role_code(m->role), m->structure, d1,
                   m->ended_at != 0 ? " jusqu'au " : "", d2);
        return;
    }
    o = cJSON_CreateObject();
    (void)cJSON_AddStringToObject(o, "professionnel", m->member);
    (void)cJSON_AddStringToObject(o, "structure", m->structure);
    (void)cJSON_AddStringToObject(o, "role", carnet_member_role_code(m->role));
    (void)cJSON_AddStringToObject(o, "debut", d1);
    if (m->ended_at != 0) {
        (void)cJSON_AddStringToObject(o, "fin", d2);
    } else {
        (void)cJSON_AddNullToObject(o, "fin");
    }
    cJSON_AddItemToArray(members, o);
}

static int
show_carnet(struct carnet_cli *cli, const char *person)
{
    carnet_member_iter *it = NULL;
    carnet_member_info m;
    carnet_info info;
    cJSON *doc = NULL, *members = NULL;
    int rc = carnet_info_get(&info, cli->db, person);

    if (rc == CARNET_OK) {
        rc = carnet_member_iter_new(&it, cli->db, person);
    }
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "carnet");
    }
    if (cli->json) {
        doc = cli_json_doc();
        if (doc != NULL) {
            cJSON_AddItemToObject(doc, "carnet", info_json(&info));
            members = cJSON_AddArrayToObject(doc, "groupe_de_suivi");
        }
    } else {
        carnet_text(cli, &info);
    }
    while ((rc = carnet_member_iter_next(it, &m)) == CARNET_OK) {
        if (!cli->json || members != NULL) {
            member_row(cli, members, &m);
        }
    }
    carnet_member_iter_free(it);
    if (rc != CARNET_ITEROVER) {
        cJSON_Delete(doc);
        return cli_fail(cli, rc, "groupe de suivi");
    }
    return cli->json ? cli_json_print(cli, doc) : EX_OK;
}

static int
montrer(struct carnet_cli *cli, int argc, char **argv)
{
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    return show_carnet(cli, argv[optind]);
}

const struct carnet_cmd carnet_cmd_montrer = {
    "montrer",
    montrer,
    "montrer un carnet : statut, référent, groupe de suivi",
    "carnet montrer [--json] <personne>",
    "Affiche ce qui est en clair d'un carnet : statut, référent et structure, nombre\n"
    "d'entrées, demande de réorientation, et l'historique du groupe de suivi. Rien n'est\n"
    "déchiffré (voir carnet lire).\n",
    plain_opts};

/* ------------------------------------------------------------- recuperer */

static int
recuperer(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_secbuf *typed = NULL, *pass = NULL, *code_buf = NULL;
    carnet_actor *a = NULL;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, plain_opts, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_open(cli, CLI_OPEN_WRITE)) != 0) {
        return code;
    }
    code = cli_passphrase(cli, "Code de récupération ou d'activation : ", &typed);
    if (code == 0) {
        code = cli_new_passphrase(cli, "la personne", argv[optind], &pass);
    }
    if (code == 0) {
        int rc = carnet_actor_recover(&a, &code_buf, cli->db, argv[optind],
                                      carnet_secbuf_str(typed), pass);
        code = rc != CARNET_OK ? cli_fail(cli, rc, "récupération") : 0;
    }
    carnet_secbuf_free(typed);
    carnet_secbuf_free(pass);
    carnet_actor_free(a);
    if (code != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", argv[optind]);
            (void)cJSON_AddBoolToObject(doc, "recupere", 1);
        }
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "Accès de %s rétabli avec la nouvelle phrase de passe.\n", argv[optind]);
    }
    show_code(cli, "Nouveau code de récupération", code_buf);
    carnet_secbuf_free(code_buf);
    return code;
}

const struct carnet_cmd carnet_cmd_recuperer = {
    "recuperer",
    recuperer,
    "rétablir l'accès d'une personne avec son code",
    "carnet recuperer [--json] <personne>",
    "Demande le code de récupération (ou d'activation) de la personne, puis sa nouvelle phrase\n"
    "de passe. Le code est vérifié (une faute de frappe est détectée), les clés sont scellées\n"
    "sous la nouvelle phrase de passe et un nouveau code est affiché ; l'ancien ne vaut plus.\n",
    plain_opts};

/* ------------------------------------------------------ exporter / importer */

static const struct option exporter_opts[] = {
    {"sortie", required_argument, NULL, O_SORTIE}, CLI_OPT_HELP, CLI_OPT_NULL};

static int
write_private(struct carnet_cli *cli, const char *path, const carnet_secbuf *data)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    size_t off = 0, len = carnet_secbuf_len(data);
    const char *p = carnet_secbuf_str(data);

    if (fd < 0) {
        return cli_error(cli, CARNET_EEXISTS, "création de '%s' impossible (existe déjà ?)", path);
    }
    while (off < len) {
        ssize_t n = write(fd, p + off, len - off);
        if (n <= 0) {
            (void)close(fd);
            (void)unlink(path);
            return cli_error(cli, CARNET_EIO, "écriture de '%s' impossible", path);
        }
        off += (size_t)n;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        (void)unlink(path);
        return cli_error(cli, CARNET_EIO, "écriture de '%s' impossible", path);
    }
    return 0;
}

static int
exporter(struct carnet_cli *cli, int argc, char **argv)
{
    carnet_secbuf *out = NULL;
    const char *path = NULL;
    int c, code = 0, rc;

    while ((c = cli_getopt(cli, argc, argv, exporter_opts, &code)) >= 0) {
        if (c == O_SORTIE) {
            path = optarg;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 0, 0)) != 0 ||
        (code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_export(&out, cli->db, cli->actor);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "export");
    }
    if (path != NULL) {
        code = write_private(cli, path, out);
        if (code == 0 && !cli->quiet) {
            (void)fprintf(stderr, "Carnet exporté dans %s (lisible par vous seul).\n", path);
        }
    } else {
        (void)fwrite(carnet_secbuf_str(out), 1, carnet_secbuf_len(out), stdout);
        (void)fputc('\n', stdout);
    }
    carnet_secbuf_free(out);
    return code;
}

const struct carnet_cmd carnet_cmd_exporter = {
    "exporter",
    exporter,
    "exporter tout son carnet, déchiffré (la personne)",
    "carnet exporter [--sortie <fichier>]",
    "La personne (--as) obtient tout son carnet déchiffré en JSON : entrées et leurs versions,\n"
    "autorisations, groupe de suivi, journal d'accès et sa vérification. L'export est\n"
    "lui-même journalisé. Avec --sortie, le fichier est créé en mode 0600 et jamais écrasé.\n"
    "Ce fichier contient des données personnelles en clair : à garder en lieu sûr.\n",
    exporter_opts};

static const struct option importer_opts[] = {{"sans-personne", no_argument, NULL, O_SANS_PERSONNE},
                                              CLI_OPT_JSON,
                                              CLI_OPT_HELP,
                                              CLI_OPT_NULL};

static int
importer(struct carnet_cli *cli, int argc, char **argv)
{
    char person[CARNET_HANDLE_MAX + 1];
    carnet_secbuf *pass = NULL, *code_buf = NULL;
    char *json = NULL;
    size_t len = 0;
    int c, code = 0, absent = 0;

    while ((c = cli_getopt(cli, argc, argv, importer_opts, &code)) >= 0) {
        if (c == O_SANS_PERSONNE) {
            absent = 1;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0 ||
        (code = cli_read_file(cli, argv[optind], &json, &len)) != 0) {
        return code;
    }
    code = cli_actor(cli);
    if (code == 0 && !absent) {
        code = cli_new_passphrase(cli, "la nouvelle personne", NULL, &pass);
    }
    if (code == 0) {
        int rc = carnet_import(person, &code_buf, cli->db, cli->actor, json, len, pass);
        code = rc != CARNET_OK ? cli_fail(cli, rc, "import") : 0;
    }
    carnet_memzero(json, len);
    free(json);
    carnet_secbuf_free(pass);
    if (code != 0) {
        return code;
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", person);
        }
        code = cli_json_print(cli, doc);
    } else {
        cli_printf(cli, "Carnet importé pour la personne %s.\n", person);
    }
    show_code(cli, absent ? "Code d'activation" : "Code de récupération", code_buf);
    carnet_secbuf_free(code_buf);
    return code;
}

const struct carnet_cmd carnet_cmd_importer = {
    "importer",
    importer,
    "importer le carnet exporté d'une personne",
    "carnet importer [--sans-personne] [--json] <fichier>",
    "Crée, dans cet espace, un carnet à partir de l'export d'une personne (carnet exporter) :\n"
    "chaque entrée est rechiffrée et garde son auteur, sa date et son numéro d'origine ; les\n"
    "autorisations et le journal de l'espace d'origine sont conservés en archive. La personne,\n"
    "présente, choisit une nouvelle phrase de passe (ou --sans-personne : code d'activation).\n",
    importer_opts};

/* ---------------------------------------------------------------- effacer */

static const struct option effacer_opts[] = {
    {"confirmer", no_argument, NULL, O_CONFIRMER}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
effacer(struct carnet_cli *cli, int argc, char **argv)
{
    int c, code = 0, rc, confirmed = 0;

    while ((c = cli_getopt(cli, argc, argv, effacer_opts, &code)) >= 0) {
        confirmed |= c == O_CONFIRMER;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (!confirmed) {
        return cli_usage(cli, "l'effacement est définitif : ajoutez --confirmer");
    }
    if ((code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_erase(cli->db, cli->actor, argv[optind]);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "effacement du carnet");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", argv[optind]);
            (void)cJSON_AddBoolToObject(doc, "efface", 1);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Carnet de %s effacé : clés et contenus détruits, journal conservé.\n",
               argv[optind]);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_effacer = {
    "effacer",
    effacer,
    "effacer un carnet (destruction des clés)",
    "carnet effacer --confirmer [--json] <personne>",
    "Efface définitivement un carnet, par la personne ou l'administrateur : toutes les clés\n"
    "scellées, tous les contenus chiffrés et les clés de la personne sont détruits, puis le\n"
    "fichier est compacté. Le journal d'accès reste et enregistre l'effacement.\n",
    effacer_opts};
