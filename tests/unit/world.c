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
#include <sqlite3.h>

#include <carnet/scenario.h>

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
    assert_true(snprintf(w->dir, sizeof w->dir, "%s/carnet-test-XXXXXX",
                         tmp != NULL ? tmp : "/tmp") < (int)sizeof w->dir);
    assert_non_null(mkdtemp(w->dir));
    assert_true(snprintf(w->path, sizeof w->path, "%s/espace.carnet", w->dir) <
                (int)sizeof w->path);
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
world_reopen(world *w)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    carnet_actor_free(w->admin);
    carnet_actor_free(w->cd);
    carnet_actor_free(w->ccas);
    carnet_actor_free(w->emp);
    carnet_actor_free(w->claire);
    carnet_actor_free(w->sofia);
    carnet_actor_free(w->marc);
    carnet_actor_free(w->paul);
    carnet_actor_free(w->person);
    carnet_db_close(w->db);
    check(w, carnet_db_open(&w->db, w->path, &o), "reopen");
    carnet_db_set_time(w->db, w->now);
    w->admin = world_unlock(w, "admin");
    w->cd = world_unlock(w, "cd59");
    w->ccas = world_unlock(w, "ccas-roubaix");
    w->emp = world_unlock(w, "boulangerie");
    w->claire = world_unlock(w, "claire");
    w->sofia = world_unlock(w, "sofia");
    w->marc = world_unlock(w, "marc");
    w->paul = world_unlock(w, "paul");
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

void
world_orient_sofia(world *w)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;

    p.type = CARNET_ORIENTATION_SOCIOPRO;
    p.dispositif = "Socio-professionnel";
    p.structure = "ccas-roubaix";
    p.referent = "sofia";
    p.motif = "Besoin d'un accompagnement global";
    assert_int_equal(carnet_orient(w->db, w->claire, w->person, w->handle, &p), CARNET_OK);
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

/* ------------------------------------------------ the raw file, outside */

void
world_close(world *w)
{
    carnet_actor **slots[] = {&w->admin, &w->cd,   &w->ccas, &w->emp,   &w->claire,
                              &w->sofia, &w->marc, &w->paul, &w->person};

    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        carnet_actor **slot = slots[i];
        carnet_actor_free(*slot);
        *slot = NULL;
    }
    carnet_db_close(w->db);
    w->db = NULL;
}

static sqlite3 *
side_open(world *w)
{
    sqlite3 *s = NULL;
    int rc = sqlite3_open_v2(w->path, &s, SQLITE_OPEN_READWRITE, NULL);

    if (rc != SQLITE_OK) {
        fail_msg("second connection: %s", s != NULL ? sqlite3_errmsg(s) : sqlite3_errstr(rc));
    }
    (void)sqlite3_busy_timeout(s, 5000);
    /* Test files need no durability: no fsync on this connection. */
    (void)sqlite3_exec(s, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
    return s;
}

/* Prepare @p sql on a new connection; *s receives it. */
static sqlite3_stmt *
side_prepare(world *w, sqlite3 **s, const char *sql)
{
    sqlite3_stmt *st = NULL;

    *s = side_open(w);
    if (sqlite3_prepare_v2(*s, sql, -1, &st, NULL) != SQLITE_OK) {
        fail_msg("%s: %s", sql, sqlite3_errmsg(*s));
    }
    return st;
}

void
world_sql(world *w, const char *fmt, ...)
{
    char sql[8192];
    char *err = NULL;
    sqlite3 *s;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof sql);
    s = side_open(w);
    if (sqlite3_exec(s, sql, NULL, NULL, &err) != SQLITE_OK) {
        fail_msg("%s: %s", sql, err != NULL ? err : "?");
    }
    (void)sqlite3_close(s);
}

int64_t
world_sql_int(world *w, const char *fmt, ...)
{
    char sql[8192];
    sqlite3 *s;
    sqlite3_stmt *st;
    int64_t v = -1;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof sql);
    st = side_prepare(w, &s, sql);
    if (sqlite3_step(st) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
    }
    (void)sqlite3_finalize(st);
    (void)sqlite3_close(s);
    return v;
}

int64_t
world_entry_count(world *w)
{
    return world_sql_int(w, "SELECT count(*) FROM entry");
}

size_t
world_sql_blob(world *w, unsigned char *out, size_t cap, const char *fmt, ...)
{
    char sql[8192];
    sqlite3 *s;
    sqlite3_stmt *st;
    size_t n = 0;
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    assert_true(len > 0 && (size_t)len < sizeof sql);
    st = side_prepare(w, &s, sql);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
        const void *b = sqlite3_column_blob(st, 0);
        n = (size_t)sqlite3_column_bytes(st, 0);
        if (n > cap || b == NULL) {
            n = 0;
        } else {
            memcpy(out, b, n);
        }
    }
    (void)sqlite3_finalize(st);
    (void)sqlite3_close(s);
    return n;
}

void
world_sql_set_blob(world *w, const unsigned char *b, size_t n, const char *fmt, ...)
{
    char sql[8192];
    sqlite3 *s;
    sqlite3_stmt *st;
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    assert_true(len > 0 && (size_t)len < sizeof sql);
    st = side_prepare(w, &s, sql);
    assert_int_equal(sqlite3_bind_blob(st, 1, b, (int)n, SQLITE_TRANSIENT), SQLITE_OK);
    if (sqlite3_step(st) != SQLITE_DONE) {
        fail_msg("%s: %s", sql, sqlite3_errmsg(s));
    }
    (void)sqlite3_finalize(st);
    (void)sqlite3_close(s);
}

int
world_files_contain(world *w, const void *needle, size_t len, char *which, size_t which_size)
{
    DIR *d = opendir(w->dir);
    struct dirent *e;
    char p[512];
    int found = 0;

    assert_non_null(d);
    while (!found && (e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        unsigned char *buf;
        size_t n = 0;
        if (e->d_name[0] == '.') {
            continue;
        }
        assert_true(snprintf(p, sizeof p, "%s/%s", w->dir, e->d_name) < (int)sizeof p);
        buf = th_read_file(p, &n);
        assert_non_null(buf);
        found = th_memmem(buf, n, needle, len);
        free(buf);
        if (found && which != NULL) {
            (void)snprintf(which, which_size, "%s", e->d_name);
        }
    }
    (void)closedir(d);
    return found;
}

int
world_read_no(world *w, carnet_actor *a, const char *person, int64_t no, int *rc_out)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    int got = 0, rc;

    o.flags = CARNET_READ_SUPERSEDED;
    *rc_out = CARNET_ITEROVER;
    rc = carnet_reader_open(&r, w->db, a, person, &o);
    if (rc == CARNET_EINTEGRITY) { /* the carnet's history is broken: nothing opens */
        carnet_reader_free(r);
        *rc_out = rc;
        return 0;
    }
    check(w, rc, "reader");
    while ((rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        if (v.no == no) {
            *rc_out = rc;
            got = rc == CARNET_OK && v.body != NULL;
            break;
        }
    }
    carnet_reader_free(r);
    return got;
}

void
world_read_set(world *w, carnet_actor *a, const char *person, unsigned char *seen, size_t n)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    int rc;

    o.flags = CARNET_READ_SUPERSEDED;
    memset(seen, 0, n);
    check(w, carnet_reader_open(&r, w->db, a, person, &o), "reader");
    while ((rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        if (rc == CARNET_OK && v.body != NULL && v.no > 0 && (size_t)v.no < n) {
            seen[v.no] = 1;
        }
    }
    carnet_reader_free(r);
}

carnet_keypair *
world_keypair(world *w, const char *handle)
{
    unsigned char rec[CARNET_SEALED_KEY_BYTES], id[CARNET_ID_BYTES];
    carnet_secbuf *pass = th_secret(W_PASS);
    carnet_keypair *kp = NULL;

    assert_int_equal(world_sql_blob(w, rec, sizeof rec,
                                    "SELECT sealed_key FROM principal WHERE handle = '%s'", handle),
                     sizeof rec);
    assert_int_equal(
        world_sql_blob(w, id, sizeof id, "SELECT id FROM principal WHERE handle = '%s'", handle),
        sizeof id);
    assert_int_equal(carnet_key_open(&kp, rec, id, pass), CARNET_OK);
    carnet_secbuf_free(pass);
    return kp;
}

static void
col_copy(sqlite3_stmt *st, int col, void *out, size_t n)
{
    assert_int_equal(sqlite3_column_bytes(st, col), (int)n);
    memcpy(out, sqlite3_column_blob(st, col), n);
}

int
world_wrap_get(world *w, world_wrap *out, const char *person, const char *recipient, int section,
               uint32_t epoch)
{
    char sql[1024];
    sqlite3 *s;
    sqlite3_stmt *st;
    int found = 0;

    assert_true(snprintf(sql, sizeof sql,
                         "SELECT w.wrap, w.sig, e.key_id, c.id, s.pk_sign, s.pk_box FROM wrap w"
                         " JOIN epoch e ON e.carnet = w.carnet AND e.section = w.section"
                         " AND e.epoch = w.epoch JOIN carnet c ON c.cid = w.carnet"
                         " JOIN principal q ON q.pid = c.person JOIN principal r"
                         " ON r.pid = w.recipient JOIN principal s ON s.pid = w.sealed_by"
                         " WHERE q.handle = '%s' AND r.handle = '%s' AND w.section = %d"
                         " AND w.epoch = %u",
                         person, recipient, section, epoch) < (int)sizeof sql);
    memset(out, 0, sizeof *out);
    st = side_prepare(w, &s, sql);
    if (sqlite3_step(st) == SQLITE_ROW) {
        unsigned char cid[CARNET_ID_BYTES];
        unsigned char *p;
        found = 1;
        col_copy(st, 0, out->wrap, sizeof out->wrap);
        col_copy(st, 1, out->sig, sizeof out->sig);
        col_copy(st, 2, out->key_id, sizeof out->key_id);
        col_copy(st, 3, cid, sizeof cid);
        col_copy(st, 4, out->sealer.sign, sizeof out->sealer.sign);
        col_copy(st, 5, out->sealer.box, sizeof out->sealer.box);
        /* The epoch context: "cdb/v1/epoch-ctx" ‖ carnet id ‖ section ‖ epoch (u32 le). */
        p = out->ctx;
        memcpy(p, "cdb/v1/epoch-ctx", 16);
        p += 16;
        memcpy(p, cid, sizeof cid);
        p += sizeof cid;
        *p++ = (unsigned char)section;
        for (int i = 0; i < 4; i++) {
            *p++ = (unsigned char)(epoch >> (8 * i));
        }
        out->ctx_len = (size_t)(p - out->ctx);
    }
    (void)sqlite3_finalize(st);
    (void)sqlite3_close(s);
    return found;
}

carnet_epoch_key *
world_wrap_open(const world_wrap *ww, const carnet_keypair *kp)
{
    carnet_epoch_key *k = NULL;

    if (carnet_epoch_open(&k, ww->wrap, ww->sig, &ww->sealer, kp, ww->key_id, ww->ctx,
                          ww->ctx_len) != CARNET_OK) {
        return NULL;
    }
    return k;
}

void
world_entry_get(world *w, world_entry *out, const char *person, int64_t no)
{
    char sql[1024];
    sqlite3 *s;
    sqlite3_stmt *st;
    int n;

    assert_true(snprintf(sql, sizeof sql,
                         "SELECT c.id, e.section, e.epoch, e.id, p.id, e.created_at,"
                         " (SELECT x.id FROM entry x WHERE x.carnet = e.carnet"
                         " AND x.no = e.supersedes), e.kind, e.nonce_w, e.wrapped_dek, e.nonce_b,"
                         " e.body_ct, e.sig, p.pk_sign, p.pk_box FROM entry e JOIN carnet c"
                         " ON c.cid = e.carnet JOIN principal p ON p.pid = e.author"
                         " JOIN principal q ON q.pid = c.person"
                         " WHERE q.handle = '%s' AND e.no = %lld",
                         person, (long long)no) < (int)sizeof sql);
    memset(out, 0, sizeof *out);
    carnet_envelope_init(&out->env);
    st = side_prepare(w, &s, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    col_copy(st, 0, out->h.carnet, CARNET_ID_BYTES);
    out->h.section = (uint8_t)sqlite3_column_int(st, 1);
    out->h.epoch = (uint32_t)sqlite3_column_int64(st, 2);
    col_copy(st, 3, out->h.entry, CARNET_ID_BYTES);
    col_copy(st, 4, out->h.author, CARNET_ID_BYTES);
    out->h.created_at = sqlite3_column_int64(st, 5);
    if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
        col_copy(st, 6, out->h.supersedes, CARNET_ID_BYTES);
    }
    out->h.kind = (uint16_t)sqlite3_column_int(st, 7);
    col_copy(st, 8, out->env.nonce_w, CARNET_NONCE_BYTES);
    col_copy(st, 9, out->env.wrapped_dek, CARNET_WRAPPED_DEK_BYTES);
    col_copy(st, 10, out->env.nonce_b, CARNET_NONCE_BYTES);
    n = sqlite3_column_bytes(st, 11);
    assert_true(n > 0);
    out->env.body_ct = malloc((size_t)n);
    assert_non_null(out->env.body_ct);
    memcpy(out->env.body_ct, sqlite3_column_blob(st, 11), (size_t)n);
    out->env.body_ct_len = (size_t)n;
    col_copy(st, 12, out->env.sig, CARNET_SIG_BYTES);
    col_copy(st, 13, out->author.sign, CARNET_SIGN_PK_BYTES);
    col_copy(st, 14, out->author.box, CARNET_BOX_PK_BYTES);
    (void)sqlite3_finalize(st);
    (void)sqlite3_close(s);
}

void
world_play_scenario(world *w, const char *rel)
{
    carnet_open_opts oo = CARNET_OPEN_OPTS_INIT;
    carnet_scenario *s = NULL;
    carnet_scenario_run *run = NULL;
    carnet_scenario_event ev;
    carnet_scenario_report rep;
    carnet_db *db = NULL;
    size_t len = 0;
    unsigned char *json = th_read_file(th_fixture(rel), &len);
    int rc;

    memset(w, 0, sizeof *w);
    assert_non_null(json);
    (void)snprintf(w->dir, sizeof w->dir, "/tmp/carnet-scenario-XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    (void)snprintf(w->path, sizeof w->path, "%s/espace.carnet", w->dir);
    oo.flags = CARNET_OPEN_CREATE;
    assert_int_equal(carnet_db_open(&db, w->path, &oo), CARNET_OK);
    assert_int_equal(carnet_scenario_parse(&s, (const char *)json, len), CARNET_OK);
    assert_int_equal(carnet_scenario_start(&run, db, s, NULL), CARNET_OK);
    while ((rc = carnet_scenario_next(run, &ev)) == CARNET_OK) {
    }
    assert_int_equal(rc, CARNET_ITEROVER);
    carnet_scenario_report_get(run, &rep);
    if (rep.steps_failed + rep.expectations_failed != 0) {
        fail_msg("%s: %zu step(s) and %zu expectation(s) failed", rel, rep.steps_failed,
                 rep.expectations_failed);
    }
    carnet_scenario_run_free(run);
    carnet_scenario_free(s);
    carnet_db_close(db);
    free(json);
}

int64_t
world_carnet_rowid(world *w, const char *person)
{
    int64_t cid = world_sql_int(w,
                                "SELECT c.cid FROM carnet c JOIN principal p ON p.pid = c.person"
                                " WHERE p.handle = '%s'",
                                person);
    assert_true(cid > 0);
    return cid;
}

int64_t
world_pid(world *w, const char *handle)
{
    int64_t pid = world_sql_int(w, "SELECT pid FROM principal WHERE handle = '%s'", handle);
    assert_true(pid > 0);
    return pid;
}

uint32_t
world_epoch(world *w, int64_t no)
{
    carnet_entry_meta m;

    assert_int_equal(carnet_entry_meta_get(&m, w->db, w->handle, no), CARNET_OK);
    return m.epoch;
}

int64_t
world_point(world *w, carnet_actor *a, const char *text)
{
    char json[512];

    assert_true(snprintf(json, sizeof json, "{\"date\":\"2026-01-02\",\"resume\":\"%s\"}", text) <
                (int)sizeof json);
    return world_write(w, a, "suivi.point", json, 0);
}
