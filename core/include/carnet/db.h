/* db.h - the workspace: one SQLite file holding a deployment and its carnets.
 * SPDX-License-Identifier: MIT
 *
 * A carnet_db handle is the entry point of the library. Every function that
 * takes it records a status and a French message in it, readable with
 * carnet_db_errmsg() until the next call on the same handle.
 *
 * Thread-safety: one handle per thread. Several processes may open the same
 * file; writers are serialised by SQLite and a busy workspace gives
 * CARNET_EBUSY after the busy timeout.
 */
#ifndef CARNET_DB_H
#define CARNET_DB_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/crypto.h>
#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An open workspace. */
typedef struct carnet_db carnet_db;

/** Longest handle (login name) of a principal, NUL excluded. */
#define CARNET_HANDLE_MAX 63
/** Longest display name of a deployment or structure, NUL excluded. */
#define CARNET_NAME_MAX 127

/** Flags of carnet_open_opts. */
enum carnet_open_flags {
    CARNET_OPEN_CREATE = 1 << 0,  /**< create the file when it does not exist */
    CARNET_OPEN_READONLY = 1 << 1 /**< open read-only: every change fails with CARNET_EIO */
};

/** Options of carnet_db_open(). Initialise with CARNET_OPEN_OPTS_INIT. */
typedef struct carnet_open_opts {
    int version;         /**< CARNET_OPEN_OPTS_VERSION */
    unsigned flags;      /**< carnet_open_flags */
    int busy_timeout_ms; /**< how long to wait for another writer (default 5000) */
} carnet_open_opts;

#define CARNET_OPEN_OPTS_VERSION 1
#define CARNET_OPEN_OPTS_INIT                                                                      \
    {                                                                                              \
        CARNET_OPEN_OPTS_VERSION, 0, 5000                                                          \
    }

/**
 * Open (and with CARNET_OPEN_CREATE, create) a workspace file and bring its
 * schema up to date.
 *
 * Constructor rule: *out is set on every path except CARNET_ENOMEM, and the
 * caller must call carnet_db_close(*out) even after a failure, so that
 * carnet_db_errmsg() can explain it.
 *
 * @param[out] out  the handle
 * @param[in]  path the file (symbolic links are refused)
 * @param[in]  opts options, or NULL for the defaults
 * @return CARNET_OK, CARNET_ENOINPUT (no such file), CARNET_ECORRUPT (not a
 *         carnet workspace, or damaged), CARNET_EBUSY, CARNET_EIO or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_db_open(carnet_db **out, const char *path,
                                               const carnet_open_opts *opts);

/** Close the workspace and free the handle. NULL is a no-op. */
CARNET_API void carnet_db_close(carnet_db *db);

/**
 * The message of the last call on @p db: "" after a success. Borrowed; valid
 * until the next call on @p db.
 */
CARNET_API const char *carnet_db_errmsg(const carnet_db *db);

/** The status of the last call on @p db. */
CARNET_API int carnet_db_errcode(const carnet_db *db);

/**
 * Fix the current time of the workspace (seconds since the Unix epoch), for
 * scenarios, demonstrations and tests; 0 goes back to the system clock.
 */
CARNET_API void carnet_db_set_time(carnet_db *db, int64_t now);

/** The current time as the workspace sees it. */
CARNET_API int64_t carnet_db_now(const carnet_db *db);

/** Parameters of carnet_db_init(). Initialise with CARNET_DEPLOYMENT_PARAMS_INIT. */
typedef struct carnet_deployment_params {
    int version;              /**< CARNET_DEPLOYMENT_PARAMS_VERSION */
    const char *name;         /**< territory, e.g. "Nord" */
    const char *department;   /**< code, e.g. "59" (2 or 3 characters) */
    const char *admin_handle; /**< handle of the deployment administrator */
    const carnet_secbuf *admin_passphrase;
    carnet_kdf_profile kdf; /**< profile of every key sealed in this workspace */
    const char *rules_json; /**< signed or unsigned rules; NULL for the defaults */
} carnet_deployment_params;

#define CARNET_DEPLOYMENT_PARAMS_VERSION 1
#define CARNET_DEPLOYMENT_PARAMS_INIT                                                              \
    {                                                                                              \
        CARNET_DEPLOYMENT_PARAMS_VERSION, NULL, NULL, NULL, NULL, CARNET_KDF_MODERATE, NULL        \
    }

/**
 * Set up a new, empty workspace: the deployment, its administrator's keys
 * (sealed under the passphrase with the chosen profile), the directory index
 * key and the sharing rules, signed by the administrator.
 *
 * @return CARNET_OK, CARNET_EEXISTS (already set up), CARNET_EINVAL (a
 *         parameter, named in the message), CARNET_ENOMEM, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_db_init(carnet_db *db, const carnet_deployment_params *p);

/** What carnet_db_info() reports. */
typedef struct carnet_db_info {
    char name[CARNET_NAME_MAX + 1];
    char department[8];
    char admin[CARNET_HANDLE_MAX + 1];
    carnet_kdf_profile kdf;
    int schema_version;
    int64_t created_at;
    int64_t structures;
    int64_t professionals;
    int64_t persons;
    int64_t carnets;
    int64_t entries;
    /** the administrator's key fingerprint, to compare out of band: every
     *  actor's memory pins this key on first use (memory.h) */
    char admin_fingerprint[CARNET_FPR_STRLEN];
} carnet_db_info;

/**
 * Describe the workspace.
 * @return CARNET_OK, CARNET_ENOTFOUND (not set up yet) or CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_db_info_get(carnet_db_info *out, carnet_db *db);

/** What carnet_db_check() found. */
typedef struct carnet_db_check_report {
    int ok;                    /**< everything below holds */
    int integrity_ok;          /**< PRAGMA integrity_check and foreign_key_check */
    int64_t carnets;           /**< carnets examined (erased ones excepted) */
    int64_t incomplete;        /**< carnets missing a section key or their first entries */
    int64_t broken;            /**< carnets whose audit chain does not verify */
    char message[256];         /**< French summary naming the first fault */
    int64_t history_broken;    /**< carnets whose verified history does not hold: a record
                                    missing or out of place, or an entry row that does not match
                                    its record (deleted, forged, altered, renumbered) */
    int64_t registry_records;  /**< records of the workspace's registry that verified */
    int64_t registry_attested; /**< of which attested by a migration (carnet_db_migrate) */
    int registry_broken;       /**< the registry does not hold (a record missing, altered or
                                    unauthorised), or is empty: then no carnet is examined */
    int64_t cache_mismatches;  /**< clear columns that disagree with the registry (a
                                    deactivation, the rules in force): decisions ignore them */
} carnet_db_check_report;

/**
 * Check a whole workspace without any key: SQLite's integrity and foreign
 * key checks, the registry (the workspace's verified history: certificates,
 * deactivations, rules) and the clear columns that cache it, every carnet complete (its eight
 * section keys and the entries of its creation), every audit chain verified, and every carnet's
 * verified history replayed with its entry rows checked against their records (by header and
 * commitment: an erased entry too). For after a crash or an incident.
 * @return CARNET_OK when the check could run (see out->ok), CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_db_check(carnet_db_check_report *out, carnet_db *db);

/* An unlocked principal (carnet/directory.h). */
typedef struct carnet_actor carnet_actor;

/** What carnet_db_migrate() attested. */
typedef struct carnet_db_migration {
    int64_t records;       /**< registry records written, the attestation included */
    int64_t structures;    /**< structures certified */
    int64_t professionals; /**< professionals certified */
    int64_t deactivations; /**< professionals recorded as deactivated */
    int64_t rules;         /**< the rules row recorded in force (0: none) */
    int64_t lookups;       /**< rows of the flows' index bound to their carnet */
} carnet_db_migration;

/**
 * Migrate a workspace created before the registry (schema 3 or older): the
 * administrator writes the registry from what the file holds, each
 * structure's and professional's certificate checked first, every
 * deactivation kept, the rules in force checked by their signature, and a
 * last record that attests them: they state what the file held at the
 * migration, not what was witnessed before. Until then every operation but
 * this one is refused (CARNET_EINTEGRITY, a message naming `carnet espace
 * migrer`). The rows of the flows' index written before schema 7 are bound
 * to their carnet too (a registry already written is then left as it is);
 * until then a flow record that meets one is refused. One transaction: on
 * failure nothing is written.
 * @return CARNET_OK, CARNET_ECONSENT (@p admin is not the administrator),
 *         CARNET_EEXISTS (the registry already has records and every index
 *         row is bound), CARNET_EAUTH (a
 *         certificate or the rules' signature does not verify: named in the
 *         message), CARNET_EBUSY, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_db_migrate(carnet_db_migration *out, carnet_db *db,
                                                  carnet_actor *admin);

/**
 * Crypto-shred what is left of erased data: VACUUM the file and truncate the
 * write-ahead log, so that freed pages keep no old bytes.
 * @return CARNET_OK, CARNET_EBUSY or CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_db_compact(carnet_db *db);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_DB_H */
