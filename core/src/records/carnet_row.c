/* carnet_row.c - the clear row of each carnet and the rows of its groupe de suivi:
 * lookups used by every layer above, and the few columns they change.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "records/records.h"

static const char *const status_codes[] = {NULL, "en_cours", "sorti", "suivi_post_emploi", "clos"};

static int
read_carnet(carnet_db *db, carnet__statement *st, carnet__carnet *out)
{
    int v = 0;

    memset(out, 0, sizeof *out);
    out->rowid = carnet__col_int(st, 0);
    if (carnet__col_blob(st, 1, out->id, CARNET_ID_BYTES) != 0 ||
        carnet_enum_parse(&v, CARNET_ENUM_LIFECYCLE, carnet__col_str(st, 4)) != 0) {
        return carnet__fail(db, CARNET_ECORRUPT, "carnet %lld endommagé", (long long)out->rowid);
    }
    out->person = carnet__col_int(st, 2);
    out->creator = carnet__col_int(st, 3);
    out->lifecycle = (carnet_lifecycle)v;
    out->created_at = carnet__col_int(st, 5);
    out->referent = carnet__col_int(st, 6);
    out->structure = carnet__col_int(st, 7);
    out->next_no = carnet__col_int(st, 8);
    out->creation_entries = carnet__col_int(st, 9);
    out->erased = carnet__col_int32(st, 10);
    return CARNET_OK;
}

static int
carnet_query(carnet_db *db, carnet__query q, int64_t key, const char *handle, carnet__carnet *out)
{
    carnet__statement *st = carnet__stmt(db, q);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    if (handle != NULL) {
        carnet__bind_text(st, 1, handle);
    } else {
        carnet__bind_int(st, 1, key);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = read_carnet(db, st, out);
        carnet__reset(st);
        return rc;
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "carnet de '%s' introuvable",
                            handle != NULL ? handle : "?");
    }
    return carnet__store_fail(db, rc, "lecture du carnet");
}

int
carnet__carnet_by_person(carnet_db *db, const char *person, carnet__carnet *out)
{

    memset(out, 0, sizeof *out);
    if (person == NULL || !carnet__handle_valid(person)) {
        return carnet__fail(db, CARNET_ENOTFOUND, "carnet de '%s' introuvable",
                            person != NULL ? person : "");
    }
    return carnet_query(db, CARNET__Q_BY_PERSON, 0, person, out);
}

int
carnet__carnet_by_rowid(carnet_db *db, int64_t rowid, carnet__carnet *out)
{
    return carnet_query(db, CARNET__Q_BY_ROWID, rowid, NULL, out);
}

int
carnet__carnet_insert(carnet_db *db, carnet__carnet *c)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_id(st, 1, c->id);
    carnet__bind_int(st, 2, c->person);
    carnet__bind_int(st, 3, c->creator);
    carnet__bind_text(st, 4, status_codes[c->lifecycle]);
    carnet__bind_int(st, 5, c->created_at);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        c->rowid = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "création du carnet");
}

int
carnet__carnet_set_lifecycle(carnet_db *db, int64_t carnet, carnet_lifecycle st_code)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_SET_STATUS);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, status_codes[st_code]);
    carnet__bind_int(st, 2, carnet);
    return carnet__exec_stmt(db, st, "statut du carnet");
}

int
carnet__carnet_set_referent(carnet_db *db, int64_t carnet, int64_t referent, int64_t structure)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_SET_REFERENT);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_opt(st, 1, referent);
    carnet__bind_opt(st, 2, structure);
    carnet__bind_int(st, 3, carnet);
    return carnet__exec_stmt(db, st, "référent du carnet");
}

/* ------------------------------------------------------------- members */

static const char *const member_codes[] = {NULL, "referent", "accompagnateur", "charge_orientation",
                                           "commission"};

const char *
carnet__member_role_code(carnet_member_role r)
{
    return (int)r >= 1 && (int)r <= 4 ? member_codes[r] : NULL;
}

int
carnet__member_start(carnet_db *db, int64_t carnet, int64_t member, carnet_member_role role,
                     int64_t by)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMBER_START);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, member);
    carnet__bind_text(st, 3, member_codes[role]);
    carnet__bind_int(st, 4, carnet_db_now(db));
    carnet__bind_int(st, 5, by);
    return carnet__exec_stmt(db, st, "groupe de suivi");
}

int
carnet__member_end(carnet_db *db, int64_t carnet, int64_t member, int64_t by)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMBER_END);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet_db_now(db));
    carnet__bind_int(st, 2, by);
    carnet__bind_int(st, 3, carnet);
    carnet__bind_int(st, 4, member);
    return carnet__exec_stmt(db, st, "groupe de suivi");
}

int
carnet__member_role_parse(const char *code, carnet_member_role *out)
{
    for (int i = 1; i <= 4 && code != NULL; i++) {
        if (strcmp(member_codes[i], code) == 0) {
            *out = (carnet_member_role)i;
            return CARNET_OK;
        }
    }
    return CARNET_EINVAL;
}

/* ------------------------------------------------------- commitments */

void
carnet__member_commit(unsigned char out[CARNET_HASH_BYTES],
                      const unsigned char carnet[CARNET_ID_BYTES],
                      const unsigned char member[CARNET_ID_BYTES], int start,
                      carnet_member_role role)
{
    unsigned char buf[CARNET_ID_BYTES * 2 + 2];
    unsigned char *p = carnet__putid(buf, carnet);

    p = carnet__putid(p, member);
    p = carnet__put8(p, start != 0);
    p = carnet__put8(p, start != 0 ? (unsigned)role : 0u);
    carnet_hash(out, "cdb/v2/member-commit", buf, (size_t)(p - buf));
}

void
carnet__referent_commit(unsigned char out[CARNET_HASH_BYTES],
                        const unsigned char carnet[CARNET_ID_BYTES], int64_t entry,
                        const unsigned char referent[CARNET_ID_BYTES],
                        const unsigned char structure[CARNET_ID_BYTES])
{
    unsigned char buf[CARNET_ID_BYTES * 3 + 8];
    unsigned char *p = carnet__putid(buf, carnet);

    p = carnet__put64(p, entry);
    p = carnet__putid(p, referent);
    p = carnet__putid(p, structure);
    carnet_hash(out, entry != 0 ? "cdb/v2/orient-commit" : "cdb/v2/referent-commit", buf,
                (size_t)(p - buf));
}

void
carnet__reorientation_commit(unsigned char out[CARNET_HASH_BYTES],
                             const unsigned char carnet[CARNET_ID_BYTES], int64_t no, int state,
                             int64_t entry)
{
    unsigned char buf[CARNET_ID_BYTES + 8 + 1 + 8];
    unsigned char *p = carnet__putid(buf, carnet);

    p = carnet__put64(p, no);
    p = carnet__put8(p, (unsigned)state);
    p = carnet__put64(p, entry);
    carnet_hash(out, "cdb/v2/reorientation-commit", buf, (size_t)(p - buf));
}
