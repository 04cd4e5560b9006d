/* mapped.c - what a record of a flow maps to, and the JSON helpers the
 * mappers share: reading nested fields, adding texts, flags and names.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/flows.h"

void
carnet__mapped_free(carnet__mapped *m)
{
    carnet__json_wipe_delete(m->identite);
    carnet__json_wipe_delete(m->droits);
    carnet__json_wipe_delete(m->diag_pro);
    carnet__json_wipe_delete(m->contrat);
    carnet__json_wipe_delete(m->social);
    memset(m, 0, sizeof *m);
}

const cJSON *
carnet__json_path(const cJSON *o, const char *a, const char *b, const char *c)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b != NULL) {
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    }
    if (c != NULL) {
        v = cJSON_GetObjectItemCaseSensitive(v, c);
    }
    return v;
}

static const char *
type_name(const cJSON *v)
{
    if (cJSON_IsNumber(v)) {
        return "un nombre";
    }
    if (cJSON_IsBool(v)) {
        return "un booléen";
    }
    return cJSON_IsArray(v) ? "une liste" : "un objet";
}

const char *
carnet__json_str_at(carnet__mapped *m, const cJSON *o, const char *a, const char *b, const char *c)
{
    const cJSON *v = carnet__json_path(o, a, b, c);

    if (v == NULL) {
        return NULL;
    }
    if (!cJSON_IsString(v) && !cJSON_IsNull(v) && m->mistyped[0] == '\0') {
        (void)snprintf(m->mistyped, sizeof m->mistyped, "%s%s%s%s%s", a, b != NULL ? "." : "",
                       b != NULL ? b : "", c != NULL ? "." : "", c != NULL ? c : "");
        m->found = type_name(v);
    }
    return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

int
carnet__json_add_str(cJSON *o, const char *key, const char *val)
{
    return val == NULL || cJSON_AddStringToObject(o, key, val) != NULL;
}

int
carnet__json_add_flag(cJSON *o, const char *key, const char *flag)
{
    if (flag == NULL) {
        return 1;
    }
    return cJSON_AddBoolToObject(o, key, strcmp(flag, "1") == 0 || strcmp(flag, "OUI") == 0) !=
           NULL;
}

/* Capitalise "NICOLAS" as "Nicolas" (ASCII letters only; the rest kept). */
static char *
name_case(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    int start = 1;

    if (out == NULL) {
        return NULL;
    }
    for (size_t i = 0; i <= n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z' && !start) {
            c = (char)(c - 'A' + 'a');
        }
        start = c == ' ' || c == '-' || c == '\'';
        out[i] = c;
    }
    return out;
}

int
carnet__json_add_name(cJSON *o, const char *key, const char *val)
{
    char *n;
    int ok;

    if (val == NULL) {
        return 1;
    }
    n = name_case(val);
    ok = n != NULL && cJSON_AddStringToObject(o, key, n) != NULL;
    if (n != NULL) {
        carnet_memzero(n, strlen(n));
        free(n);
    }
    return ok;
}
