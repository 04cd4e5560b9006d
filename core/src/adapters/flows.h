/* flows.h - the flows of the CAF/MSA and of France Travail: each mapper
 * turns one record into entry bodies, the engine (exchange_flows.c) matches and
 * imports them.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_FLOWS_INT_H
#define CARNET_FLOWS_INT_H

#include <stddef.h>

#include "actions/actions.h"

/* What one record maps to: bodies per kind (NULL when absent) and the
 * identifier that designates the person. */
typedef struct carnet__mapped {
    cJSON *identite;
    cJSON *droits;
    cJSON *diag_pro;
    cJSON *contrat;
    cJSON *social;
    char match[96];    /* "caf:<matricule>:<prénom>:<date>" or "france_travail:<id>" */
    char label[64];    /* how to name the record in messages, without personal data */
    char mistyped[96]; /* the first field read that is not a string ("a.b.c"), or "" */
    const char *found; /* its JSON type, in French ("un nombre", ...) */
} carnet__mapped;

/* Wipe and free the bodies, and zero @p m. */
void carnet__mapped_free(carnet__mapped *m);

/* The value at o.a.b.c (b and c may be NULL), or NULL. */
const cJSON *carnet__json_path(const cJSON *o, const char *a, const char *b, const char *c);
/* The non-empty string at o.a.b.c, or NULL. A value there that is neither
 * a string nor null is noted in m->mistyped (the first one only). */
const char *carnet__json_str_at(carnet__mapped *m, const cJSON *o, const char *a, const char *b,
                                const char *c);
/* Add a string when @p val is not NULL; 0 when out of memory. */
int carnet__json_add_str(cJSON *o, const char *key, const char *val);
/* Add a boolean from a flow's flag ("1" or "OUI" is true) when given. */
int carnet__json_add_flag(cJSON *o, const char *key, const char *flag);
/* Add a name written in capitals as "Nicolas" when given. */
int carnet__json_add_name(cJSON *o, const char *key, const char *val);

/* Map one record: 1 when mapped, 0 when an identifier or a required field
 * is missing or a field read is not a string (m->label names the record,
 * m->mistyped the field), -1 when out of memory. */
int carnet__map_caf(carnet__mapped *m, const cJSON *foyer, const cJSON *personne, size_t index);
int carnet__map_france_travail(carnet__mapped *m, const cJSON *rec, size_t index);

/* In the transaction that creates @p person's carnet from a flow: keep her
 * activation code sealed by @p importer to herself (exchange_codes.c). */
int carnet__activation_code_keep(carnet_db *db, carnet_actor *importer,
                                 const carnet__principal *person, const carnet_secbuf *code);

#endif /* CARNET_FLOWS_INT_H */
