/* db.c - opening and closing a workspace, its clock and its description.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

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
    int rc;

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
    rc = carnet__store_open(db, o.flags, o.busy_timeout_ms);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

void
carnet_db_close(carnet_db *db)
{
    if (db == NULL) {
        return;
    }
    carnet__cache_release_all(db);
    carnet__store_close(db->store);
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
    int rc = carnet__store_compact(db);

    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

static int
count_rows(carnet_db *db, carnet__query q, int64_t *out)
{
    carnet__statement *st = carnet__stmt(db, q);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc != CARNET__ROW) {
        carnet__reset(st);
        return carnet__store_fail(db, rc, "lecture de l'espace de travail");
    }
    *out = carnet__col_int(st, 0);
    carnet__reset(st);
    return CARNET_OK;
}

int
carnet_db_info_get(carnet_db_info *out, carnet_db *db)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_DB_INFO);
    carnet_pubkey pk;
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__DONE) {
        carnet__reset(st);
        return carnet__fail(db, CARNET_ENOTFOUND,
                            "espace de travail non initialisé (lancez d'abord l'initialisation)");
    }
    if (rc != CARNET__ROW) {
        carnet__reset(st);
        return carnet__store_fail(db, rc, "lecture de l'espace de travail");
    }
    carnet__col_text(st, 0, out->name, sizeof out->name);
    carnet__col_text(st, 1, out->department, sizeof out->department);
    carnet__col_text(st, 2, out->admin, sizeof out->admin);
    out->kdf = (carnet_kdf_profile)carnet__col_int32(st, 3);
    out->created_at = carnet__col_int(st, 4);
    if (carnet__col_blob(st, 5, pk.sign, sizeof pk.sign) == 0 &&
        carnet__col_blob(st, 6, pk.box, sizeof pk.box) == 0) {
        carnet_pubkey_fingerprint(out->admin_fingerprint, &pk);
    }
    carnet__reset(st);
    out->schema_version = CARNET_SCHEMA_VERSION;
    rc = count_rows(db, CARNET__Q_DB_COUNT_STRUCTURES, &out->structures);
    if (rc == CARNET_OK) {
        rc = count_rows(db, CARNET__Q_DB_COUNT_PROFESSIONALS, &out->professionals);
    }
    if (rc == CARNET_OK) {
        rc = count_rows(db, CARNET__Q_DB_COUNT_PERSONS, &out->persons);
    }
    if (rc == CARNET_OK) {
        rc = count_rows(db, CARNET__Q_DB_COUNT_CARNETS, &out->carnets);
    }
    if (rc == CARNET_OK) {
        rc = count_rows(db, CARNET__Q_DB_COUNT_ENTRIES, &out->entries);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
