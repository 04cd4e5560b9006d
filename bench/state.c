/* state.c - figure 9: the actor's memory (issue 16) of an importer or an
 * administrator who touched a département's carnets.
 * SPDX-License-Identifier: MIT
 *
 * Two handles on the bench's workspace, the administrator unlocked in each,
 * attach a memory in two directories: a large one filled with @p heads
 * carnet heads, a small one with heads / 100. The heads are signed by the
 * library (carnet__memory_accept, memory/memory.c) and written in batches;
 * their ids and hashes are synthetic, which the memory cannot tell. Then,
 * in turns, each sample remembers one more head in the large memory, in the
 * small one and in a plain SQLite table of the same schema and size (no
 * signature), and checks one head of the large memory next to a plain point
 * select of the same table. The library is reached through its internal
 * header, as measure.c reads carnet__verified_get().
 */
#include <dirent.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure.h"
#include "memory/memory.h"
#include "state.h"

#define BATCH 1000
/* The state file's pragmas (core/src/store/state.c), for the plain table. */
#define STATE_PRAGMAS "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"

/* Deterministic bytes for the synthetic head @p key (splitmix64). */
static void
synth(unsigned char *out, size_t n, uint64_t key)
{
    uint64_t x = key * UINT64_C(0x9e3779b97f4a7c15) + n;

    for (size_t i = 0; i < n; i++) {
        if (i % 8 == 0) {
            uint64_t z = (x += UINT64_C(0x9e3779b97f4a7c15));
            z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
            z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
            x ^= z ^ (z >> 31);
        }
        out[i] = (unsigned char)(x >> (8 * (i % 8)));
    }
}

static void
synth_head(carnet__state_head *h, uint64_t key)
{
    memset(h, 0, sizeof *h);
    h->kind = CARNET__MEM_CARNET;
    synth(h->id, sizeof h->id, key);
    synth(h->hash, sizeof h->hash, key + (UINT64_C(1) << 40));
    h->seq = 1 + (int64_t)(key % 60);
}

/* A handle on @p w's workspace, its administrator unlocked, her memory in
 * @p dir. */
struct mem {
    carnet_db *db;
    carnet_actor *admin;
};

static int
mem_open(struct mem *m, bench_world *w, const char *dir)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    int rc = carnet_db_open(&m->db, w->path, &o);

    m->admin = NULL;
    if (rc == CARNET_OK) {
        carnet_db_set_time(m->db, carnet_db_now(w->db));
        rc = carnet_actor_unlock(&m->admin, m->db, "admin", w->pass);
    }
    rc = rc == CARNET_OK ? carnet_memory_attach(m->db, m->admin, dir) : rc;
    if (rc != CARNET_OK) {
        (void)fprintf(stderr, "bench: mémoire locale : %s\n", carnet_db_errmsg(m->db));
    }
    return rc;
}

static void
mem_close(struct mem *m)
{
    carnet_actor_free(m->admin);
    carnet_db_close(m->db);
    m->db = NULL;
    m->admin = NULL;
}

/* At most @p cap of @p n (cppcheck cannot see that n > 0 here). */
static size_t
at_most(size_t n, size_t cap)
{
    return n < cap ? n : cap;
}

/* Remember heads [from, from + n) in batches, as restores accepted. */
static int
mem_fill(struct mem *m, uint64_t from, size_t n)
{
    static carnet__state_head batch[BATCH];
    int rc = CARNET_OK;

    for (size_t i = 0; rc == CARNET_OK && i < n; i += BATCH) {
        size_t k = at_most(n - i, BATCH);
        for (size_t j = 0; j < k; j++) {
            synth_head(&batch[j], from + i + j);
        }
        rc = carnet__memory_accept(m->db, batch, k);
    }
    return rc;
}

/* Bind @p h to the 5 parameters of an INSERT and run it. */
static int
bind_step(sqlite3_stmt *st, const carnet__state_head *h)
{
    (void)sqlite3_bind_int(st, 1, h->kind);
    (void)sqlite3_bind_blob(st, 2, h->id, sizeof h->id, SQLITE_STATIC);
    (void)sqlite3_bind_int64(st, 3, h->seq);
    (void)sqlite3_bind_blob(st, 4, h->hash, sizeof h->hash, SQLITE_STATIC);
    (void)sqlite3_bind_blob(st, 5, h->sig, sizeof h->sig, SQLITE_STATIC);
    return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

/* The plain table: same schema as the state file's head table. */
static int
plain_open(sqlite3 **sql, const char *path, size_t rows)
{
    sqlite3_stmt *st = NULL;
    carnet__state_head h;
    int rc;

    (void)unlink(path);
    rc = sqlite3_open(path, sql);
    rc = rc == SQLITE_OK ? sqlite3_exec(*sql,
                                        STATE_PRAGMAS "CREATE TABLE head (kind INTEGER NOT NULL,"
                                                      " id BLOB NOT NULL, seq INTEGER NOT NULL,"
                                                      " hash BLOB NOT NULL, sig BLOB NOT NULL,"
                                                      " PRIMARY KEY (kind, id)) STRICT, WITHOUT "
                                                      "ROWID; BEGIN",
                                        NULL, NULL, NULL)
                         : rc;
    rc = rc == SQLITE_OK ? sqlite3_prepare_v2(*sql, "INSERT INTO head VALUES (?1, ?2, ?3, ?4, ?5)",
                                              -1, &st, NULL)
                         : rc;
    for (size_t i = 0; rc == SQLITE_OK && i < rows; i++) {
        synth_head(&h, i);
        synth(h.sig, sizeof h.sig, i + (UINT64_C(2) << 40));
        (void)sqlite3_reset(st);
        rc = bind_step(st, &h);
    }
    (void)sqlite3_finalize(st);
    return rc == SQLITE_OK ? sqlite3_exec(*sql, "COMMIT", NULL, NULL, NULL) : rc;
}

/* One plain upsert of head @p key in its own IMMEDIATE transaction. */
static int
plain_put(sqlite3 *sql, uint64_t key)
{
    sqlite3_stmt *st = NULL;
    carnet__state_head h;
    int rc = sqlite3_exec(sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    synth_head(&h, key);
    synth(h.sig, sizeof h.sig, key + (UINT64_C(2) << 40));
    rc = rc == SQLITE_OK ? sqlite3_prepare_v2(sql,
                                              "INSERT INTO head VALUES (?1, ?2, ?3, ?4, ?5)"
                                              " ON CONFLICT (kind, id) DO UPDATE SET"
                                              " seq = excluded.seq, hash = excluded.hash,"
                                              " sig = excluded.sig WHERE excluded.seq > head.seq",
                                              -1, &st, NULL)
                         : rc;
    rc = rc == SQLITE_OK ? bind_step(st, &h) : rc;
    (void)sqlite3_finalize(st);
    return rc == SQLITE_OK ? sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL) : rc;
}

static int
plain_get(sqlite3 *sql, uint64_t key)
{
    sqlite3_stmt *st = NULL;
    carnet__state_head h;
    int rc = sqlite3_prepare_v2(sql,
                                "SELECT kind, id, seq, hash, sig FROM head"
                                " WHERE kind = ?1 AND id = ?2",
                                -1, &st, NULL);

    synth_head(&h, key);
    if (rc == SQLITE_OK) {
        (void)sqlite3_bind_int(st, 1, h.kind);
        (void)sqlite3_bind_blob(st, 2, h.id, sizeof h.id, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
    }
    (void)sqlite3_finalize(st);
    return rc;
}

/* Time @p fn(@p ctx, @p key) into @p t; the floor of what it performed is
 * added to @p floor. */
typedef int (*op_fn)(void *ctx, uint64_t key);

static int
timed(op_fn fn, void *ctx, uint64_t key, double *t, double *floor, const bench_units *u)
{
    bench_counts c0, c1, d;
    double t0;
    int rc;

    bench_counts_get(&c0);
    t0 = bench_now();
    rc = fn(ctx, key);
    *t = bench_now() - t0;
    bench_counts_get(&c1);
    bench_counts_diff(&d, &c0, &c1);
    *floor += bench_floor(&d, u, -1);
    return rc;
}

static int
op_note(void *ctx, uint64_t key)
{
    carnet__state_head h;

    synth_head(&h, key);
    return carnet__memory_note(ctx, h.kind, h.id, h.seq, h.hash);
}

static int
op_check(void *ctx, uint64_t key)
{
    carnet__state_head h, got;
    int found = 0;
    int rc;

    synth_head(&h, key);
    rc = carnet__memory_get(ctx, h.kind, h.id, &got, &found);
    return rc == CARNET_OK && found && got.seq == h.seq ? CARNET_OK : CARNET_ERROR;
}

static int
op_plain_put(void *ctx, uint64_t key)
{
    return plain_put(ctx, key) == SQLITE_OK ? CARNET_OK : CARNET_ERROR;
}

static int
op_plain_get(void *ctx, uint64_t key)
{
    return plain_get(ctx, key) == SQLITE_OK ? CARNET_OK : CARNET_ERROR;
}

/* The samples, interleaved so that a slow moment of this shared machine
 * weighs on every side. Keys: the large memory and the plain table hold
 * [0, heads), the small one [0, heads / 100); new heads follow. */
struct samples {
    double put[3][BENCH_STATE_SAMPLES], get[2][BENCH_STATE_SAMPLES];
    double put_floor, get_floor, unused;
};

static int
run_samples(struct samples *s, struct mem *big, struct mem *small, sqlite3 *plain,
            const bench_state *out, const bench_units *u)
{
    int rc = CARNET_OK;

    for (size_t i = 0; rc == CARNET_OK && i < out->samples; i++) {
        size_t turn = i % 3;
        for (size_t k = 0; rc == CARNET_OK && k < 3; k++) {
            size_t which = (turn + k) % 3;
            uint64_t key = (which == 1 ? out->small_heads : out->heads) + i;
            if (which == 0) {
                rc = timed(op_note, big->db, key, &s->put[0][i], &s->put_floor, u);
            } else if (which == 1) {
                rc = timed(op_note, small->db, key, &s->put[1][i], &s->unused, u);
            } else {
                rc = timed(op_plain_put, plain, key, &s->put[2][i], &s->unused, u);
            }
        }
        /* a head remembered before the samples, spread over the table */
        uint64_t old = (uint64_t)((i * 7919u) % out->heads);
        for (size_t k = 0; rc == CARNET_OK && k < 2; k++) {
            rc = (i + k) % 2 == 0 ? timed(op_check, big->db, old, &s->get[0][i], &s->get_floor, u)
                                  : timed(op_plain_get, plain, old, &s->get[1][i], &s->unused, u);
        }
    }
    if (rc != CARNET_OK) {
        (void)fprintf(stderr, "bench: mémoire locale : %s\n", carnet_db_errmsg(big->db));
    }
    return rc;
}

/* The one state file in @p dir, in @p out; -1 when none. */
static int
state_file(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = -1;

    while (d != NULL && rc != 0 && (e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        size_t l = strlen(e->d_name);
        if (l > 8 && strcmp(e->d_name + l - 8, ".memoire") == 0) {
            rc = snprintf(out, size, "%s/%s", dir, e->d_name) < (int)size ? 0 : -1;
        }
    }
    if (d != NULL) {
        (void)closedir(d);
    }
    return rc;
}

static int64_t
count_heads(const char *path)
{
    sqlite3 *sql = NULL;
    sqlite3_stmt *st = NULL;
    int64_t n = -1;

    if (sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(sql, "SELECT count(*) FROM head WHERE kind = 1", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
    }
    (void)sqlite3_finalize(st);
    (void)sqlite3_close(sql);
    return n;
}

void
bench_rm_flat(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[1200];

    while (d != NULL && (e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p) {
            (void)unlink(p);
        }
    }
    if (d != NULL) {
        (void)closedir(d);
    }
    (void)rmdir(dir);
}

static void
summarise(bench_state *out, struct samples *s)
{
    size_t n = out->samples;

    out->put_p50 = bench_quantile(s->put[0], n, 0.5);
    out->put_p99 = bench_quantile(s->put[0], n, 0.99);
    out->small_put_p50 = bench_quantile(s->put[1], n, 0.5);
    out->small_put_p99 = bench_quantile(s->put[1], n, 0.99);
    out->plain_put_p50 = bench_quantile(s->put[2], n, 0.5);
    out->plain_put_p99 = bench_quantile(s->put[2], n, 0.99);
    out->get_p50 = bench_quantile(s->get[0], n, 0.5);
    out->get_p99 = bench_quantile(s->get[0], n, 0.99);
    out->plain_get_p50 = bench_quantile(s->get[1], n, 0.5);
    out->plain_get_p99 = bench_quantile(s->get[1], n, 0.99);
    out->put_floor = s->put_floor / (double)n;
    out->get_floor = s->get_floor / (double)n;
}

int
bench_state_measure(bench_state *out, bench_world *w, const char *dir, size_t heads,
                    const bench_units *u)
{
    static struct samples s;
    struct mem big = {NULL, NULL}, small = {NULL, NULL};
    char root[600], dbig[640], dsmall[640], plain_path[640], file[1300];
    sqlite3 *plain = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&s, 0, sizeof s);
    out->heads = heads;
    out->small_heads = heads / 100;
    out->samples = heads >= 100000 ? BENCH_STATE_SAMPLES : BENCH_STATE_SAMPLES / 10;
    (void)snprintf(root, sizeof root, "%s/etat-bench", dir);
    (void)snprintf(dbig, sizeof dbig, "%s/grande", root);
    (void)snprintf(dsmall, sizeof dsmall, "%s/petite", root);
    (void)snprintf(plain_path, sizeof plain_path, "%s/plain.sqlite", root);
    rc = mem_open(&big, w, dbig);
    rc = rc == CARNET_OK ? mem_open(&small, w, dsmall) : rc;
    rc = rc == CARNET_OK ? mem_fill(&big, 0, out->heads) : rc;
    rc = rc == CARNET_OK ? mem_fill(&small, 0, out->small_heads) : rc;
    if (rc == CARNET_OK && plain_open(&plain, plain_path, out->heads) != SQLITE_OK) {
        (void)fprintf(stderr, "bench: table de référence : %s\n", sqlite3_errmsg(plain));
        rc = CARNET_ERROR;
    }
    rc = rc == CARNET_OK ? run_samples(&s, &big, &small, plain, out, u) : rc;
    mem_close(&big);
    mem_close(&small);
    (void)sqlite3_close(plain);
    if (rc == CARNET_OK && state_file(dbig, file, sizeof file) == 0) {
        summarise(out, &s);
        out->bytes = (double)bench_file_bytes(file);
        out->rows = count_heads(file);
        out->plain_bytes = (double)bench_file_bytes(plain_path);
        out->plain_rows = count_heads(plain_path);
    }
    bench_rm_flat(dbig);
    bench_rm_flat(dsmall);
    bench_rm_flat(root);
    return rc;
}

void
bench_state_table(FILE *f, const bench_state *s)
{
    (void)fprintf(f,
                  "actor's memory of %zu carnets: %.0f bytes (%.1f per head; plain table %.1f), "
                  "%" PRId64 " heads after %zu updates\n",
                  s->heads, s->bytes, s->rows > 0 ? s->bytes / (double)s->rows : 0,
                  s->plain_rows > 0 ? s->plain_bytes / (double)s->plain_rows : 0, s->rows,
                  s->samples);
    (void)fprintf(f,
                  "  one more head: p50 %.3f ms, p99 %.3f ms (%zu heads: p50 %.3f ms, p99 %.3f "
                  "ms; plain upsert p50 %.3f ms, p99 %.3f ms; signature %.3f ms)\n",
                  s->put_p50 * 1e3, s->put_p99 * 1e3, s->small_heads, s->small_put_p50 * 1e3,
                  s->small_put_p99 * 1e3, s->plain_put_p50 * 1e3, s->plain_put_p99 * 1e3,
                  s->put_floor * 1e3);
    (void)fprintf(f,
                  "  check one head: p50 %.3f ms, p99 %.3f ms (plain select p50 %.3f ms, p99 "
                  "%.3f ms; verification %.3f ms)\n",
                  s->get_p50 * 1e3, s->get_p99 * 1e3, s->plain_get_p50 * 1e3,
                  s->plain_get_p99 * 1e3, s->get_floor * 1e3);
}

void
bench_state_json(FILE *f, const bench_state *s)
{
    (void)fprintf(f,
                  "  \"state\": {\"heads\": %zu, \"small_heads\": %zu, \"samples\": %zu, "
                  "\"rows\": %" PRId64 ", \"bytes\": %.0f, \"plain_rows\": %" PRId64
                  ", \"plain_bytes\": %.0f, \"put_p50_s\": %.6f, \"put_p99_s\": %.6f, "
                  "\"small_put_p50_s\": %.6f, \"small_put_p99_s\": %.6f, "
                  "\"plain_put_p50_s\": %.6f, \"plain_put_p99_s\": %.6f, \"put_floor_s\": %.6f, "
                  "\"get_p50_s\": %.6f, \"get_p99_s\": %.6f, \"plain_get_p50_s\": %.6f, "
                  "\"plain_get_p99_s\": %.6f, \"get_floor_s\": %.6f}\n",
                  s->heads, s->small_heads, s->samples, s->rows, s->bytes, s->plain_rows,
                  s->plain_bytes, s->put_p50, s->put_p99, s->small_put_p50, s->small_put_p99,
                  s->plain_put_p50, s->plain_put_p99, s->put_floor, s->get_p50, s->get_p99,
                  s->plain_get_p50, s->plain_get_p99, s->get_floor);
}
