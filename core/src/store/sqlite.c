/* sqlite.c - the SQLite backend of the store: one file per workspace.
 * SPDX-License-Identifier: MIT
 *
 * The connection is defensive (no writable schema, no untrusted SQL
 * functions), keeps foreign keys on, overwrites deleted content
 * (secure_delete) and keeps temporary data in memory, so no plaintext ever
 * reaches a temporary file. WAL lets readers go on while one process writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite.h"

/* "CDB1": marks the file as a carnet workspace. */
#define CARNET_APPLICATION_ID 0x43444231

static sqlite3_stmt *
raw(carnet__statement *st)
{
    return (sqlite3_stmt *)(void *)st;
}

static carnet__statement *
wrap(sqlite3_stmt *st)
{
    return (carnet__statement *)(void *)st;
}

static sqlite3 *
connection(const carnet_db *db)
{
    return db->store != NULL ? db->store->sql : NULL;
}

int
carnet__sqlite_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return CARNET__SOK;
    case SQLITE_ROW:
        return CARNET__ROW;
    case SQLITE_DONE:
        return CARNET__DONE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return CARNET__S_BUSY;
    case SQLITE_NOMEM:
        return CARNET__S_NOMEM;
    case SQLITE_READONLY:
        return CARNET__S_READONLY;
    case SQLITE_FULL:
        return CARNET__S_FULL;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return CARNET__S_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
        return CARNET__S_CORRUPT;
    case SQLITE_CONSTRAINT:
        return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY
                   ? CARNET__S_UNIQUE
                   : CARNET__S_CONSTRAINT;
    default:
        return CARNET__S_ERROR;
    }
}

/* Record the failure of an SQLite call in the words of SQLite. */
static int
fail(carnet_db *db, int rc, const char *what)
{
    return carnet__store_fail_as(db, carnet__sqlite_rc(rc), what, carnet__store_detail(db));
}

const char *
carnet__store_detail(const carnet_db *db)
{
    sqlite3 *sql = connection(db);

    return sql != NULL ? sqlite3_errmsg(sql) : "erreur inconnue";
}

static int
exec(carnet_db *db, const char *sql, const char *what)
{
    int rc = sqlite3_exec(connection(db), sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? CARNET_OK : fail(db, rc, what);
}

/* ------------------------------------------------------------- migration */

/* Bring the schema from @p version (as the probe read it) to the last. */
static int
migrate(carnet_db *db, int version)
{
    int n = 0;
    int rc;

    while (carnet__sqlite_migrations[n] != NULL) {
        n++;
    }
    if (version > n) {
        return carnet__fail(db, CARNET_ECORRUPT,
                            "espace de travail créé par une version plus récente (schéma %d)",
                            version);
    }
    if (version == n) {
        return CARNET_OK;
    }
    if (db->flags & CARNET_OPEN_READONLY) {
        return carnet__fail(db, CARNET_EIO,
                            "espace de travail à mettre à jour, impossible en lecture seule");
    }
    for (; version < n; version++) {
        char set[64];
        rc = carnet__begin(db);
        for (const char *const *stmt = carnet__sqlite_migrations[version];
             rc == CARNET_OK && *stmt != NULL; stmt++) {
            rc = exec(db, *stmt, "requête SQL");
        }
        if (rc == CARNET_OK) {
            (void)snprintf(set, sizeof set, "PRAGMA user_version = %d", version + 1);
            rc = exec(db, set, "requête SQL");
        }
        if (rc == CARNET_OK) {
            rc = carnet__commit(db);
        }
        if (rc != CARNET_OK) {
            carnet__rollback(db);
            return rc;
        }
    }
    return CARNET_OK;
}

/* ------------------------------------------------------------ open/close */

/* Settings of the connection that read nothing from the file. */
static int
configure(carnet_db *db, int busy_timeout_ms)
{
    sqlite3 *sql = db->store->sql;
    int rc, on = 1;

    (void)sqlite3_db_config(sql, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
    (void)sqlite3_db_config(sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &on);
    rc = sqlite3_busy_timeout(sql, busy_timeout_ms > 0 ? busy_timeout_ms : 5000);
    return rc == SQLITE_OK ? CARNET_OK : fail(db, rc, "configuration de l'espace de travail");
}

/* What the file holds before anything is written to it. */
struct probe {
    int64_t application;
    int version;
    int64_t objects;
};

/* Read the file's marks without writing a byte: its application id, its
 * schema version and how many tables, indexes or views it has. Returns an
 * SQLite result code. */
static int
probe(sqlite3 *sql, struct probe *out)
{
    static const char q[] = "SELECT (SELECT application_id FROM pragma_application_id),"
                            " (SELECT user_version FROM pragma_user_version),"
                            " (SELECT count(*) FROM sqlite_schema)";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(sql, q, -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            out->application = sqlite3_column_int64(st, 0);
            out->version = sqlite3_column_int(st, 1);
            out->objects = sqlite3_column_int64(st, 2);
            rc = SQLITE_OK;
        }
    }
    (void)sqlite3_finalize(st);
    return rc;
}

/* Only an empty file may become a workspace, and only when asked to
 * create one; another application's database is never touched. */
static int
check_application(carnet_db *db, unsigned flags, const struct probe *p)
{
    if (p->application == CARNET_APPLICATION_ID) {
        return CARNET_OK;
    }
    if (p->application != 0 || p->version != 0 || p->objects != 0) {
        return carnet__fail(db, CARNET_ECORRUPT,
                            "le fichier n'est pas un espace de travail carnet (base de données "
                            "d'une autre application) : il n'a pas été modifié");
    }
    if ((flags & CARNET_OPEN_CREATE) == 0) {
        return carnet__fail(db, CARNET_ECORRUPT,
                            "le fichier est vide, ce n'est pas un espace de travail carnet "
                            "(pour en créer un : carnet espace creer)");
    }
    return CARNET_OK;
}

/* The path as an SQLite URI: every byte but the unreserved ones escaped. */
static char *
uri_of(const char *path, const char *query)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = malloc(sizeof "file:" + 3 * n + strlen(query));
    char *w = out;

    if (out == NULL) {
        return NULL;
    }
    memcpy(w, "file:", 5);
    w += 5;
    for (const unsigned char *r = (const unsigned char *)path; *r != '\0'; r++) {
        if ((*r >= 'a' && *r <= 'z') || (*r >= 'A' && *r <= 'Z') || (*r >= '0' && *r <= '9') ||
            strchr("/._-~", *r) != NULL) {
            *w++ = (char)*r;
        } else {
            *w++ = '%';
            *w++ = hex[*r >> 4];
            *w++ = hex[*r & 15];
        }
    }
    memcpy(w, query, strlen(query) + 1);
    return out;
}

/* A workspace in WAL mode on a read-only file system cannot be opened the
 * ordinary way: SQLite needs its -shm file. When no -wal file exists the
 * database file is the whole workspace and nobody can change it, so it is
 * opened as immutable (issue 17, point 5). */
static int
reopen_immutable(carnet_db *db)
{
    size_t n = strlen(db->path);
    char *wal = malloc(n + sizeof "-wal");
    char *uri;
    FILE *f;
    int rc;

    if (wal == NULL) {
        return SQLITE_NOMEM;
    }
    (void)snprintf(wal, n + sizeof "-wal", "%s-wal", db->path);
    f = fopen(wal, "rb");
    free(wal);
    if (f != NULL) {
        (void)fclose(f);
        return SQLITE_CANTOPEN;
    }
    uri = uri_of(db->path, "?immutable=1");
    if (uri == NULL) {
        return SQLITE_NOMEM;
    }
    (void)sqlite3_close(db->store->sql);
    db->store->sql = NULL;
    rc = sqlite3_open_v2(uri, &db->store->sql,
                         SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE |
                             SQLITE_OPEN_NOFOLLOW,
                         NULL);
    free(uri);
    return rc;
}

int
carnet__store_open(carnet_db *db, unsigned flags, int busy_timeout_ms)
{
    int oflags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOFOLLOW;
    struct probe p = {0, 0, 0};
    int rc;

    db->store = calloc(1, sizeof *db->store);
    if (db->store == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (flags & CARNET_OPEN_READONLY) {
        oflags |= SQLITE_OPEN_READONLY;
    } else {
        oflags |= SQLITE_OPEN_READWRITE;
        if (flags & CARNET_OPEN_CREATE) {
            oflags |= SQLITE_OPEN_CREATE;
        }
    }
    rc = sqlite3_open_v2(db->path, &db->store->sql, oflags, NULL);
    if (rc != SQLITE_OK) {
        return fail(db, rc, "ouverture de l'espace de travail");
    }
    /* Connection settings only: nothing is read or written before the probe. */
    rc = configure(db, busy_timeout_ms);
    if (rc == CARNET_OK) {
        int prc = probe(db->store->sql, &p);
        if ((prc & 0xff) == SQLITE_CANTOPEN && (flags & CARNET_OPEN_READONLY) &&
            reopen_immutable(db) == SQLITE_OK) {
            rc = configure(db, busy_timeout_ms);
            prc = rc == CARNET_OK ? probe(db->store->sql, &p) : SQLITE_OK;
        }
        if (prc != SQLITE_OK) {
            rc = fail(db, prc, "ouverture de l'espace de travail");
        }
    }
    if (rc == CARNET_OK) {
        rc = check_application(db, flags, &p);
    }
    if (rc == CARNET_OK) {
        rc = exec(db,
                  "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"
                  " PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;",
                  "ouverture de l'espace de travail");
    }
    if (rc == CARNET_OK && (flags & CARNET_OPEN_READONLY) == 0) {
        rc = exec(db, "PRAGMA journal_mode = WAL", "ouverture de l'espace de travail");
    }
    if (rc == CARNET_OK) {
        rc = migrate(db, p.version);
    }
    return rc;
}

void
carnet__store_close(carnet__store *s)
{
    if (s == NULL) {
        return;
    }
    for (size_t i = 0; i < CARNET__Q_COUNT; i++) {
        sqlite3_finalize(s->stmts[i]);
    }
    (void)sqlite3_close(s->sql);
    free(s);
}

int
carnet__store_compact(carnet_db *db)
{
    int rc = exec(db, "VACUUM", "requête SQL");

    if (rc == CARNET_OK) {
        rc = exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", "requête SQL");
    }
    return rc;
}

/* The first row of a PRAGMA is "ok" (integrity) or absent (foreign keys). */
static int
pragma_clean(carnet_db *db, const char *sql, int want_ok, int *clean)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->store->sql, sql, -1, &st, NULL);

    *clean = 0;
    if (rc != SQLITE_OK) {
        return fail(db, rc, "vérification de l'espace de travail");
    }
    rc = sqlite3_step(st);
    if (want_ok) {
        *clean = rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL &&
                 strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    } else {
        *clean = rc == SQLITE_DONE;
    }
    (void)sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? CARNET_OK
               : fail(db, rc, "vérification de l'espace de travail");
}

int
carnet__store_check(carnet_db *db, int *clean)
{
    int integrity = 0, fk = 0;
    int rc = pragma_clean(db, "PRAGMA integrity_check", 1, &integrity);

    rc = rc == CARNET_OK ? pragma_clean(db, "PRAGMA foreign_key_check", 0, &fk) : rc;
    *clean = integrity && fk;
    return rc;
}

/* ------------------------------------------------------------ statements */

static sqlite3_stmt *
prepare(carnet_db *db, carnet__query q, unsigned pflags)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if ((unsigned)q >= CARNET__Q_COUNT || carnet__sqlite_sql[q] == NULL) {
        (void)carnet__fail(db, CARNET_ERROR, "requête inconnue (%d)", (int)q);
        return NULL;
    }
    rc = sqlite3_prepare_v3(db->store->sql, carnet__sqlite_sql[q], -1, pflags, &st, NULL);
    if (rc != SQLITE_OK) {
        (void)fail(db, rc, "préparation d'une requête");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

carnet__statement *
carnet__stmt(carnet_db *db, carnet__query q)
{
    sqlite3_stmt *st;

    if ((unsigned)q < CARNET__Q_COUNT && (st = db->store->stmts[q]) != NULL) {
        (void)sqlite3_reset(st);
        (void)sqlite3_clear_bindings(st);
        return wrap(st);
    }
    st = prepare(db, q, SQLITE_PREPARE_PERSISTENT);
    if (st != NULL) {
        db->store->stmts[q] = st;
    }
    return wrap(st);
}

int
carnet__step(carnet__statement *st)
{
    return carnet__sqlite_rc(sqlite3_step(raw(st)));
}

void
carnet__reset(carnet__statement *st)
{
    (void)sqlite3_reset(raw(st));
}

int
carnet__param_count(carnet__statement *st)
{
    return sqlite3_bind_parameter_count(raw(st));
}

int
carnet__col_count(carnet__statement *st)
{
    return sqlite3_column_count(raw(st));
}

uint64_t
carnet__store_stamp(carnet_db *db)
{
    unsigned int version = 0;
    sqlite3 *sql = connection(db);

    if (sql == NULL ||
        sqlite3_file_control(sql, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK) {
        return 0;
    }
    return ((uint64_t)version << 40) ^ (uint64_t)sqlite3_total_changes64(sql);
}

int64_t
carnet__changes(carnet_db *db)
{
    return sqlite3_changes64(db->store->sql);
}

int
carnet__bind_id(carnet__statement *st, int idx, const unsigned char id[CARNET_ID_BYTES])
{
    return carnet__sqlite_rc(
        sqlite3_bind_blob(raw(st), idx, id, CARNET_ID_BYTES, SQLITE_TRANSIENT));
}

int
carnet__bind_text(carnet__statement *st, int idx, const char *s)
{
    if (s == NULL) {
        return carnet__bind_null(st, idx);
    }
    return carnet__sqlite_rc(sqlite3_bind_text(raw(st), idx, s, -1, SQLITE_TRANSIENT));
}

int
carnet__bind_blob(carnet__statement *st, int idx, const void *p, size_t n)
{
    if (p == NULL) {
        return carnet__bind_null(st, idx);
    }
    return carnet__sqlite_rc(sqlite3_bind_blob64(raw(st), idx, p, n, SQLITE_TRANSIENT));
}

int
carnet__bind_int(carnet__statement *st, int idx, int64_t v)
{
    return carnet__sqlite_rc(sqlite3_bind_int64(raw(st), idx, v));
}

int
carnet__bind_opt(carnet__statement *st, int idx, int64_t v)
{
    return v == 0 ? carnet__bind_null(st, idx) : carnet__bind_int(st, idx, v);
}

int
carnet__bind_null(carnet__statement *st, int idx)
{
    return carnet__sqlite_rc(sqlite3_bind_null(raw(st), idx));
}

int
carnet__col_null(carnet__statement *st, int col)
{
    return sqlite3_column_type(raw(st), col) == SQLITE_NULL;
}

int64_t
carnet__col_int(carnet__statement *st, int col)
{
    return sqlite3_column_int64(raw(st), col);
}

int
carnet__col_int32(carnet__statement *st, int col)
{
    return sqlite3_column_int(raw(st), col);
}

double
carnet__col_double(carnet__statement *st, int col)
{
    return sqlite3_column_double(raw(st), col);
}

const char *
carnet__col_str(carnet__statement *st, int col)
{
    return (const char *)sqlite3_column_text(raw(st), col);
}

size_t
carnet__col_len(carnet__statement *st, int col)
{
    int n = sqlite3_column_bytes(raw(st), col);

    return n > 0 ? (size_t)n : 0;
}

const void *
carnet__col_bytes(carnet__statement *st, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(raw(st), col);
    int n = sqlite3_column_bytes(raw(st), col);

    *len = p != NULL && n > 0 ? (size_t)n : 0;
    return p;
}

/* ---------------------------------------------------------- transactions */

int
carnet__begin(carnet_db *db)
{
    int rc;

    if (db->tx_depth > 0) {
        return carnet__fail(db, CARNET_ERROR, "transaction déjà ouverte");
    }
    rc = exec(db, "BEGIN IMMEDIATE", "ouverture d'une transaction");
    if (rc == CARNET_OK) {
        db->tx_depth = 1;
    }
    return rc;
}

int
carnet__commit(carnet_db *db)
{
    int rc = exec(db, "COMMIT", "validation de la transaction");

    if (rc != CARNET_OK) {
        carnet__rollback(db);
        return rc;
    }
    db->tx_depth = 0;
    db->commits++;
    return carnet__after_tx(db, 1);
}

void
carnet__rollback(carnet_db *db)
{
    sqlite3 *sql = connection(db);

    if (sql != NULL && (db->tx_depth > 0 || !sqlite3_get_autocommit(sql))) {
        (void)sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
    }
    db->tx_depth = 0;
    carnet__cache_rollback(db);
    (void)carnet__after_tx(db, 0);
}

/* ------------------------------------------------------------- iteration */

int
carnet__cursor_open(carnet__cursor *cur, carnet_db *db, carnet__query q, const char *what)
{
    sqlite3_stmt *st = prepare(db, q, 0);

    memset(cur, 0, sizeof *cur);
    if (st == NULL) {
        return carnet__status(db);
    }
    cur->db = db;
    cur->st = wrap(st);
    cur->what = what;
    return CARNET_OK;
}

void
carnet__cursor_close(carnet__cursor *cur)
{
    sqlite3_finalize(raw(cur->st));
    cur->st = NULL;
}
