/* scenario_fields.c - the typed fields of scenario items: the table of
 * every field name with its type, the accessors the steps and checks use,
 * and the checking of one value (actor of the right kind, label defined
 * earlier, known code...), with the JSON path in the message.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

#define TEXT_MAX 4000

/* Field types of items and actors. */
enum field_type {
    T_STR = 1, /* text */
    T_BOOL,
    T_INT,     /* 0 .. 1000000 */
    T_NUM,     /* any number */
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

struct field {
    const char *name;
    enum field_type type;
    int list;          /* T_ENUM: carnet_enum_id */
    const char *words; /* T_WORDS */
};

static const struct field fields[] = {
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
    {"statut", T_ENUM, CARNET_ENUM_LIFECYCLE, NULL},
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
    {"code", T_STR, 0, NULL},
    {"valeur", T_NUM, 0, NULL},
};

/* ------------------------------------------------------------ accessors */

const char *
scn__str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
scn__bool(const cJSON *obj, const char *key, int dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int64_t
scn__int(const cJSON *obj, const char *key, int64_t dflt)
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
scn__sections(const cJSON *obj, const char *key, unsigned dflt)
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
scn__sections_text(char buf[160], unsigned mask)
{
    if (carnet_sections_format(buf, 160, mask) != CARNET_OK) {
        (void)snprintf(buf, 160, "?");
    }
    return buf;
}

int
scn__enum(const cJSON *obj, const char *key, carnet_enum_id list, int dflt)
{
    int v = 0;
    const char *s = scn__str(obj, key);
    return s != NULL && carnet_enum_parse(&v, list, s) == CARNET_OK ? v : dflt;
}

int
scn__actor_find(const carnet_scenario *s, const char *name)
{
    for (size_t i = 0; name != NULL && i < s->n_actors; i++) {
        if (strcmp(s->actors[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

int
scn__label_find(const carnet_scenario *s, const char *name)
{
    for (size_t i = 0; name != NULL && i < s->n_labels; i++) {
        if (s->labels[i].name != NULL && strcmp(s->labels[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* -------------------------------------------------------------- failing */

int
scn__fail(carnet_scenario *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    return CARNET_EINVAL;
}

/* Is @p w one of the space-separated @p words? */
int
scn__word_in(const char *w, const char *words)
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

/* ------------------------------------------------------- typed checking */

static int check_content(carnet_scenario *s, const char *path, const cJSON *v, size_t item);

/* Check an actor reference and its kind (0 for any). */
static int
check_actor(carnet_scenario *s, const char *path, const char *name, carnet_principal_kind kind)
{
    static const char *const what[] = {"", "l'administrateur", "une structure", "un professionnel",
                                       "une personne"};
    int i = scn__actor_find(s, name);

    if (i < 0) {
        return scn__fail(s, "%s : acteur '%.63s' non déclaré dans \"acteurs\"", path, name);
    }
    if (kind != 0 && s->actors[i].kind != kind) {
        return scn__fail(s, "%s : '%.63s' doit être %s", path, name, what[kind]);
    }
    return CARNET_OK;
}

static int
check_label_ref(carnet_scenario *s, const char *path, const char *name, enum scn__label_kind kind,
                size_t item)
{
    int i = scn__label_find(s, name);

    if (i < 0 || s->labels[i].defined_at >= item) {
        return scn__fail(s, "%s : '%.63s' ne nomme aucune étape précédente (champ \"nom\")", path,
                         name);
    }
    if (s->labels[i].kind != kind) {
        return scn__fail(s, "%s : '%.63s' ne nomme pas %s", path, name,
                         kind == SCN_LABEL_ENTRY ? "une entrée" : "une autorisation");
    }
    return CARNET_OK;
}

int
scn__check_refuse(carnet_scenario *s, const char *path, const cJSON *v)
{
    const cJSON *e;

    if (!cJSON_IsObject(v)) {
        return scn__fail(s, "%s : objet {\"statut\", \"contient\"} attendu", path);
    }
    cJSON_ArrayForEach(e, v)
    {
        if (strcmp(e->string, "statut") == 0) {
            int known = 0;
            for (int st = CARNET_ERROR; cJSON_IsString(e) && st >= CARNET_ENOINPUT; st--) {
                known |= strcmp(carnet_status_name(st), e->valuestring) == 0;
            }
            if (!known) {
                return scn__fail(s, "%s.statut : statut inconnu (consent, invalid, notfound…)",
                                 path);
            }
        } else if (strcmp(e->string, "contient") != 0 || !cJSON_IsString(e)) {
            return scn__fail(s, "%s : champ inconnu ou mal typé '%.40s'", path, e->string);
        }
    }
    if (scn__str(v, "statut") == NULL) {
        return scn__fail(s, "%s.statut : champ requis", path);
    }
    return CARNET_OK;
}

static int
check_kind(carnet_scenario *s, const char *path, const char *kind)
{
    carnet_kind_info k;
    return carnet_kind_get(&k, kind) == CARNET_OK
               ? CARNET_OK
               : scn__fail(s, "%s : type d'entrée inconnu '%.40s'", path, kind);
}

/* A field whose value is a string: dates, actors, codes, labels. */
static int
check_text(carnet_scenario *s, const struct field *f, const char *path, const cJSON *v, size_t item)
{
    int64_t t;
    int x;

    if (!cJSON_IsString(v) || strlen(v->valuestring) > TEXT_MAX ||
        (f->type != T_STR && v->valuestring[0] == '\0')) {
        return scn__fail(s, "%s : texte attendu", path);
    }
    switch (f->type) {
    case T_DATE:
        return carnet_date_parse(&t, v->valuestring) == CARNET_OK
                   ? CARNET_OK
                   : scn__fail(s, "%s : date AAAA-MM-JJ attendue", path);
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
                   : scn__fail(s, "%s : section inconnue '%.40s'", path, v->valuestring);
    case T_ENUM:
        return carnet_enum_parse(&x, (carnet_enum_id)f->list, v->valuestring) == CARNET_OK
                   ? CARNET_OK
                   : scn__fail(s, "%s : valeur inconnue '%.40s'", path, v->valuestring);
    case T_WORDS:
        return scn__word_in(v->valuestring, f->words)
                   ? CARNET_OK
                   : scn__fail(s, "%s : valeur inconnue '%.40s' (attendu : %s)", path,
                               v->valuestring, f->words);
    case T_KIND:
        return check_kind(s, path, v->valuestring);
    case T_ENTRY:
        return check_label_ref(s, path, v->valuestring, SCN_LABEL_ENTRY, item);
    case T_GRANT:
        return check_label_ref(s, path, v->valuestring, SCN_LABEL_GRANT, item);
    case T_LABEL:
        x = scn__label_find(s, v->valuestring);
        return x >= 0 && s->labels[x].defined_at != item
                   ? scn__fail(s, "%s : nom '%.63s' déjà pris", path, v->valuestring)
                   : CARNET_OK;
    default:
        return CARNET_OK;
    }
}

static int
check_field(carnet_scenario *s, const struct field *f, const char *path, const cJSON *v,
            size_t item)
{
    char buf[256];
    unsigned mask;

    switch (f->type) {
    case T_BOOL:
        return cJSON_IsBool(v) ? CARNET_OK : scn__fail(s, "%s : true ou false attendu", path);
    case T_INT:
        return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 1000000 &&
                       v->valuedouble == (double)(int64_t)v->valuedouble
                   ? CARNET_OK
                   : scn__fail(s, "%s : entier positif attendu", path);
    case T_NUM:
        return cJSON_IsNumber(v) ? CARNET_OK : scn__fail(s, "%s : nombre attendu", path);
    case T_ANY:
        return cJSON_IsObject(v) || cJSON_IsArray(v)
                   ? CARNET_OK
                   : scn__fail(s, "%s : objet JSON attendu", path);
    case T_CONTENT:
        return check_content(s, path, v, item);
    case T_SECTIONS:
        if (sections_text(v, buf, sizeof buf) != 0 || carnet_sections_parse(&mask, buf) != 0) {
            return scn__fail(s,
                             "%s : liste de sections attendue (identite, situation, "
                             "diagnostic_pro, diagnostic_social, sante, justice, plan, suivi "
                             "ou toutes)",
                             path);
        }
        return CARNET_OK;
    default:
        break;
    }
    return check_text(s, f, path, v, item);
}

/* Every "@label" string of an entry body must name an earlier entry. */
static int
check_refs(carnet_scenario *s, const char *path, const cJSON *v, size_t item)
{
    const cJSON *e;

    if (cJSON_IsString(v) && v->valuestring[0] == '@') {
        return check_label_ref(s, path, v->valuestring + 1, SCN_LABEL_ENTRY, item);
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

/* The number label @p name stands for: numbers[i] for label i, 0 for no
 * label, 1 without @p numbers (a body checked before a run). */
static int64_t
label_number(const carnet_scenario *s, const int64_t *numbers, const char *name)
{
    int i;

    if (numbers == NULL) {
        return 1;
    }
    i = scn__label_find(s, name);
    return i >= 0 ? numbers[i] : 0;
}

int
scn__subst_refs(cJSON *v, const carnet_scenario *s, const int64_t *numbers)
{
    for (cJSON *e = v != NULL ? v->child : NULL; e != NULL; e = e->next) {
        if (cJSON_IsString(e) && e->valuestring[0] == '@') {
            cJSON *n = cJSON_CreateNumber((double)label_number(s, numbers, e->valuestring + 1));
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
        } else if (scn__subst_refs(e, s, numbers) != CARNET_OK) {
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
        return scn__fail(s, "%s : objet JSON attendu", path);
    }
    return check_refs(s, path, v, item);
}

int
scn__check_value(carnet_scenario *s, const char *name, const char *path, const cJSON *v,
                 size_t item)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(fields[i].name, name) == 0) {
            return check_field(s, &fields[i], path, v, item);
        }
    }
    return CARNET_ENOTFOUND;
}
