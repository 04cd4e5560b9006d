/* fuzz_scenario.c - the scenario parser (carnet_scenario_parse).
 * SPDX-License-Identifier: MIT
 *
 * Properties: a refused scenario names its fault; parsing the same bytes
 * twice gives the same verdict and the same message.
 */
#include <stdlib.h>
#include <string.h>

#include <carnet/scenario.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = fuzz_copy(data, size);
    carnet_scenario *a = NULL, *b = NULL;
    int ra = carnet_scenario_parse(&a, json, size);
    int rb = carnet_scenario_parse(&b, json, size);

    FUZZ_REQUIRE(ra == rb, "the same verdict twice");
    if (ra != CARNET_OK && ra != CARNET_ENOMEM) {
        FUZZ_REQUIRE(ra == CARNET_EINVAL, "documented status");
        FUZZ_REQUIRE(carnet_scenario_errmsg(a)[0] != '\0', "a refusal names its fault");
        FUZZ_REQUIRE(strcmp(carnet_scenario_errmsg(a), carnet_scenario_errmsg(b)) == 0,
                     "the same message twice");
    }
    carnet_scenario_free(a);
    carnet_scenario_free(b);
    free(json);
    return 0;
}
