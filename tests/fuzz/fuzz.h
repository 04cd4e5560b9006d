/* fuzz.h - shared by the libFuzzer harnesses of tests/fuzz/.
 * SPDX-License-Identifier: MIT
 *
 * Each harness defines LLVMFuzzerTestOneInput(). It is linked either with
 * libFuzzer (make fuzz: clang, ASan + UBSan) or with replay.c, which feeds
 * it every file of its seed corpus (make test, make check), so that each
 * crash once found stays a regression test on every build.
 *
 * A harness checks properties, not only the absence of crashes: a property
 * that does not hold aborts through FUZZ_REQUIRE, which libFuzzer reports
 * as a crash with the input that caused it.
 */
#ifndef CARNET_TESTS_FUZZ_H
#define CARNET_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/carnet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message when a property does not hold. A function, not an
 * if in the macro, so each check stays one expression in the harness. */
#define FUZZ_REQUIRE(cond, what) fuzz_require((cond) != 0, __FILE__, __LINE__, (what))

void fuzz_require(int holds, const char *file, int line, const char *what);

/* Every passphrase of the fuzzing workspace (fast KDF profile). */
#define FUZZ_PASS "phrase-de-fuzz"

/* A small deployment in a temporary directory: an administrator, the
 * conseil départemental "cd59" with its chargée d'orientation "claire",
 * and one person whose carnet claire created, with a few entries. Built on
 * first use and removed at exit; one per process (libFuzzer runs the inputs
 * one after the other in one thread). */
typedef struct fuzz_world {
    char dir[256];
    char path[300];
    carnet_db *db;
    carnet_actor *claire;
    carnet_actor *person;
    char handle[CARNET_HANDLE_MAX + 1];
} fuzz_world;

/* The process's world, built on first call (aborts if it cannot be). */
fuzz_world *fuzz_world_get(void);

/* Counts read from the workspace (aborts if it cannot be read). */
carnet_db_info fuzz_world_info(fuzz_world *w);

/* A NUL-terminated copy of the input (the parsers take a length, but the
 * copy lets ASan catch a read past the end as well). Free with free(). */
char *fuzz_copy(const uint8_t *data, size_t size);

/* When the environment names a file in FUZZ_WRITE_SEED, write the valid
 * input a harness derives from its fixed keys there (make fuzz-seeds). */
void fuzz_write_seed(const void *data, size_t size);

#endif /* CARNET_TESTS_FUZZ_H */
