/* main.c - the carnet program: global options and command dispatch.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include <carnet/carnet.h>

static const char usage_text[] = "usage: carnet [--version] [--help] <commande> [<args>]\n";

int
main(int argc, char **argv)
{
    if (carnet_crypto_init() != CARNET_OK) {
        (void)fputs("carnet: erreur: initialisation de libsodium impossible\n", stderr);
        return EX_SOFTWARE;
    }
    if (argc == 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        (void)printf("carnet %s\n", carnet_version());
        return EX_OK;
    }
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        (void)fputs(usage_text, stdout);
        return EX_OK;
    }
    (void)fputs(usage_text, stderr);
    return EX_USAGE;
}
