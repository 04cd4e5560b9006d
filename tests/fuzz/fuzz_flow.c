/* fuzz_flow.c - the CAF/MSA and France Travail flow importers
 * (carnet_flow_import); built twice, with FUZZ_FLOW_KIND set to each kind.
 * SPDX-License-Identifier: MIT
 *
 * Properties: every record is reported once and counted once; a refused
 * record writes no entry (its transaction is rolled back); a malformed file
 * writes nothing at all.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The Makefile sets it for each harness; the default is for the linters. */
#ifndef FUZZ_FLOW_KIND
#define FUZZ_FLOW_KIND CARNET_FLOW_CAF
#endif

struct seen {
    fuzz_world *w;
    size_t reported;
    int64_t entries; /* entries in the workspace after the previous record */
};

static int
on_record(const carnet_flow_result *r, void *payload)
{
    struct seen *s = payload;
    carnet_db_info now = fuzz_world_info(s->w);

    s->reported++;
    if (r->status != CARNET_OK) {
        FUZZ_REQUIRE(r->message[0] != '\0', "a refused record says why");
        FUZZ_REQUIRE(now.entries == s->entries, "a refused record writes no entry");
        FUZZ_REQUIRE(!r->created && r->activation_code == NULL, "a refused record creates nothing");
    } else if (r->created) {
        FUZZ_REQUIRE(r->activation_code != NULL, "a created carnet has an activation code");
    }
    s->entries = now.entries;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_world *w = fuzz_world_get();
    char *json = fuzz_copy(data, size);
    carnet_db_info before = fuzz_world_info(w), after;
    struct seen s = {w, 0, before.entries};
    carnet_flow_summary sum;
    /* Half of the inputs go into the named carnet, half by identifier. */
    const char *person = size > 0 && (data[size - 1] & 1) != 0 ? w->handle : NULL;
    int rc = carnet_flow_import(&sum, w->db, w->claire, FUZZ_FLOW_KIND, json, size, person,
                                on_record, &s);
    int explained = carnet_db_errmsg(w->db)[0] != '\0';

    after = fuzz_world_info(w);
    FUZZ_REQUIRE(sum.records == s.reported, "each record is reported once");
    FUZZ_REQUIRE(sum.records == sum.created + sum.updated + sum.unchanged + sum.refused,
                 "each record is counted once");
    FUZZ_REQUIRE(after.carnets == before.carnets + (int64_t)sum.created,
                 "one carnet per created record");
    FUZZ_REQUIRE(rc == CARNET_OK || rc == CARNET_EINVAL || rc == CARNET_ENOMEM,
                 "documented status (the workspace itself does not fail here)");
    FUZZ_REQUIRE(rc == CARNET_OK || explained, "a failure is explained");
    if (rc == CARNET_EINVAL) {
        FUZZ_REQUIRE(sum.records == 0 && after.entries == before.entries,
                     "a malformed file writes nothing");
    }
    free(json);
    return 0;
}
