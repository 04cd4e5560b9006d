/* lookup.c - the blind index of the flows: a keyed tag (a CAF matricule and
 * identity, a France Travail identifier, an imported record or contract)
 * and the carnet it leads to, each row bound to that carnet.
 * SPDX-License-Identifier: MIT
 *
 * A row's carnet column is clear, so whoever holds the file could point a
 * person's tag at another carnet and have the next flow write her data
 * there. Each row therefore carries a bind: the tag and the carnet's id
 * hashed under the workspace index key (which only actors with that key
 * hold). A row whose bind does not match, or that has none (written before
 * schema 7, until the administrator binds it with `carnet espace
 * migrer`), leads nowhere: the flow record is refused.
 */
#include <string.h>

#include "records/records.h"

/* Domain of the bind hash. */
#define LOOKUP_BIND_DOMAIN "cdb/v1/lookup-bind"

void
carnet__lookup_bind(unsigned char out[CARNET_HASH_BYTES], const carnet_epoch_key *index,
                    const unsigned char tag[CARNET_HASH_BYTES],
                    const unsigned char carnet[CARNET_ID_BYTES])
{
    unsigned char m[CARNET_HASH_BYTES + CARNET_ID_BYTES];

    memcpy(m, tag, CARNET_HASH_BYTES);
    memcpy(m + CARNET_HASH_BYTES, carnet, CARNET_ID_BYTES);
    carnet_keyed_hash(out, index, LOOKUP_BIND_DOMAIN, m, sizeof m);
}

int
carnet__lookup_find(carnet_db *db, const carnet_epoch_key *index,
                    const unsigned char tag[CARNET_HASH_BYTES], int64_t *carnet)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_LOOKUP_FIND);
    unsigned char bind[CARNET_HASH_BYTES], id[CARNET_ID_BYTES], want[CARNET_HASH_BYTES];
    int rc, bound = 0, ok = 0;

    *carnet = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_blob(st, 1, tag, CARNET_HASH_BYTES);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *carnet = carnet__col_int(st, 0);
        bound = carnet__col_blob(st, 1, bind, sizeof bind) == 0;
        ok = carnet__col_blob(st, 2, id, sizeof id) == 0;
    }
    carnet__reset(st);
    if (rc != CARNET__ROW && rc != CARNET__DONE) {
        return carnet__store_fail(db, rc, "index des flux");
    }
    if (rc == CARNET__DONE) {
        return CARNET_OK;
    }
    if (!bound) {
        *carnet = 0;
        return carnet__fail(db, CARNET_EINTEGRITY,
                            "index des flux : ligne sans lien vers son carnet (écrite avant cette "
                            "version) ; l'administrateur la relie avec « carnet espace migrer »");
    }
    if (ok) {
        carnet__lookup_bind(want, index, tag, id);
    }
    /* The bind is no secret (it is in the file): memcmp is enough. */
    if (!ok || memcmp(want, bind, sizeof bind) != 0) {
        *carnet = 0;
        return carnet__fail(db, CARNET_EINTEGRITY,
                            "index des flux altéré : une ligne mène à un autre carnet que celui "
                            "auquel elle est liée ; rien n'est importé pour cet enregistrement");
    }
    return CARNET_OK;
}

int
carnet__lookup_put(carnet_db *db, const carnet_epoch_key *index,
                   const unsigned char tag[CARNET_HASH_BYTES], const carnet__carnet *c,
                   const char *kind)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_LOOKUP_PUT);
    unsigned char bind[CARNET_HASH_BYTES];

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__lookup_bind(bind, index, tag, c->id);
    carnet__bind_blob(st, 1, tag, CARNET_HASH_BYTES);
    carnet__bind_int(st, 2, c->rowid);
    carnet__bind_text(st, 3, kind);
    carnet__bind_blob(st, 4, bind, sizeof bind);
    return carnet__exec_stmt(db, st, "index des flux");
}

int
carnet__lookup_bind_all(carnet_db *db, const carnet_epoch_key *index, int64_t *n)
{
    unsigned char tag[CARNET_HASH_BYTES], id[CARNET_ID_BYTES], bind[CARNET_HASH_BYTES];
    carnet__statement *up = carnet__stmt(db, CARNET__Q_LOOKUP_SET_BIND);
    carnet__cursor cur;
    int rc = up != NULL ? carnet__cursor_open(&cur, db, CARNET__Q_LOOKUP_UNBOUND, "index des flux")
                        : carnet__status(db);

    *n = 0;
    if (rc != CARNET_OK) {
        return rc;
    }
    while ((rc = carnet__cursor_next(&cur)) == CARNET_OK) {
        if (carnet__col_blob(cur.st, 0, tag, sizeof tag) != 0 ||
            carnet__col_blob(cur.st, 1, id, sizeof id) != 0) {
            rc = carnet__fail(db, CARNET_ECORRUPT, "index des flux : ligne illisible");
            break;
        }
        carnet__lookup_bind(bind, index, tag, id);
        carnet__bind_blob(up, 1, tag, sizeof tag);
        carnet__bind_blob(up, 2, bind, sizeof bind);
        rc = carnet__exec_stmt(db, up, "index des flux");
        if (rc != CARNET_OK) {
            break;
        }
        (*n)++;
    }
    carnet__cursor_close(&cur);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}
