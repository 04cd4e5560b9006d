/* scenario.c - parsing a scenario file and checking it before anything is
 * played: every field is known and of the right type, every actor and label
 * it names is declared before its use, every entry body fits its kind. A
 * fault is reported with its JSON path ("etapes[4].sections : ...").
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

#define DAYS_MAX   3650 /* ten years of parcours */
#define ITEMS_MAX  2000
#define ACTORS_MAX 200

static int
handle_ok(const char *h)
{
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(h);

    if (n < 2 || n > CARNET_HANDLE_MAX || strchr(alnum, h[0]) == NULL) {
        return 0;
    }
    return strspn(h, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* ------------------------------------------------------------ items */

/* Check the members of an item against its required and optional lists. */
static int
check_members(carnet_scenario *s, const cJSON *it, size_t i, const char *code, const char *required,
              const char *optional)
{
    static const char common[] = "jour action attendu narration commentaire refuse";
    const cJSON *v;
    char path[96];

    cJSON_ArrayForEach(v, it)
    {
        int rc;
        if (strcmp(v->string, "refuse") == 0) {
            if (scn__str(it, "attendu") != NULL) {
                return scn__fail(s, "etapes[%zu].refuse : réservé aux actions", i);
            }
            (void)snprintf(path, sizeof path, "etapes[%zu].refuse", i);
            rc = scn__check_refuse(s, path, v);
            if (rc != CARNET_OK) {
                return rc;
            }
            continue;
        }
        if (scn__word_in(v->string, common)) {
            continue;
        }
        (void)snprintf(path, sizeof path, "etapes[%zu].%.40s", i, v->string);
        rc = !scn__word_in(v->string, required) && !scn__word_in(v->string, optional)
                 ? CARNET_ENOTFOUND
                 : scn__check_value(s, v->string, path, v, i);
        if (rc == CARNET_ENOTFOUND) {
            return scn__fail(s, "%s : champ inconnu pour '%s'", path, code);
        }
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    for (const char *p = required; *p != '\0';) {
        size_t k = strcspn(p, " ");
        char name[32];
        (void)snprintf(name, sizeof name, "%.*s", (int)k, p);
        if (cJSON_GetObjectItemCaseSensitive(it, name) == NULL) {
            return scn__fail(s, "etapes[%zu].%s : champ requis pour '%s'", i, name, code);
        }
        p += k + (p[k] == ' ');
    }
    return CARNET_OK;
}

/* The entry body of an "ecrire" step must fit its kind. */
static int
check_body(carnet_scenario *s, const cJSON *it, size_t i)
{
    char msg[256];
    const char *kind = scn__str(it, "type");
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(it, "contenu");
    cJSON *copy;
    char *text;
    int rc;

    if (kind == NULL || body == NULL) {
        return CARNET_OK;
    }
    copy = cJSON_Duplicate(body, 1);
    if (copy == NULL) {
        return CARNET_ENOMEM;
    }
    /* Stand-ins for references, so that the body checks as written. */
    rc = scn__subst_refs(copy, s, NULL);
    text = rc == CARNET_OK ? cJSON_PrintUnformatted(copy) : NULL;
    cJSON_Delete(copy);
    if (text == NULL) {
        return CARNET_ENOMEM;
    }
    rc = carnet_kind_validate(kind, text, msg, sizeof msg);
    cJSON_free(text);
    if (rc == CARNET_EINVAL) {
        return scn__fail(s, "etapes[%zu].contenu : %s", i, msg);
    }
    return rc;
}

static int
parse_item(carnet_scenario *s, const cJSON *it, size_t i, int *day)
{
    const char *action = scn__str(it, "action"), *attendu = scn__str(it, "attendu");
    const cJSON *jour = cJSON_GetObjectItemCaseSensitive(it, "jour");
    int rc;

    if (!cJSON_IsObject(it)) {
        return scn__fail(s, "etapes[%zu] : objet attendu", i);
    }
    if (!cJSON_IsNumber(jour) || jour->valuedouble < 0 || jour->valuedouble > DAYS_MAX ||
        jour->valuedouble != (double)(int)jour->valuedouble) {
        return scn__fail(s, "etapes[%zu].jour : entier de 0 à %d attendu", i, DAYS_MAX);
    }
    if ((int)jour->valuedouble < *day) {
        return scn__fail(s, "etapes[%zu].jour : les jours vont en croissant (%d après %d)", i,
                         (int)jour->valuedouble, *day);
    }
    *day = (int)jour->valuedouble;
    if (cJSON_GetObjectItemCaseSensitive(it, "narration") != NULL &&
        !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "narration"))) {
        return scn__fail(s, "etapes[%zu].narration : texte attendu", i);
    }
    if ((action == NULL) == (attendu == NULL)) {
        return scn__fail(s, "etapes[%zu] : \"action\" ou \"attendu\" attendu (l'un des deux)", i);
    }
    if (action != NULL) {
        const struct scn__action_spec *a = scn__action_find(action);
        const char *who = scn__str(it, "acteur");
        int k;

        if (a == NULL) {
            return scn__fail(s, "etapes[%zu].action : action inconnue '%.40s'", i, action);
        }
        char optional[256];
        (void)snprintf(optional, sizeof optional, "acteur %s", a->optional);
        rc = check_members(s, it, i, action, a->required, optional);
        k = scn__actor_find(s, who);
        if (rc == CARNET_OK && (k < 0 || !(a->actor_kinds & (1u << s->actors[k].kind)))) {
            rc = scn__fail(s, "etapes[%zu].acteur : '%.63s' ne peut pas faire '%s'", i,
                           who != NULL ? who : "", action);
        }
        return rc == CARNET_OK ? check_body(s, it, i) : rc;
    }
    {
        const struct scn__check_spec *c = scn__check_find(attendu);
        if (c == NULL) {
            return scn__fail(s, "etapes[%zu].attendu : attente inconnue '%.40s'", i, attendu);
        }
        return check_members(s, it, i, attendu, c->required, c->optional);
    }
}

/* Register the labels the items define, before checking references. */
static int
collect_labels(carnet_scenario *s)
{
    const cJSON *it;
    size_t i = 0, n = 0;

    s->labels = calloc((size_t)cJSON_GetArraySize(s->steps) + 1, sizeof *s->labels);
    if (s->labels == NULL) {
        return CARNET_ENOMEM;
    }
    cJSON_ArrayForEach(it, s->steps)
    {
        const char *name = scn__str(it, "nom"), *action = scn__str(it, "action");
        if (name != NULL && action != NULL) {
            if (scn__label_find(s, name) >= 0) {
                return scn__fail(s, "etapes[%zu].nom : nom '%.63s' déjà pris", i, name);
            }
            s->labels[n].name = name;
            s->labels[n].defined_at = i;
            s->labels[n].kind = strcmp(action, "autoriser") == 0                ? SCN_LABEL_GRANT
                                : strcmp(action, "demander_reorientation") == 0 ? SCN_LABEL_REQUEST
                                                                                : SCN_LABEL_ENTRY;
            s->n_labels = ++n;
        }
        i++;
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------ actors */

/* A structure's own fields. */
static int
parse_structure(carnet_scenario *s, const cJSON *a, size_t i)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "sensible");
    int x;

    if (v != NULL && !cJSON_IsBool(v)) {
        return scn__fail(s, "acteurs[%zu].sensible : true ou false attendu", i);
    }
    if (carnet_enum_parse(&x, CARNET_ENUM_STRUCTURE_TYPE, scn__str(a, "type")) != CARNET_OK) {
        return scn__fail(s,
                         "acteurs[%zu].type : type de structure attendu (ccas, "
                         "france_travail, employeur…)",
                         i);
    }
    return CARNET_OK;
}

/* A professional's structure (declared above) and role. */
static int
parse_professional(carnet_scenario *s, const cJSON *a, size_t i)
{
    int st = scn__actor_find(s, scn__str(a, "structure")), x;

    if (st < 0 || s->actors[st].kind != CARNET_PRINCIPAL_STRUCTURE) {
        return scn__fail(s, "acteurs[%zu].structure : structure déclarée plus haut attendue", i);
    }
    if (carnet_enum_parse(&x, CARNET_ENUM_ROLE, scn__str(a, "role")) != CARNET_OK) {
        return scn__fail(s,
                         "acteurs[%zu].role : rôle attendu (referent, accompagnateur, "
                         "charge_orientation, admin_structure)",
                         i);
    }
    return CARNET_OK;
}

/* A person's identity, checked as the first "identite" entry. */
static int
parse_person(carnet_scenario *s, const cJSON *a, size_t i, struct scn__actor_def *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "identite");
    char msg[256], *text;
    int rc;

    if (!cJSON_IsObject(v)) {
        return scn__fail(s,
                         "acteurs[%zu].identite : objet attendu (prenom, nom, "
                         "date_naissance…)",
                         i);
    }
    text = cJSON_PrintUnformatted(v);
    if (text == NULL) {
        return CARNET_ENOMEM;
    }
    rc = carnet_kind_validate("identite", text, msg, sizeof msg);
    cJSON_free(text);
    if (rc != CARNET_OK) {
        return rc == CARNET_EINVAL ? scn__fail(s, "acteurs[%zu].identite : %s", i, msg) : rc;
    }
    out->label = scn__str(a, "libelle") != NULL ? scn__str(a, "libelle") : scn__str(v, "prenom");
    return CARNET_OK;
}

static int
parse_actor(carnet_scenario *s, const cJSON *a, size_t i, struct scn__actor_def *out)
{
    static const char *const genres[] = {"structure", "professionnel", "personne"};
    static const carnet_principal_kind kinds[] = {
        CARNET_PRINCIPAL_STRUCTURE, CARNET_PRINCIPAL_PROFESSIONAL, CARNET_PRINCIPAL_PERSON};
    static const char *const allowed[] = {"nom genre libelle phrase type sensible code_postal",
                                          "nom genre libelle phrase structure role",
                                          "nom genre libelle phrase identite"};
    const char *name = scn__str(a, "nom"), *genre = scn__str(a, "genre"), *phrase;
    const cJSON *v;
    int g = -1;

    if (!cJSON_IsObject(a)) {
        return scn__fail(s, "acteurs[%zu] : objet attendu", i);
    }
    if (name == NULL || !handle_ok(name) || strcmp(name, "admin") == 0) {
        return scn__fail(s,
                         "acteurs[%zu].nom : identifiant de 2 à 63 caractères parmi a-z, 0-9, "
                         "'.', '-' et '_' attendu (et autre que 'admin')",
                         i);
    }
    if (scn__actor_find(s, name) >= 0) {
        return scn__fail(s, "acteurs[%zu].nom : '%s' déclaré deux fois", i, name);
    }
    for (int k = 0; genre != NULL && k < 3; k++) {
        g = strcmp(genre, genres[k]) == 0 ? k : g;
    }
    if (g < 0) {
        return scn__fail(s, "acteurs[%zu].genre : structure, professionnel ou personne attendu", i);
    }
    cJSON_ArrayForEach(v, a)
    {
        if (!scn__word_in(v->string, allowed[g])) {
            return scn__fail(s, "acteurs[%zu].%.40s : champ inconnu pour un acteur de genre %s", i,
                             v->string, genre);
        }
        if (!cJSON_IsString(v) && strcmp(v->string, "sensible") != 0 &&
            strcmp(v->string, "identite") != 0) {
            return scn__fail(s, "acteurs[%zu].%.40s : texte attendu", i, v->string);
        }
    }
    phrase = scn__str(a, "phrase");
    if (phrase != NULL && strlen(phrase) < 8) {
        return scn__fail(s, "acteurs[%zu].phrase : 8 caractères au moins", i);
    }
    out->name = name;
    out->kind = kinds[g];
    out->phrase = phrase;
    out->label = scn__str(a, "libelle") != NULL ? scn__str(a, "libelle") : name;
    out->def = a;
    return g == 0   ? parse_structure(s, a, i)
           : g == 1 ? parse_professional(s, a, i)
                    : parse_person(s, a, i, out);
}

static int
parse_actors(carnet_scenario *s)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(s->root, "acteurs"), *a;
    const cJSON *terr = cJSON_GetObjectItemCaseSensitive(s->root, "territoire");
    size_t n = 0;

    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0 ||
        cJSON_GetArraySize(list) > ACTORS_MAX) {
        return scn__fail(s, "acteurs : liste de 1 à %d acteurs attendue", ACTORS_MAX);
    }
    s->actors = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *s->actors);
    if (s->actors == NULL) {
        return CARNET_ENOMEM;
    }
    s->actors[0].name = "admin";
    s->actors[0].label = "l'administrateur";
    s->actors[0].kind = CARNET_PRINCIPAL_ADMIN;
    s->actors[0].phrase = scn__str(terr, "phrase_admin");
    s->n_actors = 1;
    cJSON_ArrayForEach(a, list)
    {
        int rc = parse_actor(s, a, n, &s->actors[n + 1]);
        if (rc != CARNET_OK) {
            return rc;
        }
        s->n_actors = ++n + 1;
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------ the file */

static int
parse_top(carnet_scenario *s)
{
    static const char known[] =
        "titre description commentaire territoire debut regles acteurs etapes";
    const cJSON *v, *terr;
    int64_t t;

    if (!cJSON_IsObject(s->root)) {
        return scn__fail(s, "racine : objet attendu");
    }
    cJSON_ArrayForEach(v, s->root)
    {
        if (!scn__word_in(v->string, known)) {
            return scn__fail(s, "racine : champ inconnu '%.40s'", v->string);
        }
    }
    s->title = scn__str(s->root, "titre");
    if (s->title == NULL || s->title[0] == '\0' || strlen(s->title) > 200) {
        return scn__fail(s, "titre : texte de 1 à 200 octets attendu");
    }
    terr = cJSON_GetObjectItemCaseSensitive(s->root, "territoire");
    if (!cJSON_IsObject(terr) || scn__str(terr, "nom") == NULL ||
        scn__str(terr, "departement") == NULL) {
        return scn__fail(s, "territoire : objet {\"nom\", \"departement\"} attendu");
    }
    cJSON_ArrayForEach(v, terr)
    {
        if (!scn__word_in(v->string, "nom departement phrase_admin") || !cJSON_IsString(v)) {
            return scn__fail(s, "territoire.%.40s : champ inconnu ou mal typé", v->string);
        }
    }
    if (scn__str(terr, "phrase_admin") != NULL && strlen(scn__str(terr, "phrase_admin")) < 8) {
        return scn__fail(s, "territoire.phrase_admin : 8 caractères au moins");
    }
    if (carnet_date_parse(&t, scn__str(s->root, "debut")) != CARNET_OK) {
        return scn__fail(s, "debut : date AAAA-MM-JJ attendue");
    }
    s->start = t;
    v = cJSON_GetObjectItemCaseSensitive(s->root, "regles");
    if (v != NULL && !cJSON_IsObject(v)) {
        return scn__fail(s, "regles : objet attendu (un fichier de règles)");
    }
    s->steps = cJSON_GetObjectItemCaseSensitive(s->root, "etapes");
    if (!cJSON_IsArray(s->steps) || cJSON_GetArraySize(s->steps) == 0 ||
        cJSON_GetArraySize(s->steps) > ITEMS_MAX) {
        return scn__fail(s, "etapes : liste de 1 à %d étapes attendue", ITEMS_MAX);
    }
    s->n_items = (size_t)cJSON_GetArraySize(s->steps);
    return CARNET_OK;
}

int
carnet_scenario_parse(carnet_scenario **out, const char *json, size_t len)
{
    carnet_scenario *s = calloc(1, sizeof *s);
    char why[256];
    const cJSON *it;
    size_t i = 0;
    int rc, day = 0;

    *out = s;
    if (s == NULL) {
        return CARNET_ENOMEM;
    }
    if (json == NULL || len == 0 || memchr(json, '\0', len) != NULL) {
        return scn__fail(s, "scénario vide ou contenant un octet nul");
    }
    rc = carnet_json_check(json, len, why, sizeof why);
    if (rc != CARNET_OK) {
        (void)scn__fail(s, "%s", why);
        return rc;
    }
    s->root = cJSON_ParseWithLength(json, len);
    if (s->root == NULL) {
        (void)scn__fail(s, "mémoire insuffisante");
        return CARNET_ENOMEM;
    }
    rc = parse_top(s);
    rc = rc == CARNET_OK ? parse_actors(s) : rc;
    rc = rc == CARNET_OK ? collect_labels(s) : rc;
    cJSON_ArrayForEach(it, s->steps)
    {
        if (rc != CARNET_OK) {
            break;
        }
        rc = parse_item(s, it, i++, &day);
    }
    if (rc == CARNET_ENOMEM) {
        (void)scn__fail(s, "mémoire insuffisante");
    }
    return rc;
}

void
carnet_scenario_free(carnet_scenario *s)
{
    if (s == NULL) {
        return;
    }
    cJSON_Delete(s->root);
    free(s->actors);
    free(s->labels);
    free(s);
}

const char *
carnet_scenario_errmsg(const carnet_scenario *s)
{
    return s != NULL ? s->errmsg : "mémoire insuffisante";
}

const char *
carnet_scenario_title(const carnet_scenario *s)
{
    return s->title != NULL ? s->title : "";
}

size_t
carnet_scenario_length(const carnet_scenario *s)
{
    return s->n_items;
}
