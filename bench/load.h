/* load.h - the synthetic département through libcarnet's public API.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_BENCH_LOAD_H
#define CARNET_BENCH_LOAD_H

#include <carnet/carnet.h>

#include "bench.h"

#define BENCH_PASS "phrase-du-banc-d-essai"

typedef struct bench_world {
    carnet_db *db;
    carnet_secbuf *pass;
    carnet_actor *admin;
    carnet_actor *orienteur;
    carnet_actor **refs;
    carnet_actor **accs;
    bench_staff staff;
    size_t n;
    uint64_t seed;
} bench_world;

/* Create a workspace at @p path (fast KDF profile) with the admin, the
 * structures and the staff of a département of @p n persons, all unlocked.
 * Returns CARNET_OK or the failing status (a message on stderr). */
int bench_world_open(bench_world *w, const char *path, size_t n, uint64_t seed);
/* Free the actors and close the workspace. */
void bench_world_close(bench_world *w);
/* Play person @p p's whole parcours; @p handle receives her pseudonym
 * (chosen by the library) and *seconds the time spent in the library. */
int bench_load_person(bench_world *w, const bench_person *p, char handle[CARNET_HANDLE_MAX + 1],
                      double *seconds);
/* Unlock a principal with BENCH_PASS (NULL on failure). */
carnet_actor *bench_unlock(bench_world *w, const char *handle);

#endif /* CARNET_BENCH_LOAD_H */
