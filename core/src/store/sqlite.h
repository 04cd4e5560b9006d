/* sqlite.h - private to the SQLite backend of the store (store/ only).
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_STORE_SQLITE_H
#define CARNET_STORE_SQLITE_H

#include <sqlite3.h>

#include "store/backend.h"

/* The text of each query (sqlite_sql.c). */
extern const char *const carnet__sqlite_sql[CARNET__Q_COUNT];

struct carnet__store {
    sqlite3 *sql;
    /* the prepared statement of each purpose, made on first use */
    sqlite3_stmt *stmts[CARNET__Q_COUNT];
};

/* Map an SQLite result code to a store class. */
int carnet__sqlite_rc(int rc);
/* The migrations of the schema, each a NULL-terminated list of statements
 * run in one transaction; NULL after the last (schema.c). */
extern const char *const *const carnet__sqlite_migrations[];

#endif /* CARNET_STORE_SQLITE_H */
