/* base.h - the bottom layer of core: the workspace handle, its status and
 * message, and the caches that the layers above keep in it.
 * SPDX-License-Identifier: MIT
 *
 * Also the encodings every layer uses: integers in signed bytes, UTF-8
 * checks, JSON parsing and wiping. Nothing here knows a table, a key or a
 * rule. A layer above that keeps a
 * cache in the handle registers it in a slot with the function that frees
 * it, so closing the handle releases every cache without knowing its type.
 */
#ifndef CARNET_BASE_H
#define CARNET_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include <carnet/crypto.h>
#include <carnet/db.h>
#include <carnet/model.h>

#define CARNET_ERRMSG_MAX 512

struct carnet__store; /* the storage backend (store/store.h) */

/* The caches kept in a handle, one slot each, released by their owner's
 * function at close. */
typedef enum carnet__cache_id {
    CARNET__CACHE_REFERENTIEL, /* vocab/referentiel.c */
    CARNET__CACHE_RULES,       /* rules/rules.c: the rules in force */
    CARNET__CACHE_CERTIFIED,   /* directory: principals whose chain verified */
    CARNET__CACHE_GRANTS,      /* consent: grants whose signature verified */
    CARNET__CACHE_HISTORY,     /* records/history.c: verified histories of carnets */
    CARNET__CACHE_REGISTRY,    /* directory/registry.c: the workspace's verified history */
    CARNET__CACHE_MEMORY,      /* memory/memory.c: the actor's memory, when attached */
    CARNET__CACHE_APPENDED,    /* records/audit.c: records this handle appended */
    CARNET__CACHE_TIPS,        /* records/audit.c: heads of chains this handle knows verified */
    CARNET__CACHE_COUNT
} carnet__cache_id;

struct carnet__cache {
    void *data;
    void (*release)(void *data);
};

/* Records whose signature and link a handle verified, by chain (a
 * benchmark's measure: how much an open re-verifies). */
typedef struct carnet__verified {
    int64_t history;  /* records of carnets' chains whose signature was checked */
    int64_t registry; /* records of the workspace's registry */
} carnet__verified;

struct carnet_db {
    struct carnet__store *store;
    char *path; /* as given to carnet_db_open(), to explain I/O failures */
    int status;
    char msg[CARNET_ERRMSG_MAX];
    int64_t fixed_now;
    unsigned flags;
    int tx_depth;
    uint64_t commits; /* transactions committed by this handle */
    carnet__verified verified;
    struct carnet__cache caches[CARNET__CACHE_COUNT];
    /* called when a transaction ends (memory/memory.c), or NULL */
    int (*after_tx)(carnet_db *db, int committed);
};

/* Record a failure: status and French message, returns @p status. */
int carnet__fail(carnet_db *db, int status, const char *fmt, ...) CARNET_PRINTF(3, 4);
int carnet__ok(carnet_db *db);
/* The first fault a verification found: the record where it is (0: a row)
 * and its French message ("" while none). */
typedef struct carnet__fault {
    int64_t record;
    char msg[160];
} carnet__fault;
/* Keep the first fault only; returns CARNET_EINTEGRITY. */
int carnet__fault_set(carnet__fault *f, int64_t record, const char *fmt, ...) CARNET_PRINTF(3, 4);
/* The failure recorded in @p db (never CARNET_OK: CARNET_ERROR if none). */
int carnet__status(const carnet_db *db);

/* The cache of a slot, or NULL. */
void *carnet__cache_get(const carnet_db *db, carnet__cache_id id);
/* Put @p data in a slot (the previous content is released first). */
void carnet__cache_set(carnet_db *db, carnet__cache_id id, void *data, void (*release)(void *));
/* Release every cache (at close). */
void carnet__cache_release_all(carnet_db *db);
/* Release the caches that remember what a transaction read or wrote (the
 * verified histories, the records appended): called when a transaction is
 * rolled back. */
void carnet__cache_rollback(carnet_db *db);

/* Whether a transaction is open on @p db. */
int carnet__in_transaction(const carnet_db *db);
/* Set the function told when a transaction commits or rolls back. */
void carnet__set_after_tx(carnet_db *db, int (*fn)(carnet_db *db, int committed));
/* Tell it (store/ calls this after COMMIT or ROLLBACK): its status. */
int carnet__after_tx(carnet_db *db, int committed);
/* The records this handle verified so far (internal: for the benchmark and
 * the tests, not part of the public API). */
carnet__verified carnet__verified_get(const carnet_db *db);

/* Copy a string with truncation check; -1 when it does not fit. */
int carnet__strlcpy(char *dst, const char *src, size_t size);

/* ------------------------------------------- encodings (model.c, json.c) */

#define CARNET_JSON_MAX ((size_t)64 * 1024)
int carnet__handle_valid(const char *h);
/* Encode / decode little-endian integers into TBS buffers. */
unsigned char *carnet__put64(unsigned char *p, int64_t v);
unsigned char *carnet__put32(unsigned char *p, uint32_t v);
unsigned char *carnet__put8(unsigned char *p, unsigned v);
unsigned char *carnet__putid(unsigned char *p, const unsigned char id[CARNET_ID_BYTES]);
/* Is the text valid UTF-8 without control characters (except \t \n \r)? */
int carnet__utf8_valid(const char *s, int allow_newlines);
/* Parse one JSON input with the checks of carnet_json_check() (json.h):
 * on failure, *out is NULL and @p msg says why (no prefix). */
int carnet__json_parse_msg(const char *json, size_t len, cJSON **out, char *msg, size_t size);
/* The same, the failure recorded in @p db as "<what> : <why>". */
int carnet__json_parse(carnet_db *db, const char *json, size_t len, cJSON **out, const char *what);
/* Print compactly into a malloc'd string (free with carnet__json_free_str). */
char *carnet__json_print(const cJSON *j);
/* Wipe and free a printed string. */
void carnet__json_free_str(char *s);
/* Wipe every string of a tree, then free it (trees hold personal data). */
void carnet__json_wipe_delete(cJSON *j);
const char *carnet__json_str(const cJSON *obj, const char *key);

#endif /* CARNET_BASE_H */
