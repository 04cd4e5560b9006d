/* measure.h - the timed operations of the benchmark on a loaded workspace.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_BENCH_MEASURE_H
#define CARNET_BENCH_MEASURE_H

#include "floor.h"
#include "load.h"

/* A timed operation and the crypto floor of what it performed. */
typedef struct bench_sample {
    double seconds;
    double floor;
} bench_sample;

typedef struct bench_results {
    /* 5. opening one carnet as its référent (whole timeline decrypted) */
    size_t opens;
    double open_p50, open_p99;             /* seconds */
    double open_floor_p50, open_floor_p99; /* seconds */
    double open_ratio_p50, open_ratio_p99; /* time / floor of the same carnet */
    double open_entries;                   /* mean entries decrypted */
    double open_signatures;                /* mean records whose signature was checked */
    /* 5b. one carnet opened twice in a fresh handle: records verified by
     * each open, of the carnet's chain and of the workspace's registry */
    int64_t reopen_records; /* records in the carnet's chain before the first open */
    int64_t first_history, first_registry;
    int64_t second_history, second_registry;
    /* 5c. the référent's next session (a new handle, her memory attached):
     * records of the carnet whose signature it checked */
    int64_t session_history;
    /* 6. a référent's portfolio, a revocation, a change of référent */
    size_t portfolio;
    bench_sample portfolio_all;
    size_t ops;
    bench_sample revoke_p50, referent_p50;
    /* 7. audit chains */
    int64_t audit_records;
    double audit_seconds;
    double verify_unit; /* seconds per Ed25519 verification */
} bench_results;

/* The @p q quantile (0..1) of @p v, sorted in place (0 when @p n is 0). */
double bench_quantile(double *v, size_t n, double q);

/* Run measurements 5 to 7 on @p w, whose persons are @p handles. */
int bench_measure(bench_results *out, bench_world *w, char (*handles)[CARNET_HANDLE_MAX + 1],
                  size_t n, const bench_units *u);

#endif /* CARNET_BENCH_MEASURE_H */
