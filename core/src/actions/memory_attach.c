/* memory_attach.c - attaching an actor's memory to a handle.
 * SPDX-License-Identifier: MIT
 *
 * The state file is named after the actor's public keys and the
 * workspace's real path, hashed: nothing the workspace says (its id, its
 * administrator) chooses which memory is read, so an attacker who rewrites
 * the file cannot make the actor forget.
 */
#define _XOPEN_SOURCE 700 /* NOLINT(bugprone-reserved-identifier): realpath() */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carnet/memory.h>

#include "actions/actions.h"

/* The workspace's anchor as the file says it now. */
static int
anchor_now(carnet_db *db, carnet__state_anchor *out)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMORY_ANCHOR);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = carnet__col_blob(st, 0, out->ws, sizeof out->ws) == 0 &&
                     carnet__col_blob(st, 1, out->admin, sizeof out->admin) == 0 &&
                     carnet__col_blob(st, 2, out->admin_pk.sign, sizeof out->admin_pk.sign) == 0 &&
                     carnet__col_blob(st, 3, out->admin_pk.box, sizeof out->admin_pk.box) == 0
                 ? CARNET_OK
                 : CARNET_ECORRUPT;
        carnet__reset(st);
        return rc == CARNET_OK ? CARNET_OK
                               : carnet__fail(db, rc, "identité de l'espace de travail illisible");
    }
    carnet__reset(st);
    return rc == CARNET__DONE
               ? carnet__fail(db, CARNET_ENOTFOUND, "espace de travail non initialisé")
               : carnet__store_fail(db, rc, "lecture de l'identité de l'espace");
}

/* The state file of @p a for this workspace: @p dir/<name>.memoire. */
static int
state_path(carnet_db *db, const carnet_actor *a, const char *dir, char *out, size_t size,
           unsigned char name[CARNET_HASH_BYTES])
{
    char real[PATH_MAX];
    unsigned char buf[CARNET_SIGN_PK_BYTES + CARNET_BOX_PK_BYTES + PATH_MAX];
    char hex[2 * 16 + 1];
    size_t n;
    int w;

    if (realpath(db->path, real) == NULL) {
        return carnet__fail(db, CARNET_EIO, "chemin de l'espace de travail introuvable");
    }
    n = strlen(real);
    memcpy(buf, a->pk.sign, CARNET_SIGN_PK_BYTES);
    memcpy(buf + CARNET_SIGN_PK_BYTES, a->pk.box, CARNET_BOX_PK_BYTES);
    memcpy(buf + CARNET_SIGN_PK_BYTES + CARNET_BOX_PK_BYTES, real, n);
    carnet_hash(name, "cdb/v1/state-name", buf, CARNET_SIGN_PK_BYTES + CARNET_BOX_PK_BYTES + n);
    carnet_hex_encode(hex, name, 16);
    w = snprintf(out, size, "%s/%s.memoire", dir, hex);
    if (w < 0 || (size_t)w >= size) {
        return carnet__fail(db, CARNET_EINVAL, "répertoire de la mémoire locale trop long");
    }
    return CARNET_OK;
}

static int
registry_hash_at(const void *ctx, int64_t seq, unsigned char out[CARNET_HASH_BYTES])
{
    return carnet__registry_hash_at(ctx, seq, out);
}

/* The registry may have been verified before the memory was attached (to
 * unlock the actor): check its head now. A registry that does not verify
 * is left to the decisions, which refuse it with its own message. */
static int
registry_now(carnet_db *db, const unsigned char ws[CARNET_ID_BYTES])
{
    const carnet__registry *r = NULL;
    unsigned char head[CARNET_HASH_BYTES];
    int64_t seq;
    int rc;

    if (carnet__registry_get(db, &r) != CARNET_OK) {
        return CARNET_OK;
    }
    seq = carnet__registry_records(r);
    if (seq == 0 || carnet__registry_hash_at(r, seq, head) != 0) {
        return CARNET_OK;
    }
    rc = carnet__memory_check(db, CARNET__MEM_REGISTRY, ws, seq, head, registry_hash_at, r);
    if (rc == CARNET_EROLLBACK) {
        char why[CARNET_ERRMSG_MAX];
        (void)carnet__strlcpy(why, carnet_db_errmsg(db), sizeof why);
        rc = carnet__fail(db, rc, "registre de l'espace : %s", why);
    }
    return rc;
}

int
carnet__memory_attach_anchor(carnet_db *db, const carnet_actor *actor, const char *dir,
                             unsigned char ws[CARNET_ID_BYTES])
{
    unsigned char name[CARNET_HASH_BYTES];
    carnet__state_anchor now;
    char path[PATH_MAX];
    int rc;

    if (dir == NULL || dir[0] != '/') {
        return carnet__fail(db, CARNET_EINVAL,
                            "répertoire de la mémoire locale : un chemin absolu est attendu");
    }
    rc = state_path(db, actor, dir, path, sizeof path, name);
    rc = rc == CARNET_OK ? anchor_now(db, &now) : rc;
    rc = rc == CARNET_OK ? carnet__memory_open(db, actor->kp, path, name, &now) : rc;
    if (rc == CARNET_OK && ws != NULL) {
        memcpy(ws, now.ws, CARNET_ID_BYTES);
    }
    return rc;
}

int
carnet_memory_attach(carnet_db *db, carnet_actor *actor, const char *dir)
{
    unsigned char ws[CARNET_ID_BYTES];
    int rc = carnet__memory_attach_anchor(db, actor, dir, ws);

    rc = rc == CARNET_OK ? registry_now(db, ws) : rc;
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
