/* store.h - the storage boundary: statements by purpose, transactions,
 * iteration and errors, with no SQL dialect and no backend type above it.
 * SPDX-License-Identifier: MIT
 *
 * Everything above this layer names a statement by its purpose (a
 * carnet__query, queries.h) and never sees SQL text or a backend handle.
 * The only backend today is SQLite (sqlite.c, sqlite_sql.c, schema.c); a
 * server backend (PostgreSQL through libpq) implements the same functions
 * with its own text for each query. What the layers above may rely on:
 *
 *   - parameters are numbered from 1 and bound by position; columns are
 *     read by position from 0, in the order the query's comment gives;
 *   - every change happens between carnet__begin() and carnet__commit()
 *     (or alone, when a query is its own transaction); nothing relies on
 *     an implicit transaction, a row identifier or a schema counter;
 *   - a new row's key comes back as the query's first column (RETURNING),
 *     not from a "last insert id";
 *   - a failure is a class (carnet__store_rc) that carnet__store_fail()
 *     turns into a carnet status and a French message in the handle.
 *
 * Statements returned by carnet__stmt() are cached per handle and reset on
 * each call: two uses of one purpose must not overlap. An iterator that
 * lives across calls opens its own statement with carnet__cursor_open().
 */
#ifndef CARNET_STORE_H
#define CARNET_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>

#include "base/base.h"
#include "store/queries.h"

/* The schema this build writes (store/schema.c for SQLite). */
#define CARNET_SCHEMA_VERSION 7

/* A backend connection (opaque). */
typedef struct carnet__store carnet__store;
/* A prepared statement of a backend (opaque). */
typedef struct carnet__statement carnet__statement;

/* What a store call returns: success, a row, the end, or a failure class. */
typedef enum carnet__store_rc {
    CARNET__SOK = 0,
    CARNET__S_ERROR,      /* anything else; the backend's detail is kept */
    CARNET__S_BUSY,       /* another writer holds the workspace */
    CARNET__S_NOMEM,      /* out of memory */
    CARNET__S_READONLY,   /* the workspace cannot be written */
    CARNET__S_FULL,       /* no space left */
    CARNET__S_IO,         /* input/output error, or the file cannot be opened */
    CARNET__S_CORRUPT,    /* damaged, or not a workspace */
    CARNET__S_UNIQUE,     /* a unique or primary key constraint */
    CARNET__S_CONSTRAINT, /* another constraint */
    CARNET__S_NOTFOUND,   /* no such row (set by callers, never by the backend) */
    CARNET__ROW = 100,    /* a row is ready */
    CARNET__DONE = 101    /* the statement has finished */
} carnet__store_rc;

/* ------------------------------------------------------------ connection */

/* Open the backend behind @p db->path (flags: carnet_open_flags) and bring
 * its schema up to date; the connection is kept in the handle. */
int carnet__store_open(carnet_db *db, unsigned flags, int busy_timeout_ms);
/* Finalize every statement and close the connection. NULL is a no-op. */
void carnet__store_close(carnet__store *s);
/* Record a failure of class @p rc while doing @p what: a carnet status and
 * a French message in @p db (the file system is asked why a write failed). */
int carnet__store_fail(carnet_db *db, int rc, const char *what);
/* The backend's own checks of the stored data (for SQLite, its integrity
 * and foreign key checks): *clean is 1 when they find nothing. */
int carnet__store_check(carnet_db *db, int *clean);
/* Reclaim free space and fold the write-ahead log back into the file. */
int carnet__store_compact(carnet_db *db);

/* ------------------------------------------------------------ statements */

/* The cached statement of a purpose, reset and unbound, or NULL (status in db). */
carnet__statement *carnet__stmt(carnet_db *db, carnet__query q);
/* Run one step: CARNET__ROW, CARNET__DONE or a failure class. */
int carnet__step(carnet__statement *st);
/* Make the statement ready to run again (bindings stay). */
void carnet__reset(carnet__statement *st);
/* Step a statement expected to finish (INSERT/UPDATE/DELETE), then reset. */
int carnet__exec_stmt(carnet_db *db, carnet__statement *st, const char *what);
/* The number of parameters and of result columns of a statement. */
int carnet__param_count(carnet__statement *st);
int carnet__col_count(carnet__statement *st);
/* A value that changes whenever the stored data may have changed: a write
 * through this handle, or a commit by any other connection (0 when the
 * backend cannot tell: then every caller must look again). */
uint64_t carnet__store_stamp(carnet_db *db);
/* Rows changed by the last finished INSERT, UPDATE or DELETE. */
int64_t carnet__changes(carnet_db *db);

/* Bindings: positions start at 1. A NULL pointer binds NULL. */
int carnet__bind_id(carnet__statement *st, int idx, const unsigned char id[CARNET_ID_BYTES]);
int carnet__bind_text(carnet__statement *st, int idx, const char *s);
int carnet__bind_blob(carnet__statement *st, int idx, const void *p, size_t n);
int carnet__bind_int(carnet__statement *st, int idx, int64_t v);
int carnet__bind_opt(carnet__statement *st, int idx, int64_t v); /* 0 binds NULL */
int carnet__bind_null(carnet__statement *st, int idx);

/* Columns: positions start at 0. A NULL column reads as 0, NULL or "". */
int carnet__col_null(carnet__statement *st, int col);
int64_t carnet__col_int(carnet__statement *st, int col);
int carnet__col_int32(carnet__statement *st, int col);
double carnet__col_double(carnet__statement *st, int col);
/* Borrowed until the next step or reset; NULL for a NULL column. */
const char *carnet__col_str(carnet__statement *st, int col);
/* Length in bytes of a text or blob column. */
size_t carnet__col_len(carnet__statement *st, int col);
/* Borrowed until the next step or reset; NULL for a NULL column. */
const void *carnet__col_bytes(carnet__statement *st, int col, size_t *len);
/* Copy a column blob of exactly n bytes; -1 if size differs. */
int carnet__col_blob(carnet__statement *st, int col, void *out, size_t n);
/* Copy a column text (truncated to "" when it does not fit). */
void carnet__col_text(carnet__statement *st, int col, char *out, size_t size);

/* ---------------------------------------------------------- transactions */

/* Open a write transaction (no nesting: a second begin fails). */
int carnet__begin(carnet_db *db);
int carnet__commit(carnet_db *db);
/* Roll back the open transaction, if any; never fails. */
void carnet__rollback(carnet_db *db);

/* ------------------------------------------------------------- iteration */

/* A statement owned by an iterator, stepped across calls of the public
 * API while cached statements are used in between. */
typedef struct carnet__cursor {
    carnet_db *db;
    carnet__statement *st;
    const char *what; /* for messages: "lecture du journal" */
} carnet__cursor;

/* Prepare @p q for @p cur; bind with carnet__bind_*(cur->st, ...). */
int carnet__cursor_open(carnet__cursor *cur, carnet_db *db, carnet__query q, const char *what);
/* CARNET_OK with a row, CARNET_ITEROVER at the end, or a failure (in db). */
int carnet__cursor_next(carnet__cursor *cur);
/* Release the statement. Closing a zeroed cursor is a no-op. */
void carnet__cursor_close(carnet__cursor *cur);

/* An iterator of the public API, a struct of @p size bytes whose first
 * member is a carnet__cursor: allocated zeroed with the cursor open on
 * @p q, or NULL (status in db). */
void *carnet__iter_new(carnet_db *db, size_t size, carnet__query q, const char *what);
/* Close the cursor and free the iterator. NULL is a no-op. */
void carnet__iter_free(void *it);

#endif /* CARNET_STORE_H */
