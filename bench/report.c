/* report.c - the benchmark's table and JSON file: every ratio with its
 * inputs and its target.
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

const char *const bench_tables[BENCH_TABLES] = {"principal", "carnet", "membership", "entry",
                                                "consent",   "audit",  "fact"};

/* A ratio, its two inputs and its target (a ceiling, or a floor when
 * @c at_least). */
struct ratio {
    const char *name;
    double value, num, den;
    const char *num_what, *den_what;
    double target;
    int at_least;
};

static double
div0(double a, double b)
{
    return b > 0 ? a / b : 0;
}

static int
met(const struct ratio *x)
{
    return x->at_least ? x->value >= x->target : x->value <= x->target;
}

/* Every ratio of the issue, computed once for the table and the JSON. */
static size_t
ratios(const bench_run *r, struct ratio *out)
{
    double floor = bench_floor(&r->import_counts, &r->units, -1);
    double n = (double)r->n;
    double audit_rate = div0((double)r->m.audit_records, r->m.audit_seconds);
    double cost_n = div0(r->child_n.seconds, n), cost_5n = div0(r->child_5n.seconds, 5 * n);
    const bench_state *st = &r->state;
    double per_head = div0(st->bytes, (double)st->rows);
    double plain_per_head = div0(st->plain_bytes, (double)st->plain_rows);
    struct ratio all[] = {
        {"import carnet / plain", div0(r->carnet.seconds, r->plain.seconds), r->carnet.seconds,
         r->plain.seconds, "carnet s", "plain s", 0, 0},
        {"import carnet / sqlcipher", div0(r->carnet.seconds, r->sqlcipher.seconds),
         r->carnet.seconds, r->sqlcipher.seconds, "carnet s", "sqlcipher s", 0, 0},
        {"import carnet / (plain + crypto floor)",
         div0(r->carnet.seconds, r->plain.seconds + floor), r->carnet.seconds,
         r->plain.seconds + floor, "carnet s", "plain + floor s", 1.2, 0},
        {"open p99 / its floor", r->m.open_ratio_p99, r->m.open_p99, r->m.open_floor_p99, "p99 s",
         "floor p99 s", 1.5, 0},
        {"audit verify / ed25519 floor", div0(audit_rate, div0(1, r->m.verify_unit)), audit_rate,
         div0(1, r->m.verify_unit), "records/s", "verify/s", 0.9, 1},
        {"memory 5N / N", div0(r->child_5n.maxrss_kb, r->child_n.maxrss_kb), r->child_5n.maxrss_kb,
         r->child_n.maxrss_kb, "5N KiB", "N KiB", 1.1, 0},
        {"cost per carnet 5N / N", div0(cost_5n, cost_n), cost_5n, cost_n, "5N s", "N s", 1.2, 0},
        {"bytes per carnet carnet / plain", div0(r->child_n.bytes, r->plain.bytes),
         div0(r->child_n.bytes, n), div0(r->plain.bytes, n), "carnet B", "plain B", 0, 0},
        {"portfolio / its floor", div0(r->m.portfolio_all.seconds, r->m.portfolio_all.floor),
         r->m.portfolio_all.seconds, r->m.portfolio_all.floor, "s", "floor s", 0, 0},
        {"revocation p50 / its floor", div0(r->m.revoke_p50.seconds, r->m.revoke_p50.floor),
         r->m.revoke_p50.seconds, r->m.revoke_p50.floor, "s", "floor s", 0, 0},
        {"change of référent p50 / its floor",
         div0(r->m.referent_p50.seconds, r->m.referent_p50.floor), r->m.referent_p50.seconds,
         r->m.referent_p50.floor, "s", "floor s", 0, 0},
        {"state: one more head / (plain upsert + floor)",
         div0(st->put_p50, st->plain_put_p50 + st->put_floor), st->put_p50,
         st->plain_put_p50 + st->put_floor, "p50 s", "plain + floor s", 0, 0},
        {"state: one more head, large / small", div0(st->put_p50, st->small_put_p50), st->put_p50,
         st->small_put_p50, "large p50 s", "small p50 s", 0, 0},
        {"state: check one head / (plain select + floor)",
         div0(st->get_p50, st->plain_get_p50 + st->get_floor), st->get_p50,
         st->plain_get_p50 + st->get_floor, "p50 s", "plain + floor s", 0, 0},
        {"state: bytes per head / plain", div0(per_head, plain_per_head), per_head, plain_per_head,
         "state B", "plain B", 0, 0},
    };

    memcpy(out, all, sizeof all);
    return sizeof all / sizeof all[0];
}

#define NRATIOS 16

void
bench_report_table(FILE *f, const bench_run *r)
{
    struct ratio x[NRATIOS];
    size_t k = ratios(r, x);
    double floor = bench_floor(&r->import_counts, &r->units, -1);

    (void)fprintf(f, "carnet bench: N = %zu (5N = %zu), seed %" PRIu64 "\n\n", r->n, 5 * r->n,
                  r->seed);
    (void)fprintf(f, "%-40s %9s   %-34s %s\n", "figure", "ratio", "inputs", "target");
    for (size_t i = 0; i < k; i++) {
        char in[64], tg[32] = "-";
        (void)snprintf(in, sizeof in, "%.4g %s / %.4g %s", x[i].num, x[i].num_what, x[i].den,
                       x[i].den_what);
        if (x[i].target > 0) {
            (void)snprintf(tg, sizeof tg, "%s %.2g  %s", x[i].at_least ? ">=" : "<=", x[i].target,
                           met(&x[i]) ? "met" : "MISSED");
        }
        (void)fprintf(f, "%-40s %9.3f   %-34s %s\n", x[i].name, x[i].value, in, tg);
    }
    (void)fprintf(f,
                  "\nimport of %zu carnets: carnet %.3f s, plain %.3f s, sqlcipher %.3f s, "
                  "crypto floor %.3f s (Argon2id %.3f s of it)\n",
                  r->n, r->carnet.seconds, r->plain.seconds, r->sqlcipher.seconds, floor,
                  bench_floor(&r->import_counts, &r->units, BENCH_PWHASH));
    (void)fprintf(f, "%-16s %10s %12s %14s %12s\n", "primitive", "calls", "bytes", "unit (us)",
                  "floor (s)");
    for (int p = 0; p < BENCH_PRIM_COUNT; p++) {
        const bench_counts *c = &r->import_counts;
        double unit = c->n[p] > 0 ? bench_floor(c, &r->units, p) / (double)c->n[p] : 0;
        (void)fprintf(f, "%-16s %10" PRIu64 " %12" PRIu64 " %14.3f %12.4f\n",
                      bench_prim_name((bench_prim)p), c->n[p], c->bytes[p], unit * 1e6,
                      bench_floor(c, &r->units, p));
    }
    (void)fprintf(f,
                  "\nopen one carnet (%zu samples, %.1f entries, %.1f signatures checked): "
                  "p50 %.3f ms, p99 %.3f ms; floor p50 %.3f ms; ratio p50 %.2f\n",
                  r->m.opens, r->m.open_entries, r->m.open_signatures, r->m.open_p50 * 1e3,
                  r->m.open_p99 * 1e3, r->m.open_floor_p50 * 1e3, r->m.open_ratio_p50);
    (void)fprintf(f,
                  "open one carnet twice in a fresh handle (%" PRId64 " records in its chain): "
                  "records verified, first open %" PRId64 " of the carnet + %" PRId64
                  " of the registry, second open %" PRId64 " + %" PRId64
                  "; next session with her memory: %" PRId64 " of the carnet\n",
                  r->m.reopen_records, r->m.first_history, r->m.first_registry, r->m.second_history,
                  r->m.second_registry, r->m.session_history);
    (void)fprintf(
        f,
        "portfolio of %zu carnets, names decrypted: %.3f s; audit: %" PRId64 " records in %.3f s\n",
        r->m.portfolio, r->m.portfolio_all.seconds, r->m.audit_records, r->m.audit_seconds);
    (void)fprintf(f, "peak memory: N %.0f KiB, 5N %.0f KiB; plain %.0f KiB, sqlcipher %.0f KiB\n",
                  r->child_n.maxrss_kb, r->child_5n.maxrss_kb, r->plain.maxrss_kb,
                  r->sqlcipher.maxrss_kb);
    bench_state_table(f, &r->state);
    (void)fprintf(f, "rows (carnet / plain):");
    for (int i = 0; i < BENCH_TABLES; i++) {
        (void)fprintf(f, " %s %" PRId64 "/%" PRId64, bench_tables[i], r->carnet.rows[i],
                      r->plain.rows[i]);
    }
    (void)fprintf(f, "\n");
}

static void
json_store(FILE *f, const char *name, const bench_store *s, int last)
{
    (void)fprintf(
        f, "    \"%s\": {\"seconds\": %.6f, \"bytes\": %.0f, \"maxrss_kb\": %.0f, \"rows\": {",
        name, s->seconds, s->bytes, s->maxrss_kb);
    for (int i = 0; i < BENCH_TABLES; i++) {
        (void)fprintf(f, "%s\"%s\": %" PRId64, i > 0 ? ", " : "", bench_tables[i], s->rows[i]);
    }
    (void)fprintf(f, "}}%s\n", last ? "" : ",");
}

static void
json_machine(FILE *f)
{
    char line[256], cpu[160] = "?";
    FILE *c = fopen("/proc/cpuinfo", "r");

    while (c != NULL && fgets(line, sizeof line, c) != NULL) {
        if (strncmp(line, "model name", 10) == 0 && strchr(line, ':') != NULL) {
            (void)snprintf(cpu, sizeof cpu, "%s", strchr(line, ':') + 2);
            cpu[strcspn(cpu, "\n\"\\")] = '\0';
            break;
        }
    }
    if (c != NULL) {
        (void)fclose(c);
    }
    (void)fprintf(f, "  \"machine\": {\"nproc\": %ld, \"cpu\": \"%s\"},\n",
                  sysconf(_SC_NPROCESSORS_ONLN), cpu);
}

int
bench_report_json(const char *path, const bench_run *r)
{
    struct ratio x[NRATIOS];
    size_t k = ratios(r, x);
    FILE *f = fopen(path, "w");

    if (f == NULL) {
        (void)fprintf(stderr, "bench: écriture de '%s' impossible\n", path);
        return -1;
    }
    (void)fprintf(
        f, "{\n  \"schema_version\": 1,\n  \"n\": %zu,\n  \"n5\": %zu,\n  \"seed\": %" PRIu64 ",\n",
        r->n, 5 * r->n, r->seed);
    json_machine(f);
    (void)fprintf(f, "  \"ratios\": [\n");
    for (size_t i = 0; i < k; i++) {
        (void)fprintf(f,
                      "    {\"name\": \"%s\", \"value\": %.6g, \"numerator\": %.6g, "
                      "\"numerator_unit\": \"%s\", \"denominator\": %.6g, "
                      "\"denominator_unit\": \"%s\", \"target\": %.6g, \"at_least\": %s, "
                      "\"met\": %s}%s\n",
                      x[i].name, x[i].value, x[i].num, x[i].num_what, x[i].den, x[i].den_what,
                      x[i].target, x[i].at_least ? "true" : "false",
                      x[i].target > 0 ? (met(&x[i]) ? "true" : "false") : "null",
                      i + 1 < k ? "," : "");
    }
    (void)fprintf(f, "  ],\n  \"primitives\": [\n");
    for (int p = 0; p < BENCH_PRIM_COUNT; p++) {
        (void)fprintf(f,
                      "    {\"name\": \"%s\", \"calls\": %" PRIu64 ", \"bytes\": %" PRIu64
                      ", \"unit_fixed_s\": %.4g, \"unit_per_byte_s\": %.4g, \"floor_s\": %.6f}%s\n",
                      bench_prim_name((bench_prim)p), r->import_counts.n[p],
                      r->import_counts.bytes[p], r->units.fixed[p], r->units.per_byte[p],
                      bench_floor(&r->import_counts, &r->units, p),
                      p + 1 < BENCH_PRIM_COUNT ? "," : "");
    }
    (void)fprintf(f, "  ],\n  \"import\": {\n");
    json_store(f, "carnet", &r->carnet, 0);
    json_store(f, "plain", &r->plain, 0);
    json_store(f, "sqlcipher", &r->sqlcipher, 0);
    json_store(f, "carnet_child_n", &r->child_n, 0);
    json_store(f, "carnet_child_5n", &r->child_5n, 1);
    (void)fprintf(f,
                  "  },\n  \"open\": {\"samples\": %zu, \"entries_mean\": %.2f, \"p50_s\": %.6f, "
                  "\"p99_s\": %.6f, \"floor_p50_s\": %.6f, \"floor_p99_s\": %.6f, "
                  "\"ratio_p50\": %.4f, \"ratio_p99\": %.4f, \"signatures_mean\": %.2f},\n",
                  r->m.opens, r->m.open_entries, r->m.open_p50, r->m.open_p99, r->m.open_floor_p50,
                  r->m.open_floor_p99, r->m.open_ratio_p50, r->m.open_ratio_p99,
                  r->m.open_signatures);
    (void)fprintf(f,
                  "  \"reopen\": {\"chain_records\": %" PRId64 ", \"first_history\": %" PRId64
                  ", \"first_registry\": %" PRId64 ", \"second_history\": %" PRId64
                  ", \"second_registry\": %" PRId64 ", \"session_history\": %" PRId64 "},\n",
                  r->m.reopen_records, r->m.first_history, r->m.first_registry, r->m.second_history,
                  r->m.second_registry, r->m.session_history);
    (void)fprintf(
        f,
        "  \"portfolio\": {\"carnets\": %zu, \"seconds\": %.6f, \"floor_s\": %.6f},\n"
        "  \"revocation\": {\"samples\": %zu, \"p50_s\": %.6f, \"floor_s\": %.6f},\n"
        "  \"referent_change\": {\"samples\": %zu, \"p50_s\": %.6f, \"floor_s\": %.6f},\n"
        "  \"audit\": {\"records\": %" PRId64 ", \"seconds\": %.6f, \"verify_unit_s\": %.4g},\n",
        r->m.portfolio, r->m.portfolio_all.seconds, r->m.portfolio_all.floor, r->m.ops,
        r->m.revoke_p50.seconds, r->m.revoke_p50.floor, r->m.ops, r->m.referent_p50.seconds,
        r->m.referent_p50.floor, r->m.audit_records, r->m.audit_seconds, r->m.verify_unit);
    bench_state_json(f, &r->state);
    (void)fprintf(f, "}\n");
    return fclose(f) == 0 ? 0 : -1;
}
