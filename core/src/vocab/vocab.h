/* vocab.h - what the words of a carnet mean: the coded lists, the kinds of
 * entry and their validation, the référentiel and the offer catalogue.
 * SPDX-License-Identifier: MIT
 *
 * Knows principals (handles named in entries), never a key.
 */
#ifndef CARNET_VOCAB_INT_H
#define CARNET_VOCAB_INT_H

#include <carnet/entry.h>
#include <carnet/kind.h>
#include <carnet/referentiel.h>
#include <carnet/vocab.h>

#include "directory/directory.h"

struct carnet__ref; /* référentiel, loaded lazily (referentiel.c) */

typedef struct carnet__kind carnet__kind;
/* The checks of a kind beyond its fields' types (vocab/kind_validate.c). */
typedef enum carnet__kind_check {
    CARNET__CHECK_NONE = 0,
    CARNET__CHECK_CONTRAT,
    CARNET__CHECK_DIAG_PRO,
    CARNET__CHECK_SOCIAL,
    CARNET__CHECK_SANTE,
    CARNET__CHECK_OBJECTIF,
    CARNET__CHECK_ACTION,
    CARNET__CHECK_COUNT
} carnet__kind_check;
struct carnet__vocab_row {
    const char *code;
    const char *label;
    const char *ext; /* external code (CAF), or NULL */
};
const struct carnet__vocab_row *carnet__vocab_rows(carnet_vocab v);
const struct carnet__vocab_row *carnet__vocab_find(carnet_vocab v, const char *code);
const struct carnet__vocab_row *carnet__vocab_find_ext(carnet_vocab v, const char *ext);
struct carnet__kind {
    const char *name;
    const char *label;
    uint16_t code;
    carnet_section section;
    /* 0: never superseded; 1: chains named by their root; 2: one chain;
     * 3: one chain a parcours: an orientation written after it starts the next */
    int versioned;
    int internal; /* written by the library only */
    const struct carnet__field *fields;
    /* extra checks needing the workspace (référentiel, handles, references) */
    carnet__kind_check check;
};
/* The kinds that set the carnet's status (entry.c, orientation.c) and the
 * chains that depend on them (records/entries.c). */
enum { CARNET__CODE_ORIENTATION = 12, CARNET__CODE_SORTIE = 73, CARNET__CODE_CLOTURE = 76 };
const carnet__kind *carnet__kind_by_name(const char *name);
const carnet__kind *carnet__kind_by_code(uint16_t code);
/* Parse and check a body; on success *out is the parsed tree (free with cJSON_Delete). */
int carnet__kind_parse(carnet_db *db, int64_t carnet, const carnet__kind *k, const char *json,
                       cJSON **out, char *msg, size_t msg_size);
void carnet__ref_free(struct carnet__ref *ref);
int carnet__rome_valid(carnet_db *db, const char *code);
extern const unsigned char carnet__embed_referentiel[];
extern const size_t carnet__embed_referentiel_len;
extern const unsigned char carnet__embed_rome[];
extern const size_t carnet__embed_rome_len;
extern const unsigned char carnet__embed_rules[];
extern const size_t carnet__embed_rules_len;
extern const unsigned char carnet__embed_data_inclusion[];
extern const size_t carnet__embed_data_inclusion_len;

#endif /* CARNET_VOCAB_INT_H */
