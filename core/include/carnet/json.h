/* json.h - the checks every JSON input of carnet passes (entries, identities,
 * flows, exports, scenarios, rules, catalogues), for programs that read JSON
 * of their own before handing it to the library.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: reentrant.
 */
#ifndef CARNET_JSON_H
#define CARNET_JSON_H

#include <stddef.h>

#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Check a JSON document as the library checks each of its JSON inputs.
 *
 * Refused: a text that is not one JSON document (the message gives the byte
 * offset), a document nested deeper than 1000 objects or lists, a NUL byte,
 * content after the document, an object with two members of the same name
 * (the message names the key and the object), and the escape \u0000 in a
 * string or a key (the message names the field).
 *
 * @param[in]  json      the text, @p len bytes (no terminating NUL needed)
 * @param[out] msg       on failure, a French message without prefix
 * @return CARNET_OK, CARNET_EINVAL or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_json_check(const char *json, size_t len, char *msg,
                                                  size_t msg_size);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_JSON_H */
