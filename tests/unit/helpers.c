/* helpers.c - shared helpers of the unit tests.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

const char *
th_fixture(const char *rel)
{
    static char path[4096];
    const char *dir = getenv("CARNET_FIXTURES"); /* NOLINT(concurrency-mt-unsafe) */
    int n = snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "fixtures", rel);

    assert_true(n > 0 && (size_t)n < sizeof path);
    return path;
}

unsigned char *
th_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;

    *len = 0;
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        size_t got;
        if (n + 1 >= cap) {
            unsigned char *nb;
            cap = cap == 0 ? 4096 : cap * 2;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                (void)fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    (void)fclose(f);
    buf[n] = '\0'; /* convenient for text files; not counted in *len */
    *len = n;
    return buf;
}

carnet_secbuf *
th_secret(const char *s)
{
    carnet_secbuf *b = NULL;

    assert_int_equal(carnet_secbuf_new(&b, strlen(s)), CARNET_OK);
    assert_int_equal(carnet_secbuf_append(b, s, strlen(s)), CARNET_OK);
    return b;
}

carnet_keypair *
th_keypair(unsigned char b)
{
    unsigned char seed[32];
    carnet_keypair *kp = NULL;

    memset(seed, b, sizeof seed);
    assert_int_equal(carnet_keypair_from_seed(&kp, seed), CARNET_OK);
    return kp;
}

void
th_kat(const char *name, const unsigned char *got, size_t len)
{
    const char *write = getenv("CARNET_KAT_WRITE"); /* NOLINT(concurrency-mt-unsafe) */
    char *hex = malloc(len * 2 + 1);
    size_t flen = 0;
    unsigned char *file;
    char *line;
    size_t nlen = strlen(name);

    assert_non_null(hex);
    carnet_hex_encode(hex, got, len);
    if (write != NULL) {
        FILE *f = fopen(write, "a");
        assert_non_null(f);
        assert_true(fprintf(f, "%s %s\n", name, hex) > 0);
        assert_int_equal(fclose(f), 0);
        free(hex);
        return;
    }
    file = th_read_file(th_fixture("crypto/kat.txt"), &flen);
    assert_non_null(file);
    for (line = (char *)file; line != NULL && *line != '\0';) {
        char *nl = strchr(line, '\n');
        if (nl != NULL) {
            *nl = '\0';
        }
        if (strncmp(line, name, nlen) == 0 && line[nlen] == ' ') {
            assert_string_equal(line + nlen + 1, hex);
            free(file);
            free(hex);
            return;
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    free(file);
    free(hex);
    fail_msg("known-answer value '%s' missing from fixtures/crypto/kat.txt", name);
}

int
th_memmem(const unsigned char *hay, size_t hay_len, const void *needle, size_t needle_len)
{
    if (needle_len == 0 || needle_len > hay_len) {
        return 0;
    }
    for (size_t i = 0; i + needle_len <= hay_len; i++) {
        if (hay[i] == *(const unsigned char *)needle && memcmp(hay + i, needle, needle_len) == 0) {
            return 1;
        }
    }
    return 0;
}

void
th_base64(char *out, size_t size, const char *in)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in), o = 0;

    assert_true((n + 2) / 3 * 4 < size);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)in[i] << 16;
        if (i + 1 < n) {
            v |= (unsigned)(unsigned char)in[i + 1] << 8;
        }
        if (i + 2 < n) {
            v |= (unsigned char)in[i + 2];
        }
        out[o++] = tab[(v >> 18) & 63u];
        out[o++] = tab[(v >> 12) & 63u];
        out[o++] = tab[(v >> 6) & 63u];
        out[o++] = tab[v & 63u];
    }
    /* The padding replaces what the last group lacked. */
    if (n % 3 != 0) {
        out[o - 1] = '=';
    }
    if (n % 3 == 1) {
        out[o - 2] = '=';
    }
    out[o] = '\0';
}
