/* bench.h - the benchmark's synthetic département and its two stores.
 * SPDX-License-Identifier: MIT
 *
 * gen.c generates, from a seed, the same parcours for every store; store.c
 * writes it to plain SQLite or SQLCipher, load.c through libcarnet.
 */
#ifndef CARNET_BENCH_H
#define CARNET_BENCH_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_OPS_MAX      96
#define BENCH_BODY_MAX     640
#define BENCH_SEED_DEFAULT 20260101u
/* The workspace clock at the first carnet (2026-01-01). */
#define BENCH_T0 INT64_C(1767225600)

typedef enum bench_op_kind {
    BENCH_OP_CREATE = 1, /* the chargé d'orientation opens the carnet (identité) */
    BENCH_OP_ORIENT,     /* orientation to a référent, who is authorised */
    BENCH_OP_WRITE,      /* an entry */
    BENCH_OP_GRANT,      /* the person authorises an accompagnateur */
    BENCH_OP_REVOKE,     /* the person withdraws an authorisation */
    BENCH_OP_REFERENT    /* change of référent; the old one loses access */
} bench_op_kind;

/* Who acts: the chargé d'orientation, the person, or a professional. */
typedef enum bench_who {
    BENCH_WHO_ORIENTEUR = 0,
    BENCH_WHO_PERSON,
    BENCH_WHO_REFERENT, /* the current référent */
    BENCH_WHO_ACC       /* the accompagnateur of op->pro */
} bench_who;

typedef struct bench_op {
    bench_op_kind kind;
    bench_who who;
    const char *type;          /* entry kind ("plan.action"), static */
    char body[BENCH_BODY_MAX]; /* JSON; "@@" stands for the entry number of op->ref */
    int ref;                   /* op whose entry number the body names, or -1 */
    int supersedes;            /* op whose entry this one replaces, or -1 */
    int pro;                   /* grantee or new référent (professional index), or -1 */
    unsigned sections;         /* grants: section mask */
    int write;                 /* grants: write access */
    int grant;                 /* revocations: the op of the grant */
} bench_op;

/* One person's whole parcours, in order. */
typedef struct bench_person {
    size_t index;
    int referent;  /* first référent (professional index) */
    int referent2; /* after the change */
    size_t nops;
    bench_op ops[BENCH_OPS_MAX];
} bench_person;

/* The professionals of a département of @p n persons: one chargé
 * d'orientation, référents and accompagnateurs, in fixed structures. */
typedef struct bench_staff {
    int referents;
    int accs;
} bench_staff;

void bench_staff_of(bench_staff *out, size_t n);
/* Handles: "ref-3", "acc-12"; the structure of each ("cd59", "ccas", ...). */
void bench_ref_handle(char *buf, size_t size, int i);
void bench_acc_handle(char *buf, size_t size, int i);
const char *bench_ref_structure(int i);
const char *bench_acc_structure(int i);

/* Generate person @p index of a département of @p n persons from @p seed.
 * Deterministic: the same arguments give the same parcours. */
void bench_gen_person(bench_person *out, uint64_t seed, size_t n, size_t index);

/* The body of @p op with "@@" replaced by @p refno; 0 on success, -1 when
 * it does not fit. */
int bench_body(char *out, size_t size, const bench_op *op, int64_t refno);

/* The workspace time of op @p k of person @p index. */
int64_t bench_time(size_t index, size_t k);

/* Monotonic seconds. */
double bench_now(void);
/* Peak resident set of this process, in KiB. */
long bench_maxrss_kb(void);
/* Size of a file and of its -wal, in bytes (0 when absent). */
int64_t bench_file_bytes(const char *path);

#endif /* CARNET_BENCH_H */
