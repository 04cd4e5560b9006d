/* store.c - the top of the store: helpers over the backend's step and
 * column functions, failures in the backend's words, iterators.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"

int
carnet__store_fail(carnet_db *db, int rc, const char *what)
{
    return carnet__store_fail_as(db, rc, what, carnet__store_detail(db));
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
