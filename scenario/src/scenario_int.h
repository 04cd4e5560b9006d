/* scenario_int.h - what the scenario engine's files share: the parsed
 * scenario, the run, the actors and the labels of entries and grants.
 * SPDX-License-Identifier: MIT
 *
 * The engine is a client of the public API (it plays what a program could
 * play): it includes no SQL and no cryptography. Its files form layers,
 * each calling only those below it:
 *
 *   scenario.c  scenario_run.c          parsing and checking a file; playing it
 *   scenario_steps.c  scenario_checks.c the actions; the expectations (tables)
 *   scenario_state.c                    the run's sentences, actors, reads, labels
 *   scenario_fields.c                   the typed fields: accessors and checking
 *
 * What the files share is named scn__* (types, functions) or SCN_* (macros):
 * libcarnet-scenario.a exports carnet_scenario_* (the public API) and scn__*
 * (internal, never declared in a public header), nothing else.
 */
#ifndef CARNET_SCENARIO_INT_H
#define CARNET_SCENARIO_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include <carnet/carnet.h>
#include <carnet/scenario.h>

#define SCN_MSG_MAX 512

/* What a label names. */
enum scn__label_kind { SCN_LABEL_ENTRY = 1, SCN_LABEL_GRANT, SCN_LABEL_REQUEST };

struct scn__label {
    const char *name;          /* borrowed from the scenario's tree */
    enum scn__label_kind kind; /* what it names */
    size_t defined_at;         /* index of the item that defines it */
};

/* An actor as declared ("acteurs"). */
struct scn__actor_def {
    const char *name;  /* "nom": the handle of structures and professionals */
    const char *label; /* display name */
    carnet_principal_kind kind;
    const char *phrase; /* demo passphrase */
    const cJSON *def;   /* the declaration */
};

/* The parsed scenario. */
struct carnet_scenario {
    cJSON *root;
    const char *title;
    const cJSON *steps; /* "etapes" */
    size_t n_items;
    struct scn__actor_def *actors; /* actors[0] is the administrator */
    size_t n_actors;
    struct scn__label *labels;
    size_t n_labels;
    int64_t start; /* "debut" at 00:00 UTC */
    char errmsg[SCN_MSG_MAX];
};

/* An actor during a run. */
struct scn__actor {
    const struct scn__actor_def *def;
    char handle[CARNET_HANDLE_MAX + 1]; /* "" until created */
    carnet_secbuf *pass;                /* the demo passphrase */
    carnet_secbuf *activation;          /* a person's code until she activates */
    carnet_actor *unlocked;             /* cached after the first use */
};

struct carnet_scenario_run {
    carnet_db *db;
    const carnet_scenario *s;
    struct scn__actor *actors; /* parallel to s->actors */
    int64_t *label_no;         /* parallel to s->labels; 0 until defined */
    size_t *label_owner;       /* the person (actor index) whose carnet numbers it */
    size_t next;               /* next item */
    int day;                   /* day of the previous item */
    int in_day;                /* items already played that day */
    carnet_scenario_report rep;
    char errmsg[SCN_MSG_MAX];
    char desc[SCN_MSG_MAX];   /* the event's description */
    char detail[SCN_MSG_MAX]; /* the event's detail */
};

/* ----------------------------------------------------- scenario_fields.c */

/* Record a parse failure in @p s; returns CARNET_EINVAL. */
int scn__fail(carnet_scenario *s, const char *fmt, ...) CARNET_PRINTF(2, 3);
/* Is @p w one of the space-separated @p words? */
int scn__word_in(const char *w, const char *words);
/* Check the value @p v of field @p name (path @p path, item @p item).
 * @return CARNET_OK, CARNET_EINVAL (message in @p s), CARNET_ENOTFOUND for
 *         a field name no item has */
int scn__check_value(carnet_scenario *s, const char *name, const char *path, const cJSON *v,
                     size_t item);
/* Check an expected refusal {"statut", "contient"}. */
int scn__check_refuse(carnet_scenario *s, const char *path, const cJSON *v);

/* The index of actor @p name, or -1. */
int scn__actor_find(const carnet_scenario *s, const char *name);
/* The index of label @p name, or -1. */
int scn__label_find(const carnet_scenario *s, const char *name);
/* A string member, or NULL. */
const char *scn__str(const cJSON *obj, const char *key);
/* A boolean member, or @p dflt when absent. */
int scn__bool(const cJSON *obj, const char *key, int dflt);
/* An integer member, or @p dflt when absent. */
int64_t scn__int(const cJSON *obj, const char *key, int64_t dflt);
/* A section mask member ("sections": string or array), or @p dflt. */
unsigned scn__sections(const cJSON *obj, const char *key, unsigned dflt);
/* A section mask as "identite,plan" in @p buf. */
const char *scn__sections_text(char buf[160], unsigned mask);
/* An enumeration member, or @p dflt when absent. */
int scn__enum(const cJSON *obj, const char *key, carnet_enum_id list, int dflt);

/* Replace every "@label" string under @p v by the entry number it names:
 * numbers[i] for label i of @p s (a run's label_no), or 1 when @p numbers is
 * NULL, to check a body before a run. */
int scn__subst_refs(cJSON *v, const carnet_scenario *s, const int64_t *numbers);

/* ----------------------------------------------------- scenario_state.c */

/* Format into r->detail / r->desc. */
void scn__detail(carnet_scenario_run *r, const char *fmt, ...) CARNET_PRINTF(2, 3);
void scn__desc(carnet_scenario_run *r, const char *fmt, ...) CARNET_PRINTF(2, 3);
/* The run's actor named by member @p key of @p item, or NULL. */
struct scn__actor *scn__actor_of(carnet_scenario_run *r, const cJSON *item, const char *key);
/* Display name of an actor. */
const char *scn__label_of(const struct scn__actor *a);
/* The unlocked library actor, or NULL with the reason in r->detail and
 * the status in *rc. */
carnet_actor *scn__unlock(carnet_scenario_run *r, struct scn__actor *a, int *rc);
/* The carnet named by the item's "personne" (the person in *who), or NULL
 * (reason in r->detail, status in *rc when @p rc is not NULL). */
const char *scn__carnet(carnet_scenario_run *r, const cJSON *item, struct scn__actor **who,
                        int *rc);

/* What an actor really decrypted (scn__read). */
struct scn__read_result {
    int entries; /* decrypted */
    int found;   /* @p want seen in a body */
    int leaked;  /* @p never seen in a body */
    int refused; /* a named section is closed (the first in why) */
    int locked;  /* entries of epochs whose key the reader never received */
    char why[256];
};

/* Open a reader as @p who on @p person's carnet and decrypt everything it
 * may read (audited like any read); entries under keys it never received
 * are counted, not failed.
 * @return CARNET_OK, or the status of the unlock or the reader (r->detail) */
int scn__read(carnet_scenario_run *r, struct scn__actor *who, const char *person,
              const carnet_read_opts *o, const char *want, const char *never,
              struct scn__read_result *out);

/* The number a label stands for, 0 if it is not defined (yet). */
int64_t scn__label_no(const carnet_scenario_run *r, const char *name);
/* Record the number of the item's label ("nom"), if any, in the carnet of
 * @p owner (numbers restart in each carnet). */
void scn__label_set(carnet_scenario_run *r, const cJSON *item, int64_t no,
                    const struct scn__actor *owner);
/* The person whose carnet numbers label @p name, or NULL. */
struct scn__actor *scn__label_owner(carnet_scenario_run *r, const char *name);

/* ---------------------------------------------------- scenario_steps.c */

/* An action: its field lists, for the parser, and how the run plays it. */
struct scn__action_spec {
    const char *code;
    const char *attempt;  /* "lire le carnet": what a refused step tried */
    unsigned actor_kinds; /* bits (1 << carnet_principal_kind) allowed to act */
    const char *required; /* space-separated field names */
    const char *optional;
    int (*play)(carnet_scenario_run *r, const cJSON *step, struct scn__actor *actor);
};

const struct scn__action_spec *scn__action_find(const char *code);

/* --------------------------------------------------- scenario_checks.c */

/* An expectation: its field lists, for the parser, and how the run checks it. */
struct scn__check_spec {
    const char *code;
    const char *required;
    const char *optional;
    /* Returns 1 when met, 0 when not, negative status on a fatal error. */
    int (*check)(carnet_scenario_run *r, const cJSON *exp);
};

const struct scn__check_spec *scn__check_find(const char *code);

#endif /* CARNET_SCENARIO_INT_H */
