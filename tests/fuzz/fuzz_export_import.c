/* fuzz_export_import.c - the importer of a person's export (carnet_import).
 * SPDX-License-Identifier: MIT
 *
 * Properties: a refused export changes nothing (no carnet, no entry) and
 * says why; an accepted one adds exactly one carnet.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* With FUZZ_WRITE_SEED, the person's own export becomes the seed. */
static void
seed_once(fuzz_world *w)
{
    static int done; /* one per process */
    carnet_secbuf *doc = NULL;

    if (done) {
        return;
    }
    done = 1;
    FUZZ_REQUIRE(carnet_export(&doc, w->db, w->person) == CARNET_OK, "export");
    fuzz_write_seed(carnet_secbuf_data(doc), carnet_secbuf_len(doc));
    carnet_secbuf_free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_world *w = fuzz_world_get();
    char *json;
    char person[CARNET_HANDLE_MAX + 1] = "";
    carnet_secbuf *code = NULL;
    carnet_db_info before, after;
    int rc, explained;

    seed_once(w);
    json = fuzz_copy(data, size);
    before = fuzz_world_info(w);
    rc = carnet_import(person, &code, w->db, w->claire, json, size, NULL);
    explained = carnet_db_errmsg(w->db)[0] != '\0';
    after = fuzz_world_info(w);
    if (rc == CARNET_OK) {
        FUZZ_REQUIRE(after.carnets == before.carnets + 1, "an import adds one carnet");
        FUZZ_REQUIRE(person[0] != '\0' && code != NULL, "an import names the new person");
    } else {
        FUZZ_REQUIRE(rc == CARNET_EINVAL || rc == CARNET_ENOMEM, "documented status");
        FUZZ_REQUIRE(explained, "a refusal says why");
        FUZZ_REQUIRE(after.carnets == before.carnets && after.entries == before.entries &&
                         after.persons == before.persons,
                     "a refused import writes nothing");
    }
    carnet_secbuf_free(code);
    free(json);
    return 0;
}
