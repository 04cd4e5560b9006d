/* scenario.h - playing a whole parcours from a JSON file: actors, steps on
 * day offsets, and expectations about who may read what, checked as they
 * come. This is how carnet serves demonstrators, rule testers and trainers.
 * SPDX-License-Identifier: MIT
 *
 * The format is documented in docs/scenarios.md. A run plays the file on an
 * empty workspace (created with the fast key profile, since the actors'
 * passphrases are written in the file: scenarios are for demonstration and
 * testing only). Each call to carnet_scenario_next() performs one item
 * (a step or an expectation) and reports it, so a caller can narrate, pause
 * or show views between items.
 *
 * Thread-safety: one run per thread.
 */
#ifndef CARNET_SCENARIO_H
#define CARNET_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>
#include <carnet/model.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed scenario file. */
typedef struct carnet_scenario carnet_scenario;

/**
 * Parse and check a scenario. On failure the message names the JSON path of
 * the fault, e.g. "etapes[4].section : section inconnue 'sante2'".
 *
 * Constructor rule: *out is set except on CARNET_ENOMEM; free it in all cases.
 * @return CARNET_OK, CARNET_EINVAL or CARNET_ENOMEM
 */
CARNET_NODISCARD int carnet_scenario_parse(carnet_scenario **out, const char *json, size_t len);

/** Free a scenario. NULL is a no-op. */
void carnet_scenario_free(carnet_scenario *s);

/** The message of the last failure on @p s. Borrowed. */
const char *carnet_scenario_errmsg(const carnet_scenario *s);

/** The scenario's title ("titre"). Borrowed. */
const char *carnet_scenario_title(const carnet_scenario *s);

/** Number of items (steps and expectations). */
size_t carnet_scenario_length(const carnet_scenario *s);

/** Options of a run. Initialise with CARNET_SCENARIO_OPTS_INIT. */
typedef struct carnet_scenario_opts {
    int version;            /**< CARNET_SCENARIO_OPTS_VERSION */
    const char *rules_json; /**< rules to play under instead of the scenario's, or NULL */
} carnet_scenario_opts;

#define CARNET_SCENARIO_OPTS_VERSION 1
#define CARNET_SCENARIO_OPTS_INIT                                                                  \
    {                                                                                              \
        CARNET_SCENARIO_OPTS_VERSION, NULL                                                         \
    }

/** A scenario being played. */
typedef struct carnet_scenario_run carnet_scenario_run;

/**
 * Start playing @p s on @p db, which must be an empty workspace: the
 * territory, its structures and professionals are created first.
 *
 * Constructor rule: *out is set except on CARNET_ENOMEM; free it in all cases
 * (before @p s and @p db).
 * @return CARNET_OK, CARNET_EINVAL (bad rules), CARNET_EEXISTS (workspace not
 *         empty), CARNET_EIO, CARNET_ENOMEM; the message is in the run
 */
CARNET_NODISCARD int carnet_scenario_start(carnet_scenario_run **out, carnet_db *db,
                                           const carnet_scenario *s,
                                           const carnet_scenario_opts *opts);

/** Free a run. NULL is a no-op. */
void carnet_scenario_run_free(carnet_scenario_run *r);

/** What an item is. */
typedef enum carnet_scenario_item {
    CARNET_SCENARIO_STEP = 1,       /**< an operation performed by an actor */
    CARNET_SCENARIO_EXPECTATION = 2 /**< a check */
} carnet_scenario_item;

/** The report of one item. Strings are borrowed until the next call. */
typedef struct carnet_scenario_event {
    size_t index; /**< position in "etapes" */
    carnet_scenario_item item;
    int day;    /**< day offset */
    int64_t at; /**< time of the workspace when it was played */
    /** Scenario name of the acting actor ("" for an expectation without one). */
    const char *actor;
    const char *what;        /**< the action or expectation code */
    const char *description; /**< one French sentence saying what happened */
    const char *narration;   /**< the training text of the item, or "" */
    int ok;                  /**< step done as expected, or expectation met */
    int status;              /**< the library status of a step (CARNET_OK…) */
    const char *detail;      /**< why: the failure, or the explanation of a decision */
} carnet_scenario_event;

/**
 * Play the next item and report it. A failed step stops nothing by itself:
 * an unexpected refusal is reported (ok = 0) and the run goes on, so every
 * failing expectation is named.
 * @return CARNET_OK, CARNET_ITEROVER at the end, or an error that stops the
 *         run (CARNET_EIO, CARNET_ENOMEM…)
 */
int carnet_scenario_next(carnet_scenario_run *r, carnet_scenario_event *ev);

/** The message of the last failure of the run. Borrowed. */
const char *carnet_scenario_run_errmsg(const carnet_scenario_run *r);

/** Totals so far. */
typedef struct carnet_scenario_report {
    size_t steps;
    size_t steps_failed;
    size_t expectations;
    size_t expectations_failed;
} carnet_scenario_report;

void carnet_scenario_report_get(const carnet_scenario_run *r, carnet_scenario_report *out);

/** One actor of the scenario, as created in the workspace. */
typedef struct carnet_scenario_actor {
    const char *name;  /**< the scenario's name ("nicolas") */
    const char *label; /**< the display name ("Nicolas") */
    /** The workspace handle ("p-7k3mq2xa" for a person), "" until created. */
    const char *handle;
    carnet_principal_kind kind;
} carnet_scenario_actor;

/** Number of actors declared by the scenario. */
size_t carnet_scenario_actor_count(const carnet_scenario_run *r);

/**
 * The actor at @p i (0 ≤ i < count). Strings borrowed for the run's lifetime.
 * @return CARNET_OK or CARNET_EINVAL
 */
int carnet_scenario_actor_get(const carnet_scenario_run *r, size_t i, carnet_scenario_actor *out);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_SCENARIO_H */
