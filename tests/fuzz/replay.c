/* replay.c - run a harness on given inputs without libFuzzer: every file
 * named, every file of every directory named, and the empty input first.
 * This keeps each seed and each crash once found a regression test of the
 * ordinary and sanitizer builds (make test, make check).
 * SPDX-License-Identifier: MIT
 *
 * usage: replay_<harness> <file or directory>...
 * Exit 0 when every input ran (a violated property aborts); 66 when an
 * input cannot be read, 71 when memory runs out.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (f == NULL) {
        (void)fprintf(stderr, "replay: %s illisible\n", path);
        return 66;
    }
    do {
        if (len == cap) {
            uint8_t *nb;
            cap = cap == 0 ? 4096 : cap * 2;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                (void)fclose(f);
                (void)fprintf(stderr, "replay: mémoire insuffisante\n");
                return 71;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    (void)fclose(f);
    (void)LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    (*count)++;
    return 0;
}

static int
name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of @p dir, in name order (the run is then reproducible). */
static int
run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL, path[4096];
    size_t n = 0, cap = 0;
    int rc = 0;

    if (d == NULL) {
        (void)fprintf(stderr, "replay: répertoire %s illisible\n", dir);
        return 66;
    }
    while ((e = readdir(d)) != NULL) { /* NOLINT(concurrency-mt-unsafe) */
        if (e->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            char **nn;
            cap = cap == 0 ? 64 : cap * 2;
            nn = realloc(names, cap * sizeof *names);
            if (nn == NULL) {
                rc = 71;
                break;
            }
            names = nn;
        }
        if ((names[n] = strdup(e->d_name)) == NULL) {
            rc = 71;
            break;
        }
        n++;
    }
    (void)closedir(d);
    if (rc != 0) {
        (void)fprintf(stderr, "replay: mémoire insuffisante\n");
    } else if (n > 0) {
        qsort(names, n, sizeof *names, name_cmp);
    }
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && snprintf(path, sizeof path, "%s/%s", dir, names[i]) < (int)sizeof path) {
            rc = run_file(path, count);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int
main(int argc, char **argv)
{
    size_t count = 0;
    struct stat st;
    int rc = 0;

    (void)LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    count++;
    for (int i = 1; i < argc && rc == 0; i++) {
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = run_dir(argv[i], &count);
        } else {
            rc = run_file(argv[i], &count);
        }
    }
    (void)printf("%zu entrée(s) rejouée(s)\n", count);
    return rc;
}
