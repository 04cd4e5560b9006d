/* world.c - the fuzzing workspace shared by the stateful harnesses.
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* The one world of this process. A harness process is single-threaded and
 * libFuzzer gives it no context pointer, hence this static. */
static fuzz_world *the_world;

void
fuzz_require(int holds, const char *file, int line, const char *what)
{
    if (!holds) {
        (void)fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
        abort();
    }
}

char *
fuzz_copy(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    FUZZ_REQUIRE(s != NULL, "out of memory");
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

static carnet_secbuf *
secret(void)
{
    carnet_secbuf *b = NULL;

    FUZZ_REQUIRE(carnet_secbuf_new(&b, sizeof FUZZ_PASS) == CARNET_OK, "secbuf");
    FUZZ_REQUIRE(carnet_secbuf_append(b, FUZZ_PASS, strlen(FUZZ_PASS)) == CARNET_OK, "secbuf");
    return b;
}

static void
ok(fuzz_world *w, int rc, const char *what)
{
    if (rc != CARNET_OK) {
        (void)fprintf(stderr, "fuzz world: %s: %s (%s)\n", what, carnet_strerror(rc),
                      w->db != NULL ? carnet_db_errmsg(w->db) : "");
        abort();
    }
}

static carnet_actor *
unlock(fuzz_world *w, const char *handle, const carnet_secbuf *pass)
{
    carnet_actor *a = NULL;

    ok(w, carnet_actor_unlock(&a, w->db, handle, pass), handle);
    return a;
}

static void
world_remove(void)
{
    fuzz_world *w = the_world;
    DIR *d;
    struct dirent *e;
    char p[600];

    if (w == NULL) {
        return;
    }
    carnet_actor_free(w->claire);
    carnet_actor_free(w->person);
    carnet_db_close(w->db);
    d = opendir(w->dir);
    while (d != NULL && (e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            snprintf(p, sizeof p, "%s/%s", w->dir, e->d_name) < (int)sizeof p) {
            (void)unlink(p);
        }
    }
    if (d != NULL) {
        (void)closedir(d);
    }
    (void)rmdir(w->dir);
    free(w);
    the_world = NULL;
}

static void
people(fuzz_world *w, carnet_actor *admin, const carnet_secbuf *pass)
{
    carnet_structure_params sp = CARNET_STRUCTURE_PARAMS_INIT;
    carnet_professional_params pp = CARNET_PROFESSIONAL_PARAMS_INIT;
    carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
    carnet_entry_opts eo = CARNET_ENTRY_OPTS_INIT;
    carnet_secbuf *code = NULL;
    carnet_actor *cd;
    int64_t no = 0;

    sp.handle = "cd59";
    sp.name = "Conseil départemental du Nord";
    sp.type = CARNET_STRUCT_CONSEIL_DEPARTEMENTAL;
    sp.postcode = "59000";
    sp.passphrase = pass;
    ok(w, carnet_structure_create(w->db, admin, &sp), "structure");
    cd = unlock(w, "cd59", pass);
    pp.handle = "claire";
    pp.role = CARNET_ROLE_CHARGE_ORIENTATION;
    pp.passphrase = pass;
    ok(w, carnet_professional_create(w->db, cd, &pp), "professional");
    carnet_actor_free(cd);
    w->claire = unlock(w, "claire", pass);
    co.person_passphrase = pass;
    co.identite_json = "{\"prenom\":\"Inès\",\"nom\":\"Fuzz\",\"date_naissance\":\"1990-02-03\","
                       "\"source\":\"professionnel\"}";
    ok(w, carnet_create(w->handle, &code, w->db, w->claire, &co), "carnet");
    carnet_secbuf_free(code);
    w->person = unlock(w, w->handle, pass);
    ok(w,
       carnet_entry_add(&no, w->db, w->person, w->handle, "suivi.point",
                        "{\"date\":\"2026-01-02\",\"resume\":\"Premier entretien\"}", &eo),
       "entry");
}

fuzz_world *
fuzz_world_get(void)
{
    carnet_deployment_params dp = CARNET_DEPLOYMENT_PARAMS_INIT;
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    const char *tmp = getenv("TMPDIR"); /* NOLINT(concurrency-mt-unsafe) */
    carnet_secbuf *pass;
    carnet_actor *admin;
    fuzz_world *w;

    if (the_world != NULL) {
        return the_world;
    }
    FUZZ_REQUIRE(carnet_crypto_init() == CARNET_OK, "libsodium");
    w = calloc(1, sizeof *w);
    FUZZ_REQUIRE(w != NULL, "out of memory");
    the_world = w;
    FUZZ_REQUIRE(atexit(world_remove) == 0, "atexit");
    FUZZ_REQUIRE(snprintf(w->dir, sizeof w->dir, "%s/carnet-fuzz-XXXXXX",
                          tmp != NULL ? tmp : "/tmp") < (int)sizeof w->dir,
                 "TMPDIR too long");
    FUZZ_REQUIRE(mkdtemp(w->dir) != NULL, "mkdtemp");
    FUZZ_REQUIRE(snprintf(w->path, sizeof w->path, "%s/espace.carnet", w->dir) <
                     (int)sizeof w->path,
                 "path");
    o.flags = CARNET_OPEN_CREATE;
    ok(w, carnet_db_open(&w->db, w->path, &o), "open");
    carnet_db_set_time(w->db, 1767258000); /* 2026-01-01 09:00 UTC */
    pass = secret();
    dp.name = "Nord";
    dp.department = "59";
    dp.admin_handle = "admin";
    dp.admin_passphrase = pass;
    dp.kdf = CARNET_KDF_FAST;
    ok(w, carnet_db_init(w->db, &dp), "init");
    admin = unlock(w, "admin", pass);
    people(w, admin, pass);
    carnet_actor_free(admin);
    carnet_secbuf_free(pass);
    return w;
}

carnet_db_info
fuzz_world_info(fuzz_world *w)
{
    carnet_db_info info;

    memset(&info, 0, sizeof info);
    ok(w, carnet_db_info_get(&info, w->db), "info");
    return info;
}

void
fuzz_write_seed(const void *data, size_t size)
{
    const char *path = getenv("FUZZ_WRITE_SEED"); /* NOLINT(concurrency-mt-unsafe) */
    FILE *f;

    if (path == NULL || path[0] == '\0') {
        return;
    }
    f = fopen(path, "wb");
    FUZZ_REQUIRE(f != NULL, "FUZZ_WRITE_SEED cannot be written");
    FUZZ_REQUIRE(fwrite(data, 1, size, f) == size, "seed write");
    FUZZ_REQUIRE(fclose(f) == 0, "seed close");
}
