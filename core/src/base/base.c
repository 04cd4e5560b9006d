/* base.c - status and message of a handle, its cache slots, strings.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "base/base.h"

int
carnet__fail(carnet_db *db, int status, const char *fmt, ...)
{
    va_list ap;

    db->status = status;
    va_start(ap, fmt);
    (void)vsnprintf(db->msg, sizeof db->msg, fmt, ap);
    va_end(ap);
    return status;
}

int
carnet__status(const carnet_db *db)
{
    return db->status < 0 ? db->status : CARNET_ERROR;
}

int
carnet__ok(carnet_db *db)
{
    db->status = CARNET_OK;
    db->msg[0] = '\0';
    return CARNET_OK;
}

int
carnet__fault_set(carnet__fault *f, int64_t record, const char *fmt, ...)
{
    va_list ap;

    if (f->msg[0] == '\0') {
        f->record = record;
        va_start(ap, fmt);
        (void)vsnprintf(f->msg, sizeof f->msg, fmt, ap);
        va_end(ap);
    }
    return CARNET_EINTEGRITY;
}

void *
carnet__cache_get(const carnet_db *db, carnet__cache_id id)
{
    return db->caches[id].data;
}

void
carnet__cache_set(carnet_db *db, carnet__cache_id id, void *data, void (*release)(void *))
{
    struct carnet__cache *c = &db->caches[id];

    if (c->data != NULL && c->data != data && c->release != NULL) {
        c->release(c->data);
    }
    c->data = data;
    c->release = release;
}

void
carnet__cache_release_all(carnet_db *db)
{
    for (size_t i = 0; i < CARNET__CACHE_COUNT; i++) {
        carnet__cache_set(db, (carnet__cache_id)i, NULL, NULL);
    }
}

void
carnet__cache_rollback(carnet_db *db)
{
    carnet__cache_set(db, CARNET__CACHE_HISTORY, NULL, NULL);
    carnet__cache_set(db, CARNET__CACHE_REGISTRY, NULL, NULL);
    carnet__cache_set(db, CARNET__CACHE_APPENDED, NULL, NULL);
    carnet__cache_set(db, CARNET__CACHE_TIPS, NULL, NULL);
}

carnet__verified
carnet__verified_get(const carnet_db *db)
{
    return db->verified;
}

int
carnet__in_transaction(const carnet_db *db)
{
    return db->tx_depth > 0;
}

void
carnet__set_after_tx(carnet_db *db, int (*fn)(carnet_db *db, int committed))
{
    db->after_tx = fn;
}

int
carnet__after_tx(carnet_db *db, int committed)
{
    return db->after_tx != NULL ? db->after_tx(db, committed) : CARNET_OK;
}

int
carnet__strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (n >= size) {
        if (size > 0) {
            dst[0] = '\0';
        }
        return -1;
    }
    memcpy(dst, src, n + 1);
    return 0;
}
