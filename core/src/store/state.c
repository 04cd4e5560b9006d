/* state.c - an actor's local state file (SQLite): anchor and heads.
 * SPDX-License-Identifier: MIT
 *
 * Separate from the workspace and from its backend: even when the workspace
 * lives on a server, what an actor has verified stays on her side.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/sqlite.h"
#include "store/state.h"
#include "store/store.h"

struct carnet__state {
    sqlite3 *sql;
};

/* WAL and synchronous = NORMAL, as the workspace (store/sqlite.c): a head
 * costs no fsync, and a power loss may forget the last heads remembered
 * (never a half-written one), which only weakens the rollback check for
 * them; docs/security.md. */
static const char *const schema =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
    "CREATE TABLE IF NOT EXISTS anchor ("
    " k INTEGER PRIMARY KEY CHECK (k = 1), ws BLOB NOT NULL, admin BLOB NOT NULL,"
    " admin_sign BLOB NOT NULL, admin_box BLOB NOT NULL, sig BLOB NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS head ("
    " kind INTEGER NOT NULL, id BLOB NOT NULL, seq INTEGER NOT NULL, hash BLOB NOT NULL,"
    " sig BLOB NOT NULL, PRIMARY KEY (kind, id)) STRICT, WITHOUT ROWID;";

static int
fail(carnet_db *db, carnet__state *s, int rc, const char *what)
{
    return carnet__store_fail_as(db, carnet__sqlite_rc(rc), what,
                                 s != NULL && s->sql != NULL ? sqlite3_errmsg(s->sql) : "?");
}

/* mkdir -p with mode 0700 for each directory created. */
static int
make_dirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    char *slash;

    if (n == 0 || n >= sizeof buf) {
        return ENAMETOOLONG;
    }
    memcpy(buf, path, n + 1);
    for (slash = strchr(buf + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
            return errno;
        }
        *slash = '/';
    }
    return 0;
}

static int
create_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

    if (fd < 0) {
        return errno;
    }
    return close(fd) == 0 ? 0 : errno;
}

int
carnet__state_open(carnet_db *db, const char *path, carnet__state **out)
{
    carnet__state *s;
    int rc;

    *out = NULL;
    rc = make_dirs(path);
    rc = rc == 0 ? create_private(path) : rc;
    if (rc != 0) {
        return carnet__fail(db, CARNET_EIO, "mémoire locale '%s' : %s", path,
                            strerror(rc)); /* NOLINT(concurrency-mt-unsafe) */
    }
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    rc = sqlite3_open_v2(
        path, &s->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc == SQLITE_OK) {
        (void)sqlite3_busy_timeout(s->sql, 10000);
        (void)sqlite3_db_config(s->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
        rc = sqlite3_exec(s->sql, schema, NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        rc = fail(db, s, rc, "ouverture de la mémoire locale");
        carnet__state_close(s);
        return rc;
    }
    *out = s;
    return CARNET_OK;
}

void
carnet__state_close(carnet__state *s)
{
    if (s != NULL) {
        (void)sqlite3_close(s->sql);
        free(s);
    }
}

static int
blob(sqlite3_stmt *st, int col, unsigned char *out, size_t n)
{
    const void *p = sqlite3_column_blob(st, col);

    if (p == NULL || (size_t)sqlite3_column_bytes(st, col) != n) {
        return -1;
    }
    memcpy(out, p, n);
    return 0;
}

int
carnet__state_anchor_get(carnet_db *db, carnet__state *s, carnet__state_anchor *out, int *found)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->sql, "SELECT ws, admin, admin_sign, admin_box, sig FROM anchor",
                                -1, &st, NULL);

    *found = 0;
    memset(out, 0, sizeof *out);
    rc = rc == SQLITE_OK ? sqlite3_step(st) : rc;
    if (rc == SQLITE_ROW) {
        *found = 1;
        if (blob(st, 0, out->ws, sizeof out->ws) != 0 ||
            blob(st, 1, out->admin, sizeof out->admin) != 0 ||
            blob(st, 2, out->admin_pk.sign, sizeof out->admin_pk.sign) != 0 ||
            blob(st, 3, out->admin_pk.box, sizeof out->admin_pk.box) != 0 ||
            blob(st, 4, out->sig, sizeof out->sig) != 0) {
            memset(out, 0, sizeof *out); /* its signature will not verify */
        }
        rc = SQLITE_DONE;
    }
    (void)sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CARNET_OK : fail(db, s, rc, "lecture de la mémoire locale");
}

int
carnet__state_anchor_put(carnet_db *db, carnet__state *s, const carnet__state_anchor *a)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->sql,
                                "INSERT INTO anchor (k, ws, admin, admin_sign, admin_box, sig)"
                                " VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                                -1, &st, NULL);

    if (rc == SQLITE_OK) {
        (void)sqlite3_bind_blob(st, 1, a->ws, sizeof a->ws, SQLITE_STATIC);
        (void)sqlite3_bind_blob(st, 2, a->admin, sizeof a->admin, SQLITE_STATIC);
        (void)sqlite3_bind_blob(st, 3, a->admin_pk.sign, sizeof a->admin_pk.sign, SQLITE_STATIC);
        (void)sqlite3_bind_blob(st, 4, a->admin_pk.box, sizeof a->admin_pk.box, SQLITE_STATIC);
        (void)sqlite3_bind_blob(st, 5, a->sig, sizeof a->sig, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    (void)sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CARNET_OK : fail(db, s, rc, "écriture de la mémoire locale");
}

static int
read_head(sqlite3_stmt *st, carnet__state_head *out)
{
    out->kind = sqlite3_column_int(st, 0);
    out->seq = sqlite3_column_int64(st, 2);
    if (blob(st, 1, out->id, sizeof out->id) != 0 ||
        blob(st, 3, out->hash, sizeof out->hash) != 0 ||
        blob(st, 4, out->sig, sizeof out->sig) != 0) {
        memset(out->sig, 0, sizeof out->sig); /* will not verify */
    }
    return 0;
}

int
carnet__state_head_get(carnet_db *db, carnet__state *s, int kind,
                       const unsigned char id[CARNET_ID_BYTES], carnet__state_head *out, int *found)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->sql, "SELECT kind, id, seq, hash, sig FROM head WHERE kind = ?1 AND id = ?2", -1, &st,
        NULL);

    *found = 0;
    memset(out, 0, sizeof *out);
    if (rc == SQLITE_OK) {
        (void)sqlite3_bind_int(st, 1, kind);
        (void)sqlite3_bind_blob(st, 2, id, CARNET_ID_BYTES, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    if (rc == SQLITE_ROW) {
        *found = 1;
        (void)read_head(st, out);
        rc = SQLITE_DONE;
    }
    (void)sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CARNET_OK : fail(db, s, rc, "lecture de la mémoire locale");
}

int
carnet__state_heads_put(carnet_db *db, carnet__state *s, const carnet__state_head *heads, size_t n,
                        int force)
{
    sqlite3_stmt *st = NULL, *del = NULL;
    int rc = sqlite3_exec(s->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->sql,
                                force ? "INSERT INTO head (kind, id, seq, hash, sig)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (kind, id)"
                                        " DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                                        " sig = excluded.sig"
                                      : "INSERT INTO head (kind, id, seq, hash, sig)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (kind, id)"
                                        " DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                                        " sig = excluded.sig WHERE excluded.seq > head.seq",
                                -1, &st, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->sql, "DELETE FROM head WHERE kind = ?1 AND id = ?2", -1, &del,
                                NULL);
    }
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        /* Forced to no record (a history the restored copy does not have):
         * nothing is remembered of it any more. */
        sqlite3_stmt *q = force && heads[i].seq <= 0 ? del : st;

        (void)sqlite3_reset(q);
        (void)sqlite3_bind_int(q, 1, heads[i].kind);
        (void)sqlite3_bind_blob(q, 2, heads[i].id, CARNET_ID_BYTES, SQLITE_STATIC);
        if (q == st) {
            (void)sqlite3_bind_int64(st, 3, heads[i].seq);
            (void)sqlite3_bind_blob(st, 4, heads[i].hash, CARNET_HASH_BYTES, SQLITE_STATIC);
            (void)sqlite3_bind_blob(st, 5, heads[i].sig, CARNET_SIG_BYTES, SQLITE_STATIC);
        }
        rc = sqlite3_step(q);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    (void)sqlite3_finalize(st);
    (void)sqlite3_finalize(del);
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(s->sql, "COMMIT", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        int code = fail(db, s, rc, "écriture de la mémoire locale");

        (void)sqlite3_exec(s->sql, "ROLLBACK", NULL, NULL, NULL);
        return code;
    }
    return CARNET_OK;
}

int
carnet__state_heads_each(carnet_db *db, carnet__state *s,
                         int (*fn)(void *ctx, const carnet__state_head *h), void *ctx)
{
    sqlite3_stmt *st = NULL;
    carnet__state_head h;
    int rc = sqlite3_prepare_v2(
        s->sql, "SELECT kind, id, seq, hash, sig FROM head ORDER BY kind, id", -1, &st, NULL);
    int status = CARNET_OK;

    while (rc == SQLITE_OK && status == CARNET_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&h, 0, sizeof h);
        (void)read_head(st, &h);
        status = fn(ctx, &h);
        rc = SQLITE_OK;
    }
    (void)sqlite3_finalize(st);
    if (status != CARNET_OK) {
        return status;
    }
    return rc == SQLITE_DONE || rc == SQLITE_OK ? CARNET_OK
                                                : fail(db, s, rc, "lecture de la mémoire locale");
}
