/* floor.h - the crypto floor: how many of each libsodium primitive carnet
 * performed, and what each costs on this machine, in this run.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_BENCH_FLOOR_H
#define CARNET_BENCH_FLOOR_H

#include <stdint.h>

typedef enum bench_prim {
    BENCH_AEAD_ENC = 0, /* XChaCha20-Poly1305 encryption */
    BENCH_AEAD_DEC,     /* XChaCha20-Poly1305 decryption */
    BENCH_SIGN,         /* Ed25519 signature */
    BENCH_VERIFY,       /* Ed25519 verification */
    BENCH_HASH,         /* BLAKE2b, one-shot or streamed */
    BENCH_SEAL,         /* crypto_box_seal */
    BENCH_SEAL_OPEN,    /* crypto_box_seal_open */
    BENCH_PWHASH,       /* Argon2id */
    BENCH_RANDOM,       /* randombytes_buf */
    BENCH_KEYPAIR,      /* Ed25519 or X25519 key pair from a seed */
    BENCH_SCALARMULT,   /* X25519 public key from a secret key */
    BENCH_PRIM_COUNT
} bench_prim;

typedef struct bench_counts {
    uint64_t n[BENCH_PRIM_COUNT];
    uint64_t bytes[BENCH_PRIM_COUNT]; /* message bytes, where the cost depends on them */
} bench_counts;

/* Unit costs in seconds: cost(call of b bytes) = fixed + per_byte × b. */
typedef struct bench_units {
    double fixed[BENCH_PRIM_COUNT];
    double per_byte[BENCH_PRIM_COUNT];
} bench_units;

const char *bench_prim_name(bench_prim p);
/* A copy of the counters (the calls made so far by this process). */
void bench_counts_get(bench_counts *out);
/* @p out = @p b - @p a. */
void bench_counts_diff(bench_counts *out, const bench_counts *a, const bench_counts *b);
/* Measure every primitive on this machine now (about a second). */
void bench_units_measure(bench_units *out);
/* The median, primitive by primitive, of @p n measurements taken at
 * different moments of a run (n <= BENCH_UNIT_SAMPLES). */
#define BENCH_UNIT_SAMPLES 11
void bench_units_median(bench_units *out, const bench_units *samples, size_t n);
/* Σ count × unit cost, in seconds; with @p only >= 0, that primitive only. */
double bench_floor(const bench_counts *c, const bench_units *u, int only);

#endif /* CARNET_BENCH_FLOOR_H */
