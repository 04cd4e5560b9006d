/* extern.c - a program outside the source tree, built against the installed
 * libcarnet through pkg-config (tests/install/run.sh): it creates a
 * workspace, describes it and checks it with the public API alone.
 * SPDX-License-Identifier: MIT
 *
 * usage: extern <workspace file>   (a file that does not exist yet)
 * Prints the library version, the workspace and the result of its check;
 * exits 0, or 1 with the library's message on stderr.
 */
#include <stdio.h>
#include <string.h>

#include <carnet/carnet.h>

static int
fail(const char *what, const carnet_db *db, int rc)
{
    (void)fprintf(stderr, "extern: %s: %s (%s)\n", what, db != NULL ? carnet_db_errmsg(db) : "",
                  carnet_strerror(rc));
    return 1;
}

static int
run(carnet_db **db, carnet_secbuf **pass, const char *path)
{
    static const char phrase[] = "phrase de passe de test";
    carnet_open_opts opts = CARNET_OPEN_OPTS_INIT;
    carnet_deployment_params params = CARNET_DEPLOYMENT_PARAMS_INIT;
    carnet_db_check_report report;
    carnet_db_info info;
    int rc;

    if ((rc = carnet_crypto_init()) != CARNET_OK) {
        return fail("carnet_crypto_init", NULL, rc);
    }
    if ((rc = carnet_secbuf_new(pass, 0)) != CARNET_OK ||
        (rc = carnet_secbuf_append(*pass, phrase, sizeof phrase - 1)) != CARNET_OK) {
        return fail("carnet_secbuf", NULL, rc);
    }
    opts.flags = CARNET_OPEN_CREATE;
    if ((rc = carnet_db_open(db, path, &opts)) != CARNET_OK) {
        return fail("carnet_db_open", *db, rc);
    }
    params.name = "Nord";
    params.department = "59";
    params.admin_handle = "admin";
    params.admin_passphrase = *pass;
    params.kdf = CARNET_KDF_FAST;
    if ((rc = carnet_db_init(*db, &params)) != CARNET_OK) {
        return fail("carnet_db_init", *db, rc);
    }
    if ((rc = carnet_db_info_get(&info, *db)) != CARNET_OK) {
        return fail("carnet_db_info_get", *db, rc);
    }
    if ((rc = carnet_db_check(&report, *db)) != CARNET_OK) {
        return fail("carnet_db_check", *db, rc);
    }
    (void)printf("carnet %s\n", carnet_version());
    (void)printf("espace %s (%s), administrateur %s, %lld carnet(s)\n", info.name, info.department,
                 info.admin, (long long)info.carnets);
    (void)printf("vérification : %s\n", report.ok ? "ok" : report.message);
    return report.ok ? 0 : 1;
}

int
main(int argc, char **argv)
{
    carnet_secbuf *pass = NULL;
    carnet_db *db = NULL;
    int status;

    if (argc != 2) {
        (void)fputs("usage: extern <fichier>\n", stderr);
        return 64;
    }
    /* The header the program was compiled with and the library it runs with. */
    if (strcmp(carnet_version(), CARNET_VERSION) != 0) {
        (void)fprintf(stderr, "extern: bibliothèque %s, en-têtes %s\n", carnet_version(),
                      CARNET_VERSION);
        return 1;
    }
    status = run(&db, &pass, argv[1]);
    carnet_db_close(db);
    carnet_secbuf_free(pass);
    return status;
}
