/* bench.c - carnet against plain SQLite, SQLCipher and the libsodium floor,
 * in one run, as ratios (docs/bench.md explains every figure).
 * SPDX-License-Identifier: MIT
 *
 * usage: bench [--n N] [--seed S] [--dir DIR] [--out FILE] [--state-heads H]
 *        bench --child-import N SEED DIR      (internal: one import size)
 *
 * The run: a child process imports N persons, another 5N (peak memory and
 * per-carnet cost, each in a fresh process); this process imports N with
 * the primitives counted, spawns bench-plain and bench-sqlcipher on the same
 * workload, prices each primitive, then opens carnets, reads a portfolio,
 * revokes, changes référents and verifies audit chains; last, the actor's
 * memory of 100,000 carnets (state.c; 1,000 when N < 100, or --state-heads).
 */
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "floor.h"
#include "measure.h"
#include "report.h"

static int
parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;

    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' ? 0 : -1;
}

/* Import @p n persons into DIR/import-N.carnet; a line for the parent. */
static int
child_import(size_t n, uint64_t seed, const char *dir)
{
    bench_world w;
    bench_person *p = malloc(sizeof *p);
    char path[512], handle[CARNET_HANDLE_MAX + 1];
    double spent = 0;
    int rc;

    (void)snprintf(path, sizeof path, "%s/import-%zu.carnet", dir, n);
    rc = p != NULL ? bench_world_open(&w, path, n, seed) : CARNET_ENOMEM;
    for (size_t i = 0; rc == CARNET_OK && i < n; i++) {
        double t;
        bench_gen_person(p, seed, n, i);
        rc = bench_load_person(&w, p, handle, &t);
        spent += t;
    }
    bench_world_close(&w);
    free(p);
    if (rc != CARNET_OK) {
        return 1;
    }
    (void)printf("{\"seconds\":%.6f,\"bytes\":%" PRId64 ",\"maxrss_kb\":%ld}\n", spent,
                 bench_file_bytes(path), bench_maxrss_kb());
    (void)unlink(path);
    return 0;
}

/* Run @p argv and collect its standard output into @p out. */
static int
spawn(char *const argv[], char *out, size_t size)
{
    int fd[2], status = 0;
    size_t len = 0;
    pid_t pid;

    if (pipe(fd) != 0) {
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        (void)dup2(fd[1], STDOUT_FILENO);
        (void)close(fd[0]);
        (void)close(fd[1]);
        (void)execv(argv[0], argv);
        _exit(127);
    }
    (void)close(fd[1]);
    for (;;) {
        ssize_t r = read(fd[0], out + len, size - 1 - len);
        if (r <= 0 || (len += (size_t)r) >= size - 1) {
            break;
        }
    }
    out[len] = '\0';
    (void)close(fd[0]);
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        (void)fprintf(stderr, "bench: %s a échoué\n", argv[0]);
        return -1;
    }
    return 0;
}

/* The number after "key": in a one-line JSON object. */
static double
field(const char *json, const char *key)
{
    char pat[64];
    const char *at;

    (void)snprintf(pat, sizeof pat, "\"%s\":", key);
    at = strstr(json, pat);
    return at != NULL ? strtod(at + strlen(pat), NULL) : -1;
}

static int
run_store(const char *bin, size_t n, uint64_t seed, const char *db, bench_store *out)
{
    char ns[32], ss[32], buf[1024];
    char *argv[5];

    (void)snprintf(ns, sizeof ns, "%zu", n);
    (void)snprintf(ss, sizeof ss, "%" PRIu64, seed);
    argv[0] = (char *)(uintptr_t)bin;
    argv[1] = ns;
    argv[2] = ss;
    argv[3] = (char *)(uintptr_t)db;
    argv[4] = NULL;
    if (spawn(argv, buf, sizeof buf) != 0) {
        return -1;
    }
    out->seconds = field(buf, "seconds");
    out->bytes = field(buf, "bytes");
    out->maxrss_kb = field(buf, "maxrss_kb");
    for (int i = 0; i < BENCH_TABLES; i++) {
        out->rows[i] = (int64_t)field(buf, bench_tables[i]);
    }
    (void)unlink(db);
    return 0;
}

static int
run_child(const char *self, size_t n, uint64_t seed, const char *dir, bench_store *out)
{
    char ns[32], ss[32], buf[512];
    char *argv[] = {(char *)(uintptr_t)self,
                    (char *)(uintptr_t) "--child-import",
                    ns,
                    ss,
                    (char *)(uintptr_t)dir,
                    NULL};

    (void)snprintf(ns, sizeof ns, "%zu", n);
    (void)snprintf(ss, sizeof ss, "%" PRIu64, seed);
    if (spawn(argv, buf, sizeof buf) != 0) {
        return -1;
    }
    out->seconds = field(buf, "seconds");
    out->bytes = field(buf, "bytes");
    out->maxrss_kb = field(buf, "maxrss_kb");
    return 0;
}

/* Rows of each table of the carnet workspace, read on a side connection. */
static void
count_rows(const char *path, bench_store *out)
{
    sqlite3 *db = NULL;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        for (int i = 0; i < BENCH_TABLES; i++) {
            char sql[96];
            sqlite3_stmt *st = NULL;
            (void)snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", bench_tables[i]);
            if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW) {
                out->rows[i] = sqlite3_column_int64(st, 0);
            }
            (void)sqlite3_finalize(st);
        }
    }
    (void)sqlite3_close(db);
}

/* Figures 1 and 4: this process imports N persons with the primitives
 * counted, then keeps the workspace open for figures 5 to 7. */
static int
main_import(bench_run *r, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1], const char *path)
{
    bench_person *p = malloc(sizeof *p);
    bench_units samples[BENCH_UNIT_SAMPLES];
    size_t every = r->n / (BENCH_UNIT_SAMPLES - 1) + 1, k = 0;
    bench_counts c0, c1;
    int rc;

    rc = p != NULL ? bench_world_open(w, path, r->n, r->seed) : CARNET_ENOMEM;
    bench_counts_get(&c0);
    r->carnet.seconds = 0;
    for (size_t i = 0; rc == CARNET_OK && i < r->n; i++) {
        double t;
        /* The unit costs are sampled all along the import (outside its
         * clock and its counters), so that a slow or fast moment of this
         * shared machine weighs on both sides of the ratio. */
        if (i % every == 0) {
            bench_units_measure(&samples[k++]);
        }
        bench_gen_person(p, r->seed, r->n, i);
        rc = bench_load_person(w, p, handles[i], &t);
        r->carnet.seconds += t;
    }
    bench_counts_get(&c1);
    bench_counts_diff(&r->import_counts, &c0, &c1);
    bench_units_measure(&samples[k++]);
    bench_units_median(&r->units, samples, k);
    count_rows(path, &r->carnet);
    free(p);
    return rc;
}

/* The options of the parent run; -1 on a usage error. */
static int
parse_args(bench_run *r, int argc, char **argv, const char **dir, const char **out)
{
    uint64_t v;

    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (val == NULL) {
            return -1;
        }
        if (strcmp(a, "--n") == 0 && parse_u64(val, &v) == 0 && v > 0) {
            r->n = (size_t)v;
        } else if (strcmp(a, "--seed") == 0 && parse_u64(val, &v) == 0) {
            r->seed = v;
        } else if (strcmp(a, "--state-heads") == 0 && parse_u64(val, &v) == 0 && v >= 100) {
            r->state_heads = (size_t)v;
        } else if (strcmp(a, "--dir") == 0) {
            *dir = val;
        } else if (strcmp(a, "--out") == 0) {
            *out = val;
        } else {
            return -1;
        }
    }
    return 0;
}

static int
usage(void)
{
    (void)fprintf(stderr,
                  "usage: bench [--n N] [--seed S] [--dir DIR] [--out FILE] [--state-heads H]\n");
    return 64;
}

int
main(int argc, char **argv)
{
    bench_run r;
    bench_world w;
    char(*handles)[CARNET_HANDLE_MAX + 1] = NULL;
    const char *dir = "build/bench", *out = NULL;
    char self[512], bin[600], db[600];
    uint64_t v;
    int rc;

    memset(&r, 0, sizeof r);
    r.n = 200;
    r.seed = BENCH_SEED_DEFAULT;
    if (carnet_crypto_init() != CARNET_OK) {
        return 70;
    }
    if (argc == 5 && strcmp(argv[1], "--child-import") == 0) {
        uint64_t s;
        return parse_u64(argv[2], &v) != 0 || parse_u64(argv[3], &s) != 0
                   ? usage()
                   : child_import((size_t)v, s, argv[4]);
    }
    if (parse_args(&r, argc, argv, &dir, &out) != 0) {
        return usage();
    }
    if (r.state_heads == 0) {
        r.state_heads = r.n < 100 ? 1000 : 100000;
    }
    {
        ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
        if (len <= 0) {
            return 70;
        }
        self[len] = '\0';
    }
    handles = calloc(r.n, sizeof *handles);
    if (handles == NULL) {
        return 71;
    }
    (void)fprintf(stderr, "bench: N = %zu, 5N = %zu, graine %" PRIu64 "\n", r.n, 5 * r.n, r.seed);
    /* 8. Peak memory and per-carnet cost: N then 5N, each in a new process. */
    rc = run_child(self, r.n, r.seed, dir, &r.child_n);
    rc = rc == 0 ? run_child(self, 5 * r.n, r.seed, dir, &r.child_5n) : rc;
    /* 2 and 3. The floors of storage, same workload, same run. */
    (void)snprintf(bin, sizeof bin, "%s/bench-plain", dir);
    (void)snprintf(db, sizeof db, "%s/plain.db", dir);
    rc = rc == 0 ? run_store(bin, r.n, r.seed, db, &r.plain) : rc;
    (void)snprintf(bin, sizeof bin, "%s/bench-sqlcipher", dir);
    (void)snprintf(db, sizeof db, "%s/sqlcipher.db", dir);
    rc = rc == 0 ? run_store(bin, r.n, r.seed, db, &r.sqlcipher) : rc;
    if (rc != 0) {
        free(handles);
        return 1;
    }
    /* 1 and 4: carnet, counted; then the unit cost of each primitive. */
    (void)snprintf(db, sizeof db, "%s/carnet.carnet", dir);
    rc = main_import(&r, &w, handles, db);
    /* 5 to 7. */
    rc = rc == CARNET_OK ? bench_measure(&r.m, &w, handles, r.n, &r.units) : rc;
    /* 9. The actor's memory at scale. */
    rc = rc == CARNET_OK ? bench_state_measure(&r.state, &w, dir, r.state_heads, &r.units) : rc;
    bench_world_close(&w);
    (void)unlink(db);
    free(handles);
    if (rc != CARNET_OK) {
        (void)fprintf(stderr, "bench: échec (%s)\n", carnet_strerror(rc));
        return 1;
    }
    bench_report_table(stdout, &r);
    return out != NULL && bench_report_json(out, &r) != 0 ? 1 : 0;
}
