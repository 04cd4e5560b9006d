/* kind_validate.c - validation of entry bodies against their field tables, with
 * messages that name the kind and the JSON path of the fault.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <carnet/offers.h>

#include "vocab/kinds.h"

#define END                                                                                        \
    {                                                                                              \
        NULL, F_ANY, 0, 0, 0, NULL                                                                 \
    }

/* Where an imported entry comes from; allowed on every kind. */
static const struct carnet__field origine_fields[] = {
    {"espace", F_TEXT, 0, 0, 127, NULL}, {"no", F_INT, 0, 1, 2000000000, NULL},
    {"auteur", F_TEXT, 0, 0, 63, NULL},  {"date", F_DATE, 0, 0, 0, NULL},
    {"type", F_TEXT, 0, 0, 31, NULL},    END};

struct vctx {
    carnet_db *db;  /* NULL: structural checks only */
    int64_t carnet; /* the carnet whose entries F_REF fields name */
    const char *kind;
    char *msg;
    size_t size;
};

static int vfail(struct vctx *v, const char *path, const char *fmt, ...) CARNET_PRINTF(3, 4);

static int
vfail(struct vctx *v, const char *path, const char *fmt, ...)
{
    char reason[256];
    va_list ap;

    va_start(ap, fmt);
    (void)vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    (void)snprintf(v->msg, v->size, "%s, champ « %s » : %s", v->kind, path, reason);
    return CARNET_EINVAL;
}

static int
text_ok(struct vctx *v, const char *path, const cJSON *val, int lines, int min, int max)
{
    size_t n;

    if (!cJSON_IsString(val)) {
        return vfail(v, path, "texte attendu");
    }
    n = strlen(val->valuestring);
    if (!carnet__utf8_valid(val->valuestring, lines)) {
        return vfail(v, path, "texte UTF-8 invalide ou caractère de contrôle");
    }
    if (n > (size_t)max) {
        return vfail(v, path, "texte trop long (%zu octets, %d au plus)", n, max);
    }
    if (min > 0 && strspn(val->valuestring, " \t\n") == n) {
        return vfail(v, path, "texte vide");
    }
    return CARNET_OK;
}

static int
email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    size_t n = strlen(s);

    if (n < 3 || n > 254 || at == NULL || at == s || strchr(at + 1, '@') != NULL ||
        strchr(at + 1, '.') == NULL || at[1] == '.' || s[n - 1] == '.') {
        return 0;
    }
    for (const char *p = s; *p != '\0'; p++) {
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';') {
            return 0;
        }
    }
    return 1;
}

static int
phone_ok(const char *s)
{
    size_t n = strlen(s), digits = 0;

    if (n == 0 || n > 20) {
        return 0;
    }
    for (const char *p = s; *p != '\0'; p++) {
        if (*p >= '0' && *p <= '9') {
            digits++;
        } else if (*p != ' ' && *p != '.' && *p != '-' && !(*p == '+' && p == s)) {
            return 0;
        }
    }
    return digits >= 6;
}

static int
ref_exists(struct vctx *v, const char *path, int64_t no, int kind_code)
{
    carnet__statement *st = carnet__stmt(v->db, CARNET__Q_REF_EXISTS);
    int rc, kind = 0;

    if (st == NULL) {
        return carnet__status(v->db);
    }
    carnet__bind_int(st, 1, v->carnet);
    carnet__bind_int(st, 2, no);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        kind = carnet__col_int32(st, 0);
    }
    carnet__reset(st);
    if (rc != CARNET__ROW && rc != CARNET__DONE) {
        return carnet__store_fail(v->db, rc, "lecture des entrées");
    }
    if (kind != kind_code) {
        const carnet__kind *k = carnet__kind_by_code((uint16_t)kind_code);
        return vfail(v, path, "l'entrée n°%lld n'existe pas ou n'est pas un(e) %s", (long long)no,
                     k != NULL ? k->name : "?");
    }
    return CARNET_OK;
}

static int check_object(struct vctx *v, const struct carnet__field *fields, const cJSON *obj,
                        const char *path);

/* "path.name" or "path[index]"; 0 when it does not fit. */
static int
path_join(char *out, size_t size, const char *path, const char *name, int index)
{
    int n;

    if (name != NULL) {
        n = snprintf(out, size, "%s%s%s", path, path[0] != '\0' ? "." : "", name);
    } else {
        n = snprintf(out, size, "%s[%d]", path, index);
    }
    return n > 0 && (size_t)n < size;
}

static int
date_ok(const cJSON *val)
{
    int64_t t;
    return cJSON_IsString(val) && carnet_date_parse(&t, val->valuestring) == CARNET_OK;
}

static int
time_ok(const cJSON *val)
{
    const char *s = cJSON_IsString(val) ? val->valuestring : "";

    return strlen(s) == 5 && s[2] == ':' && strspn(s, "0123456789:") == 5 &&
           (s[0] - '0') * 10 + (s[1] - '0') <= 23 && s[3] <= '5';
}

static int
int_ok(const cJSON *val, int min, int max)
{
    return cJSON_IsNumber(val) && val->valuedouble == (double)(int64_t)val->valuedouble &&
           val->valuedouble >= min && val->valuedouble <= max;
}

static int
postcode_ok(const cJSON *val)
{
    const char *s = cJSON_IsString(val) ? val->valuestring : "";
    return strlen(s) == 5 && strspn(s, "0123456789") == 5 && strncmp(s, "00", 2) != 0;
}

static int
code_ok(const struct carnet__field *f, const cJSON *val)
{
    int x;

    if (!cJSON_IsString(val)) {
        return 0;
    }
    if (f->type == F_VOCAB) {
        return carnet__vocab_find((carnet_vocab)f->min, val->valuestring) != NULL;
    }
    return carnet_enum_parse(&x, (carnet_enum_id)f->min, val->valuestring) == CARNET_OK;
}

static int
check_scalar(struct vctx *v, const struct carnet__field *f, const cJSON *val, const char *path)
{
    switch (f->type) {
    case F_TEXT:
    case F_LONGTEXT:
        return text_ok(v, path, val, f->type == F_LONGTEXT, f->min, f->max);
    case F_DATE:
        return date_ok(val) ? CARNET_OK : vfail(v, path, "date AAAA-MM-JJ réelle attendue");
    case F_TIME:
        return time_ok(val) ? CARNET_OK : vfail(v, path, "heure HH:MM attendue");
    case F_BOOL:
        return cJSON_IsBool(val) ? CARNET_OK : vfail(v, path, "true ou false attendu");
    case F_INT:
        return int_ok(val, f->min, f->max)
                   ? CARNET_OK
                   : vfail(v, path, "entier entre %d et %d attendu", f->min, f->max);
    case F_VOCAB:
    case F_ENUM:
        if (code_ok(f, val)) {
            return CARNET_OK;
        }
        return cJSON_IsString(val) ? vfail(v, path, "valeur inconnue '%.40s'", val->valuestring)
                                   : vfail(v, path, "code attendu");
    case F_POSTCODE:
        return postcode_ok(val) ? CARNET_OK : vfail(v, path, "code postal à 5 chiffres attendu");
    case F_EMAIL:
        return cJSON_IsString(val) && email_ok(val->valuestring)
                   ? CARNET_OK
                   : vfail(v, path, "adresse électronique invalide");
    case F_PHONE:
        return cJSON_IsString(val) && phone_ok(val->valuestring)
                   ? CARNET_OK
                   : vfail(v, path, "numéro de téléphone invalide");
    default:
        return CARNET_OK;
    }
}

static int
check_linked(struct vctx *v, const struct carnet__field *f, const cJSON *val, const char *path)
{
    carnet__principal p;

    switch (f->type) {
    case F_HANDLE:
        if (!cJSON_IsString(val) || !carnet__handle_valid(val->valuestring)) {
            return vfail(v, path, "identifiant d'acteur attendu");
        }
        if (v->db != NULL &&
            carnet__principal_by_handle(v->db, val->valuestring, &p) != CARNET_OK) {
            return vfail(v, path, "acteur inconnu '%.63s'", val->valuestring);
        }
        return CARNET_OK;
    case F_ROME:
        if (!cJSON_IsString(val) || strlen(val->valuestring) != 5 || val->valuestring[0] < 'A' ||
            val->valuestring[0] > 'N' || strspn(val->valuestring + 1, "0123456789") != 4) {
            return vfail(v, path, "code ROME attendu (une lettre A à N et 4 chiffres)");
        }
        if (v->db != NULL && carnet__rome_valid(v->db, val->valuestring) != CARNET_OK) {
            return vfail(v, path, "code ROME inconnu '%s'", val->valuestring);
        }
        return CARNET_OK;
    case F_REF:
        if (!cJSON_IsNumber(val) || val->valuedouble < 1 || val->valuedouble > 2e9 ||
            val->valuedouble != (double)(int64_t)val->valuedouble) {
            return vfail(v, path, "numéro d'entrée attendu");
        }
        return v->db != NULL && v->carnet != 0
                   ? ref_exists(v, path, (int64_t)val->valuedouble, f->min)
                   : CARNET_OK;
    default:
        return check_scalar(v, f, val, path);
    }
}

static int
check_value(struct vctx *v, const struct carnet__field *f, const cJSON *val, const char *path)
{
    char sub[160];
    const cJSON *e;
    int i = 0, rc;

    switch (f->type) {
    case F_ANY:
        return CARNET_OK;
    case F_OBJECT:
        return check_object(v, f->sub, val, path);
    case F_ARRAY:
        if (!cJSON_IsArray(val)) {
            return vfail(v, path, "liste attendue");
        }
        if (cJSON_GetArraySize(val) > f->max) {
            return vfail(v, path, "%d éléments au plus", f->max);
        }
        cJSON_ArrayForEach(e, val)
        {
            if (!path_join(sub, sizeof sub, path, NULL, i++)) {
                return vfail(v, path, "liste trop imbriquée");
            }
            rc = f->sub != NULL ? check_object(v, f->sub, e, sub) : text_ok(v, sub, e, 0, 1, 200);
            if (rc != CARNET_OK) {
                return rc;
            }
        }
        return CARNET_OK;
    default:
        return check_linked(v, f, val, path);
    }
}

static const struct carnet__field *
field_named(const struct carnet__field *fields, const char *name)
{
    for (const struct carnet__field *f = fields; f->name != NULL; f++) {
        if (strcmp(f->name, name) == 0) {
            return f;
        }
    }
    return NULL;
}

/* One member of an object: a known field, the import origin, or a fault. */
static int
check_member(struct vctx *v, const struct carnet__field *fields, const cJSON *e, const char *path)
{
    const struct carnet__field *f = field_named(fields, e->string);
    char sub[160];

    if (!path_join(sub, sizeof sub, path, e->string, -1)) {
        return vfail(v, path, "nom de champ trop long");
    }
    if (f == NULL && path[0] == '\0' && strcmp(e->string, "origine") == 0) {
        return check_object(v, origine_fields, e, sub);
    }
    if (f == NULL) {
        return strcmp(e->string, "nir") == 0
                   ? vfail(v, sub, "le NIR n'est jamais enregistré dans carnet")
                   : vfail(v, sub, "champ inconnu");
    }
    if (cJSON_IsNull(e) && (f->flags & REQ) == 0) {
        return CARNET_OK;
    }
    return check_value(v, f, e, sub);
}

static int
check_object(struct vctx *v, const struct carnet__field *fields, const cJSON *obj, const char *path)
{
    const cJSON *e;
    char sub[160];
    int rc;

    if (!cJSON_IsObject(obj)) {
        return vfail(v, path[0] != '\0' ? path : "(racine)", "objet JSON attendu");
    }
    cJSON_ArrayForEach(e, obj)
    {
        if ((rc = check_member(v, fields, e, path)) != CARNET_OK) {
            return rc;
        }
    }
    for (const struct carnet__field *f = fields; f->name != NULL; f++) {
        const cJSON *val = cJSON_GetObjectItemCaseSensitive(obj, f->name);
        if ((f->flags & REQ) != 0 && (val == NULL || cJSON_IsNull(val))) {
            return vfail(v, path_join(sub, sizeof sub, path, f->name, -1) ? sub : path,
                         "champ obligatoire absent");
        }
    }
    return CARNET_OK;
}

/* ----------------------------------------------------- kind-specific rules */

static int
dates_ordered(struct vctx *v, const cJSON *obj, const char *from, const char *to, const char *path)
{
    const char *a = carnet__json_str(obj, from), *b = carnet__json_str(obj, to);
    int64_t ta, tb;

    if (a != NULL && b != NULL && carnet_date_parse(&ta, a) == 0 &&
        carnet_date_parse(&tb, b) == 0 && tb < ta) {
        return vfail(v, path, "« %s » (%s) précède « %s » (%s)", to, b, from, a);
    }
    return CARNET_OK;
}

static int
in_referentiel(struct vctx *v, carnet_ref_kind kind, const char *theme, const char *label,
               const char *path)
{
    int rc;

    if (v->db == NULL) {
        return CARNET_OK;
    }
    rc = carnet_ref_check(v->db, kind, theme, label);
    if (rc == CARNET_ENOTFOUND) {
        return vfail(v, path,
                     "« %.80s » n'est pas dans le référentiel%s%s%s (mettre \"libre\": "
                     "true pour un texte libre)",
                     label, theme != NULL ? " du thème « " : "", theme != NULL ? theme : "",
                     theme != NULL ? " »" : "");
    }
    return rc;
}

static int
check_contrat(struct vctx *v, const cJSON *body)
{
    return dates_ordered(v, body, "date_debut", "date_fin", "date_fin");
}

static int
check_diag_pro(struct vctx *v, const cJSON *body)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(body, "situation_travail");
    return st != NULL ? dates_ordered(v, st, "depuis", "jusqu_au", "situation_travail.jusqu_au")
                      : CARNET_OK;
}

static int
check_situations(struct vctx *v, const cJSON *body, const char *only_theme)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "situations"), *e;
    char path[64];
    int i = 0, rc;

    cJSON_ArrayForEach(e, list)
    {
        const char *theme = only_theme != NULL ? only_theme : carnet__json_str(e, "theme");
        (void)snprintf(path, sizeof path, "situations[%d].situation", i);
        if (only_theme == NULL && theme != NULL && strcmp(theme, "sante") == 0) {
            (void)snprintf(path, sizeof path, "situations[%d].theme", i);
            return vfail(v, path, "les situations de santé s'écrivent dans la section sante");
        }
        rc = in_referentiel(v, CARNET_REF_SITUATION, theme, carnet__json_str(e, "situation"), path);
        if (rc != CARNET_OK) {
            return rc;
        }
        i++;
    }
    return CARNET_OK;
}

static int
check_objectif(struct vctx *v, const cJSON *body)
{
    const char *contrat = carnet__json_str(body, "contrat");
    int rc = CARNET_OK;

    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "libre"))) {
        rc = in_referentiel(v, CARNET_REF_OBJECTIF, NULL, carnet__json_str(body, "libelle"),
                            "libelle");
    }
    if (rc == CARNET_OK && contrat != NULL && strcmp(contrat, "aucun") != 0 &&
        !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "engagement"))) {
        rc = vfail(v, "engagement",
                   "l'engagement de la personne est obligatoire quand l'objectif est lié à un "
                   "contrat");
    }
    return rc;
}

static int
check_action(struct vctx *v, const cJSON *body)
{
    int rc = CARNET_OK;

    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "libre"))) {
        rc = in_referentiel(v, CARNET_REF_ACTION, NULL, carnet__json_str(body, "libelle"),
                            "libelle");
    }
    if (rc == CARNET_OK && v->db != NULL && carnet__json_str(body, "offre") != NULL) {
        /* A prescription names a service of the catalogue. */
        carnet_offer o;
        if (carnet_offer_get(&o, v->db, carnet__json_str(body, "offre")) != CARNET_OK) {
            rc = vfail(v, "offre", "service '%.63s' absent du catalogue (carnet offres chercher)",
                       carnet__json_str(body, "offre"));
        }
    }
    return rc == CARNET_OK ? dates_ordered(v, body, "date_debut", "date_fin", "date_fin") : rc;
}

static int
check_social(struct vctx *v, const cJSON *body)
{
    return check_situations(v, body, NULL);
}

static int
check_sante(struct vctx *v, const cJSON *body)
{
    return check_situations(v, body, "sante");
}

/* The checks of carnet__kind_check, in its order. */
static int (*const kind_checks[CARNET__CHECK_COUNT])(struct vctx *, const cJSON *) = {
    [CARNET__CHECK_CONTRAT] = check_contrat,   [CARNET__CHECK_DIAG_PRO] = check_diag_pro,
    [CARNET__CHECK_SOCIAL] = check_social,     [CARNET__CHECK_SANTE] = check_sante,
    [CARNET__CHECK_OBJECTIF] = check_objectif, [CARNET__CHECK_ACTION] = check_action,
};

int
carnet__validate_body(carnet_db *db, int64_t carnet, const char *kind,
                      const struct carnet__field *fields, const cJSON *body,
                      char *msg, /* NOLINT(readability-non-const-parameter): via vctx */
                      size_t size)
{
    struct vctx v = {db, carnet, kind, msg, size};
    return check_object(&v, fields, body, "");
}

/* ------------------------------------------------------------- parsing */

/* When carnet @p v->carnet was opened (seconds): 0, or -1 when unknown. */
static int
opened_at(struct vctx *v, int64_t *at)
{
    carnet__statement *st = carnet__stmt(v->db, CARNET__Q_CARNET_OPENED_AT);
    int rc;

    if (st == NULL) {
        return -1;
    }
    carnet__bind_int(st, 1, v->carnet);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *at = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? 0 : -1;
}

/* A follow-up event (rendez-vous, point d'étape, exit, news, closure)
 * dated before the day the carnet was opened makes no sense and would give
 * a negative delay in the indicators (issue 18, point 4; an end before its
 * start is refused by the kind's own check). A change of situation may
 * well predate the carnet: it is not checked. */
static int
check_dates(struct vctx *v, const carnet__kind *k, const cJSON *body)
{
    const char *date = carnet__json_str(body, "date");
    int64_t t = 0, at = 0;
    char opened[11];

    if (k->section == CARNET_SECTION_SUIVI && strcmp(k->name, "suivi.evenement") != 0 &&
        date != NULL && v->db != NULL && v->carnet != 0 && carnet_date_parse(&t, date) == 0 &&
        opened_at(v, &at) == 0 && t < at - at % 86400) {
        carnet_date_format(opened, at);
        return vfail(v, "date", "le %s précède l'ouverture du carnet, le %s", date, opened);
    }
    return CARNET_OK;
}

static int
parse_body(carnet_db *db, int64_t carnet, const carnet__kind *k, const char *json, cJSON **out,
           char *msg, size_t size)
{
    size_t len = json != NULL ? strlen(json) : 0;
    char why[256];
    cJSON *body;
    int rc;

    *out = NULL;
    msg[0] = '\0';
    if (len == 0 || len > CARNET_JSON_MAX) {
        (void)snprintf(msg, size, "%s : contenu vide ou plus grand que %zu octets", k->name,
                       CARNET_JSON_MAX);
        return CARNET_EINVAL;
    }
    rc = carnet__json_parse_msg(json, len, &body, why, sizeof why);
    if (rc != CARNET_OK) {
        (void)snprintf(msg, size, "%s : %s", k->name, why);
        return rc;
    }
    rc = carnet__validate_body(db, carnet, k->name, k->fields, body, msg, size);
    if (rc == CARNET_OK) {
        struct vctx v = {db, carnet, k->name, msg, size};
        rc = k->check != CARNET__CHECK_NONE ? kind_checks[k->check](&v, body) : CARNET_OK;
        rc = rc == CARNET_OK ? check_dates(&v, k, body) : rc;
    }
    if (rc != CARNET_OK) {
        carnet__json_wipe_delete(body);
        return rc;
    }
    *out = body;
    return CARNET_OK;
}

int
carnet__kind_parse(carnet_db *db, int64_t carnet, const carnet__kind *k, const char *json,
                   cJSON **out, char *msg, size_t msg_size)
{
    return parse_body(db, carnet, k, json, out, msg, msg_size);
}

int
carnet_kind_validate(const char *kind, const char *json, char *msg, size_t msg_size)
{
    const carnet__kind *k = carnet__kind_by_name(kind);
    cJSON *body = NULL;
    int rc;

    if (k == NULL) {
        (void)snprintf(msg, msg_size, "type d'entrée inconnu '%.40s'", kind != NULL ? kind : "");
        return CARNET_EINVAL;
    }
    rc = parse_body(NULL, 0, k, json, &body, msg, msg_size);
    carnet__json_wipe_delete(body);
    return rc;
}
