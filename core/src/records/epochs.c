/* epochs.c - which epoch of a section was current when, and who holds a wrap of
 * it: the questions about epoch keys that need no key.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "records/records.h"

size_t
carnet__epoch_ctx(unsigned char *out, const unsigned char carnet[CARNET_ID_BYTES], int section,
                  uint32_t epoch)
{
    unsigned char *p = out;

    memcpy(p, "cdb/v1/epoch-ctx", 16); /* NOLINT(bugprone-not-null-terminated-result) */
    p += 16;
    p = carnet__putid(p, carnet);
    p = carnet__put8(p, (unsigned)section);
    p = carnet__put32(p, epoch);
    return (size_t)(p - out);
}

int
carnet__epoch_current(carnet_db *db, int64_t carnet, int section, uint32_t *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_EPOCH_CURRENT);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, section);
    rc = carnet__step(st);
    if (rc == CARNET__ROW && !carnet__col_null(st, 0)) {
        *out = (uint32_t)carnet__col_int(st, 0);
        carnet__reset(st);
        return CARNET_OK;
    }
    carnet__reset(st);
    if (rc == CARNET__ROW) {
        return carnet__fail(db, CARNET_ECORRUPT, "section %d du carnet sans époque", section);
    }
    return carnet__store_fail(db, rc, "lecture des époques");
}

int
carnet__epoch_at(carnet_db *db, int64_t carnet, int section, int64_t t, uint32_t *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_EPOCH_AT);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, section);
    carnet__bind_int(st, 3, t);
    rc = carnet__step(st);
    *out = 0;
    if (rc == CARNET__ROW && !carnet__col_null(st, 0)) {
        *out = (uint32_t)carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture des époques");
}

int
carnet__wrap_exists(carnet_db *db, int64_t carnet, int section, uint32_t epoch, int64_t pid)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_WRAP_EXISTS);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, section);
    carnet__bind_int(st, 3, epoch);
    carnet__bind_int(st, 4, pid);
    rc = carnet__step(st);
    carnet__reset(st);
    if (rc == CARNET__ROW) {
        return 1;
    }
    return rc == CARNET__DONE ? 0 : carnet__store_fail(db, rc, "lecture des clés");
}
