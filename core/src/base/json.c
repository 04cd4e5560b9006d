/* json.c - the core's cJSON helpers: parsing with an offset in the message,
 * compact printing, and wiping trees that held personal data.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "base/base.h"

int
carnet__json_parse(carnet_db *db, const char *json, size_t len, cJSON **out, const char *what)
{
    const char *end = NULL;
    cJSON *j;

    *out = NULL;
    if (json == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "%s : document JSON absent", what);
    }
    if (memchr(json, '\0', len) != NULL) {
        return carnet__fail(db, CARNET_EINVAL, "%s : octet nul dans le document JSON", what);
    }
    j = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (j == NULL) {
        size_t off = end != NULL && end >= json ? (size_t)(end - json) : 0;
        return carnet__fail(db, CARNET_EINVAL, "%s : JSON invalide à l'octet %zu", what, off);
    }
    /* Nothing but white space may follow the document. */
    for (const char *p = end; p != NULL && p < json + len; p++) {
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            cJSON_Delete(j);
            return carnet__fail(db, CARNET_EINVAL,
                                "%s : contenu inattendu après le JSON, octet %zu", what,
                                (size_t)(p - json));
        }
    }
    *out = j;
    return CARNET_OK;
}

char *
carnet__json_print(const cJSON *j)
{
    return cJSON_PrintUnformatted(j);
}

void
carnet__json_free_str(char *s)
{
    if (s != NULL) {
        carnet_memzero(s, strlen(s));
        cJSON_free(s);
    }
}

static void
wipe(cJSON *j)
{
    for (; j != NULL; j = j->next) {
        if (j->valuestring != NULL) {
            carnet_memzero(j->valuestring, strlen(j->valuestring));
        }
        if (j->string != NULL && (j->type & cJSON_StringIsConst) == 0) {
            carnet_memzero(j->string, strlen(j->string));
        }
        j->valuedouble = 0;
        j->valueint = 0;
        wipe(j->child);
    }
}

void
carnet__json_wipe_delete(cJSON *j)
{
    if (j != NULL) {
        wipe(j);
        cJSON_Delete(j);
    }
}

const char *
carnet__json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}
