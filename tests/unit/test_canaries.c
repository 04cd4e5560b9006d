/* test_canaries.c - no plaintext at rest after each shipped scenario: every
 * personal string a scenario writes (identities, free texts of entries,
 * NIR and names of the flows it imports) is searched, in clear, in hex and
 * in base64, in every file the run left in its directory.
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "helpers.h"
#include "tests.h"
#include "world.h"

#define CANARIES_MAX 256

struct canaries {
    const char *v[CANARIES_MAX];
    size_t n;
};

static void
add(struct canaries *c, const char *s)
{
    if (s != NULL && c->n < CANARIES_MAX) {
        c->v[c->n++] = s;
    }
}

/* Free texts: strings of 12 bytes or more with a space (codes have none). */
static void
texts(struct canaries *c, const cJSON *v)
{
    const cJSON *e;

    if (cJSON_IsString(v) && strlen(v->valuestring) >= 12 && strchr(v->valuestring, ' ') != NULL) {
        add(c, v->valuestring);
    }
    cJSON_ArrayForEach(e, v)
    {
        texts(c, e);
    }
}

/* What a flow says about a person: NIR, names, birth date. */
static void
flow_fields(struct canaries *c, const cJSON *v)
{
    static const char *const keys[] = {"NIR", "NOMNAI", "PRENOM", "nom", "prenom", "nir"};
    const cJSON *e;

    cJSON_ArrayForEach(e, v)
    {
        for (size_t k = 0; e->string != NULL && k < sizeof keys / sizeof keys[0]; k++) {
            if (strcmp(e->string, keys[k]) == 0 && cJSON_IsString(e) &&
                strlen(e->valuestring) >= 4) {
                add(c, e->valuestring);
            }
        }
        flow_fields(c, e);
    }
}

static void
collect(struct canaries *c, const cJSON *doc)
{
    const cJSON *a, *step;

    cJSON_ArrayForEach(a, cJSON_GetObjectItem(doc, "acteurs"))
    {
        const cJSON *id = cJSON_GetObjectItem(a, "identite");
        add(c, cJSON_GetStringValue(cJSON_GetObjectItem(id, "nom")));
        add(c, cJSON_GetStringValue(cJSON_GetObjectItem(id, "date_naissance")));
        texts(c, id);
    }
    cJSON_ArrayForEach(step, cJSON_GetObjectItem(doc, "etapes"))
    {
        texts(c, cJSON_GetObjectItem(step, "contenu"));
        texts(c, cJSON_GetObjectItem(step, "motif"));
        flow_fields(c, cJSON_GetObjectItem(step, "donnees"));
    }
}

static void
hex(char *out, size_t size, const char *in)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = strlen(in);

    assert_true(2 * n < size);
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[(unsigned char)in[i] >> 4];
        out[2 * i + 1] = digits[(unsigned char)in[i] & 15u];
    }
    out[2 * n] = '\0';
}

static void
no_canary_after(const char *rel)
{
    struct canaries c = {{NULL}, 0};
    char file[256], b64[1024], hx[1024];
    unsigned char *json;
    size_t len = 0;
    cJSON *doc;
    world w;

    json = th_read_file(th_fixture(rel), &len);
    assert_non_null(json);
    doc = cJSON_ParseWithLength((const char *)json, len);
    assert_non_null(doc);
    collect(&c, doc);
    assert_true(c.n >= 3);
    world_play_scenario(&w, rel);
    for (size_t i = 0; i < c.n; i++) {
        const char *forms[3];
        hex(hx, sizeof hx, c.v[i]);
        th_base64(b64, sizeof b64, c.v[i]);
        forms[0] = c.v[i];
        forms[1] = hx;
        forms[2] = b64;
        for (size_t f = 0; f < 3; f++) {
            if (world_files_contain(&w, forms[f], strlen(forms[f]), file, sizeof file)) {
                fail_msg("%s: '%s' found in %s (form %zu)", rel, c.v[i], file, f);
            }
        }
    }
    /* The scan sees clear data: the territory's name is stored in clear. */
    assert_true(world_files_contain(&w, "Nord", 4, NULL, 0));
    cJSON_Delete(doc);
    free(json);
    world_rmdir(w.dir);
}

void
test_canaries_after_every_shipped_scenario(void **state)
{
    DIR *d = opendir(th_fixture("scenarios"));
    struct dirent *e;
    char rel[128];
    int n = 0;

    (void)state;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
            assert_true(snprintf(rel, sizeof rel, "scenarios/%s", e->d_name) < (int)sizeof rel);
            no_canary_after(rel);
            n++;
        }
    }
    (void)closedir(d);
    assert_true(n >= 7);
}

struct flow_codes {
    char v[4][CARNET_RECOVERY_CODE_LEN + 1];
    size_t n;
};

static int
keep_code(const carnet_flow_result *r, void *payload)
{
    struct flow_codes *c = payload;

    if (r->activation_code != NULL && c->n < 4) {
        memcpy(c->v[c->n++], carnet_secbuf_str(r->activation_code), CARNET_RECOVERY_CODE_LEN + 1);
    }
    return 0;
}

/* No activation code in any form in the workspace's files. */
static void
no_code_in_files(world *w, const struct flow_codes *c, const char *when)
{
    char forms[4][128], file[256];

    for (size_t i = 0; i < c->n; i++) {
        size_t k = 0;
        (void)snprintf(forms[0], sizeof forms[0], "%s", c->v[i]);
        for (const char *p = c->v[i]; *p != '\0'; p++) { /* as typed, without dashes */
            if (*p != '-') {
                forms[1][k++] = *p;
            }
        }
        forms[1][k] = '\0';
        hex(forms[2], sizeof forms[2], c->v[i]);
        th_base64(forms[3], sizeof forms[3], c->v[i]);
        for (size_t f = 0; f < 4; f++) {
            if (world_files_contain(w, forms[f], strlen(forms[f]), file, sizeof file)) {
                fail_msg("%s: activation code '%s' found in %s (form %zu)", when, c->v[i], file, f);
            }
        }
    }
}

/* Issue 17: the activation codes a flow import keeps (activation_code) are
 * sealed: none is in the file, its write-ahead log or shared memory, open,
 * compacted or closed. */
void
test_canaries_activation_codes_sealed(void **state)
{
    struct flow_codes c;
    carnet_flow_summary sum;
    size_t len = 0;
    char *json;
    world w;

    (void)state;
    memset(&c, 0, sizeof c);
    world_up(&w);
    json = (char *)th_read_file(th_fixture("flows/caf-demo.json"), &len);
    assert_non_null(json);
    assert_int_equal(
        carnet_flow_import(&sum, w.db, w.claire, CARNET_FLOW_CAF, json, len, NULL, keep_code, &c),
        CARNET_OK);
    assert_int_equal(c.n, 2);
    assert_int_equal(world_sql_int(&w, "SELECT count(*) FROM activation_code"), 2);
    no_code_in_files(&w, &c, "open, write-ahead log in use");
    assert_int_equal(carnet_db_compact(w.db), CARNET_OK);
    no_code_in_files(&w, &c, "after carnet_db_compact");
    world_close(&w);
    no_code_in_files(&w, &c, "after closing");
    /* The scan sees clear data: the person's handle is stored in clear. */
    assert_true(world_files_contain(&w, w.handle, strlen(w.handle), NULL, 0));
    free(json);
    world_down(&w);
}
