/* db.c - opening a workspace, errors, cached statements, transactions.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* "CDB1": marks the file as a carnet workspace. */
#define CARNET_APPLICATION_ID 0x43444231

int
carnet__fail(carnet_db *db, int status, const char *fmt, ...)
{
    va_list ap;

    db->status = status;
    va_start(ap, fmt);
    (void)vsnprintf(db->msg, sizeof db->msg, fmt, ap);
    va_end(ap);
    return status;
}

int
carnet__status(const carnet_db *db)
{
    return db->status < 0 ? db->status : CARNET_ERROR;
}

int
carnet__ok(carnet_db *db)
{
    db->status = CARNET_OK;
    db->msg[0] = '\0';
    return CARNET_OK;
}

static int
map_sqlite(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return CARNET_EBUSY;
    case SQLITE_NOMEM:
        return CARNET_ENOMEM;
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return CARNET_EIO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
        return CARNET_ECORRUPT;
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
            return CARNET_EEXISTS;
        }
        return CARNET_EINVAL;
    default:
        return CARNET_ERROR;
    }
}

/* Why the file system holding the workspace may refuse a write, or NULL.
 * SQLite often reports these as a plain I/O error (at open, the -wal and
 * -shm files cannot be created), so the file system is asked. */
static const char *
fs_condition(const carnet_db *db)
{
    struct statvfs vfs;

    if (db->path == NULL || statvfs(db->path, &vfs) != 0) {
        return NULL;
    }
    if ((vfs.f_flag & ST_RDONLY) != 0) {
        return "espace de travail sur un système de fichiers en lecture seule (chaque accès "
               "est journalisé : il faut pouvoir y écrire)";
    }
    if (vfs.f_bavail == 0) {
        return "disque plein";
    }
    return NULL;
}

int
carnet__sqlfail(carnet_db *db, int sqlite_rc, const char *what)
{
    int status = map_sqlite(sqlite_rc);
    const char *detail = db->sql != NULL ? sqlite3_errmsg(db->sql) : sqlite3_errstr(sqlite_rc);
    const char *fs;

    switch (status) {
    case CARNET_EBUSY:
        return carnet__fail(db, status, "%s : espace de travail occupé par un autre processus",
                            what);
    case CARNET_EIO:
        if ((sqlite_rc & 0xff) == SQLITE_READONLY) {
            return carnet__fail(db, status, "%s : espace de travail en lecture seule", what);
        }
        if ((sqlite_rc & 0xff) == SQLITE_FULL) {
            return carnet__fail(db, status, "%s : disque plein", what);
        }
        if ((fs = fs_condition(db)) != NULL) {
            return carnet__fail(db, status, "%s : %s", what, fs);
        }
        return carnet__fail(db, status, "%s : erreur d'entrée-sortie (%s)", what, detail);
    case CARNET_ECORRUPT:
        return carnet__fail(db, status, "%s : espace de travail endommagé ou invalide (%s)", what,
                            detail);
    default:
        return carnet__fail(db, status, "%s : %s", what, detail);
    }
}

sqlite3_stmt *
carnet__stmt(carnet_db *db, const char *sql)
{
    size_t free_slot = CARNET_STMT_CACHE;
    sqlite3_stmt *st = NULL;
    int rc;

    for (size_t i = 0; i < CARNET_STMT_CACHE; i++) {
        if (db->stmts[i].sql == sql) {
            (void)sqlite3_reset(db->stmts[i].st);
            (void)sqlite3_clear_bindings(db->stmts[i].st);
            return db->stmts[i].st;
        }
        if (db->stmts[i].sql == NULL && free_slot == CARNET_STMT_CACHE) {
            free_slot = i;
        }
    }
    if (free_slot == CARNET_STMT_CACHE) {
        (void)carnet__fail(db, CARNET_ERROR, "trop de requêtes préparées");
        return NULL;
    }
    rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        (void)carnet__sqlfail(db, rc, "préparation d'une requête");
        sqlite3_finalize(st);
        return NULL;
    }
    db->stmts[free_slot].sql = sql;
    db->stmts[free_slot].st = st;
    return st;
}

int
carnet__exec_stmt(carnet_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);

    switch (rc) {
    case SQLITE_DONE:
    case SQLITE_ROW:
        (void)sqlite3_reset(st);
        return CARNET_OK;
    default:
        (void)sqlite3_reset(st);
        return carnet__sqlfail(db, rc, what);
    }
}

int
carnet__exec(carnet_db *db, const char *sql)
{
    int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CARNET_OK : carnet__sqlfail(db, rc, "requête SQL");
}

int
carnet__begin(carnet_db *db)
{
    int rc;

    if (db->tx_depth > 0) {
        return carnet__fail(db, CARNET_ERROR, "transaction déjà ouverte");
    }
    rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        return carnet__sqlfail(db, rc, "ouverture d'une transaction");
    }
    db->tx_depth = 1;
    return CARNET_OK;
}

int
carnet__commit(carnet_db *db)
{
    int rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);

    if (rc != SQLITE_OK) {
        int status = carnet__sqlfail(db, rc, "validation de la transaction");
        carnet__rollback(db);
        return status;
    }
    db->tx_depth = 0;
    return CARNET_OK;
}

void
carnet__rollback(carnet_db *db)
{
    if (db->tx_depth > 0 || !sqlite3_get_autocommit(db->sql)) {
        (void)sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    }
    db->tx_depth = 0;
}

int
carnet__bind_id(sqlite3_stmt *st, int idx, const unsigned char id[CARNET_ID_BYTES])
{
    return sqlite3_bind_blob(st, idx, id, CARNET_ID_BYTES, SQLITE_TRANSIENT);
}

int
carnet__bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s == NULL) {
        return sqlite3_bind_null(st, idx);
    }
    return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

int
carnet__bind_blob(sqlite3_stmt *st, int idx, const void *p, size_t n)
{
    if (p == NULL) {
        return sqlite3_bind_null(st, idx);
    }
    return sqlite3_bind_blob64(st, idx, p, n, SQLITE_TRANSIENT);
}

int
carnet__bind_int(sqlite3_stmt *st, int idx, int64_t v)
{
    return sqlite3_bind_int64(st, idx, v);
}

int
carnet__bind_opt(sqlite3_stmt *st, int idx, int64_t v)
{
    return v == 0 ? sqlite3_bind_null(st, idx) : sqlite3_bind_int64(st, idx, v);
}

int
carnet__col_blob(sqlite3_stmt *st, int col, void *out, size_t n)
{
    const void *p = sqlite3_column_blob(st, col);
    int len = sqlite3_column_bytes(st, col);

    if (p == NULL || len < 0 || (size_t)len != n) {
        return -1;
    }
    memcpy(out, p, n);
    return 0;
}

void
carnet__col_text(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);

    if (t == NULL || carnet__strlcpy(out, (const char *)t, size) != 0) {
        out[0] = '\0';
    }
}

int
carnet__strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (n >= size) {
        if (size > 0) {
            dst[0] = '\0';
        }
        return -1;
    }
    memcpy(dst, src, n + 1);
    return 0;
}

/* ------------------------------------------------------------ open/close */

static int
configure(carnet_db *db, const carnet_open_opts *o)
{
    static const char pragmas[] = "PRAGMA foreign_keys = ON;"
                                  "PRAGMA secure_delete = ON;"
                                  "PRAGMA temp_store = MEMORY;"
                                  "PRAGMA synchronous = NORMAL;";
    int rc, on = 1;

    (void)sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
    (void)sqlite3_db_config(db->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &on);
    rc = sqlite3_busy_timeout(db->sql, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 5000);
    if (rc != SQLITE_OK) {
        return carnet__sqlfail(db, rc, "configuration de l'espace de travail");
    }
    rc = sqlite3_exec(db->sql, pragmas, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        return carnet__sqlfail(db, rc, "ouverture de l'espace de travail");
    }
    if ((o->flags & CARNET_OPEN_READONLY) == 0) {
        /* WAL lets readers go on while one process writes. */
        rc = sqlite3_exec(db->sql, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            return carnet__sqlfail(db, rc, "ouverture de l'espace de travail");
        }
    }
    return CARNET_OK;
}

static int
check_application(carnet_db *db)
{
    static const char sql[] = "PRAGMA application_id";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    int64_t app = 0;

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            app = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        return carnet__sqlfail(db, rc, "lecture de l'espace de travail");
    }
    if (app != 0 && app != CARNET_APPLICATION_ID) {
        return carnet__fail(db, CARNET_ECORRUPT,
                            "le fichier n'est pas un espace de travail carnet");
    }
    return CARNET_OK;
}

/* Create an empty workspace file readable by its owner only: SQLite gives
 * its -wal and -shm files the same mode. Returns 0 or an errno value. */
static int
create_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

    if (fd < 0) {
        return errno;
    }
    return close(fd) == 0 ? 0 : errno;
}

int
carnet_db_open(carnet_db **out, const char *path, const carnet_open_opts *opts)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    carnet_db *db;
    struct stat sb;
    int flags, rc;

    *out = NULL;
    db = calloc(1, sizeof *db);
    if (db == NULL) {
        return CARNET_ENOMEM;
    }
    *out = db;
    if (opts != NULL) {
        o = *opts;
    }
    db->flags = o.flags;
    if (path == NULL || path[0] == '\0') {
        return carnet__fail(db, CARNET_EINVAL, "chemin de l'espace de travail vide");
    }
    db->path = strdup(path);
    if (db->path == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (lstat(path, &sb) != 0) {
        if (errno != ENOENT || (o.flags & CARNET_OPEN_CREATE) == 0) {
            return carnet__fail(db, CARNET_ENOINPUT, "espace de travail '%s' introuvable", path);
        }
        rc = create_private(path);
        if (rc != 0) {
            return carnet__fail(db, CARNET_EIO, "création de l'espace de travail '%s' : %s", path,
                                strerror(rc)); /* NOLINT(concurrency-mt-unsafe) */
        }
    } else if (S_ISLNK(sb.st_mode)) {
        return carnet__fail(db, CARNET_EINVAL,
                            "espace de travail '%s' : les liens symboliques sont refusés", path);
    }
    flags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOFOLLOW;
    if (o.flags & CARNET_OPEN_READONLY) {
        flags |= SQLITE_OPEN_READONLY;
    } else {
        flags |= SQLITE_OPEN_READWRITE;
        if (o.flags & CARNET_OPEN_CREATE) {
            flags |= SQLITE_OPEN_CREATE;
        }
    }
    rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
    if (rc != SQLITE_OK) {
        return carnet__sqlfail(db, rc, "ouverture de l'espace de travail");
    }
    rc = configure(db, &o);
    if (rc == CARNET_OK) {
        rc = check_application(db);
    }
    if (rc == CARNET_OK) {
        rc = carnet__migrate(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

void
carnet_db_close(carnet_db *db)
{
    if (db == NULL) {
        return;
    }
    for (size_t i = 0; i < CARNET_STMT_CACHE; i++) {
        sqlite3_finalize(db->stmts[i].st);
    }
    carnet__ref_free(db->ref);
    carnet_rules_free(db->rules);
    free(db->verified);
    free(db->grants_ok);
    (void)sqlite3_close(db->sql);
    free(db->path);
    free(db);
}

const char *
carnet_db_errmsg(const carnet_db *db)
{
    if (db == NULL) {
        return "mémoire insuffisante";
    }
    return db->msg;
}

int
carnet_db_errcode(const carnet_db *db)
{
    return db == NULL ? CARNET_ENOMEM : carnet__status(db);
}

void
carnet_db_set_time(carnet_db *db, int64_t now)
{
    db->fixed_now = now;
}

int64_t
carnet_db_now(const carnet_db *db)
{
    return db->fixed_now != 0 ? db->fixed_now : (int64_t)time(NULL);
}

int
carnet_db_compact(carnet_db *db)
{
    int rc = carnet__exec(db, "VACUUM");

    if (rc == CARNET_OK) {
        rc = carnet__exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

static int
count_rows(carnet_db *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = carnet__stmt(db, sql);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        (void)sqlite3_reset(st);
        return carnet__sqlfail(db, rc, "lecture de l'espace de travail");
    }
    *out = sqlite3_column_int64(st, 0);
    (void)sqlite3_reset(st);
    return CARNET_OK;
}

int
carnet_db_info_get(carnet_db_info *out, carnet_db *db)
{
    static const char sql_meta[] =
        "SELECT d.name, d.department, p.handle, d.kdf, d.created_at FROM deployment d "
        "JOIN principal p ON p.pid = d.admin";
    static const char sql_structures[] = "SELECT count(*) FROM principal WHERE kind = 'structure'";
    static const char sql_pros[] = "SELECT count(*) FROM principal WHERE kind = 'professional'";
    static const char sql_persons[] = "SELECT count(*) FROM principal WHERE kind = 'person'";
    static const char sql_carnets[] = "SELECT count(*) FROM carnet";
    static const char sql_entries[] = "SELECT count(*) FROM entry";
    sqlite3_stmt *st = carnet__stmt(db, sql_meta);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        (void)sqlite3_reset(st);
        return carnet__fail(db, CARNET_ENOTFOUND,
                            "espace de travail non initialisé (lancez d'abord l'initialisation)");
    }
    if (rc != SQLITE_ROW) {
        (void)sqlite3_reset(st);
        return carnet__sqlfail(db, rc, "lecture de l'espace de travail");
    }
    carnet__col_text(st, 0, out->name, sizeof out->name);
    carnet__col_text(st, 1, out->department, sizeof out->department);
    carnet__col_text(st, 2, out->admin, sizeof out->admin);
    out->kdf = (carnet_kdf_profile)sqlite3_column_int(st, 3);
    out->created_at = sqlite3_column_int64(st, 4);
    (void)sqlite3_reset(st);
    out->schema_version = CARNET_SCHEMA_VERSION;
    rc = count_rows(db, sql_structures, &out->structures);
    if (rc == CARNET_OK) {
        rc = count_rows(db, sql_pros, &out->professionals);
    }
    if (rc == CARNET_OK) {
        rc = count_rows(db, sql_persons, &out->persons);
    }
    if (rc == CARNET_OK) {
        rc = count_rows(db, sql_carnets, &out->carnets);
    }
    if (rc == CARNET_OK) {
        rc = count_rows(db, sql_entries, &out->entries);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
