/* rules.c - parsing, signing, verifying and applying the sharing rules.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

#define RULE_NAME_MAX 63
#define RULES_MAX     256
#define UNNAMED       (-1)

struct rule {
    char name[RULE_NAME_MAX + 1];
    unsigned roles;  /* bit r for role r; all bits for "*" */
    uint32_t stypes; /* bit t for structure type t; all bits for "*" */
    int any_role;
    int any_structure;
    signed char sections[CARNET_SECTION_COUNT]; /* carnet_access, or UNNAMED */
};

struct carnet_rules {
    char msg[256];
    char name[CARNET_NAME_MAX + 1];
    struct rule *rules;
    size_t n;
    int is_signed;
    char signer[CARNET_HANDLE_MAX + 1];
    unsigned char sig[CARNET_SIG_BYTES];
};

static int rfail(carnet_rules *r, const char *fmt, ...) CARNET_PRINTF(2, 3);

static int
rfail(carnet_rules *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    (void)vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    return CARNET_EINVAL;
}

static int
parse_roles(carnet_rules *r, struct rule *ru, const cJSON *arr, size_t i)
{
    const cJSON *v;
    size_t k = 0;

    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        return rfail(r, "regles[%zu].roles : liste non vide attendue", i);
    }
    cJSON_ArrayForEach(v, arr)
    {
        int role;
        if (!cJSON_IsString(v)) {
            return rfail(r, "regles[%zu].roles[%zu] : texte attendu", i, k);
        }
        if (strcmp(v->valuestring, "*") == 0) {
            ru->any_role = 1;
        } else if (carnet_enum_parse(&role, CARNET_ENUM_ROLE, v->valuestring) == CARNET_OK) {
            ru->roles |= 1u << (unsigned)role;
        } else {
            return rfail(r, "regles[%zu].roles[%zu] : rôle inconnu '%.40s'", i, k, v->valuestring);
        }
        k++;
    }
    return CARNET_OK;
}

static int
parse_structures(carnet_rules *r, struct rule *ru, const cJSON *arr, size_t i)
{
    const cJSON *v;
    size_t k = 0;

    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        return rfail(r, "regles[%zu].structures : liste non vide attendue", i);
    }
    cJSON_ArrayForEach(v, arr)
    {
        int t;
        if (!cJSON_IsString(v)) {
            return rfail(r, "regles[%zu].structures[%zu] : texte attendu", i, k);
        }
        if (strcmp(v->valuestring, "*") == 0) {
            ru->any_structure = 1;
        } else if (carnet_enum_parse(&t, CARNET_ENUM_STRUCTURE_TYPE, v->valuestring) == CARNET_OK) {
            ru->stypes |= (uint32_t)1 << (unsigned)t;
        } else {
            return rfail(r, "regles[%zu].structures[%zu] : type de structure inconnu '%.40s'", i, k,
                         v->valuestring);
        }
        k++;
    }
    return CARNET_OK;
}

static int
parse_sections(carnet_rules *r, struct rule *ru, const cJSON *obj, size_t i)
{
    const cJSON *v;

    if (!cJSON_IsObject(obj) || obj->child == NULL) {
        return rfail(r, "regles[%zu].sections : objet non vide attendu", i);
    }
    cJSON_ArrayForEach(v, obj)
    {
        int s, a;
        if (carnet_enum_parse(&s, CARNET_ENUM_SECTION, v->string) != CARNET_OK) {
            return rfail(r, "regles[%zu].sections : section inconnue '%.40s'", i, v->string);
        }
        if (!cJSON_IsString(v) || carnet_enum_parse(&a, CARNET_ENUM_ACCESS, v->valuestring) != 0) {
            return rfail(r,
                         "regles[%zu].sections.%s : valeur inconnue (attendu : aucun, lecture, "
                         "ecriture)",
                         i, v->string);
        }
        if (ru->sections[s] != UNNAMED) {
            return rfail(r, "regles[%zu].sections.%s : section nommée deux fois", i, v->string);
        }
        ru->sections[s] = (signed char)a;
    }
    return CARNET_OK;
}

static int
parse_rule(carnet_rules *r, struct rule *ru, const cJSON *o, size_t i)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "nom");
    const cJSON *v;
    int rc;

    memset(ru, 0, sizeof *ru);
    memset(ru->sections, UNNAMED, sizeof ru->sections);
    if (!cJSON_IsObject(o)) {
        return rfail(r, "regles[%zu] : objet attendu", i);
    }
    cJSON_ArrayForEach(v, o)
    {
        if (strcmp(v->string, "nom") != 0 && strcmp(v->string, "roles") != 0 &&
            strcmp(v->string, "structures") != 0 && strcmp(v->string, "sections") != 0) {
            return rfail(r, "regles[%zu] : champ inconnu '%.40s'", i, v->string);
        }
    }
    if (name != NULL) {
        if (!cJSON_IsString(name) || strlen(name->valuestring) > RULE_NAME_MAX ||
            !carnet__utf8_valid(name->valuestring, 0)) {
            return rfail(r, "regles[%zu].nom : texte de %d octets au plus attendu", i,
                         RULE_NAME_MAX);
        }
        (void)carnet__strlcpy(ru->name, name->valuestring, sizeof ru->name);
    }
    rc = parse_roles(r, ru, cJSON_GetObjectItemCaseSensitive(o, "roles"), i);
    if (rc == CARNET_OK) {
        rc = parse_structures(r, ru, cJSON_GetObjectItemCaseSensitive(o, "structures"), i);
    }
    if (rc == CARNET_OK) {
        rc = parse_sections(r, ru, cJSON_GetObjectItemCaseSensitive(o, "sections"), i);
    }
    return rc;
}

static int
parse_signature(carnet_rules *r, const cJSON *sig)
{
    const char *who, *val;

    if (sig == NULL) {
        return CARNET_OK;
    }
    who = carnet__json_str(sig, "signataire");
    val = carnet__json_str(sig, "valeur");
    if (!cJSON_IsObject(sig) || who == NULL || val == NULL ||
        carnet__strlcpy(r->signer, who, sizeof r->signer) != 0) {
        return rfail(r, "signature : objet {\"signataire\", \"valeur\"} attendu");
    }
    if (carnet_hex_decode(r->sig, sizeof r->sig, val) != CARNET_OK) {
        return rfail(r, "signature.valeur : 128 chiffres hexadécimaux attendus");
    }
    r->is_signed = 1;
    return CARNET_OK;
}

static int
parse_doc(carnet_rules *r, const cJSON *doc)
{
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "schema_version");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "nom");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "regles");
    const cJSON *v;
    size_t i = 0;
    int rc;

    if (!cJSON_IsObject(doc)) {
        return rfail(r, "racine : objet attendu");
    }
    cJSON_ArrayForEach(v, doc)
    {
        if (strcmp(v->string, "schema_version") != 0 && strcmp(v->string, "nom") != 0 &&
            strcmp(v->string, "regles") != 0 && strcmp(v->string, "signature") != 0) {
            return rfail(r, "racine : champ inconnu '%.40s'", v->string);
        }
    }
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1.0) {
        return rfail(r, "schema_version : 1 attendu");
    }
    if (!cJSON_IsString(name) || carnet__strlcpy(r->name, name->valuestring, sizeof r->name) != 0 ||
        !carnet__utf8_valid(r->name, 0)) {
        return rfail(r, "nom : texte de %d octets au plus attendu", CARNET_NAME_MAX);
    }
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0 ||
        cJSON_GetArraySize(list) > RULES_MAX) {
        return rfail(r, "regles : liste de 1 à %d règles attendue", RULES_MAX);
    }
    r->rules = calloc((size_t)cJSON_GetArraySize(list), sizeof *r->rules);
    if (r->rules == NULL) {
        return CARNET_ENOMEM;
    }
    cJSON_ArrayForEach(v, list)
    {
        rc = parse_rule(r, &r->rules[i], v, i);
        if (rc != CARNET_OK) {
            return rc;
        }
        i++;
        r->n = i;
    }
    return parse_signature(r, cJSON_GetObjectItemCaseSensitive(doc, "signature"));
}

int
carnet_rules_parse(carnet_rules **out, const char *json, size_t len)
{
    carnet_rules *r = calloc(1, sizeof *r);
    char why[256];
    cJSON *doc = NULL;
    int rc;

    *out = r;
    if (r == NULL) {
        return CARNET_ENOMEM;
    }
    if (json == NULL || memchr(json, '\0', len) != NULL) {
        return rfail(r, "document de règles vide ou contenant un octet nul");
    }
    rc = carnet__json_parse_msg(json, len, &doc, why, sizeof why);
    if (rc != CARNET_OK) {
        (void)rfail(r, "%s", why);
        return rc;
    }
    rc = parse_doc(r, doc);
    cJSON_Delete(doc);
    return rc;
}

void
carnet_rules_free(carnet_rules *r)
{
    if (r != NULL) {
        free(r->rules);
        free(r);
    }
}

const char *
carnet_rules_errmsg(const carnet_rules *r)
{
    return r != NULL ? r->msg : "mémoire insuffisante";
}

const char *
carnet_rules_name(const carnet_rules *r)
{
    return r->name;
}

size_t
carnet_rules_count(const carnet_rules *r)
{
    return r->n;
}

const char *
carnet_rules_rule_name(const carnet_rules *r, size_t i)
{
    return i < r->n ? r->rules[i].name : "";
}

static int
applies(const struct rule *ru, carnet_role role, carnet_structure_type type)
{
    int role_ok = ru->any_role || (ru->roles & (1u << (unsigned)role)) != 0;
    int type_ok = ru->any_structure || (ru->stypes & ((uint32_t)1 << (unsigned)type)) != 0;
    return role_ok && type_ok;
}

carnet_access
carnet_rules_ceiling(const carnet_rules *r, carnet_role role, carnet_structure_type type,
                     carnet_section s, int *rule_out)
{
    int best = -1, best_spec = -1;
    carnet_access value = CARNET_ACCESS_NONE;

    for (size_t i = 0; r != NULL && i < r->n && (unsigned)s < CARNET_SECTION_COUNT; i++) {
        const struct rule *ru = &r->rules[i];
        int spec;
        if (ru->sections[s] == UNNAMED || !applies(ru, role, type)) {
            continue;
        }
        spec = (ru->roles != 0 ? 1 : 0) + (ru->stypes != 0 ? 1 : 0);
        if (spec > best_spec || (spec == best_spec && ru->sections[s] < (int)value)) {
            best = (int)i;
            best_spec = spec;
            value = (carnet_access)ru->sections[s];
        }
    }
    if (rule_out != NULL) {
        *rule_out = best;
    }
    return best < 0 ? CARNET_ACCESS_NONE : value;
}

/* ------------------------------------------------------------- signatures */

/* Canonical bytes of the parsed rules: what the administrator signs. */
static unsigned char *
canonical(const carnet_rules *r, size_t *len)
{
    size_t cap = 8 + strlen(r->name) + r->n * (2 + RULE_NAME_MAX + 4 + 4 + CARNET_SECTION_COUNT);
    unsigned char *buf = malloc(cap), *p = buf;

    if (buf == NULL) {
        return NULL;
    }
    p = carnet__put8(p, 1);
    p = carnet__put8(p, (unsigned)strlen(r->name));
    memcpy(p, r->name, strlen(r->name));
    p += strlen(r->name);
    p = carnet__put32(p, (uint32_t)r->n);
    for (size_t i = 0; i < r->n; i++) {
        const struct rule *ru = &r->rules[i];
        p = carnet__put8(p, (unsigned)strlen(ru->name));
        memcpy(p, ru->name, strlen(ru->name));
        p += strlen(ru->name);
        p = carnet__put8(p, (ru->any_role ? 0x80u : 0u) | ru->roles);
        p = carnet__put32(p, ru->stypes | (ru->any_structure ? 0x80000000u : 0u));
        for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
            p = carnet__put8(p, (unsigned char)ru->sections[s]);
        }
    }
    *len = (size_t)(p - buf);
    return buf;
}

static int
rule_lists(cJSON *o, const struct rule *ru)
{
    cJSON *roles = cJSON_AddArrayToObject(o, "roles");
    cJSON *types = cJSON_AddArrayToObject(o, "structures");
    int ok = roles != NULL && types != NULL;

    if (ok && ru->any_role) {
        ok = cJSON_AddItemToArray(roles, cJSON_CreateString("*"));
    }
    for (int k = 1; ok && k <= CARNET_ROLE_ADMIN_STRUCTURE; k++) {
        if (ru->roles & (1u << (unsigned)k)) {
            ok = cJSON_AddItemToArray(roles,
                                      cJSON_CreateString(carnet_enum_code(CARNET_ENUM_ROLE, k)));
        }
    }
    if (ok && ru->any_structure) {
        ok = cJSON_AddItemToArray(types, cJSON_CreateString("*"));
    }
    for (int k = 1; ok && k <= CARNET_STRUCT_AUTRE; k++) {
        if (ru->stypes & ((uint32_t)1 << (unsigned)k)) {
            ok = cJSON_AddItemToArray(
                types, cJSON_CreateString(carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, k)));
        }
    }
    return ok;
}

static int
rule_json(cJSON *list, const struct rule *ru)
{
    cJSON *o = cJSON_CreateObject(), *secs;
    int ok = o != NULL && cJSON_AddItemToArray(list, o) &&
             cJSON_AddStringToObject(o, "nom", ru->name) != NULL && rule_lists(o, ru) &&
             (secs = cJSON_AddObjectToObject(o, "sections")) != NULL;

    for (int s = 0; ok && s < CARNET_SECTION_COUNT; s++) {
        if (ru->sections[s] != UNNAMED) {
            ok = cJSON_AddStringToObject(secs, carnet_enum_code(CARNET_ENUM_SECTION, s),
                                         carnet_enum_code(CARNET_ENUM_ACCESS, ru->sections[s])) !=
                 NULL;
        }
    }
    return ok;
}

static cJSON *
to_json(const carnet_rules *r)
{
    cJSON *doc = cJSON_CreateObject(), *list = NULL;
    int ok = doc != NULL && cJSON_AddNumberToObject(doc, "schema_version", 1) != NULL &&
             cJSON_AddStringToObject(doc, "nom", r->name) != NULL &&
             (list = cJSON_AddArrayToObject(doc, "regles")) != NULL;

    for (size_t i = 0; ok && i < r->n; i++) {
        ok = rule_json(list, &r->rules[i]);
    }
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* Sign with @p kp and render the signed document. */
static int
sign_render(char **out, carnet_rules *r, const carnet_keypair *kp, const char *signer)
{
    unsigned char *tbs;
    size_t len = 0;
    char hex[2 * CARNET_SIG_BYTES + 1];
    cJSON *doc, *sig;
    int rc;

    *out = NULL;
    tbs = canonical(r, &len);
    if (tbs == NULL) {
        return CARNET_ENOMEM;
    }
    rc = carnet_sign(r->sig, kp, "cdb/v1/rules", tbs, len);
    free(tbs);
    if (rc != CARNET_OK) {
        return rc;
    }
    r->is_signed = 1;
    (void)carnet__strlcpy(r->signer, signer, sizeof r->signer);
    doc = to_json(r);
    carnet_hex_encode(hex, r->sig, sizeof r->sig);
    sig = doc != NULL ? cJSON_AddObjectToObject(doc, "signature") : NULL;
    if (sig == NULL || cJSON_AddStringToObject(sig, "signataire", signer) == NULL ||
        cJSON_AddStringToObject(sig, "valeur", hex) == NULL) {
        cJSON_Delete(doc);
        return CARNET_ENOMEM;
    }
    *out = cJSON_Print(doc);
    cJSON_Delete(doc);
    return *out != NULL ? CARNET_OK : CARNET_ENOMEM;
}

static int
admin_principal(carnet_db *db, carnet__principal *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_ADMIN_PRINCIPAL);
    int64_t pid = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        pid = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    if (rc != CARNET__ROW) {
        return carnet__fail(db, CARNET_ENOTFOUND, "espace de travail non initialisé");
    }
    return carnet__principal_trusted(db, pid, out);
}

static int
verify_with(carnet_rules *r, const carnet__principal *admin)
{
    unsigned char *tbs;
    size_t len = 0;
    int rc;

    if (!r->is_signed) {
        (void)rfail(r, "les règles ne sont pas signées");
        return CARNET_EAUTH;
    }
    if (strcmp(r->signer, admin->handle) != 0) {
        (void)rfail(r, "règles signées par '%s', qui n'est pas l'administrateur '%s'", r->signer,
                    admin->handle);
        return CARNET_EAUTH;
    }
    tbs = canonical(r, &len);
    if (tbs == NULL) {
        return CARNET_ENOMEM;
    }
    rc = carnet_verify(r->sig, &admin->pk, "cdb/v1/rules", tbs, len);
    free(tbs);
    if (rc != CARNET_OK) {
        (void)rfail(r, "signature des règles invalide (fichier modifié après signature ?)");
    }
    return rc;
}

int
carnet_rules_verify(carnet_rules *r, carnet_db *db)
{
    carnet__principal admin;
    int rc = admin_principal(db, &admin);

    if (rc != CARNET_OK) {
        return rc;
    }
    rc = verify_with(r, &admin);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "%s", r->msg);
    }
    return carnet__ok(db);
}

int
carnet_rules_sign(char **out, carnet_rules *r, carnet_db *db, carnet_actor *admin)
{
    int rc;

    *out = NULL;
    if (!carnet__actor_is_admin(admin)) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seul l'administrateur du déploiement signe les "
                            "règles");
    }
    rc = sign_render(out, r, admin->kp, admin->handle);
    return rc == CARNET_OK ? carnet__ok(db)
                           : carnet__fail(db, rc, "signature des règles impossible");
}

/* Store @p doc as the rules in force: the row (its active flag is a cache)
 * and the registry's record, which is what decides. */
static int
store(carnet_db *db, const char *doc, const carnet__principal *admin, const carnet_keypair *kp)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_STORE_OFF);
    int64_t id = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__exec_stmt(db, st, "enregistrement des règles");
    st = rc == CARNET_OK ? carnet__stmt(db, CARNET__Q_STORE_INS) : NULL;
    if (st == NULL) {
        return rc != CARNET_OK ? rc : carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet_db_now(db));
    carnet__bind_int(st, 2, admin->pid);
    carnet__bind_text(st, 3, doc);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        id = carnet__col_int(st, 0);
        rc = carnet__step(st);
    }
    carnet__reset(st);
    rc = rc == CARNET__DONE ? CARNET_OK : carnet__store_fail(db, rc, "enregistrement des règles");
    if (rc == CARNET_OK) {
        rc = carnet__registry_rules(db, admin, kp, id, doc, strlen(doc));
    }
    carnet__cache_set(db, CARNET__CACHE_RULES, NULL, NULL);
    return rc;
}

int
carnet__rules_store(carnet_db *db, const char *json, size_t len, const carnet_keypair *admin_kp,
                    const carnet__principal *admin)
{
    carnet_rules *r = NULL;
    char *doc = NULL;
    int rc = carnet_rules_parse(&r, json, len);

    if (rc != CARNET_OK) {
        rc = carnet__fail(db, rc, "règles : %s", carnet_rules_errmsg(r));
    } else {
        rc = sign_render(&doc, r, admin_kp, admin->handle);
        rc = rc == CARNET_OK ? store(db, doc, admin, admin_kp) : carnet__fail(db, rc, "signature");
    }
    cJSON_free(doc);
    carnet_rules_free(r);
    return rc;
}

int
carnet_rules_install(carnet_db *db, carnet_actor *admin, const char *json, size_t len)
{
    carnet__principal admin_p;
    carnet_rules *r = NULL;
    int rc;

    if (!carnet__actor_is_admin(admin)) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seul l'administrateur du déploiement installe des règles");
    }
    rc = carnet_rules_parse(&r, json, len);
    if (rc != CARNET_OK) {
        rc = carnet__fail(db, rc, "règles : %s", carnet_rules_errmsg(r));
        carnet_rules_free(r);
        return rc;
    }
    rc = carnet__principal_trusted(db, admin->pid, &admin_p);
    if (rc == CARNET_OK && r->is_signed && verify_with(r, &admin_p) != CARNET_OK) {
        rc = carnet__fail(db, CARNET_EAUTH, "règles : %s", r->msg);
    }
    carnet_rules_free(r);
    if (rc == CARNET_OK) {
        rc = carnet__begin(db);
    }
    if (rc == CARNET_OK) {
        rc = carnet__rules_store(db, json, len, admin->kp, &admin_p);
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
        if (rc != CARNET_OK) {
            carnet__rollback(db);
        }
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

/* The rules in force are those of the registry's last rules record, with
 * the text it committed to (rules.active is a cache nothing reads). */
static int
in_force(carnet_db *db, int64_t *id, unsigned char commit[CARNET_HASH_BYTES])
{
    const carnet__registry *reg = NULL;
    int rc = carnet__registry_get(db, &reg);

    *id = 0;
    if (rc != CARNET_OK) {
        return rc;
    }
    if (carnet__registry_records(reg) == 0) {
        return carnet__registry_unmigrated(db);
    }
    *id = carnet__registry_rules_in_force(reg, commit);
    return *id != 0 ? CARNET_OK : carnet__fail(db, CARNET_ENOTFOUND, "aucune règle en vigueur");
}

static int
load_active(carnet_db *db, carnet_rules **out, int64_t *id_out)
{
    unsigned char commit[CARNET_HASH_BYTES], got[CARNET_HASH_BYTES];
    carnet__statement *st;
    carnet__principal admin;
    int rc = in_force(db, id_out, commit);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    st = carnet__stmt(db, CARNET__Q_RULES_DOC_BY_ID);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, *id_out);
    rc = carnet__step(st);
    if (rc != CARNET__ROW) {
        carnet__reset(st);
        return rc == CARNET__DONE ? carnet__fail(db, CARNET_EINTEGRITY,
                                                 "règles n°%lld en vigueur selon le registre : "
                                                 "introuvables",
                                                 (long long)*id_out)
                                  : carnet__store_fail(db, rc, "lecture des règles");
    }
    carnet__registry_rules_commit(got, carnet__col_str(st, 0), carnet__col_len(st, 0));
    rc = memcmp(got, commit, sizeof got) == 0
             ? carnet_rules_parse(out, carnet__col_str(st, 0), carnet__col_len(st, 0))
             : CARNET_EINTEGRITY;
    carnet__reset(st);
    if (rc == CARNET_EINTEGRITY) {
        return carnet__fail(db, rc,
                            "règles n°%lld : le texte ne correspond pas à celui du registre",
                            (long long)*id_out);
    }
    if (rc != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH, "règles en vigueur illisibles : %s",
                            carnet_rules_errmsg(*out));
    }
    rc = admin_principal(db, &admin);
    if (rc == CARNET_OK && verify_with(*out, &admin) != CARNET_OK) {
        rc = carnet__fail(db, CARNET_EAUTH, "règles en vigueur : %s", (*out)->msg);
    }
    return rc;
}

/* The handle's cache of the rules in force, with their row. */
struct rules_cache {
    carnet_rules *rules;
    int64_t id;
};

static void
rules_cache_free(void *data)
{
    struct rules_cache *c = data;

    carnet_rules_free(c->rules);
    free(c);
}

int
carnet__rules_current(carnet_db *db, const carnet_rules **out)
{
    struct rules_cache *cache = carnet__cache_get(db, CARNET__CACHE_RULES);
    unsigned char commit[CARNET_HASH_BYTES];
    carnet_rules *r = NULL;
    int64_t id = 0;
    int rc = in_force(db, &id, commit);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    if (cache != NULL && id == cache->id) {
        *out = cache->rules;
        return CARNET_OK;
    }
    rc = load_active(db, &r, &id);
    if (rc != CARNET_OK) {
        carnet_rules_free(r);
        return rc;
    }
    cache = calloc(1, sizeof *cache);
    if (cache == NULL) {
        carnet_rules_free(r);
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    cache->rules = r;
    cache->id = id;
    carnet__cache_set(db, CARNET__CACHE_RULES, cache, rules_cache_free);
    *out = r;
    return CARNET_OK;
}

int
carnet_rules_load(carnet_rules **out, carnet_db *db)
{
    int64_t id = 0;
    int rc = load_active(db, out, &id);

    if (rc != CARNET_OK) {
        carnet_rules_free(*out);
        *out = NULL;
        return rc;
    }
    return carnet__ok(db);
}

const char *
carnet_rules_default_json(void)
{
    return (const char *)carnet__embed_rules;
}

void
carnet_string_free(char *s)
{
    cJSON_free(s);
}
