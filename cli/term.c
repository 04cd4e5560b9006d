/* term.c - passphrases (terminal without echo, or a file descriptor) and
 * input files.
 * SPDX-License-Identifier: MIT
 *
 * Passphrases never come from argv or the environment. They are read byte by
 * byte into guarded memory (carnet_secbuf), so no copy lingers in stdio.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

#define PASS_MAX 1024

static int
open_stream(struct carnet_cli *cli)
{
    if (cli->pass_stream != NULL) {
        return CARNET_OK;
    }
    if (cli->pass_file != NULL) {
        cli->pass_stream = fopen(cli->pass_file, "r");
    } else if (cli->pass_fd >= 0) {
        int fd = dup(cli->pass_fd);
        cli->pass_stream = fd >= 0 ? fdopen(fd, "r") : NULL;
        if (cli->pass_stream == NULL && fd >= 0) {
            (void)close(fd);
        }
    }
    if (cli->pass_stream == NULL) {
        return CARNET_ENOINPUT;
    }
    (void)setvbuf(cli->pass_stream, NULL, _IONBF, 0); /* no stdio copy of the secret */
    return CARNET_OK;
}

/* Read one line into @p b; the line ending is dropped. */
static int
read_line(int fd, carnet_secbuf *b)
{
    for (;;) {
        unsigned char c;
        ssize_t n = read(fd, &c, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return carnet_secbuf_len(b) > 0 ? CARNET_OK : CARNET_ENOINPUT;
        }
        if (c == '\n') {
            return CARNET_OK;
        }
        if (c == '\r') {
            continue;
        }
        if (carnet_secbuf_len(b) >= PASS_MAX) {
            return CARNET_EINVAL;
        }
        if (carnet_secbuf_append(b, &c, 1) != CARNET_OK) {
            return CARNET_ENOMEM;
        }
    }
}

static int
from_tty(const char *prompt, carnet_secbuf *b)
{
    struct termios old, quiet;
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    int rc;

    if (fd < 0) {
        return CARNET_ENOINPUT;
    }
    if (tcgetattr(fd, &old) != 0) {
        (void)close(fd);
        return CARNET_ENOINPUT;
    }
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    /* Echo off (and anything typed too early discarded) before the prompt
     * shows: an answer sent on seeing the prompt is never lost or echoed. */
    (void)tcsetattr(fd, TCSAFLUSH, &quiet);
    (void)!write(fd, prompt, strlen(prompt));
    rc = read_line(fd, b);
    (void)tcsetattr(fd, TCSANOW, &old);
    (void)!write(fd, "\n", 1);
    (void)close(fd);
    return rc;
}

int
cli_passphrase(struct carnet_cli *cli, const char *prompt, carnet_secbuf **out)
{
    carnet_secbuf *b = NULL;
    int rc = carnet_secbuf_new(&b, 64);

    *out = NULL;
    if (rc != CARNET_OK) {
        return cli_error(cli, rc, "mémoire insuffisante");
    }
    if (cli->pass_fd >= 0 || cli->pass_file != NULL) {
        rc = open_stream(cli);
        if (rc != CARNET_OK) {
            carnet_secbuf_free(b);
            if (cli->pass_file != NULL) {
                return cli_error(cli, rc, "phrase de passe : impossible de lire '%s'",
                                 cli->pass_file);
            }
            return cli_error(cli, rc,
                             "phrase de passe : impossible de lire le descripteur %d "
                             "(--phrase-fd)",
                             cli->pass_fd);
        }
        rc = read_line(fileno(cli->pass_stream), b);
    } else {
        rc = from_tty(prompt, b);
        if (rc == CARNET_ENOINPUT && carnet_secbuf_len(b) == 0) {
            carnet_secbuf_free(b);
            return cli_usage(cli, "aucun terminal pour lire la phrase de passe : utilisez "
                                  "--phrase-fd ou --phrase-fichier");
        }
    }
    if (rc != CARNET_OK) {
        carnet_secbuf_free(b);
        return cli_error(cli, rc == CARNET_EINVAL ? CARNET_EINVAL : CARNET_ENOINPUT,
                         rc == CARNET_EINVAL ? "phrase de passe trop longue"
                                             : "phrase de passe absente (%s)",
                         prompt);
    }
    *out = b;
    return 0;
}

int
cli_new_passphrase(struct carnet_cli *cli, const char *whom, const char *name, carnet_secbuf **out)
{
    carnet_secbuf *again = NULL;
    char who[160], prompt[200];
    int code;

    if (name != NULL) {
        (void)snprintf(who, sizeof who, "pour %s « %.80s »", whom, name);
    } else {
        (void)snprintf(who, sizeof who, "pour %s", whom);
    }
    (void)snprintf(prompt, sizeof prompt, "Nouvelle phrase de passe %s : ", who);
    code = cli_passphrase(cli, prompt, out);
    if (code != 0 || cli->pass_fd >= 0 || cli->pass_file != NULL) {
        return code;
    }
    (void)snprintf(prompt, sizeof prompt, "Confirmez la phrase de passe %s : ", who);
    code = cli_passphrase(cli, prompt, &again);
    if (code == 0 && (carnet_secbuf_len(again) != carnet_secbuf_len(*out) ||
                      carnet_ct_equal(carnet_secbuf_str(again), carnet_secbuf_str(*out),
                                      carnet_secbuf_len(again)) != 0)) {
        code = cli_error(cli, CARNET_EINVAL, "les deux phrases de passe diffèrent");
    }
    carnet_secbuf_free(again);
    if (code != 0) {
        carnet_secbuf_free(*out);
        *out = NULL;
    }
    return code;
}

int
cli_read_file(struct carnet_cli *cli, const char *path, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 0, n = 0;
    char *buf = NULL;

    *out = NULL;
    *len = 0;
    if (f == NULL) {
        return cli_error(cli, CARNET_ENOINPUT, "fichier '%s' introuvable ou illisible", path);
    }
    for (;;) {
        size_t got;
        if (n + 1 >= cap) {
            char *nb;
            cap = cap == 0 ? 65536 : cap * 2;
            if (cap > (size_t)256 * 1024 * 1024 || (nb = realloc(buf, cap)) == NULL) {
                free(buf);
                if (f != stdin) {
                    (void)fclose(f);
                }
                return cli_error(cli, CARNET_EINVAL, "fichier '%s' trop grand", path);
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    if (ferror(f)) {
        int err = errno; /* a directory, a device that failed… */
        free(buf);
        if (f != stdin) {
            (void)fclose(f);
        }
        return cli_error(cli, CARNET_ENOINPUT, "fichier '%s' illisible : %s", path,
                         strerror(err)); /* NOLINT(concurrency-mt-unsafe) */
    }
    if (f != stdin) {
        (void)fclose(f);
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n) != NULL) {
        /* Every input of carnet is text: a NUL byte would cut it short. */
        size_t at = (size_t)((char *)memchr(buf, '\0', n) - buf);
        free(buf);
        return cli_error(cli, CARNET_EINVAL, "fichier '%s' : octet nul à l'octet %zu", path, at);
    }
    *out = buf;
    *len = n;
    return 0;
}

int
cli_progress_ok(const struct carnet_cli *cli)
{
    return !cli->quiet && isatty(STDERR_FILENO);
}
