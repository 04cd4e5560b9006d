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

#define SC_DAYS_MAX   3650 /* ten years of parcours */
#define SC_ITEMS_MAX  2000
#define SC_ACTORS_MAX 200
#define SC_TEXT_MAX   4000

/* Field types of items and actors. */
enum sc_type {
    T_STR = 1, /* text */
    T_BOOL,
    T_INT,     /* 0 .. 1000000 */
    T_DATE,    /* "YYYY-MM-DD" */
    T_ANY,     /* an object or an array, passed through */
    T_CONTENT, /* an entry body: an object whose "@label" strings are entries */
    T_ACTOR,   /* any declared actor */
    T_PERSON,
    T_PRO,
    T_STRUCT,
    T_SECTIONS, /* "identite,plan", "toutes" or ["identite", "plan"] */
    T_SECTION,
    T_ENUM,  /* a list of model.h */
    T_KIND,  /* an entry kind */
    T_ENTRY, /* the label of an earlier entry */
    T_GRANT, /* the label of an earlier authorisation */
    T_LABEL, /* a new label */
    T_WORDS, /* one of a space-separated list of words */
    T_REFUSE /* {"statut": "consent", "contient": "..."} */
};

struct sc_field {
    const char *name;
    enum sc_type type;
    int list;          /* T_ENUM: carnet_enum_id */
    const char *words; /* T_WORDS */
};

static const struct sc_field fields[] = {
    {"acteur", T_ACTOR, 0, NULL},
    {"personne", T_PERSON, 0, NULL},
    {"professionnel", T_PRO, 0, NULL},
    {"referent", T_PRO, 0, NULL},
    {"structure", T_STRUCT, 0, NULL},
    {"par", T_ACTOR, 0, NULL},
    {"sujet", T_ACTOR, 0, NULL},
    {"sections", T_SECTIONS, 0, NULL},
    {"section", T_SECTION, 0, NULL},
    {"acces", T_ENUM, CARNET_ENUM_ACCESS, NULL},
    {"historique", T_ENUM, CARNET_ENUM_SCOPE, NULL},
    {"finalite", T_ENUM, CARNET_ENUM_PURPOSE, NULL},
    {"mode", T_ENUM, CARNET_ENUM_METHOD, NULL},
    {"orientation", T_ENUM, CARNET_ENUM_ORIENTATION, NULL},
    {"souhaitee", T_ENUM, CARNET_ENUM_ORIENTATION, NULL},
    {"statut", T_ENUM, CARNET_ENUM_STATUS, NULL},
    {"depuis", T_DATE, 0, NULL},
    {"duree_jours", T_INT, 0, NULL},
    {"present", T_BOOL, 0, NULL},
    {"revoquer_precedent", T_BOOL, 0, NULL},
    {"revoquer_ancien", T_BOOL, 0, NULL},
    {"type", T_KIND, 0, NULL},
    {"contenu", T_CONTENT, 0, NULL},
    {"donnees", T_ANY, 0, NULL},
    {"remplace", T_ENTRY, 0, NULL},
    {"entree", T_ENTRY, 0, NULL},
    {"autorisation", T_GRANT, 0, NULL},
    {"nom", T_LABEL, 0, NULL},
    {"flux", T_WORDS, 0, "caf france_travail"},
    {"role", T_WORDS, 0, "accompagnateur charge_orientation commission"},
    {"decision", T_WORDS, 0, "accepter refuser"},
    {"etat", T_WORDS, 0, "active revoquee expiree"},
    {"evenement", T_WORDS, 0,
     "create read write grant revoke expire block unblock rotate orient referent member "
     "reorientation export import erase recover"},
    {"dispositif", T_STR, 0, NULL},
    {"motif", T_STR, 0, NULL},
    {"contient", T_STR, 0, NULL},
    {"ne_contient_pas", T_STR, 0, NULL},
    {"entrees", T_INT, 0, NULL},
    {"nombre", T_INT, 0, NULL},
    {"refusee", T_BOOL, 0, NULL},
    {"actif", T_BOOL, 0, NULL},
};

/* ------------------------------------------------------------ accessors */

const char *
sc_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
sc_bool(const cJSON *obj, const char *key, int dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int64_t
sc_int(const cJSON *obj, const char *key, int64_t dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : dflt;
}

/* Join an array of section codes with commas into @p buf. */
static int
sections_text(const cJSON *v, char *buf, size_t size)
{
    const cJSON *e;
    size_t n = 0;

    if (cJSON_IsString(v)) {
        int w = snprintf(buf, size, "%s", v->valuestring);
        return w >= 0 && (size_t)w < size ? 0 : -1;
    }
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
        return -1;
    }
    buf[0] = '\0';
    cJSON_ArrayForEach(e, v)
    {
        int w;
        if (!cJSON_IsString(e)) {
            return -1;
        }
        w = snprintf(buf + n, size - n, "%s%s", n > 0 ? "," : "", e->valuestring);
        if (w < 0 || (size_t)w >= size - n) {
            return -1;
        }
        n += (size_t)w;
    }
    return 0;
}

unsigned
sc_sections(const cJSON *obj, const char *key, unsigned dflt)
{
    char buf[256];
    unsigned mask = 0;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (v == NULL || sections_text(v, buf, sizeof buf) != 0 ||
        carnet_sections_parse(&mask, buf) != CARNET_OK) {
        return dflt;
    }
    return mask;
}

const char *
sc_sections_text(char buf[160], unsigned mask)
{
    if (carnet_sections_format(buf, 160, mask) != CARNET_OK) {
        (void)snprintf(buf, 160, "?");
    }
    return buf;
}

int
sc_enum(const cJSON *obj, const char *key, carnet_enum_id list, int dflt)
{
    int v = 0;
    const char *s = sc_str(obj, key);
    return s != NULL && carnet_enum_parse(&v, list, s) == CARNET_OK ? v : dflt;
}

int
sc_actor_find(const carnet_scenario *s, const char *name)
{
    for (size_t i = 0; name != NULL && i < s->n_actors; i++) {
        if (strcmp(s->actors[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

int
sc_label_find(const carnet_scenario *s, const char *name)
{
    for (size_t i = 0; name != NULL && i < s->n_labels; i++) {
        if (strcmp(s->labels[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* -------------------------------------------------------------- failing */

static int fail(carnet_scenario *s, const char *fmt, ...) CARNET_PRINTF(2, 3);

static int
fail(carnet_scenario *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    return CARNET_EINVAL;
}

/* Is @p w one of the space-separated @p words? */
static int
word_in(const char *w, const char *words)
{
    size_t n = strlen(w);
    for (const char *p = words; n > 0 && *p != '\0';) {
        size_t k = strcspn(p, " ");
        if (k == n && strncmp(p, w, n) == 0) {
            return 1;
        }
        p += k + (p[k] == ' ');
    }
    return 0;
}

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

/* ------------------------------------------------------- typed checking */

static int check_content(carnet_scenario *s, const char *path, const cJSON *v, size_t item);

/* Check an actor reference and its kind (0 for any). */
static int
check_actor(carnet_scenario *s, const char *path, const char *name, carnet_principal_kind kind)
{
    static const char *const what[] = {"", "l'administrateur", "une structure", "un professionnel",
                                       "une personne"};
    int i = sc_actor_find(s, name);

    if (i < 0) {
        return fail(s, "%s : acteur '%.63s' non déclaré dans \"acteurs\"", path, name);
    }
    if (kind != 0 && s->actors[i].kind != kind) {
        return fail(s, "%s : '%.63s' doit être %s", path, name, what[kind]);
    }
    return CARNET_OK;
}

static int
check_label_ref(carnet_scenario *s, const char *path, const char *name, enum sc_label_kind kind,
                size_t item)
{
    int i = sc_label_find(s, name);

    if (i < 0 || s->labels[i].defined_at >= item) {
        return fail(s, "%s : '%.63s' ne nomme aucune étape précédente (champ \"nom\")", path, name);
    }
    if (s->labels[i].kind != kind) {
        return fail(s, "%s : '%.63s' ne nomme pas %s", path, name,
                    kind == SC_LABEL_ENTRY ? "une entrée" : "une autorisation");
    }
    return CARNET_OK;
}

static int
check_refuse(carnet_scenario *s, const char *path, const cJSON *v)
{
    const cJSON *e;

    if (!cJSON_IsObject(v)) {
        return fail(s, "%s : objet {\"statut\", \"contient\"} attendu", path);
    }
    cJSON_ArrayForEach(e, v)
    {
        if (strcmp(e->string, "statut") == 0) {
            int known = 0;
            for (int st = CARNET_ERROR; cJSON_IsString(e) && st >= CARNET_ENOINPUT; st--) {
                known |= strcmp(carnet_status_name(st), e->valuestring) == 0;
            }
            if (!known) {
                return fail(s, "%s.statut : statut inconnu (consent, invalid, notfound…)", path);
            }
        } else if (strcmp(e->string, "contient") != 0 || !cJSON_IsString(e)) {
            return fail(s, "%s : champ inconnu ou mal typé '%.40s'", path, e->string);
        }
    }
    if (sc_str(v, "statut") == NULL) {
        return fail(s, "%s.statut : champ requis", path);
    }
    return CARNET_OK;
}

static int
check_field(carnet_scenario *s, const struct sc_field *f, const char *path, const cJSON *v,
            size_t item)
{
    char buf[256];
    unsigned mask;
    int64_t t;
    int x;

    switch (f->type) {
    case T_BOOL:
        return cJSON_IsBool(v) ? CARNET_OK : fail(s, "%s : true ou false attendu", path);
    case T_INT:
        return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 1000000 &&
                       v->valuedouble == (double)(int64_t)v->valuedouble
                   ? CARNET_OK
                   : fail(s, "%s : entier positif attendu", path);
    case T_ANY:
        return cJSON_IsObject(v) || cJSON_IsArray(v) ? CARNET_OK
                                                     : fail(s, "%s : objet JSON attendu", path);
    case T_CONTENT:
        return check_content(s, path, v, item);
    case T_SECTIONS:
        if (sections_text(v, buf, sizeof buf) != 0 || carnet_sections_parse(&mask, buf) != 0) {
            return fail(s,
                        "%s : liste de sections attendue (identite, situation, "
                        "diagnostic_pro, diagnostic_social, sante, justice, plan, suivi "
                        "ou toutes)",
                        path);
        }
        return CARNET_OK;
    default:
        break;
    }
    if (!cJSON_IsString(v) || strlen(v->valuestring) > SC_TEXT_MAX ||
        (f->type != T_STR && v->valuestring[0] == '\0')) {
        return fail(s, "%s : texte attendu", path);
    }
    switch (f->type) {
    case T_DATE:
        return carnet_date_parse(&t, v->valuestring) == CARNET_OK
                   ? CARNET_OK
                   : fail(s, "%s : date AAAA-MM-JJ attendue", path);
    case T_ACTOR:
    case T_PERSON:
    case T_PRO:
    case T_STRUCT:
        return check_actor(s, path, v->valuestring,
                           f->type == T_PERSON   ? CARNET_PRINCIPAL_PERSON
                           : f->type == T_PRO    ? CARNET_PRINCIPAL_PROFESSIONAL
                           : f->type == T_STRUCT ? CARNET_PRINCIPAL_STRUCTURE
                                                 : 0);
    case T_SECTION:
        return carnet_enum_parse(&x, CARNET_ENUM_SECTION, v->valuestring) == CARNET_OK
                   ? CARNET_OK
                   : fail(s, "%s : section inconnue '%.40s'", path, v->valuestring);
    case T_ENUM:
        return carnet_enum_parse(&x, (carnet_enum_id)f->list, v->valuestring) == CARNET_OK
                   ? CARNET_OK
                   : fail(s, "%s : valeur inconnue '%.40s'", path, v->valuestring);
    case T_WORDS:
        return word_in(v->valuestring, f->words)
                   ? CARNET_OK
                   : fail(s, "%s : valeur inconnue '%.40s' (attendu : %s)", path, v->valuestring,
                          f->words);
    case T_KIND: {
        carnet_kind_info k;
        return carnet_kind_get(&k, v->valuestring) == CARNET_OK
                   ? CARNET_OK
                   : fail(s, "%s : type d'entrée inconnu '%.40s'", path, v->valuestring);
    }
    case T_ENTRY:
        return check_label_ref(s, path, v->valuestring, SC_LABEL_ENTRY, item);
    case T_GRANT:
        return check_label_ref(s, path, v->valuestring, SC_LABEL_GRANT, item);
    case T_LABEL:
        return sc_label_find(s, v->valuestring) >= 0 &&
                       s->labels[sc_label_find(s, v->valuestring)].defined_at != item
                   ? fail(s, "%s : nom '%.63s' déjà pris", path, v->valuestring)
                   : CARNET_OK;
    default:
        return CARNET_OK;
    }
}

/* Every "@label" string of an entry body must name an earlier entry. */
static int
check_refs(carnet_scenario *s, const char *path, const cJSON *v, size_t item)
{
    const cJSON *e;

    if (cJSON_IsString(v) && v->valuestring[0] == '@') {
        return check_label_ref(s, path, v->valuestring + 1, SC_LABEL_ENTRY, item);
    }
    cJSON_ArrayForEach(e, v)
    {
        int rc = check_refs(s, path, e, item);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    return CARNET_OK;
}

int
sc_subst_refs(cJSON *v, const carnet_scenario_run *r)
{
    for (cJSON *e = v != NULL ? v->child : NULL; e != NULL; e = e->next) {
        if (cJSON_IsString(e) && e->valuestring[0] == '@') {
            int64_t no = r != NULL ? sc_label_no(r, e->valuestring + 1) : 1;
            cJSON *n = cJSON_CreateNumber((double)no);
            if (n != NULL && e->string != NULL) {
                n->string = strdup(e->string);
                if (n->string == NULL) {
                    cJSON_Delete(n);
                    n = NULL;
                }
            }
            if (n == NULL || !cJSON_ReplaceItemViaPointer(v, e, n)) {
                cJSON_Delete(n);
                return CARNET_ENOMEM;
            }
            e = n;
        } else if (sc_subst_refs(e, r) != CARNET_OK) {
            return CARNET_ENOMEM;
        }
    }
    return CARNET_OK;
}

/* The body must fit its kind ("type" of the same item); references are
 * replaced by a placeholder number for this check. */
static int
check_content(carnet_scenario *s, const char *path, const cJSON *v, size_t item)
{
    if (!cJSON_IsObject(v)) {
        return fail(s, "%s : objet JSON attendu", path);
    }
    return check_refs(s, path, v, item);
}

/* ------------------------------------------------------------ items */

static const struct sc_field *
field_find(const char *name)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(fields[i].name, name) == 0) {
            return &fields[i];
        }
    }
    return NULL;
}

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
        const struct sc_field *f;
        int rc;
        if (strcmp(v->string, "refuse") == 0) {
            if (sc_str(it, "attendu") != NULL) {
                return fail(s, "etapes[%zu].refuse : réservé aux actions", i);
            }
            (void)snprintf(path, sizeof path, "etapes[%zu].refuse", i);
            rc = check_refuse(s, path, v);
            if (rc != CARNET_OK) {
                return rc;
            }
            continue;
        }
        if (word_in(v->string, common)) {
            continue;
        }
        (void)snprintf(path, sizeof path, "etapes[%zu].%.40s", i, v->string);
        f = field_find(v->string);
        if (f == NULL || (!word_in(v->string, required) && !word_in(v->string, optional))) {
            return fail(s, "%s : champ inconnu pour '%s'", path, code);
        }
        rc = check_field(s, f, path, v, i);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    for (const char *p = required; *p != '\0';) {
        size_t k = strcspn(p, " ");
        char name[32];
        (void)snprintf(name, sizeof name, "%.*s", (int)k, p);
        if (cJSON_GetObjectItemCaseSensitive(it, name) == NULL) {
            return fail(s, "etapes[%zu].%s : champ requis pour '%s'", i, name, code);
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
    const char *kind = sc_str(it, "type");
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
    rc = sc_subst_refs(copy, NULL);
    text = rc == CARNET_OK ? cJSON_PrintUnformatted(copy) : NULL;
    cJSON_Delete(copy);
    if (text == NULL) {
        return CARNET_ENOMEM;
    }
    rc = carnet_kind_validate(kind, text, msg, sizeof msg);
    cJSON_free(text);
    if (rc == CARNET_EINVAL) {
        return fail(s, "etapes[%zu].contenu : %s", i, msg);
    }
    return rc;
}

static int
parse_item(carnet_scenario *s, const cJSON *it, size_t i, int *day)
{
    const char *action = sc_str(it, "action"), *attendu = sc_str(it, "attendu");
    const cJSON *jour = cJSON_GetObjectItemCaseSensitive(it, "jour");
    int rc;

    if (!cJSON_IsObject(it)) {
        return fail(s, "etapes[%zu] : objet attendu", i);
    }
    if (!cJSON_IsNumber(jour) || jour->valuedouble < 0 || jour->valuedouble > SC_DAYS_MAX ||
        jour->valuedouble != (double)(int)jour->valuedouble) {
        return fail(s, "etapes[%zu].jour : entier de 0 à %d attendu", i, SC_DAYS_MAX);
    }
    if ((int)jour->valuedouble < *day) {
        return fail(s, "etapes[%zu].jour : les jours vont en croissant (%d après %d)", i,
                    (int)jour->valuedouble, *day);
    }
    *day = (int)jour->valuedouble;
    if (cJSON_GetObjectItemCaseSensitive(it, "narration") != NULL &&
        !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "narration"))) {
        return fail(s, "etapes[%zu].narration : texte attendu", i);
    }
    if ((action == NULL) == (attendu == NULL)) {
        return fail(s, "etapes[%zu] : \"action\" ou \"attendu\" attendu (l'un des deux)", i);
    }
    if (action != NULL) {
        const struct sc_action_spec *a = sc_action_find(action);
        const char *who = sc_str(it, "acteur");
        int k;

        if (a == NULL) {
            return fail(s, "etapes[%zu].action : action inconnue '%.40s'", i, action);
        }
        char optional[256];
        (void)snprintf(optional, sizeof optional, "acteur %s", a->optional);
        rc = check_members(s, it, i, action, a->required, optional);
        k = sc_actor_find(s, who);
        if (rc == CARNET_OK && (k < 0 || !(a->actor_kinds & (1u << s->actors[k].kind)))) {
            rc = fail(s, "etapes[%zu].acteur : '%.63s' ne peut pas faire '%s'", i,
                      who != NULL ? who : "", action);
        }
        return rc == CARNET_OK ? check_body(s, it, i) : rc;
    }
    {
        const struct sc_check_spec *c = sc_check_find(attendu);
        if (c == NULL) {
            return fail(s, "etapes[%zu].attendu : attente inconnue '%.40s'", i, attendu);
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
        const char *name = sc_str(it, "nom"), *action = sc_str(it, "action");
        if (name != NULL && action != NULL) {
            if (sc_label_find(s, name) >= 0) {
                return fail(s, "etapes[%zu].nom : nom '%.63s' déjà pris", i, name);
            }
            s->labels[n].name = name;
            s->labels[n].defined_at = i;
            s->labels[n].kind = strcmp(action, "autoriser") == 0                ? SC_LABEL_GRANT
                                : strcmp(action, "demander_reorientation") == 0 ? SC_LABEL_REQUEST
                                                                                : SC_LABEL_ENTRY;
            s->n_labels = ++n;
        }
        i++;
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------ actors */

static int
parse_actor(carnet_scenario *s, const cJSON *a, size_t i, struct sc_actor_def *out)
{
    static const char *const genres[] = {"structure", "professionnel", "personne"};
    static const carnet_principal_kind kinds[] = {
        CARNET_PRINCIPAL_STRUCTURE, CARNET_PRINCIPAL_PROFESSIONAL, CARNET_PRINCIPAL_PERSON};
    static const char *const allowed[] = {"nom genre libelle phrase type sensible code_postal",
                                          "nom genre libelle phrase structure role",
                                          "nom genre libelle phrase identite"};
    const char *name = sc_str(a, "nom"), *genre = sc_str(a, "genre"), *phrase;
    const cJSON *v;
    int g = -1, x;

    if (!cJSON_IsObject(a)) {
        return fail(s, "acteurs[%zu] : objet attendu", i);
    }
    if (name == NULL || !handle_ok(name) || strcmp(name, "admin") == 0) {
        return fail(s,
                    "acteurs[%zu].nom : identifiant de 2 à 63 caractères parmi a-z, 0-9, "
                    "'.', '-' et '_' attendu (et autre que 'admin')",
                    i);
    }
    if (sc_actor_find(s, name) >= 0) {
        return fail(s, "acteurs[%zu].nom : '%s' déclaré deux fois", i, name);
    }
    for (int k = 0; genre != NULL && k < 3; k++) {
        g = strcmp(genre, genres[k]) == 0 ? k : g;
    }
    if (g < 0) {
        return fail(s, "acteurs[%zu].genre : structure, professionnel ou personne attendu", i);
    }
    cJSON_ArrayForEach(v, a)
    {
        if (!word_in(v->string, allowed[g])) {
            return fail(s, "acteurs[%zu].%.40s : champ inconnu pour un acteur de genre %s", i,
                        v->string, genre);
        }
        if (!cJSON_IsString(v) && strcmp(v->string, "sensible") != 0 &&
            strcmp(v->string, "identite") != 0) {
            return fail(s, "acteurs[%zu].%.40s : texte attendu", i, v->string);
        }
    }
    phrase = sc_str(a, "phrase");
    if (phrase != NULL && strlen(phrase) < 8) {
        return fail(s, "acteurs[%zu].phrase : 8 caractères au moins", i);
    }
    out->name = name;
    out->kind = kinds[g];
    out->phrase = phrase;
    out->label = sc_str(a, "libelle") != NULL ? sc_str(a, "libelle") : name;
    out->def = a;
    if (g == 0) {
        v = cJSON_GetObjectItemCaseSensitive(a, "sensible");
        if (v != NULL && !cJSON_IsBool(v)) {
            return fail(s, "acteurs[%zu].sensible : true ou false attendu", i);
        }
        if (carnet_enum_parse(&x, CARNET_ENUM_STRUCTURE_TYPE, sc_str(a, "type")) != CARNET_OK) {
            return fail(s,
                        "acteurs[%zu].type : type de structure attendu (ccas, "
                        "france_travail, employeur…)",
                        i);
        }
    } else if (g == 1) {
        int st = sc_actor_find(s, sc_str(a, "structure"));
        if (st < 0 || s->actors[st].kind != CARNET_PRINCIPAL_STRUCTURE) {
            return fail(s, "acteurs[%zu].structure : structure déclarée plus haut attendue", i);
        }
        if (carnet_enum_parse(&x, CARNET_ENUM_ROLE, sc_str(a, "role")) != CARNET_OK) {
            return fail(s,
                        "acteurs[%zu].role : rôle attendu (referent, accompagnateur, "
                        "charge_orientation, admin_structure)",
                        i);
        }
    } else {
        char msg[256], *text;
        int rc;
        v = cJSON_GetObjectItemCaseSensitive(a, "identite");
        if (!cJSON_IsObject(v)) {
            return fail(s,
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
            return rc == CARNET_EINVAL ? fail(s, "acteurs[%zu].identite : %s", i, msg) : rc;
        }
        out->label = sc_str(a, "libelle") != NULL ? sc_str(a, "libelle") : sc_str(v, "prenom");
    }
    return CARNET_OK;
}

static int
parse_actors(carnet_scenario *s)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(s->root, "acteurs"), *a;
    const cJSON *terr = cJSON_GetObjectItemCaseSensitive(s->root, "territoire");
    size_t n = 0;

    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0 ||
        cJSON_GetArraySize(list) > SC_ACTORS_MAX) {
        return fail(s, "acteurs : liste de 1 à %d acteurs attendue", SC_ACTORS_MAX);
    }
    s->actors = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *s->actors);
    if (s->actors == NULL) {
        return CARNET_ENOMEM;
    }
    s->actors[0].name = "admin";
    s->actors[0].label = "l'administrateur";
    s->actors[0].kind = CARNET_PRINCIPAL_ADMIN;
    s->actors[0].phrase = sc_str(terr, "phrase_admin");
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
        return fail(s, "racine : objet attendu");
    }
    cJSON_ArrayForEach(v, s->root)
    {
        if (!word_in(v->string, known)) {
            return fail(s, "racine : champ inconnu '%.40s'", v->string);
        }
    }
    s->title = sc_str(s->root, "titre");
    if (s->title == NULL || s->title[0] == '\0' || strlen(s->title) > 200) {
        return fail(s, "titre : texte de 1 à 200 octets attendu");
    }
    terr = cJSON_GetObjectItemCaseSensitive(s->root, "territoire");
    if (!cJSON_IsObject(terr) || sc_str(terr, "nom") == NULL ||
        sc_str(terr, "departement") == NULL) {
        return fail(s, "territoire : objet {\"nom\", \"departement\"} attendu");
    }
    cJSON_ArrayForEach(v, terr)
    {
        if (!word_in(v->string, "nom departement phrase_admin") || !cJSON_IsString(v)) {
            return fail(s, "territoire.%.40s : champ inconnu ou mal typé", v->string);
        }
    }
    if (sc_str(terr, "phrase_admin") != NULL && strlen(sc_str(terr, "phrase_admin")) < 8) {
        return fail(s, "territoire.phrase_admin : 8 caractères au moins");
    }
    if (carnet_date_parse(&t, sc_str(s->root, "debut")) != CARNET_OK) {
        return fail(s, "debut : date AAAA-MM-JJ attendue");
    }
    s->start = t;
    v = cJSON_GetObjectItemCaseSensitive(s->root, "regles");
    if (v != NULL && !cJSON_IsObject(v)) {
        return fail(s, "regles : objet attendu (un fichier de règles)");
    }
    s->steps = cJSON_GetObjectItemCaseSensitive(s->root, "etapes");
    if (!cJSON_IsArray(s->steps) || cJSON_GetArraySize(s->steps) == 0 ||
        cJSON_GetArraySize(s->steps) > SC_ITEMS_MAX) {
        return fail(s, "etapes : liste de 1 à %d étapes attendue", SC_ITEMS_MAX);
    }
    s->n_items = (size_t)cJSON_GetArraySize(s->steps);
    return CARNET_OK;
}

int
carnet_scenario_parse(carnet_scenario **out, const char *json, size_t len)
{
    carnet_scenario *s = calloc(1, sizeof *s);
    const char *end = NULL;
    const cJSON *it;
    size_t i = 0;
    int rc, day = 0;

    *out = s;
    if (s == NULL) {
        return CARNET_ENOMEM;
    }
    if (json == NULL || len == 0 || memchr(json, '\0', len) != NULL) {
        return fail(s, "scénario vide ou contenant un octet nul");
    }
    s->root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (s->root == NULL) {
        return fail(s, "JSON invalide à l'octet %zu",
                    end != NULL && end >= json ? (size_t)(end - json) : 0);
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
        (void)fail(s, "mémoire insuffisante");
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
