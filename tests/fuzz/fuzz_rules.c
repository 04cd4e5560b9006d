/* fuzz_rules.c - the sharing rules parser (carnet_rules_parse).
 * SPDX-License-Identifier: MIT
 *
 * Properties: a refused file names its fault; parsing the same bytes twice
 * gives the same verdict and message.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = fuzz_copy(data, size);
    carnet_rules *a = NULL, *b = NULL;
    int ra = carnet_rules_parse(&a, json, size);
    int rb = carnet_rules_parse(&b, json, size);

    FUZZ_REQUIRE(ra == rb, "the same verdict twice");
    if (ra != CARNET_OK && ra != CARNET_ENOMEM) {
        FUZZ_REQUIRE(ra == CARNET_EINVAL, "documented status");
        FUZZ_REQUIRE(carnet_rules_errmsg(a)[0] != '\0', "a refusal names its fault");
        FUZZ_REQUIRE(strcmp(carnet_rules_errmsg(a), carnet_rules_errmsg(b)) == 0,
                     "the same message twice");
    }
    carnet_rules_free(a);
    carnet_rules_free(b);
    free(json);
    return 0;
}
