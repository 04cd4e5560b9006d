/* secmem.c - initialisation, randomness, guarded buffers and encodings.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
carnet_crypto_init(void)
{
    return sodium_init() < 0 ? CARNET_ERROR : CARNET_OK;
}

void
carnet_random(void *buf, size_t len)
{
    randombytes_buf(buf, len);
}

uint32_t
carnet_random_uniform(uint32_t upper)
{
    return upper < 2 ? 0 : randombytes_uniform(upper);
}

int
carnet_ct_equal(const void *a, const void *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0 ? 0 : -1;
}

void
carnet_memzero(void *p, size_t len)
{
    if (p != NULL) {
        sodium_memzero(p, len);
    }
}

/* ------------------------------------------------------ secure buffers */

int
carnet_secbuf_new(carnet_secbuf **out, size_t cap)
{
    carnet_secbuf *b;

    *out = NULL;
    if (cap == SIZE_MAX) {
        return CARNET_ENOMEM;
    }
    b = calloc(1, sizeof *b); /* the descriptor holds no secret */
    if (b == NULL) {
        return CARNET_ENOMEM;
    }
    b->data = sodium_malloc(cap + 1);
    if (b->data == NULL) {
        free(b);
        return CARNET_ENOMEM;
    }
    b->len = 0;
    b->cap = cap;
    b->data[0] = '\0';
    *out = b;
    return CARNET_OK;
}

void
carnet_secbuf_free(carnet_secbuf *b)
{
    if (b == NULL) {
        return;
    }
    sodium_free(b->data);
    free(b);
}

size_t
carnet_secbuf_len(const carnet_secbuf *b)
{
    return b->len;
}

size_t
carnet_secbuf_cap(const carnet_secbuf *b)
{
    return b->cap;
}

unsigned char *
carnet_secbuf_data(carnet_secbuf *b)
{
    return b->data;
}

const char *
carnet_secbuf_str(const carnet_secbuf *b)
{
    return (const char *)b->data;
}

int
carnet_secbuf_reserve(carnet_secbuf *b, size_t cap)
{
    unsigned char *n;

    if (cap <= b->cap) {
        return CARNET_OK;
    }
    if (cap == SIZE_MAX) {
        return CARNET_ENOMEM;
    }
    n = sodium_malloc(cap + 1);
    if (n == NULL) {
        return CARNET_ENOMEM;
    }
    memcpy(n, b->data, b->len + 1);
    sodium_free(b->data); /* wipes the old copy */
    b->data = n;
    b->cap = cap;
    return CARNET_OK;
}

int
carnet_secbuf_set_len(carnet_secbuf *b, size_t len)
{
    if (len > b->cap) {
        return CARNET_EINVAL;
    }
    b->len = len;
    b->data[len] = '\0';
    return CARNET_OK;
}

int
carnet_secbuf_append(carnet_secbuf *b, const void *data, size_t len)
{
    if (len > SIZE_MAX / 2 - b->len) {
        return CARNET_ENOMEM;
    }
    if (b->len + len > b->cap) {
        size_t want = b->cap * 2 > b->len + len ? b->cap * 2 : b->len + len;
        int rc = carnet_secbuf_reserve(b, want < 64 ? 64 : want);
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    if (len > 0) {
        memcpy(b->data + b->len, data, len);
    }
    b->len += len;
    b->data[b->len] = '\0';
    return CARNET_OK;
}

void
carnet_secbuf_clear(carnet_secbuf *b)
{
    sodium_memzero(b->data, b->cap + 1);
    b->len = 0;
}

/* ------------------------------------------------------------ encodings */

void
carnet_hex_encode(char *out, const unsigned char *in, size_t len)
{
    sodium_bin2hex(out, len * 2 + 1, in, len);
}

int
carnet_hex_decode(unsigned char *out, size_t len, const char *in)
{
    size_t got = 0;
    const char *end = NULL;

    if (in == NULL || strlen(in) != len * 2) {
        return CARNET_EINVAL;
    }
    if (sodium_hex2bin(out, len, in, len * 2, NULL, &got, &end) != 0 || got != len) {
        return CARNET_EINVAL;
    }
    return CARNET_OK;
}

void
carnet__store64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

uint64_t
carnet__load64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

void
carnet__store32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (unsigned char)(v >> (8 * i));
    }
}

void
carnet__store16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
