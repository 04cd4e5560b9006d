/* check.c - the whole-workspace check run after a crash: SQLite's own
 * integrity checks, the completeness of every carnet, every audit chain.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <carnet/audit.h>

#include "internal.h"

/* The first row of a PRAGMA is "ok" (integrity) or absent (foreign keys). */
static int
pragma_clean(carnet_db *db, const char *sql, int want_ok, int *clean)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);

    *clean = 0;
    if (rc != SQLITE_OK) {
        return carnet__sqlfail(db, rc, "vérification de l'espace de travail");
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
               : carnet__sqlfail(db, rc, "vérification de l'espace de travail");
}

/* A carnet is complete when its creation committed everything: the eight
 * section keys and the entries of the creation batch. */
static int
complete(carnet_db *db, const char *person, int *yes)
{
    static const char sql[] =
        "SELECT (SELECT count(DISTINCT e.section) FROM epoch e WHERE e.carnet = c.cid),"
        " (SELECT count(*) FROM entry n WHERE n.carnet = c.cid), c.creation_entries"
        " FROM carnet c JOIN principal p ON p.pid = c.person WHERE p.handle = ?1";
    sqlite3_stmt *st = carnet__stmt(db, sql);
    int rc;

    *yes = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, person);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *yes = sqlite3_column_int64(st, 0) == CARNET_SECTION_COUNT &&
               sqlite3_column_int64(st, 1) >= sqlite3_column_int64(st, 2);
    }
    (void)sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CARNET_OK
                                                 : carnet__sqlfail(db, rc, "lecture des carnets");
}

int
carnet_db_check(carnet_db_check_report *out, carnet_db *db)
{
    carnet_iter *it = NULL;
    carnet_info info;
    int rc, fk = 0;

    memset(out, 0, sizeof *out);
    rc = pragma_clean(db, "PRAGMA integrity_check", 1, &out->integrity_ok);
    rc = rc == CARNET_OK ? pragma_clean(db, "PRAGMA foreign_key_check", 0, &fk) : rc;
    out->integrity_ok = out->integrity_ok && fk;
    rc = rc == CARNET_OK ? carnet_iter_new(&it, db, NULL) : rc;
    while (rc == CARNET_OK && (rc = carnet_iter_next(it, &info)) == CARNET_OK) {
        carnet_audit_report rep;
        int yes = 0;
        if (info.erased) {
            continue;
        }
        out->carnets++;
        rc = complete(db, info.person, &yes);
        if (rc == CARNET_OK && !yes && out->incomplete++ == 0 && out->broken == 0) {
            (void)snprintf(out->message, sizeof out->message, "carnet %.63s incomplet",
                           info.person);
        }
        rc = rc == CARNET_OK ? carnet_audit_verify(&rep, db, info.person, NULL) : rc;
        if (rc == CARNET_OK && !rep.ok && out->broken++ == 0 && out->incomplete == 0) {
            (void)snprintf(out->message, sizeof out->message, "journal du carnet %.20s : %.150s",
                           info.person, rep.message);
        }
    }
    carnet_iter_free(it);
    if (rc != CARNET_ITEROVER && rc != CARNET_OK) {
        return rc;
    }
    out->ok = out->integrity_ok && out->incomplete == 0 && out->broken == 0;
    if (!out->integrity_ok) {
        (void)snprintf(out->message, sizeof out->message,
                       "le contrôle d'intégrité de SQLite signale un défaut");
    } else if (out->ok) {
        (void)snprintf(out->message, sizeof out->message,
                       "espace de travail intègre : %lld carnet(s) complet(s), journaux vérifiés",
                       (long long)out->carnets);
    }
    return carnet__ok(db);
}
