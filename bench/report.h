/* report.h - the benchmark's results: a table on stdout, a JSON file.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_BENCH_REPORT_H
#define CARNET_BENCH_REPORT_H

#include <stdio.h>

#include "floor.h"
#include "measure.h"
#include "state.h"

#define BENCH_TABLES 7
extern const char *const bench_tables[BENCH_TABLES];

/* One import: time in the store, file size, peak memory, rows. */
typedef struct bench_store {
    double seconds;
    double bytes;
    double maxrss_kb;
    int64_t rows[BENCH_TABLES];
} bench_store;

typedef struct bench_run {
    size_t n;
    uint64_t seed;
    bench_store carnet, plain, sqlcipher; /* at N, in this run */
    bench_store child_n, child_5n;        /* carnet alone, fresh processes */
    bench_counts import_counts;           /* primitives of the carnet import */
    bench_units units;
    bench_results m;
    size_t state_heads; /* figure 9: carnet heads in the actor's memory */
    bench_state state;
} bench_run;

void bench_report_table(FILE *f, const bench_run *r);
/* 0, or -1 when @p path cannot be written. */
int bench_report_json(const char *path, const bench_run *r);

#endif /* CARNET_BENCH_REPORT_H */
