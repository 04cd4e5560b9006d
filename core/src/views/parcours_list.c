/* parcours_list.c - describing and listing carnets from their clear rows.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

/* -------------------------------------------------------------- listing */

static void
read_info(carnet__statement *st, carnet_info *out)
{
    int v = CARNET_LIFECYCLE_EN_COURS;

    memset(out, 0, sizeof *out);
    carnet__col_text(st, 0, out->person, sizeof out->person);
    if (carnet_enum_parse(&v, CARNET_ENUM_LIFECYCLE, carnet__col_str(st, 1)) != CARNET_OK) {
        v = CARNET_LIFECYCLE_EN_COURS; /* the CHECK constraint makes this unreachable */
    }
    out->lifecycle = (carnet_lifecycle)v;
    out->created_at = carnet__col_int(st, 2);
    carnet__col_text(st, 3, out->created_by, sizeof out->created_by);
    carnet__col_text(st, 4, out->referent, sizeof out->referent);
    carnet__col_text(st, 5, out->structure, sizeof out->structure);
    out->entries = carnet__col_int(st, 6);
    out->last_entry_at = carnet__col_int(st, 7);
    out->reorientation_pending = carnet__col_int(st, 8);
    out->erased = carnet__col_int32(st, 9);
}

int
carnet_info_get(carnet_info *out, carnet_db *db, const char *person)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INFO_GET);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, person);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        read_info(st, out);
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "carnet de '%s' introuvable",
                            person != NULL ? person : "");
    }
    return rc == CARNET__ROW ? carnet__ok(db) : carnet__store_fail(db, rc, "lecture du carnet");
}

struct carnet_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_iter_new(carnet_iter **out, carnet_db *db, const char *referent)
{
    carnet_iter *it = carnet__iter_new(db, sizeof *it, CARNET__Q_ITER_NEW, "lecture des carnets");

    *out = NULL;
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(it->cur.st, 1, referent);
    *out = it;
    return carnet__ok(db);
}

int
carnet_iter_next(carnet_iter *it, carnet_info *out)
{
    int rc = carnet__cursor_next(&it->cur);

    if (rc == CARNET_OK) {
        read_info(it->cur.st, out);
    }
    return rc;
}

void
carnet_iter_free(carnet_iter *it)
{
    carnet__iter_free(it);
}
