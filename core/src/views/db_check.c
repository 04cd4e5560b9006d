/* db_check.c - the whole-workspace check run after a crash: SQLite's own
 * integrity checks, the registry (the workspace's verified history) and the
 * columns that cache it, the completeness of every carnet, every audit
 * chain and every verified history with its entry rows.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <carnet/audit.h>

#include "actions/actions.h"

/* A carnet is complete when its creation committed everything: the eight
 * section keys and the entries of the creation batch. */
static int
complete(carnet_db *db, const char *person, int *yes)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_COMPLETE);
    int rc;

    *yes = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, person);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *yes = carnet__col_int(st, 0) == CARNET_SECTION_COUNT &&
               carnet__col_int(st, 1) >= carnet__col_int(st, 2);
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE
               ? CARNET_OK
               : carnet__store_fail(db, rc, "lecture des carnets");
}

/* Replay the carnet's history from its start and check its entry rows. */
static int
history(carnet_db *db, const char *person, carnet_db_check_report *out)
{
    carnet__history_report rep;
    carnet__carnet c;
    int rc = carnet__carnet_by_person(db, person, &c);

    rc = rc == CARNET_OK ? carnet__history_verify(db, &c, &rep) : rc;
    if (rc == CARNET_OK && rep.fault[0] != '\0' && out->history_broken++ == 0) {
        (void)snprintf(out->message, sizeof out->message, "historique du carnet %.20s : %.200s",
                       person, rep.fault);
    }
    return rc;
}

/* Replay the registry from its start and compare the columns it caches. */
static int
registry(carnet_db *db, carnet_db_check_report *out)
{
    carnet__registry_report rep;
    int rc = carnet__registry_verify(db, &rep);

    if (rc != CARNET_OK) {
        return rc;
    }
    out->registry_records = rep.records;
    out->registry_attested = rep.attested;
    out->cache_mismatches = rep.mismatches;
    if (rep.fault[0] != '\0') {
        out->registry_broken = 1;
        (void)snprintf(out->message, sizeof out->message,
                       "registre de l'espace : %.200s ; aucun carnet vérifié", rep.fault);
    } else if (rep.mismatches > 0) {
        (void)snprintf(
            out->message, sizeof out->message,
            "%lld colonne(s) en clair modifiée(s), ignorée(s) par les décisions : %.150s",
            (long long)rep.mismatches, rep.mismatch);
    }
    return CARNET_OK;
}

int
carnet_db_check(carnet_db_check_report *out, carnet_db *db)
{
    carnet_iter *it = NULL;
    carnet_info info;
    int rc;

    memset(out, 0, sizeof *out);
    rc = carnet__store_check(db, &out->integrity_ok);
    rc = rc == CARNET_OK ? registry(db, out) : rc;
    if (rc == CARNET_OK && out->registry_broken) {
        return carnet__ok(db); /* nothing of the workspace can be trusted */
    }
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
        rc = rc == CARNET_OK ? history(db, info.person, out) : rc;
    }
    carnet_iter_free(it);
    if (rc != CARNET_ITEROVER && rc != CARNET_OK) {
        return rc;
    }
    out->ok = out->integrity_ok && out->incomplete == 0 && out->broken == 0 &&
              out->history_broken == 0 && out->cache_mismatches == 0;
    if (!out->integrity_ok) {
        (void)snprintf(out->message, sizeof out->message,
                       "le contrôle d'intégrité de SQLite signale un défaut");
    } else if (out->ok) {
        (void)snprintf(out->message, sizeof out->message,
                       "espace de travail intègre : registre de %lld enregistrement(s) et "
                       "%lld carnet(s) complet(s), journaux et historiques vérifiés",
                       (long long)out->registry_records, (long long)out->carnets);
    }
    return carnet__ok(db);
}
