/* json.c - the core's cJSON helpers: parsing every JSON input with the
 * checks cJSON does not make (duplicate keys, \u0000, nesting depth),
 * compact printing, and wiping trees that held personal data.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carnet/json.h>

#include "base/base.h"

/* ------------------------------------------------------ raw text scans */

/* The nesting depth reached at byte @p upto (included) of a JSON text. */
static size_t
depth_at(const char *json, size_t len, size_t upto)
{
    size_t depth = 0, max = 0;
    int in_string = 0;

    for (size_t i = 0; i < len && i <= upto; i++) {
        char c = json[i];
        if (in_string) {
            i += c == '\\' ? 1 : 0;
            in_string = c != '"';
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            depth++;
            max = depth > max ? depth : max;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return max;
}

/* The ordinal, in document order, of the first string (key or value) that
 * holds the escape \u0000, or -1. The text is valid JSON. */
static long
nul_string(const char *json, size_t len)
{
    long strings = 0;
    int in_string = 0;

    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (!in_string) {
            in_string = c == '"';
            strings += in_string;
        } else if (c == '\\') {
            if (i + 5 < len && json[i + 1] == 'u' && memcmp(json + i + 2, "0000", 4) == 0) {
                return strings - 1;
            }
            i++;
        } else {
            in_string = c != '"';
        }
    }
    return -1;
}

/* ------------------------------------------------------ the tree walk */

struct walk {
    char path[192]; /* "services[0].nom": where the walk is */
    size_t len;
    long nul;     /* ordinal of the string holding \u0000, -1 if none */
    long strings; /* strings met so far, in document order */
    char *msg;
    size_t size;
};

/* Append ".key" or "[index]" to the path; returns the length to restore. */
static size_t
push(struct walk *w, const char *key, int index)
{
    size_t old = w->len;
    size_t room = sizeof w->path - w->len;
    int n = key != NULL ? snprintf(w->path + w->len, room, "%s%s", w->len > 0 ? "." : "", key)
                        : snprintf(w->path + w->len, room, "[%d]", index);

    w->len = n < 0 ? w->len : (size_t)n >= room ? sizeof w->path - 1 : w->len + (size_t)n;
    return old;
}

static void
pop(struct walk *w, size_t old)
{
    w->len = old;
    w->path[old] = '\0';
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The name given twice among the members of @p obj, or NULL (*nomem set
 * when the check could not be made). */
static const char *
duplicate(const cJSON *obj, int *nomem)
{
    const char **names;
    const char *dup = NULL;
    size_t n = 0, i = 0;
    const cJSON *e;

    cJSON_ArrayForEach(e, obj)
    {
        n++;
    }
    if (n < 2) {
        return NULL;
    }
    names = malloc(n * sizeof *names);
    if (names == NULL) {
        *nomem = 1;
        return NULL;
    }
    cJSON_ArrayForEach(e, obj)
    {
        names[i++] = e->string;
    }
    qsort((void *)names, n, sizeof *names, by_name);
    for (i = 1; i < n && dup == NULL; i++) {
        dup = strcmp(names[i - 1], names[i]) == 0 ? names[i] : NULL;
    }
    free((void *)names);
    return dup;
}

static int check_node(struct walk *w, const cJSON *j);

static int
check_object(struct walk *w, const cJSON *obj)
{
    int nomem = 0;
    const char *dup = duplicate(obj, &nomem);
    const cJSON *e;

    if (nomem) {
        (void)snprintf(w->msg, w->size, "mémoire insuffisante");
        return CARNET_ENOMEM;
    }
    if (dup != NULL) {
        (void)snprintf(w->msg, w->size, "clé « %.60s » en double %s%s%s", dup,
                       w->len > 0 ? "dans « " : "à la racine", w->len > 0 ? w->path : "",
                       w->len > 0 ? " »" : "");
        return CARNET_EINVAL;
    }
    cJSON_ArrayForEach(e, obj)
    {
        size_t old;
        int rc;
        if (w->strings++ == w->nul) {
            (void)snprintf(w->msg, w->size, "caractère nul (\\u0000) refusé dans une clé %s%s%s",
                           w->len > 0 ? "de « " : "à la racine", w->len > 0 ? w->path : "",
                           w->len > 0 ? " »" : "");
            return CARNET_EINVAL;
        }
        old = push(w, e->string, 0);
        rc = check_node(w, e);
        pop(w, old);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    return CARNET_OK;
}

static int
check_node(struct walk *w, const cJSON *j)
{
    const cJSON *e;
    int i = 0;

    if (cJSON_IsObject(j)) {
        return check_object(w, j);
    }
    if (cJSON_IsString(j) && w->strings++ == w->nul) {
        (void)snprintf(w->msg, w->size, "%s%s%scaractère nul (\\u0000) refusé",
                       w->len > 0 ? "champ « " : "", w->path, w->len > 0 ? " » : " : "");
        return CARNET_EINVAL;
    }
    if (!cJSON_IsArray(j)) {
        return CARNET_OK;
    }
    cJSON_ArrayForEach(e, j)
    {
        size_t old = push(w, NULL, i++);
        int rc = check_node(w, e);
        pop(w, old);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------- parsing */

static int
parse_failed(const char *json, size_t len, const char *end, char *msg, size_t size)
{
    size_t off = end != NULL && end >= json ? (size_t)(end - json) : 0;

    if (depth_at(json, len, off) > CJSON_NESTING_LIMIT) {
        (void)snprintf(msg, size,
                       "JSON trop imbriqué : plus de %d niveaux d'objets ou de listes (octet %zu)",
                       CJSON_NESTING_LIMIT, off);
    } else {
        (void)snprintf(msg, size, "JSON invalide à l'octet %zu", off);
    }
    return CARNET_EINVAL;
}

int
carnet__json_parse_msg(const char *json, size_t len, cJSON **out, char *msg, size_t size)
{
    struct walk w;
    const char *end = NULL;
    cJSON *j;
    int rc;

    *out = NULL;
    msg[0] = '\0';
    if (json == NULL) {
        (void)snprintf(msg, size, "document JSON absent");
        return CARNET_EINVAL;
    }
    if (memchr(json, '\0', len) != NULL) {
        (void)snprintf(msg, size, "octet nul dans le document JSON");
        return CARNET_EINVAL;
    }
    j = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (j == NULL) {
        return parse_failed(json, len, end, msg, size);
    }
    /* Nothing but white space may follow the document. */
    for (const char *p = end; p != NULL && p < json + len; p++) {
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            carnet__json_wipe_delete(j);
            (void)snprintf(msg, size, "contenu inattendu après le JSON, octet %zu",
                           (size_t)(p - json));
            return CARNET_EINVAL;
        }
    }
    memset(&w, 0, sizeof w);
    w.nul = nul_string(json, len);
    w.msg = msg;
    w.size = size;
    rc = check_node(&w, j);
    if (rc != CARNET_OK) {
        carnet__json_wipe_delete(j);
        return rc;
    }
    *out = j;
    return CARNET_OK;
}

int
carnet_json_check(const char *json, size_t len, char *msg, size_t msg_size)
{
    cJSON *j = NULL;
    int rc = carnet__json_parse_msg(json, len, &j, msg, msg_size);

    carnet__json_wipe_delete(j);
    return rc;
}

int
carnet__json_parse(carnet_db *db, const char *json, size_t len, cJSON **out, const char *what)
{
    char msg[CARNET_ERRMSG_MAX - 64];
    int rc = carnet__json_parse_msg(json, len, out, msg, sizeof msg);

    return rc == CARNET_OK ? CARNET_OK : carnet__fail(db, rc, "%s : %s", what, msg);
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
