/* load.h - the synthetic département through libcarnet's public API.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_BENCH_LOAD_H
#define CARNET_BENCH_LOAD_H

#include <carnet/carnet.h>

#include "bench.h"

#define BENCH_PASS "phrase-du-banc-d-essai"

/* How many référents and accompagnateurs stay unlocked at once (see
 * bench_pro()). */
#define BENCH_LIVE_ACTORS 12

typedef struct bench_world {
    carnet_db *db;
    char path[512]; /* the workspace file */
    carnet_secbuf *pass;
    carnet_actor *admin;
    carnet_actor *orienteur;
    carnet_actor **refs; /* NULL while locked */
    carnet_actor **accs;
    uint64_t *ref_used, *acc_used; /* last use, for bench_pro() */
    uint64_t clock;
    int live;
    bench_staff staff;
    size_t n;
    uint64_t seed;
} bench_world;

/* Create a workspace at @p path (fast KDF profile) with the admin, the
 * structures and the staff of a département of @p n persons.
 * Returns CARNET_OK or the failing status (a message on stderr). */
int bench_world_open(bench_world *w, const char *path, size_t n, uint64_t seed);
/* Free the actors and close the workspace. */
void bench_world_close(bench_world *w);
/* Play person @p p's whole parcours; @p handle receives her pseudonym
 * (chosen by the library) and *seconds the time spent in the library. */
int bench_load_person(bench_world *w, const bench_person *p, char handle[CARNET_HANDLE_MAX + 1],
                      double *seconds);
/* Référent (@p referent) or accompagnateur @p i, unlocked on first use. As
 * in a deployment, where each process acts for one professional, at most
 * BENCH_LIVE_ACTORS stay unlocked: the least recently used is locked again
 * (its keys wiped) and unlocked anew when needed, which costs one Argon2id
 * run of the fast profile. Without this bound the process would hold every
 * professional's key cache, and its memory would grow with the staff, that
 * is with N. NULL on failure. */
carnet_actor *bench_pro(bench_world *w, int referent, int i);
/* Unlock a principal with BENCH_PASS (NULL on failure). */
carnet_actor *bench_unlock(bench_world *w, const char *handle);

#endif /* CARNET_BENCH_LOAD_H */
