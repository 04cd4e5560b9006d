/* kinds.h - entry kinds and their field specifications (private to core).
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CORE_KINDS_H
#define CARNET_CORE_KINDS_H

#include "vocab/vocab.h"

enum ftype {
    F_TEXT,     /* one line of text, at most max bytes */
    F_LONGTEXT, /* text with new lines, at most max bytes */
    F_DATE,     /* "YYYY-MM-DD" */
    F_TIME,     /* "HH:MM" */
    F_BOOL,
    F_INT,    /* integer in [min, max] */
    F_VOCAB,  /* code of a carnet_vocab list (min) */
    F_ENUM,   /* code of a carnet_enum_id list (min) */
    F_HANDLE, /* handle of a principal of the workspace */
    F_ROME,   /* ROME code, checked against the référentiel */
    F_REF,    /* number of an entry of kind min in the same carnet */
    F_POSTCODE,
    F_EMAIL,
    F_PHONE,
    F_OBJECT, /* object with sub fields */
    F_ARRAY,  /* array of at most max objects with sub fields, or texts if sub is NULL */
    F_ANY     /* any JSON value (archives) */
};

#define REQ 1u

struct carnet__field {
    const char *name;
    enum ftype type;
    unsigned flags;
    int min;
    int max;
    const struct carnet__field *sub;
};

/* Validate a body against a field table; msg names the kind and field. */
int carnet__validate_body(carnet_db *db, int64_t carnet, const char *kind,
                          const struct carnet__field *fields, const cJSON *body, char *msg,
                          size_t size);

enum { CARNET__CODE_AXE = 60, CARNET__CODE_OBJECTIF = 61 };

#endif /* CARNET_CORE_KINDS_H */
