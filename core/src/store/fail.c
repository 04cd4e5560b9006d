/* fail.c - a store failure as a carnet status and a French message.
 * SPDX-License-Identifier: MIT
 */
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
carnet__store_fail_as(carnet_db *db, int rc, const char *what, const char *detail)
{
    const char *fs;

    switch (rc) {
    case CARNET__S_BUSY:
        return carnet__fail(db, CARNET_EBUSY,
                            "%s : espace de travail occupé par un autre processus", what);
    case CARNET__S_NOMEM:
        return carnet__fail(db, CARNET_ENOMEM, "%s : %s", what, detail);
    case CARNET__S_READONLY:
        return carnet__fail(db, CARNET_EIO, "%s : espace de travail en lecture seule", what);
    case CARNET__S_FULL:
        return carnet__fail(db, CARNET_EIO, "%s : disque plein", what);
    case CARNET__S_IO:
        if ((fs = fs_condition(db)) != NULL) {
            return carnet__fail(db, CARNET_EIO, "%s : %s", what, fs);
        }
        return carnet__fail(db, CARNET_EIO, "%s : erreur d'entrée-sortie (%s)", what, detail);
    case CARNET__S_CORRUPT:
        return carnet__fail(db, CARNET_ECORRUPT,
                            "%s : espace de travail endommagé ou invalide (%s)", what, detail);
    case CARNET__S_UNIQUE:
        return carnet__fail(db, CARNET_EEXISTS, "%s : %s", what, detail);
    case CARNET__S_CONSTRAINT:
        return carnet__fail(db, CARNET_EINVAL, "%s : %s", what, detail);
    default:
        return carnet__fail(db, CARNET_ERROR, "%s : %s", what, detail);
    }
}
