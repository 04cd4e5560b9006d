/* referentiel.c - the embedded référentiel and ROME list, loaded lazily into
 * the workspace handle, with accent-insensitive word search.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"

struct ref_item {
    carnet_ref_kind kind;
    const char *theme;
    const char *label;
    char *folded;
};

struct carnet__ref {
    cJSON *doc; /* owns the strings of référentiel items */
    struct ref_item *items;
    size_t n;
    size_t cap;
    char *rome; /* copy of the ROME list, split in place */
    int rome_loaded;
};

/* Lower-case ASCII form of a UTF-8 label: accents dropped, others kept. */
static char *
fold(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1), *o = out;
    const unsigned char *p = (const unsigned char *)s;

    if (out == NULL) {
        return NULL;
    }
    while (*p != '\0') {
        if (*p < 0x80) {
            unsigned char lower = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p + 32) : *p;
            *o++ = (char)lower;
            p++;
        } else if (*p == 0xc3 && p[1] != '\0') {
            /* Latin-1 supplement: map the letters of French. */
            static const char map[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
            unsigned c = p[1] & 0x3fu;
            unsigned idx = c >= 0x20 ? c - 0x20 : c;
            *o++ =
                idx < sizeof map - 1 ? map[idx] : '?'; /* NOLINT(bugprone-narrowing-conversions) */
            p += 2;
        } else if (*p == 0xc5 && (p[1] == 0x93 || p[1] == 0x92)) {
            *o++ = 'o'; /* œ: "oe" compared as "o" + "e" below */
            *o++ = 'e';
            p += 2;
        } else {
            do {
                p++;
            } while ((*p & 0xc0) == 0x80);
            *o++ = ' ';
        }
    }
    *o = '\0';
    return out;
}

static int
add(struct carnet__ref *r, carnet_ref_kind kind, const char *theme, const char *label)
{
    if (r->n == r->cap) {
        size_t cap = r->cap == 0 ? 512 : r->cap * 2;
        struct ref_item *m = realloc(r->items, cap * sizeof *m);
        if (m == NULL) {
            return CARNET_ENOMEM;
        }
        r->items = m;
        r->cap = cap;
    }
    r->items[r->n].kind = kind;
    r->items[r->n].theme = theme;
    r->items[r->n].label = label;
    r->items[r->n].folded = fold(label);
    if (r->items[r->n].folded == NULL) {
        return CARNET_ENOMEM;
    }
    r->n++;
    return CARNET_OK;
}

static int
add_strings(struct carnet__ref *r, carnet_ref_kind kind, const char *theme, const cJSON *list)
{
    const cJSON *e;
    int rc = CARNET_OK;

    for (e = list != NULL ? list->child : NULL; e != NULL && rc == CARNET_OK; e = e->next) {
        if (cJSON_IsString(e)) {
            rc = add(r, kind, theme, e->valuestring);
        }
    }
    return rc;
}

static int
load_doc(struct carnet__ref *r)
{
    const cJSON *t;
    int rc = CARNET_OK;

    r->doc = cJSON_ParseWithLength((const char *)carnet__embed_referentiel,
                                   carnet__embed_referentiel_len);
    if (r->doc == NULL) {
        return CARNET_ECORRUPT;
    }
    for (t = r->doc->child; t != NULL && rc == CARNET_OK; t = t->next) {
        const char *id = carnet__json_str(t, "theme_id");
        const cJSON *g;
        if (id == NULL) {
            continue;
        }
        rc = add(r, CARNET_REF_THEME, id, carnet__json_str(t, "theme"));
        if (rc == CARNET_OK) {
            rc = add_strings(r, CARNET_REF_SITUATION, id,
                             cJSON_GetObjectItemCaseSensitive(t, "situations"));
        }
        cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(t, "targets"))
        {
            if (rc == CARNET_OK && carnet__json_str(g, "label") != NULL) {
                rc = add(r, CARNET_REF_OBJECTIF, id, carnet__json_str(g, "label"));
            }
        }
        if (rc == CARNET_OK) {
            rc = add_strings(r, CARNET_REF_ACTION, id,
                             cJSON_GetObjectItemCaseSensitive(t, "actions"));
        }
    }
    return rc;
}

static int
load_rome(struct carnet__ref *r)
{
    char *line;

    r->rome = malloc(carnet__embed_rome_len + 1);
    if (r->rome == NULL) {
        return CARNET_ENOMEM;
    }
    memcpy(r->rome, carnet__embed_rome, carnet__embed_rome_len + 1);
    r->rome_loaded = 1;
    for (line = r->rome; *line != '\0';) {
        char *tab = strchr(line, '\t');
        char *nl = tab != NULL ? strchr(tab, '\n') : NULL;
        int rc;
        if (tab == NULL || nl == NULL) {
            break;
        }
        *tab = '\0';
        *nl = '\0';
        rc = add(r, CARNET_REF_ROME, line, tab + 1);
        if (rc != CARNET_OK) {
            return rc;
        }
        line = nl + 1;
    }
    return CARNET_OK;
}

static void
ref_release(void *data)
{
    carnet__ref_free(data);
}

static int
ref_get(carnet_db *db, int rome, struct carnet__ref **out)
{
    struct carnet__ref *r = carnet__cache_get(db, CARNET__CACHE_REFERENTIEL);
    int rc = CARNET_OK;

    *out = NULL;
    if (r == NULL) {
        r = calloc(1, sizeof *r);
        if (r == NULL) {
            return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
        carnet__cache_set(db, CARNET__CACHE_REFERENTIEL, r, ref_release);
        rc = load_doc(r);
    }
    if (rc == CARNET_OK && rome && !r->rome_loaded) {
        rc = load_rome(r);
    }
    if (rc != CARNET_OK) {
        carnet__cache_set(db, CARNET__CACHE_REFERENTIEL, NULL, NULL);
        return carnet__fail(db, rc, "chargement du référentiel impossible");
    }
    *out = r;
    return CARNET_OK;
}

void
carnet__ref_free(struct carnet__ref *ref)
{
    if (ref == NULL) {
        return;
    }
    for (size_t i = 0; i < ref->n; i++) {
        free(ref->items[i].folded);
    }
    free(ref->items);
    free(ref->rome);
    cJSON_Delete(ref->doc);
    free(ref);
}

int
carnet__rome_valid(carnet_db *db, const char *code)
{
    struct carnet__ref *r = NULL;
    int rc = ref_get(db, 1, &r);

    if (rc != CARNET_OK || r == NULL) {
        return rc != CARNET_OK ? rc : CARNET_ERROR;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (r->items[i].kind == CARNET_REF_ROME && strcmp(r->items[i].theme, code) == 0) {
            return CARNET_OK;
        }
    }
    return CARNET_ENOTFOUND;
}

int
carnet_ref_check(carnet_db *db, carnet_ref_kind kind, const char *theme, const char *label)
{
    struct carnet__ref *r = NULL;
    int rc = ref_get(db, kind == CARNET_REF_ROME, &r);

    if (rc != CARNET_OK || r == NULL) {
        return rc != CARNET_OK ? rc : CARNET_ERROR;
    }
    for (size_t i = 0; label != NULL && i < r->n; i++) {
        const struct ref_item *it = &r->items[i];
        if (it->kind == kind && (theme == NULL || strcmp(it->theme, theme) == 0) &&
            strcmp(it->label, label) == 0) {
            return CARNET_OK;
        }
    }
    return CARNET_ENOTFOUND;
}

/* ----------------------------------------------------------------- search */

struct carnet_ref_iter {
    struct carnet__ref *ref;
    carnet_ref_kind kind;
    char theme[64];
    char *words; /* folded, NUL-separated, double NUL at the end */
    size_t pos;
};

static int
matches(const struct carnet_ref_iter *it, const struct ref_item *item)
{
    if (item->kind != it->kind || (it->theme[0] != '\0' && strcmp(item->theme, it->theme) != 0)) {
        return 0;
    }
    for (const char *w = it->words; w != NULL && *w != '\0'; w += strlen(w) + 1) {
        if (strstr(item->folded, w) == NULL && strstr(item->theme, w) == NULL) {
            return 0;
        }
    }
    return 1;
}

static char *
split_words(const char *words)
{
    char *f = fold(words != NULL ? words : ""), *out, *o;

    if (f == NULL) {
        return NULL;
    }
    out = calloc(strlen(f) + 2, 1);
    o = out;
    for (const char *p = f; out != NULL && *p != '\0'; p++) {
        if (*p == ' ' || *p == '\t' || *p == ',' || *p == '\'') {
            if (o != out && o[-1] != '\0') {
                *o++ = '\0';
            }
        } else {
            *o++ = *p;
        }
    }
    free(f);
    return out;
}

int
carnet_ref_search(carnet_ref_iter **out, carnet_db *db, carnet_ref_kind kind, const char *theme,
                  const char *words)
{
    struct carnet__ref *r = NULL;
    carnet_ref_iter *it;
    int rc = ref_get(db, kind == CARNET_REF_ROME, &r);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    if (theme != NULL && kind != CARNET_REF_ROME &&
        carnet__vocab_find(CARNET_VOCAB_THEME, theme) == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "thème inconnu '%.40s'", theme);
    }
    it = calloc(1, sizeof *it);
    if (it == NULL || (it->words = split_words(words)) == NULL ||
        (theme != NULL && carnet__strlcpy(it->theme, theme, sizeof it->theme) != 0)) {
        carnet_ref_iter_free(it);
        return carnet__fail(db, theme != NULL ? CARNET_EINVAL : CARNET_ENOMEM,
                            "recherche impossible");
    }
    it->ref = r;
    it->kind = kind;
    *out = it;
    return carnet__ok(db);
}

int
carnet_ref_next(carnet_ref_iter *it, carnet_ref_item *out)
{
    while (it->pos < it->ref->n) {
        const struct ref_item *item = &it->ref->items[it->pos++];
        if (matches(it, item)) {
            out->kind = item->kind;
            out->theme = item->theme;
            out->label = item->label;
            return CARNET_OK;
        }
    }
    return CARNET_ITEROVER;
}

void
carnet_ref_iter_free(carnet_ref_iter *it)
{
    if (it != NULL) {
        free(it->words);
        free(it);
    }
}
