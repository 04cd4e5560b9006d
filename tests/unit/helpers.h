/* helpers.h - shared helpers of the unit tests.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_TESTS_HELPERS_H
#define CARNET_TESTS_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/crypto.h>

/* Path of a file under fixtures/ (CARNET_FIXTURES overrides the directory).
 * Returns a static buffer: copy it before the next call. */
const char *th_fixture(const char *rel);

/* Read a whole file and add a NUL after it; *len receives its size.
 * Free with free(). NULL on error. */
unsigned char *th_read_file(const char *path, size_t *len);

/* A secure buffer holding @p s (asserts on failure). */
carnet_secbuf *th_secret(const char *s);

/* A key pair from a seed made of the byte @p b repeated. */
carnet_keypair *th_keypair(unsigned char b);

/* Known-answer values: compare @p got (hex-encoded) with the line @p name of
 * fixtures/crypto/kat.txt. With CARNET_KAT_WRITE=<file> set, append the value
 * to that file instead (to regenerate the golden file). */
void th_kat(const char *name, const unsigned char *got, size_t len);

/* Does @p needle occur in @p hay? */
int th_memmem(const unsigned char *hay, size_t hay_len, const void *needle, size_t needle_len);

/* Standard base64 (with padding) of the string @p in into @p out. */
void th_base64(char *out, size_t size, const char *in);

#endif /* CARNET_TESTS_HELPERS_H */
