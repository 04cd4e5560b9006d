/* cmd_entree.c - writing entries: one command per part of the parcours
 * (diagnostic, situation, plan, suivi), each built from a table that maps
 * options to the fields of an entry kind (docs/entries.md); plus the generic
 * ecrire, modifier, statut and entree effacer.
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"
#include "entree.h"

enum { O_REMPLACE = 900, O_FICHIER, O_CONFIRMER };

/* ------------------------------------------------------------- body edits */

/* The object at a dotted path ("situation_travail.code" → situation_travail). */
static cJSON *
parent_of(cJSON *body, const char *path, const char **leaf)
{
    const char *dot = strchr(path, '.');
    char head[64];
    cJSON *o;

    if (dot == NULL) {
        *leaf = path;
        return body;
    }
    if ((size_t)(dot - path) >= sizeof head) {
        return NULL;
    }
    memcpy(head, path, (size_t)(dot - path));
    head[dot - path] = '\0';
    o = cJSON_GetObjectItemCaseSensitive(body, head);
    if (o == NULL) {
        o = cJSON_AddObjectToObject(body, head);
    }
    *leaf = dot + 1;
    return cJSON_IsObject(o) ? o : NULL;
}

static int
set_field(cJSON *body, const char *path, cJSON *value)
{
    const char *leaf = NULL;
    cJSON *p = value != NULL ? parent_of(body, path, &leaf) : NULL;

    if (p == NULL) {
        cJSON_Delete(value);
        return 0;
    }
    if (cJSON_GetObjectItemCaseSensitive(p, leaf) != NULL) {
        return cJSON_ReplaceItemInObjectCaseSensitive(p, leaf, value);
    }
    return cJSON_AddItemToObject(p, leaf, value);
}

static cJSON *
array_field(cJSON *body, const char *field)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(body, field);

    if (a == NULL) {
        a = cJSON_AddArrayToObject(body, field);
    }
    return cJSON_IsArray(a) ? a : NULL;
}

/* "ROME[:rayon[:contrat[:temps]]]" → a projet, replacing one with that code. */
static int
add_project(struct carnet_cli *cli, cJSON *body, const char *text, const char *source)
{
    char buf[128], *parts[4] = {NULL, NULL, NULL, NULL}, *save = NULL;
    cJSON *list = array_field(body, "projets"), *p, *e;
    int64_t km = 0;
    int n = 0;

    if (strlen(text) >= sizeof buf || list == NULL) {
        return cli_usage(cli, "option --projet : ROME[:rayon[:contrat[:temps]]] attendu");
    }
    memcpy(buf, text, strlen(text) + 1);
    for (char *t = strtok_r(buf, ":", &save); t != NULL && n < 4; t = strtok_r(NULL, ":", &save)) {
        parts[n++] = t;
    }
    p = cJSON_CreateObject();
    if (p == NULL || cJSON_AddStringToObject(p, "rome", parts[0] != NULL ? parts[0] : "") == NULL) {
        cJSON_Delete(p);
        return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (parts[1] != NULL && parts[1][0] != '\0') {
        int code = cli_parse_int(cli, "--projet (rayon en km)", parts[1], 0, 500, &km);
        if (code != 0) {
            cJSON_Delete(p);
            return code;
        }
        (void)cJSON_AddNumberToObject(p, "rayon_km", (double)km);
    }
    if (parts[2] != NULL && parts[2][0] != '\0') {
        (void)cJSON_AddStringToObject(p, "contrat", parts[2]);
    }
    if (parts[3] != NULL && parts[3][0] != '\0') {
        (void)cJSON_AddStringToObject(p, "temps", parts[3]);
    }
    (void)cJSON_AddStringToObject(p, "source", source);
    for (int i = 0; (e = cJSON_GetArrayItem(list, i)) != NULL; i++) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "rome");
        if (cJSON_IsString(r) && parts[0] != NULL && strcmp(r->valuestring, parts[0]) == 0) {
            cJSON_DeleteItemFromArray(list, i);
            break;
        }
    }
    cJSON_AddItemToArray(list, p);
    return 0;
}

/* "theme:libellé" (or a bare libellé for the sante section) → a situation. */
static int
edit_situation(struct carnet_cli *cli, cJSON *body, const char *text, const char *fixed_theme,
               int remove, const char *source)
{
    const char *colon = fixed_theme == NULL ? strchr(text, ':') : NULL;
    char theme[64];
    const char *label = text;
    cJSON *list = array_field(body, "situations"), *e;

    if (fixed_theme == NULL) {
        if (colon == NULL || (size_t)(colon - text) >= sizeof theme) {
            return cli_usage(cli, "option --situation : thème:libellé attendu, pas '%s'", text);
        }
        memcpy(theme, text, (size_t)(colon - text));
        theme[colon - text] = '\0';
        label = colon + 1;
    }
    if (list == NULL) {
        return cli_error(cli, CARNET_EINVAL, "situations : liste attendue");
    }
    for (int i = 0; (e = cJSON_GetArrayItem(list, i)) != NULL; i++) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "situation");
        if (cJSON_IsString(s) && strcmp(s->valuestring, label) == 0) {
            cJSON_DeleteItemFromArray(list, i);
            break;
        }
    }
    if (!remove) {
        cJSON *o = cJSON_CreateObject();
        if (o == NULL ||
            (fixed_theme == NULL && cJSON_AddStringToObject(o, "theme", theme) == NULL) ||
            cJSON_AddStringToObject(o, "situation", label) == NULL ||
            cJSON_AddStringToObject(o, "source", source) == NULL) {
            cJSON_Delete(o);
            return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
        }
        cJSON_AddItemToArray(list, o);
    }
    return 0;
}

static int
apply(struct carnet_cli *cli, const struct entree_opt *f, cJSON *body, const char *arg,
      const char *source)
{
    char name[48];
    int64_t v = 0;
    int code;

    switch (f->type) {
    case FO_TEXT:
        return set_field(body, f->field, cJSON_CreateString(arg))
                   ? 0
                   : cli_error(cli, CARNET_ENOMEM, "mémoire");
    case FO_INT:
        (void)snprintf(name, sizeof name, "--%s", f->opt);
        code = cli_parse_int(cli, name, arg, INT32_MIN, INT32_MAX, &v);
        return code != 0 ? code
                         : (set_field(body, f->field, cJSON_CreateNumber((double)v)) ? 0 : 71);
    case FO_FLAG:
        return set_field(body, f->field, cJSON_CreateTrue()) ? 0 : 71;
    case FO_OUINON:
        if (strcmp(arg, "oui") != 0 && strcmp(arg, "non") != 0) {
            return cli_usage(cli, "option --%s : oui ou non attendu, pas '%s'", f->opt, arg);
        }
        return set_field(body, f->field, cJSON_CreateBool(strcmp(arg, "oui") == 0)) ? 0 : 71;
    case FO_LIST:
        return cJSON_AddItemToArray(array_field(body, f->field), cJSON_CreateString(arg)) ? 0 : 71;
    case FO_PROJECT:
        return add_project(cli, body, arg, source);
    case FO_SITUATION:
    case FO_SITUATION_DEL:
        return edit_situation(cli, body, arg, NULL, f->type == FO_SITUATION_DEL, source);
    case FO_SANTE:
    case FO_SANTE_DEL:
        return edit_situation(cli, body, arg, "sante", f->type == FO_SANTE_DEL, source);
    }
    return 0;
}

/* ------------------------------------------------------------ current body */

/* The current version of the kind (singleton) or of chain @p root,
 * decrypted for the actor: the base of an edit. NULL when there is none. */
/* The root of the chain a one-version entry of @p kind continues, or -1
 * when the next one starts a chain of its own (carnet_entry_current). */
static int
current_chain(carnet_db *db, const char *person, const char *kind, int64_t *chain)
{
    carnet_entry_meta m;
    int64_t head = 0;
    int rc = carnet_entry_current(&head, db, person, kind);

    *chain = -1;
    if (rc == CARNET_OK && head != 0) {
        rc = carnet_entry_meta_get(&m, db, person, head);
        *chain = m.root;
    }
    return rc;
}

static int
current(struct carnet_cli *cli, const char *person, const char *kind, int64_t root, cJSON **out,
        int64_t *head)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_kind_info k;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    const char *reason = NULL;
    int64_t chain = root;
    int rc;

    *out = NULL;
    *head = 0;
    if (carnet_kind_get(&k, kind) != CARNET_OK) {
        return cli_error(cli, CARNET_EINVAL, "type d'entrée inconnu '%s'", kind);
    }
    o.sections = CARNET_SECTION_BIT(k.section);
    rc = carnet_reader_open(&r, cli->db, cli->actor, person, &o);
    if (rc == CARNET_OK && carnet_reader_section(r, k.section, &reason) != CARNET_OK) {
        int code = cli_error(cli, CARNET_ECONSENT,
                             "écriture refusée dans la section %s (modifier demande de lire la "
                             "version actuelle) : %s",
                             carnet_enum_code(CARNET_ENUM_SECTION, (int)k.section), reason);
        carnet_reader_free(r); /* reason is borrowed from the reader */
        return code;
    }
    if (rc == CARNET_OK && root == 0 && (rc = current_chain(cli->db, person, kind, &chain)) != 0) {
        carnet_reader_free(r);
        return cli_fail(cli, rc, "lecture de la version actuelle");
    }
    while (rc == CARNET_OK && chain > 0 && (rc = carnet_reader_next(r, &v)) == CARNET_OK) {
        if (strcmp(v.kind, kind) == 0 && !v.erased && v.root == chain) {
            cJSON_Delete(*out);
            *out = cJSON_Parse(v.body);
            *head = v.no;
        }
    }
    rc = rc == CARNET_OK && chain < 0 ? CARNET_ITEROVER : rc; /* a chain of its own */
    if (rc != CARNET_ITEROVER) {
        int code = cli_error(cli, rc, "lecture de la version actuelle : %s",
                             r != NULL ? carnet_reader_errmsg(r) : carnet_db_errmsg(cli->db));
        carnet_reader_free(r);
        cJSON_Delete(*out);
        *out = NULL;
        return code;
    }
    carnet_reader_free(r);
    if (root != 0 && *out == NULL) {
        return cli_error(cli, CARNET_EINVAL, "aucune entrée %s n°%lld lisible dans ce carnet", kind,
                         (long long)root);
    }
    /* Import provenance belongs to the old version only. */
    cJSON_DeleteItemFromObjectCaseSensitive(*out, "origine");
    return 0;
}

/* ------------------------------------------------------------------ write */

static int
write_entry(struct carnet_cli *cli, const char *person, const char *kind, cJSON *body,
            int64_t supersedes)
{
    carnet_entry_opts eo = CARNET_ENTRY_OPTS_INIT;
    char *json = cJSON_PrintUnformatted(body);
    carnet_kind_info k;
    int64_t no = 0;
    int rc;

    if (json == NULL) {
        return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    eo.supersedes = supersedes;
    rc = carnet_entry_add(&no, cli->db, cli->actor, person, kind, json, &eo);
    carnet_memzero(json, strlen(json));
    cJSON_free(json);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "écriture");
    }
    if (carnet_kind_get(&k, kind) != CARNET_OK) {
        return cli_error(cli, CARNET_ERROR, "type d'entrée inconnu");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", person);
            (void)cJSON_AddNumberToObject(doc, "entree", (double)no);
            (void)cJSON_AddStringToObject(doc, "type", kind);
            (void)cJSON_AddStringToObject(doc, "section",
                                          carnet_enum_code(CARNET_ENUM_SECTION, (int)k.section));
            if (supersedes != 0) {
                (void)cJSON_AddNumberToObject(doc, "remplace", (double)supersedes);
            }
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Entrée n°%lld enregistrée : %s%s.\n", (long long)no, k.label,
               supersedes != 0 ? " (nouvelle version)" : "");
    return EX_OK;
}

/* The options of an entry command, as given. */
struct collected {
    struct {
        int idx;
        const char *arg;
    } seen[64];
    size_t nseen;
    int64_t remplace;
    const char *file;
    const char *source;
};

static void
options_of(const struct entree_spec *spec, struct option opts[40])
{
    size_t n = 0;

    for (; n < 32 && spec->opts[n].opt != NULL; n++) {
        enum entree_type t = spec->opts[n].type;
        int repeat = t == FO_LIST || t == FO_PROJECT || t == FO_SITUATION ||
                     t == FO_SITUATION_DEL || t == FO_SANTE || t == FO_SANTE_DEL;
        opts[n] = (struct option){spec->opts[n].opt, t == FO_FLAG ? no_argument : required_argument,
                                  NULL, (int)(n + 256) | (repeat ? CLI_OPT_REPEAT : 0)};
    }
    opts[n++] = (struct option){"remplace", required_argument, NULL, O_REMPLACE};
    opts[n++] = (struct option){"fichier", required_argument, NULL, O_FICHIER};
    opts[n++] = (struct option)CLI_OPT_JSON;
    opts[n++] = (struct option)CLI_OPT_HELP;
    opts[n] = (struct option)CLI_OPT_NULL;
}

static int
collect(struct carnet_cli *cli, int argc, char **argv, const struct entree_spec *spec,
        struct collected *col)
{
    struct option opts[40];
    int c, code = 0;

    options_of(spec, opts);
    while ((c = cli_getopt(cli, argc, argv, opts, &code)) >= 0) {
        if (c == O_REMPLACE) {
            code = cli_parse_int(cli, "--remplace", optarg, 1, INT32_MAX, &col->remplace);
        } else if (c == O_FICHIER) {
            col->file = optarg;
        } else if (c >= 256 && col->nseen < 64) {
            col->seen[col->nseen].idx = c - 256;
            col->seen[col->nseen++].arg = optarg;
            col->source = strcmp(spec->opts[c - 256].field, "source") == 0 ? optarg : col->source;
        }
        if (code != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL) {
        return code != 0 ? code : -1; /* -1: --help was printed, stop with 0 */
    }
    if ((code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (col->remplace != 0 && spec->mode != ENTREE_NEW) {
        return cli_usage(cli, spec->mode == ENTREE_SINGLE
                                  ? "--remplace : ce type d'entrée n'a qu'une version courante par "
                                    "carnet"
                                  : "--remplace : ce type d'entrée ne se remplace pas");
    }
    return 0;
}

static int
merge_file(struct carnet_cli *cli, cJSON *body, const char *file)
{
    char *text = NULL, why[256];
    size_t len = 0;
    const cJSON *e;
    cJSON *f;
    int rc, code = cli_read_file(cli, file, &text, &len);

    if (code != 0) {
        return code;
    }
    rc = carnet_json_check(text, len, why, sizeof why);
    f = rc == CARNET_OK ? cJSON_ParseWithLength(text, len) : NULL;
    carnet_memzero(text, len);
    free(text);
    if (rc != CARNET_OK) {
        return cli_error(cli, rc, "fichier '%s' : %s", file, why);
    }
    if (!cJSON_IsObject(f)) {
        cJSON_Delete(f);
        return cli_error(cli, CARNET_EINVAL, "fichier '%s' : objet JSON attendu", file);
    }
    cJSON_ArrayForEach(e, f)
    {
        if (code == 0 && !set_field(body, e->string, cJSON_Duplicate(e, 1))) {
            code = cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    cJSON_Delete(f);
    return code;
}

static int
fill(struct carnet_cli *cli, const struct entree_spec *spec, const struct collected *col,
     cJSON *body)
{
    int code = col->file != NULL ? merge_file(cli, body, col->file) : 0;
    const char *source = col->source;

    for (size_t i = 0; code == 0 && spec->defaults != NULL && spec->defaults[i].field != NULL;
         i++) {
        if (cJSON_GetObjectItemCaseSensitive(body, spec->defaults[i].field) == NULL &&
            !set_field(body, spec->defaults[i].field,
                       cJSON_CreateString(spec->defaults[i].value))) {
            code = cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    /* Unless given, the source is whoever writes: the person or a professional. */
    if (source == NULL) {
        source = cli->actor != NULL && carnet_actor_kind(cli->actor) == CARNET_PRINCIPAL_PERSON
                     ? "personne"
                     : "professionnel";
    }
    for (size_t i = 0; code == 0 && i < col->nseen; i++) {
        code = apply(cli, &spec->opts[col->seen[i].idx], body, col->seen[i].arg, source);
    }
    return code;
}

/* Check every option value on a scratch body, before any passphrase is asked. */
static int
check_values(struct carnet_cli *cli, const struct entree_spec *spec, const struct collected *col)
{
    struct collected dry = *col;
    cJSON *scratch = cJSON_CreateObject();
    int code;

    if (scratch == NULL) {
        return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    dry.file = NULL; /* read once only: it may be the standard input */
    code = fill(cli, spec, &dry, scratch);
    cJSON_Delete(scratch);
    return code;
}

int
entree_run(struct carnet_cli *cli, int argc, char **argv, const struct entree_spec *spec)
{
    struct collected col;
    cJSON *body = NULL;
    int64_t supersedes = 0;
    int code;

    memset(&col, 0, sizeof col);
    code = collect(cli, argc, argv, spec, &col);
    if (code < 0) {
        return 0;
    }
    if (code == 0) {
        code = check_values(cli, spec, &col);
    }
    if (code == 0) {
        code = cli_actor(cli);
    }
    /* The base of an edit is the current version (singletons, --remplace). */
    if (code == 0 && (spec->mode == ENTREE_SINGLE || col.remplace != 0)) {
        code = current(cli, argv[optind], spec->kind, col.remplace, &body, &supersedes);
    }
    if (code == 0 && body == NULL && (body = cJSON_CreateObject()) == NULL) {
        code = cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (code == 0) {
        code = fill(cli, spec, &col, body);
    }
    if (code == 0) {
        code = write_entry(cli, argv[optind], spec->kind, body, supersedes);
    }
    cJSON_Delete(body);
    return code;
}

/* ------------------------------------------------- ecrire, modifier, statut */

static const struct option ecrire_opts[] = {
    {"remplace", required_argument, NULL, O_REMPLACE}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
ecrire(struct carnet_cli *cli, int argc, char **argv)
{
    int64_t remplace = 0;
    char *json = NULL, why[256];
    size_t len = 0;
    cJSON *body;
    int c, rc, code = 0;

    while ((c = cli_getopt(cli, argc, argv, ecrire_opts, &code)) >= 0) {
        if (c == O_REMPLACE &&
            (code = cli_parse_int(cli, "--remplace", optarg, 1, INT32_MAX, &remplace)) != 0) {
            return code;
        }
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 3)) != 0) {
        return code;
    }
    if ((code = cli_read_file(cli, argc - optind == 3 ? argv[optind + 2] : "-", &json, &len)) !=
        0) {
        return code;
    }
    rc = carnet_json_check(json, len, why, sizeof why);
    body = rc == CARNET_OK ? cJSON_ParseWithLength(json, len) : NULL;
    carnet_memzero(json, len);
    free(json);
    if (rc != CARNET_OK) {
        return cli_error(cli, rc, "%s : %s", argv[optind + 1], why);
    }
    if (body == NULL) {
        return cli_error(cli, CARNET_ENOMEM, "mémoire insuffisante");
    }
    code = cli_actor(cli);
    if (code == 0) {
        code = write_entry(cli, argv[optind], argv[optind + 1], body, remplace);
    }
    cJSON_Delete(body);
    return code;
}

const struct carnet_cmd carnet_cmd_ecrire = {
    "ecrire",
    ecrire,
    "écrire une entrée de n'importe quel type, en JSON",
    "carnet ecrire [--remplace <n>] [--json] <personne> <type> [<fichier>]",
    "Écrit une entrée dont le contenu JSON est lu dans le fichier (ou l'entrée standard). Le\n"
    "type fixe la section et les champs permis (carnet types, docs/entries.md). --remplace n\n"
    "fait de l'entrée une nouvelle version de la chaîne n.\n",
    ecrire_opts};

/* The kind of a chain, from its clear metadata. */
static int
kind_of(struct carnet_cli *cli, const char *person, int64_t no, char *kind, size_t size)
{
    carnet_entry_meta m;
    int rc = carnet_entry_meta_get(&m, cli->db, person, no);

    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "entrée");
    }
    if (strlen(m.kind) >= size) {
        return cli_error(cli, CARNET_ERROR, "type d'entrée trop long");
    }
    memcpy(kind, m.kind, strlen(m.kind) + 1);
    return 0;
}

/* Set key=value pairs on the current version of chain @p no and write it. */
static int
modify(struct carnet_cli *cli, const char *person, int64_t no, char **pairs, int npairs)
{
    char kind[32], why[256];
    cJSON *body = NULL;
    int64_t head = 0;
    int code = 0;

    for (int i = 0; i < npairs; i++) { /* the syntax first, before any passphrase */
        const char *eq = strchr(pairs[i], '=');
        cJSON *v;
        int literal;
        if (eq == NULL || eq == pairs[i]) {
            return cli_usage(cli, "argument '%s' : champ=valeur attendu", pairs[i]);
        }
        v = cJSON_ParseWithOpts(eq + 1, NULL, 1); /* a JSON literal is checked as a file */
        literal = v != NULL;
        cJSON_Delete(v);
        if (literal && carnet_json_check(eq + 1, strlen(eq + 1), why, sizeof why) != CARNET_OK) {
            return cli_error(cli, CARNET_EINVAL, "champ « %.*s » : %s", (int)(eq - pairs[i]),
                             pairs[i], why);
        }
    }
    code = cli_actor(cli);
    if (code == 0) {
        code = kind_of(cli, person, no, kind, sizeof kind);
    }
    if (code == 0) {
        code = current(cli, person, kind, no, &body, &head);
    }
    for (int i = 0; code == 0 && i < npairs; i++) {
        char *eq = strchr(pairs[i], '=');
        cJSON *v;
        *eq = '\0';
        v = cJSON_ParseWithOpts(eq + 1, NULL, 1); /* a whole JSON literal, or else a text */
        if (v == NULL) {
            v = cJSON_CreateString(eq + 1);
        }
        if (!set_field(body, pairs[i], v)) {
            code = cli_error(cli, CARNET_EINVAL, "champ '%s' : impossible à modifier", pairs[i]);
        }
    }
    if (code == 0) {
        code = write_entry(cli, person, kind, body, head);
    }
    cJSON_Delete(body);
    return code;
}

static int
modifier(struct carnet_cli *cli, int argc, char **argv)
{
    int64_t no = 0;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, ecrire_opts + 1, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 3, 64)) != 0 ||
        (code = cli_parse_int(cli, "<numéro>", argv[optind + 1], 1, INT32_MAX, &no)) != 0) {
        return code;
    }
    return modify(cli, argv[optind], no, argv + optind + 2, argc - optind - 2);
}

const struct carnet_cmd carnet_cmd_modifier = {
    "modifier",
    modifier,
    "écrire une nouvelle version d'une entrée, champ par champ",
    "carnet modifier [--json] <personne> <numéro> <champ>=<valeur>...",
    "Lit la version actuelle de la chaîne <numéro> (il faut pouvoir la lire), change les\n"
    "champs donnés (une valeur JSON comme 3, true ou {\"a\":1}, sinon un texte ; un champ\n"
    "imbriqué s'écrit a.b) et écrit la nouvelle version. Exemple :\n"
    "  carnet modifier p-7k3mq2xa 12 statut=realisee date_fin=2026-03-01\n",
    ecrire_opts + 1};

static int
statut(struct carnet_cli *cli, int argc, char **argv)
{
    char pair[128];
    char *pairs[1] = {pair};
    int64_t no = 0;
    int c, code = 0;

    while ((c = cli_getopt(cli, argc, argv, ecrire_opts + 1, &code)) >= 0) {
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 3, 3)) != 0 ||
        (code = cli_parse_int(cli, "<numéro>", argv[optind + 1], 1, INT32_MAX, &no)) != 0) {
        return code;
    }
    if (snprintf(pair, sizeof pair, "statut=\"%s\"", argv[optind + 2]) >= (int)sizeof pair ||
        strchr(argv[optind + 2], '"') != NULL) {
        return cli_usage(cli, "statut invalide '%s'", argv[optind + 2]);
    }
    return modify(cli, argv[optind], no, pairs, 1);
}

const struct carnet_cmd carnet_cmd_statut = {
    "statut",
    statut,
    "changer le statut d'un objectif, d'une action ou d'un rendez-vous",
    "carnet statut [--json] <personne> <numéro> <statut>",
    "Écrit une nouvelle version de l'objectif, de l'action ou du rendez-vous <numéro> avec le\n"
    "statut donné : objectif en_cours, realise, abandonne ; action en_projet, en_cours,\n"
    "en_attente, realisee, abandonnee, annulee ; rendez-vous prevu, present, absent, excuse.\n",
    ecrire_opts + 1};

static const struct option effacer_opts[] = {
    {"confirmer", no_argument, NULL, O_CONFIRMER}, CLI_OPT_JSON, CLI_OPT_HELP, CLI_OPT_NULL};

static int
entree_effacer(struct carnet_cli *cli, int argc, char **argv)
{
    int64_t no = 0;
    int c, code = 0, rc, confirmed = 0;

    while ((c = cli_getopt(cli, argc, argv, effacer_opts, &code)) >= 0) {
        confirmed |= c == O_CONFIRMER;
    }
    if (c == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 2, 2)) != 0 ||
        (code = cli_parse_int(cli, "<numéro>", argv[optind + 1], 1, INT32_MAX, &no)) != 0) {
        return code;
    }
    if (!confirmed) {
        return cli_usage(cli, "l'effacement est définitif : ajoutez --confirmer");
    }
    if ((code = cli_actor(cli)) != 0) {
        return code;
    }
    rc = carnet_entry_erase(cli->db, cli->actor, argv[optind], no);
    if (rc == CARNET_OK) {
        rc = carnet_db_compact(cli->db);
    }
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "effacement de l'entrée");
    }
    if (cli->json) {
        cJSON *doc = cli_json_doc();
        if (doc != NULL) {
            (void)cJSON_AddStringToObject(doc, "personne", argv[optind]);
            (void)cJSON_AddNumberToObject(doc, "entree", (double)no);
            (void)cJSON_AddBoolToObject(doc, "efface", 1);
        }
        return cli_json_print(cli, doc);
    }
    cli_printf(cli, "Entrée n°%lld effacée (clé et contenu détruits).\n", (long long)no);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_entree_effacer = {
    "entree effacer",
    entree_effacer,
    "effacer une entrée (rectification)",
    "carnet entree effacer --confirmer [--json] <personne> <numéro>",
    "La personne ou l'auteur de l'entrée la détruit : sa clé et son contenu chiffré sont\n"
    "supprimés, son numéro et son type restent dans la chronologie, et le journal l'enregistre.\n",
    effacer_opts};
