/* carnet_version.c - library version.
 * SPDX-License-Identifier: MIT
 */
#include <carnet/carnet.h>

const char *
carnet_version(void)
{
    return CARNET_VERSION;
}
