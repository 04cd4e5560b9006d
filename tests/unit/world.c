/* world.c - a small deployment for core tests.
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "world.h"

static void
check(world *w, int rc, const char *what)
{
    if (rc != CARNET_OK) {
        fail_msg("%s: %s (%s)", what, carnet_strerror(rc), carnet_db_errmsg(w->db));
    }
}

carnet_actor *
world_unlock(world *w, const char *handle)
{
    carnet_secbuf *pass = th_secret(W_PASS);
    carnet_actor *a = NULL;

    check(w, carnet_actor_unlock(&a, w->db, handle, pass), handle);
    carnet_secbuf_free(pass);
    return a;
}

static void
structure(world *w, const char *handle, const char *name, carnet_structure_type type)
{
    carnet_structure_params p = CARNET_STRUCTURE_PARAMS_INIT;
    carnet_secbuf *pass = th_secret(W_PASS);

    p.handle = handle;
    p.name = name;
    p.type = type;
    p.postcode = "59100";
    p.passphrase = pass;
    check(w, carnet_structure_create(w->db, w->admin, &p), handle);
    carnet_secbuf_free(pass);
}

static void
professional(world *w, carnet_actor *s, const char *handle, carnet_role role)
{
    carnet_professional_params p = CARNET_PROFESSIONAL_PARAMS_INIT;
    carnet_secbuf *pass = th_secret(W_PASS);

    p.handle = handle;
    p.role = role;
    p.passphrase = pass;
    check(w, carnet_professional_create(w->db, s, &p), handle);
    carnet_secbuf_free(pass);
}

void
world_days(world *w, int days)
{
    w->now += (int64_t)days * 86400;
    carnet_db_set_time(w->db, w->now);
}

void
world_up(world *w)
{
    carnet_deployment_params dp = CARNET_DEPLOYMENT_PARAMS_INIT;
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
    carnet_secbuf *pass, *code = NULL;
    const char *tmp = getenv("TMPDIR"); /* NOLINT(concurrency-mt-unsafe) */

    memset(w, 0, sizeof *w);
    assert_true(snprintf(w->dir, sizeof w->dir, "%s/carnet-test-XXXXXX", tmp != NULL ? tmp : "/tmp") <
                (int)sizeof w->dir);
    assert_non_null(mkdtemp(w->dir));
    assert_true(snprintf(w->path, sizeof w->path, "%s/espace.carnet", w->dir) < (int)sizeof w->path);
    o.flags = CARNET_OPEN_CREATE;
    check(w, carnet_db_open(&w->db, w->path, &o), "open");
    w->now = 1767225600; /* 2026-01-01 */
    carnet_db_set_time(w->db, w->now);
    pass = th_secret(W_PASS);
    dp.name = "Nord";
    dp.department = "59";
    dp.admin_handle = "admin";
    dp.admin_passphrase = pass;
    dp.kdf = CARNET_KDF_FAST;
    check(w, carnet_db_init(w->db, &dp), "init");
    w->admin = world_unlock(w, "admin");
    structure(w, "cd59", "Conseil départemental du Nord", CARNET_STRUCT_CONSEIL_DEPARTEMENTAL);
    structure(w, "ccas-roubaix", "CCAS de Roubaix", CARNET_STRUCT_CCAS);
    structure(w, "boulangerie", "Boulangerie du Centre", CARNET_STRUCT_EMPLOYEUR);
    w->cd = world_unlock(w, "cd59");
    w->ccas = world_unlock(w, "ccas-roubaix");
    w->emp = world_unlock(w, "boulangerie");
    professional(w, w->cd, "claire", CARNET_ROLE_CHARGE_ORIENTATION);
    professional(w, w->cd, "marc", CARNET_ROLE_REFERENT);
    professional(w, w->ccas, "sofia", CARNET_ROLE_REFERENT);
    professional(w, w->emp, "paul", CARNET_ROLE_ACCOMPAGNATEUR);
    w->claire = world_unlock(w, "claire");
    w->sofia = world_unlock(w, "sofia");
    w->marc = world_unlock(w, "marc");
    w->paul = world_unlock(w, "paul");
    co.person_passphrase = pass;
    co.identite_json = "{\"prenom\":\"Nicolas\",\"nom\":\"Canari-Durand\","
                       "\"date_naissance\":\"1985-07-12\",\"source\":\"professionnel\"}";
    check(w, carnet_create(w->handle, &code, w->db, w->claire, &co), "create");
    assert_int_equal(strlen(carnet_secbuf_str(code)), CARNET_RECOVERY_CODE_LEN);
    memcpy(w->code, carnet_secbuf_str(code), CARNET_RECOVERY_CODE_LEN + 1);
    carnet_secbuf_free(code);
    carnet_secbuf_free(pass);
    w->person = world_unlock(w, w->handle);
}

void
world_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];

    if (d == NULL) {
        return;
    }
    while ((e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p) {
            (void)unlink(p);
        }
    }
    (void)closedir(d);
    (void)rmdir(dir);
}

void
world_down(world *w)
{
    carnet_actor *all[] = {w->admin, w->cd,   w->ccas, w->emp,   w->claire,
                           w->sofia, w->marc, w->paul, w->person};

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        carnet_actor_free(all[i]);
    }
    carnet_db_close(w->db);
    world_rmdir(w->dir);
}

int64_t
world_write(world *w, carnet_actor *a, const char *kind, const char *json, int64_t sup)
{
    carnet_entry_opts o = CARNET_ENTRY_OPTS_INIT;
    int64_t no = 0;

    o.supersedes = sup;
    check(w, carnet_entry_add(&no, w->db, a, w->handle, kind, json, &o), kind);
    assert_true(no > 0);
    return no;
}

int64_t
world_grant(world *w, const char *grantee, unsigned sections, carnet_access access,
            carnet_scope scope)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    int64_t no = 0;

    g.grantee = grantee;
    g.sections = sections;
    g.access = access;
    g.scope = scope;
    check(w, carnet_grant(&no, w->db, w->person, &g), "grant");
    assert_true(no > 0);
    return no;
}

int
world_read(world *w, carnet_actor *a, unsigned sections, const char *needle, int *found)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    int n = 0, rc;

    o.sections = sections;
    if (found != NULL) {
        *found = 0;
    }
    check(w, carnet_reader_open(&r, w->db, a, w->handle, &o), "reader");
    while ((rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        if (rc == CARNET_OK && v.body != NULL) {
            n++;
            if (found != NULL && needle != NULL && strstr(v.body, needle) != NULL) {
                *found = 1;
            }
        }
    }
    carnet_reader_free(r);
    return n;
}
