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

/* The connection of an open handle. */
sqlite3 *carnet__sqlite(const carnet_db *db);
/* Map an SQLite result code to a store class. */
int carnet__sqlite_rc(int rc);
/* Run SQL text with no parameters (schema changes). */
int carnet__sqlite_exec(carnet_db *db, const char *sql, const char *what);
/* Bring the schema of a new or older workspace up to date (schema.c). */
int carnet__sqlite_migrate(carnet_db *db);

#endif /* CARNET_STORE_SQLITE_H */
