/* session.c - opening the workspace and unlocking actors, once per run.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Can the workspace file and its directory (where SQLite keeps its -wal
 * and -shm files) be written? A read-only mount says no even to root. */
static int
writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int ok;

    if (slash == NULL) {
        return access(path, W_OK) == 0 && access(".", W_OK) == 0;
    }
    dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
    ok = dir != NULL && access(path, W_OK) == 0 && access(dir, W_OK) == 0;
    free(dir);
    return ok;
}

int
cli_open(struct carnet_cli *cli, enum cli_open_mode mode)
{
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    int rc;

    if (cli->db != NULL) {
        return 0;
    }
    o.flags = mode == CLI_OPEN_CREATE ? CARNET_OPEN_CREATE : 0;
    if (mode == CLI_OPEN_VERIFY && !writable(cli->db_path)) {
        o.flags = CARNET_OPEN_READONLY; /* checks write nothing (issue 17, point 5) */
    }
    rc = carnet_db_open(&cli->db, cli->db_path, &o);
    if (rc != CARNET_OK) {
        char what[300];
        int code;
        /* A missing file is already named; a damaged one is not. */
        (void)snprintf(what, sizeof what,
                       rc == CARNET_ENOINPUT ? "ouverture de l'espace de travail"
                                             : "espace de travail '%.250s'",
                       cli->db_path);
        code = cli_fail(cli, rc, what);
        carnet_db_close(cli->db);
        cli->db = NULL;
        return code;
    }
    if (cli->now != 0) {
        carnet_db_set_time(cli->db, cli->now);
    }
    return 0;
}

int
cli_unlock(struct carnet_cli *cli, const char *handle, const char *why, carnet_actor **out)
{
    carnet_secbuf *pass = NULL;
    char prompt[160];
    int code = cli_open(cli, CLI_OPEN_WRITE), rc;

    *out = NULL;
    if (code != 0) {
        return code;
    }
    (void)snprintf(prompt, sizeof prompt, "Phrase de passe de '%s'%s : ", handle, why);
    code = cli_passphrase(cli, prompt, &pass);
    if (code != 0) {
        return code;
    }
    rc = carnet_actor_unlock(out, cli->db, handle, pass);
    carnet_secbuf_free(pass);
    if (rc != CARNET_OK) {
        return cli_fail(cli, rc, "déverrouillage");
    }
    return 0;
}

/* Where the actor's memory lives: $XDG_STATE_HOME/carnet, or
 * $HOME/.local/state/carnet (the XDG base directory default). */
static int
memory_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_STATE_HOME"); /* NOLINT(concurrency-mt-unsafe) */
    const char *home = getenv("HOME");          /* NOLINT(concurrency-mt-unsafe) */
    int n;

    if (xdg != NULL && xdg[0] == '/') {
        n = snprintf(out, size, "%s/carnet", xdg);
    } else if (home != NULL && home[0] == '/') {
        n = snprintf(out, size, "%s/.local/state/carnet", home);
    } else {
        return -1;
    }
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int
cli_memory_dir(struct carnet_cli *cli, char *out, size_t size)
{
    return memory_dir(out, size) == 0
               ? 0
               : cli_fail(cli, CARNET_EINVAL,
                          "mémoire locale : définissez HOME ou XDG_STATE_HOME (chemin absolu)");
}

/* Attach the actor's memory: every history she verifies or writes is
 * checked against, and moves, the heads she already saw. */
static int
cli_remember(struct carnet_cli *cli)
{
    char dir[4096];
    int code = cli_memory_dir(cli, dir, sizeof dir), rc;

    if (code != 0) {
        return code;
    }
    rc = carnet_memory_attach(cli->db, cli->actor, dir);
    return rc == CARNET_OK ? 0 : cli_fail(cli, rc, "mémoire locale");
}

int
cli_actor_unremembered(struct carnet_cli *cli)
{
    if (cli->actor != NULL) {
        return 0;
    }
    if (cli->as == NULL) {
        return cli_usage(cli, "l'option --as <acteur> est requise pour cette commande");
    }
    return cli_unlock(cli, cli->as, "", &cli->actor);
}

int
cli_actor(struct carnet_cli *cli)
{
    int code;

    if (cli->actor != NULL) {
        return 0;
    }
    code = cli_actor_unremembered(cli);
    return code != 0 ? code : cli_remember(cli);
}

void
cli_close(struct carnet_cli *cli)
{
    carnet_actor_free(cli->actor);
    cli->actor = NULL;
    carnet_db_close(cli->db);
    cli->db = NULL;
    if (cli->pass_stream != NULL) {
        (void)fclose(cli->pass_stream);
        cli->pass_stream = NULL;
    }
}
