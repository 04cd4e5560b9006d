/* state.h - the actor's memory at scale (figure 9): the state file of an
 * importer or an administrator who touched many carnets, its size, the time
 * to remember one more head and to check one, next to plain SQLite.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_BENCH_STATE_H
#define CARNET_BENCH_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "floor.h"
#include "load.h"

/* Single-head updates and checks timed at 100,000 heads (a tenth below). */
#define BENCH_STATE_SAMPLES 200

typedef struct bench_state {
    size_t heads;       /* carnet heads in the large memory before the samples */
    size_t small_heads; /* in the reference memory (heads / 100) */
    size_t samples;     /* single-head updates and checks timed */
    int64_t rows;       /* carnet heads in the large file afterwards (heads + samples) */
    double bytes;       /* the large state file, closed (with its -wal, if any) */
    double plain_bytes; /* a plain SQLite table of the same rows, no signature */
    int64_t plain_rows;
    /* one more head remembered: signed, one IMMEDIATE transaction */
    double put_p50, put_p99;             /* large memory */
    double small_put_p50, small_put_p99; /* small memory */
    double plain_put_p50, plain_put_p99; /* plain upsert, same table size */
    double put_floor;                    /* primitives of one update (a signature) */
    /* one head checked: read and signature verified */
    double get_p50, get_p99;
    double plain_get_p50, plain_get_p99; /* plain point select */
    double get_floor;                    /* primitives of one check (a verification) */
} bench_state;

/* Remove the files of @p dir, then @p dir (no subdirectories there). */
void bench_rm_flat(const char *dir);

/* Measure figure 9 on @p w's workspace: memories of the administrator
 * under @p dir (removed afterwards). @p heads: 100,000 for a département. */
int bench_state_measure(bench_state *out, bench_world *w, const char *dir, size_t heads,
                        const bench_units *u);

/* Its lines of the table, and its "state" member of the JSON object (the
 * last one: no comma after it). */
void bench_state_table(FILE *f, const bench_state *s);
void bench_state_json(FILE *f, const bench_state *s);

#endif /* CARNET_BENCH_STATE_H */
