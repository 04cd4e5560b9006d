/* exit.c - the one table from library statuses to exit codes (sysexits).
 * SPDX-License-Identifier: MIT
 *
 * carnet.1 reproduces this table under EXIT STATUS.
 */
#include <sysexits.h>

#include "cli.h"

struct exit_row {
    int status;
    int code;
};

static const struct exit_row exits[] = {
    {CARNET_OK, EX_OK},
    {CARNET_ERROR, EX_SOFTWARE},
    {CARNET_ENOMEM, EX_OSERR},
    {CARNET_ENOTFOUND, EX_DATAERR},
    {CARNET_EEXISTS, EX_CANTCREAT},
    {CARNET_EINVAL, EX_DATAERR},
    {CARNET_ECONSENT, EX_NOPERM},
    {CARNET_EAUTH, EX_DATAERR},
    {CARNET_EPASSPHRASE, EX_NOPERM},
    {CARNET_EBUSY, EX_TEMPFAIL},
    {CARNET_EIO, EX_IOERR},
    {CARNET_ECORRUPT, EX_DATAERR},
    {CARNET_ENOINPUT, EX_NOINPUT},
    {CARNET_EINTEGRITY, CLI_EXIT_INTEGRITY},
    {CARNET_EROLLBACK, CLI_EXIT_ROLLBACK},
};

int
cli_exit_code(int status)
{
    for (size_t i = 0; i < sizeof exits / sizeof exits[0]; i++) {
        if (exits[i].status == status) {
            return exits[i].code;
        }
    }
    return EX_SOFTWARE;
}
