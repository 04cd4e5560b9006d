/* store.c - what every backend shares: failure messages, helpers over the
 * column and step functions, and cursors.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "store/backend.h"

/* Why the file system holding the workspace may refuse a write, or NULL.
 * A backend often reports these as a plain I/O error (at open, the -wal
 * and -shm files cannot be created), so the file system is asked. */
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
carnet__store_fail(carnet_db *db, int rc, const char *what)
{
    const char *fs;

    switch (rc) {
    case CARNET__S_BUSY:
        return carnet__fail(db, CARNET_EBUSY,
                            "%s : espace de travail occupé par un autre processus", what);
    case CARNET__S_NOMEM:
        return carnet__fail(db, CARNET_ENOMEM, "%s : %s", what, carnet__store_detail(db));
    case CARNET__S_READONLY:
        return carnet__fail(db, CARNET_EIO, "%s : espace de travail en lecture seule", what);
    case CARNET__S_FULL:
        return carnet__fail(db, CARNET_EIO, "%s : disque plein", what);
    case CARNET__S_IO:
        if ((fs = fs_condition(db)) != NULL) {
            return carnet__fail(db, CARNET_EIO, "%s : %s", what, fs);
        }
        return carnet__fail(db, CARNET_EIO, "%s : erreur d'entrée-sortie (%s)", what,
                            carnet__store_detail(db));
    case CARNET__S_CORRUPT:
        return carnet__fail(db, CARNET_ECORRUPT,
                            "%s : espace de travail endommagé ou invalide (%s)", what,
                            carnet__store_detail(db));
    case CARNET__S_UNIQUE:
        return carnet__fail(db, CARNET_EEXISTS, "%s : %s", what, carnet__store_detail(db));
    case CARNET__S_CONSTRAINT:
        return carnet__fail(db, CARNET_EINVAL, "%s : %s", what, carnet__store_detail(db));
    default:
        return carnet__fail(db, CARNET_ERROR, "%s : %s", what, carnet__store_detail(db));
    }
}

int
carnet__exec_stmt(carnet_db *db, carnet__statement *st, const char *what)
{
    int rc = carnet__step(st);

    carnet__reset(st);
    return rc == CARNET__DONE || rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, what);
}

int
carnet__col_blob(carnet__statement *st, int col, void *out, size_t n)
{
    size_t len;
    const void *p = carnet__col_bytes(st, col, &len);

    if (p == NULL || len != n) {
        return -1;
    }
    memcpy(out, p, n);
    return 0;
}

void
carnet__col_text(carnet__statement *st, int col, char *out, size_t size)
{
    const char *t = carnet__col_str(st, col);

    if (t == NULL || carnet__strlcpy(out, t, size) != 0) {
        out[0] = '\0';
    }
}

int
carnet__cursor_next(carnet__cursor *cur)
{
    int rc = carnet__step(cur->st);

    if (rc == CARNET__ROW) {
        return CARNET_OK;
    }
    if (rc == CARNET__DONE) {
        return CARNET_ITEROVER;
    }
    return carnet__store_fail(cur->db, rc, cur->what);
}

void *
carnet__iter_new(carnet_db *db, size_t size, carnet__query q, const char *what)
{
    carnet__cursor *it = calloc(1, size);

    if (it == NULL) {
        (void)carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        return NULL;
    }
    if (carnet__cursor_open(it, db, q, what) != CARNET_OK) {
        free(it);
        return NULL;
    }
    return it;
}

void
carnet__iter_free(void *it)
{
    if (it != NULL) {
        carnet__cursor_close(it);
        free(it);
    }
}
