/* measure.c - the timed operations of the benchmark (figures 5 to 7): open
 * one carnet, a référent's portfolio, a revocation, a change of référent,
 * audit verification. Each is timed and priced at its crypto floor.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h" /* carnet__verified_get(): the one internal call */
#include "measure.h"
#include "state.h"

#define OPEN_SAMPLES  200
#define OPS_SAMPLES   21
#define PORTFOLIO_MAX 300
#define AUDIT_MAX     500

/* At most @p cap of @p n (cppcheck cannot see that n > 0 here). */
static size_t
at_most(size_t n, size_t cap)
{
    return n < cap ? n : cap;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double
bench_quantile(double *v, size_t n, double q)
{
    size_t i;

    if (n == 0) {
        return 0;
    }
    qsort(v, n, sizeof *v, cmp_double);
    i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

/* Decrypt every entry of @p person that @p a may read; the count, or -1. */
static int
read_in(carnet_db *db, carnet_actor *a, const char *person, unsigned sections, unsigned flags)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r = NULL;
    carnet_entry_view v;
    int n = 0, rc;

    o.sections = sections;
    o.flags = flags;
    if (carnet_reader_open(&r, db, a, person, &o) != CARNET_OK) {
        (void)fprintf(stderr, "bench: lecture de %s : %s\n", person, carnet_db_errmsg(db));
        carnet_reader_free(r);
        return -1;
    }
    while ((rc = carnet_reader_next(r, &v)) != CARNET_ITEROVER) {
        n += rc == CARNET_OK && v.body != NULL;
    }
    carnet_reader_free(r);
    return n;
}

static int
read_all(bench_world *w, carnet_actor *a, const char *person, unsigned sections, unsigned flags)
{
    return read_in(w->db, a, person, sections, flags);
}

/* Open @p person as @p a in @p db; the records @p db verified meanwhile. */
static int
counted_open(carnet_db *db, carnet_actor *a, const char *person, carnet__verified *out)
{
    carnet__verified v0 = carnet__verified_get(db), v1;
    int got = read_in(db, a, person, CARNET_SECTIONS_ALL, CARNET_READ_SUPERSEDED);

    v1 = carnet__verified_get(db);
    out->history = v1.history - v0.history;
    out->registry = v1.registry - v0.registry;
    return got < 0 ? CARNET_ERROR : CARNET_OK;
}

/* 5c. Two sessions of the référent, each a new handle with her memory
 * attached: the second checks the signature of no record the first one
 * verified or wrote (its memory holds the carnet's head). Counted. */
static int
next_session(bench_results *out, const bench_world *w, const char *ref, const char *person)
{
    char dir[] = "/tmp/carnet-bench-memoire-XXXXXX";
    int rc = mkdtemp(dir) != NULL ? CARNET_OK : CARNET_EIO;

    for (int s = 0; s < 2 && rc == CARNET_OK; s++) {
        carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
        carnet_db *db = NULL;
        carnet_actor *a = NULL;
        carnet__verified v = {0, 0};
        rc = carnet_db_open(&db, w->path, &o);
        if (rc == CARNET_OK) {
            carnet_db_set_time(db, carnet_db_now(w->db));
            rc = carnet_actor_unlock(&a, db, ref, w->pass);
        }
        rc = rc == CARNET_OK ? carnet_memory_attach(db, a, dir) : rc;
        rc = rc == CARNET_OK ? counted_open(db, a, person, &v) : rc;
        out->session_history = v.history;
        if (rc != CARNET_OK) {
            (void)fprintf(stderr, "bench: session %d de %s : %s\n", s + 1, ref,
                          carnet_db_errmsg(db));
        }
        carnet_actor_free(a);
        carnet_db_close(db);
    }
    bench_rm_flat(dir);
    return rc;
}

/* 5b. A fresh handle opens one carnet twice as its référent: the first
 * open verifies its whole chain, the second only the records added since
 * (none but the first open's own journal record, which the handle wrote
 * and so adopted: 0 to verify). Counted, not timed. */
static int
reopen(bench_results *out, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1], size_t n)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    carnet_db *db = NULL;
    carnet_actor *ref = NULL;
    bench_person *p = malloc(sizeof *p);
    carnet__verified first, second;
    carnet_audit_report rep;
    size_t who = n / 2;
    char h[32];
    int rc;

    if (p == NULL || carnet_db_open(&db, w->path, &o) != CARNET_OK) {
        (void)fprintf(stderr, "bench: réouverture de %s impossible\n", w->path);
        carnet_db_close(db);
        free(p);
        return CARNET_ERROR;
    }
    carnet_db_set_time(db, carnet_db_now(w->db));
    bench_gen_person(p, w->seed, w->n, who);
    bench_ref_handle(h, sizeof h, p->referent2);
    rc = carnet_actor_unlock(&ref, db, h, w->pass);
    rc = rc == CARNET_OK ? carnet_audit_verify(&rep, w->db, handles[who], NULL) : rc;
    out->reopen_records = rc == CARNET_OK ? rep.records : 0;
    rc = rc == CARNET_OK ? counted_open(db, ref, handles[who], &first) : rc;
    rc = rc == CARNET_OK ? counted_open(db, ref, handles[who], &second) : rc;
    if (rc != CARNET_OK) {
        (void)fprintf(stderr, "bench: réouverture de %s : %s\n", handles[who],
                      carnet_db_errmsg(db));
    } else {
        out->first_history = first.history;
        out->first_registry = first.registry;
        out->second_history = second.history;
        out->second_registry = second.registry;
    }
    carnet_actor_free(ref);
    carnet_db_close(db);
    free(p);
    return rc == CARNET_OK ? next_session(out, w, h, handles[who]) : rc;
}

/* Start a sample: the time and the counters now. */
static double
start(bench_counts *c0)
{
    bench_counts_get(c0);
    return bench_now();
}

static bench_sample
stop(double t0, const bench_counts *c0, const bench_units *u)
{
    bench_sample s;
    bench_counts c1, d;

    s.seconds = bench_now() - t0;
    bench_counts_get(&c1);
    bench_counts_diff(&d, c0, &c1);
    s.floor = bench_floor(&d, u, -1);
    return s;
}

/* 5. Open random carnets as their current référent. */
static int
opens(bench_results *out, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1], size_t n,
      const bench_units *u)
{
    static double t[OPEN_SAMPLES], f[OPEN_SAMPLES], r[OPEN_SAMPLES];
    uint64_t x = 88172645463325252u;
    double entries = 0;
    size_t k = at_most(n, OPEN_SAMPLES);
    int64_t signatures = carnet__verified_get(w->db).history;

    for (size_t i = 0; i < k; i++) {
        bench_person *p = malloc(sizeof *p);
        bench_counts c0;
        bench_sample s;
        carnet_actor *reader;
        double t0;
        size_t who;
        int got;
        x ^= x << 13; /* xorshift64: random carnets, the same each run */
        x ^= x >> 7;
        x ^= x << 17;
        who = (size_t)(x % n);
        if (p == NULL) {
            return CARNET_ENOMEM;
        }
        bench_gen_person(p, w->seed, w->n, who);
        reader = bench_pro(w, 1, p->referent2); /* unlocked before the clock starts */
        t0 = start(&c0);
        got = reader == NULL
                  ? -1
                  : read_all(w, reader, handles[who], CARNET_SECTIONS_ALL, CARNET_READ_SUPERSEDED);
        s = stop(t0, &c0, u);
        free(p);
        if (got < 0) {
            return CARNET_ERROR;
        }
        entries += got;
        t[i] = s.seconds;
        f[i] = s.floor;
        r[i] = s.floor > 0 ? s.seconds / s.floor : 0;
    }
    out->opens = k;
    out->open_entries = k > 0 ? entries / (double)k : 0;
    signatures = carnet__verified_get(w->db).history - signatures;
    out->open_signatures = k > 0 ? (double)signatures / (double)k : 0;
    out->open_p50 = bench_quantile(t, k, 0.5);
    out->open_p99 = bench_quantile(t, k, 0.99);
    out->open_floor_p50 = bench_quantile(f, k, 0.5);
    out->open_floor_p99 = bench_quantile(f, k, 0.99);
    out->open_ratio_p50 = bench_quantile(r, k, 0.5);
    out->open_ratio_p99 = bench_quantile(r, k, 0.99);
    return CARNET_OK;
}

/* 6a. The portfolio of ref-1 (the référent after the change of half of
 * ref-0's carnets): up to 300 carnets, each one's identity decrypted. */
static int
portfolio(bench_results *out, bench_world *w, const bench_units *u)
{
    carnet_actor *ref = bench_pro(w, 1, 1); /* unlocked before the clock starts */
    carnet_iter *it = NULL;
    carnet_info info;
    bench_counts c0;
    double t0 = start(&c0);
    size_t k = 0;
    int rc = ref != NULL ? carnet_iter_new(&it, w->db, "ref-1") : CARNET_ERROR;

    while (rc == CARNET_OK && k < PORTFOLIO_MAX &&
           (rc = carnet_iter_next(it, &info)) == CARNET_OK) {
        if (read_all(w, ref, info.person, CARNET_SECTION_BIT(CARNET_SECTION_IDENTITE), 0) < 1) {
            rc = CARNET_ERROR;
        }
        k++;
    }
    carnet_iter_free(it);
    out->portfolio_all = stop(t0, &c0, u);
    out->portfolio = k;
    return rc == CARNET_ITEROVER || rc == CARNET_OK ? CARNET_OK : rc;
}

/* 6b. On a few carnets: a new authorisation (untimed), its revocation
 * (timed), then a change of référent (timed). The person's unlocking
 * (Argon2id) is not timed. */
static int
revocations(bench_results *out, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1], size_t n,
            const bench_units *u)
{
    double rt[OPS_SAMPLES], rf[OPS_SAMPLES], ct[OPS_SAMPLES], cf[OPS_SAMPLES];
    size_t k = at_most(n, OPS_SAMPLES);
    int rc = CARNET_OK;

    for (size_t i = 0; rc == CARNET_OK && i < k; i++) {
        size_t who = (i * 7919) % n;
        carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
        carnet_actor *person = bench_unlock(w, handles[who]);
        bench_counts c0;
        bench_sample s;
        int64_t no = 0;
        double t0;
        char ref[32];
        bench_person *p = malloc(sizeof *p);
        if (person == NULL || p == NULL) {
            carnet_actor_free(person);
            free(p);
            return CARNET_ERROR;
        }
        bench_gen_person(p, w->seed, w->n, who);
        g.grantee = "acc-0";
        g.sections = CARNET_SECTION_BIT(CARNET_SECTION_SUIVI);
        carnet_db_set_time(w->db, carnet_db_now(w->db) + 60);
        rc = carnet_grant(&no, w->db, person, &g);
        t0 = start(&c0);
        rc = rc == CARNET_OK ? carnet_revoke(w->db, person, no) : rc;
        s = stop(t0, &c0, u);
        rt[i] = s.seconds;
        rf[i] = s.floor;
        bench_ref_handle(ref, sizeof ref, (p->referent2 + 1) % w->staff.referents);
        t0 = start(&c0);
        rc = rc == CARNET_OK
                 ? carnet_referent_change(w->db, w->orienteur, person, handles[who], ref,
                                          CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE,
                                          CARNET_SCOPE_ALL, 1)
                 : rc;
        s = stop(t0, &c0, u);
        ct[i] = s.seconds;
        cf[i] = s.floor;
        if (rc != CARNET_OK) {
            (void)fprintf(stderr, "bench: révocation de %s : %s\n", handles[who],
                          carnet_db_errmsg(w->db));
        }
        carnet_actor_free(person);
        free(p);
    }
    out->ops = k;
    out->revoke_p50.seconds = bench_quantile(rt, k, 0.5);
    out->revoke_p50.floor = bench_quantile(rf, k, 0.5);
    out->referent_p50.seconds = bench_quantile(ct, k, 0.5);
    out->referent_p50.floor = bench_quantile(cf, k, 0.5);
    return rc;
}

/* 7. Verify whole audit chains. */
static int
audits(bench_results *out, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1], size_t n,
       const bench_units *u)
{
    size_t k = at_most(n, AUDIT_MAX);
    double t0 = bench_now();

    out->audit_records = 0;
    for (size_t i = 0; i < k; i++) {
        carnet_audit_report rep;
        if (carnet_audit_verify(&rep, w->db, handles[i], NULL) != CARNET_OK || !rep.ok) {
            (void)fprintf(stderr, "bench: journal de %s : %s\n", handles[i], rep.message);
            return CARNET_ERROR;
        }
        out->audit_records += rep.records;
    }
    out->audit_seconds = bench_now() - t0;
    out->verify_unit = u->fixed[BENCH_VERIFY] + 64.0 * u->per_byte[BENCH_VERIFY];
    return CARNET_OK;
}

int
bench_measure(bench_results *out, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1], size_t n,
              const bench_units *u)
{
    int rc;

    memset(out, 0, sizeof *out);
    rc = opens(out, w, handles, n, u);
    rc = rc == CARNET_OK ? reopen(out, w, handles, n) : rc;
    rc = rc == CARNET_OK ? portfolio(out, w, u) : rc;
    rc = rc == CARNET_OK ? audits(out, w, handles, n, u) : rc;
    rc = rc == CARNET_OK ? revocations(out, w, handles, n, u) : rc;
    return rc;
}
