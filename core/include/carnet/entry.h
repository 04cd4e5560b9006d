/* entry.h - entries: the encrypted, signed, append-only records of a carnet,
 * and the reader that decrypts what an actor is allowed to see.
 * SPDX-License-Identifier: MIT
 *
 * Every entry has a kind (e.g. "diagnostic.pro", "plan.action",
 * "suivi.rdv") that fixes its section and the JSON fields of its body; the
 * kinds and their fields are listed in docs/entries.md and checked here,
 * so a bad body is refused with a message naming the field. An edit is a
 * new entry that supersedes an older one of the same kind; nothing is ever
 * updated in place.
 *
 * Entries are numbered 1, 2, … within their carnet. A chain of edits keeps
 * the number of its first entry as its "root": that is how a plan action or
 * a rendez-vous is designated while it evolves.
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_ENTRY_H
#define CARNET_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Information about an entry kind. */
typedef struct carnet_kind_info {
    const char *name;  /**< e.g. "plan.action" (static storage) */
    const char *label; /**< French label (static storage) */
    carnet_section section;
    int versioned; /**< a new entry supersedes the previous one */
} carnet_kind_info;

/**
 * Look up a kind by name.
 * @return CARNET_OK or CARNET_EINVAL (unknown kind)
 */
CARNET_API CARNET_NODISCARD int carnet_kind_get(carnet_kind_info *out, const char *name);

/** Visit every kind: *it starts at 0. @return CARNET_OK or CARNET_ITEROVER */
CARNET_API int carnet_kind_next(carnet_kind_info *out, size_t *it);

/**
 * Check a body against its kind without writing anything.
 * @param[out] msg  on failure, a French message naming the field
 * @return CARNET_OK, CARNET_EINVAL or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_kind_validate(const char *kind, const char *json, char *msg,
                                                     size_t msg_size);

/** Options of carnet_entry_add(). */
typedef struct carnet_entry_opts {
    int version;        /**< CARNET_ENTRY_OPTS_VERSION */
    int64_t supersedes; /**< number (or root number) of the entry this one replaces, or 0 */
} carnet_entry_opts;

#define CARNET_ENTRY_OPTS_VERSION 1
#define CARNET_ENTRY_OPTS_INIT                                                                     \
    {                                                                                              \
        CARNET_ENTRY_OPTS_VERSION, 0                                                               \
    }

/**
 * Write an entry. The author must hold a valid write authorisation on the
 * kind's section, within the rules, and the key of its current epoch;
 * expired or revoked readers are rotated out first. The entry and its audit
 * record are written in one transaction; a refusal is itself audited.
 *
 * @param[out] no_out the new entry's number
 * @param[in]  json   the body (UTF-8 JSON object, at most 64 KiB)
 * @return CARNET_OK, CARNET_EINVAL (kind, body or supersedes; the message
 *         names the field), CARNET_ENOTFOUND (no such carnet), CARNET_ECONSENT
 *         (refused; the message says why), CARNET_EAUTH (a stored key failed
 *         to verify), CARNET_EBUSY, CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_entry_add(int64_t *no_out, carnet_db *db,
                                                 carnet_actor *author, const char *person,
                                                 const char *kind, const char *json,
                                                 const carnet_entry_opts *opts);

/**
 * Crypto-shred one entry (rectification): its wrapped data key and
 * ciphertext are deleted, its number, kind and signature stay so the
 * timeline and the audit chain still hold. Allowed to the person and to
 * the entry's author. Call carnet_db_compact() to purge freed pages.
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_entry_erase(carnet_db *db, carnet_actor *by,
                                                   const char *person, int64_t no);

/** Flags of carnet_read_opts. */
enum carnet_read_flags {
    CARNET_READ_SUPERSEDED = 1 << 0 /**< also return superseded versions */
};

/** What to read. Initialise with CARNET_READ_OPTS_INIT. */
typedef struct carnet_read_opts {
    int version;       /**< CARNET_READ_OPTS_VERSION */
    unsigned sections; /**< mask of sections */
    int64_t from;      /**< entries created at or after (0: no bound) */
    int64_t to;        /**< entries created before (0: no bound) */
    unsigned flags;    /**< carnet_read_flags */
} carnet_read_opts;

#define CARNET_READ_OPTS_VERSION 1
#define CARNET_READ_OPTS_INIT                                                                      \
    {                                                                                              \
        CARNET_READ_OPTS_VERSION, CARNET_SECTIONS_ALL, 0, 0, 0                                     \
    }

/** A reader over the entries an actor may decrypt. */
typedef struct carnet_reader carnet_reader;

/**
 * Open a reader. For each requested section the decision is taken now and
 * audited (one record per section read; one per section refused when the
 * sections were named, i.e. not CARNET_SECTIONS_ALL), and committed before
 * any plaintext is produced: if the audit cannot be written, the reader is
 * not opened and nothing is decrypted. Refused sections are skipped; their
 * reason is available from carnet_reader_section().
 *
 * Constructor rule: *out is set except on CARNET_ENOMEM; free it in all cases.
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EBUSY, CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_reader_open(carnet_reader **out, carnet_db *db,
                                                   carnet_actor *a, const char *person,
                                                   const carnet_read_opts *opts);

/**
 * The decision for one section: CARNET_OK when it is being read, otherwise
 * the refusal status with a French reason in *reason (borrowed for the
 * reader's lifetime).
 */
CARNET_API int carnet_reader_section(const carnet_reader *r, carnet_section s, const char **reason);

/** One decrypted entry. Every pointer is borrowed until the next call. */
typedef struct carnet_entry_view {
    int64_t no;
    int64_t root;          /**< number of the first entry of its chain */
    int64_t supersedes;    /**< 0 if none */
    int64_t superseded_by; /**< 0 if current */
    const char *kind;
    carnet_section section;
    int64_t created_at;
    const char *author; /**< handle */
    uint32_t epoch;
    int erased;       /**< crypto-shredded: body is NULL */
    const char *body; /**< JSON text */
} carnet_entry_view;

/**
 * Decrypt the next entry, in entry order. An entry that fails to verify is
 * reported as CARNET_EAUTH with its number in the message; the reader then
 * goes on with the next one.
 * @return CARNET_OK, CARNET_ITEROVER, CARNET_EAUTH, CARNET_ENOMEM, CARNET_EIO
 */
CARNET_API int carnet_reader_next(carnet_reader *r, carnet_entry_view *out);

/** The message of the last failure of the reader. Borrowed. */
CARNET_API const char *carnet_reader_errmsg(const carnet_reader *r);

/** Wipe and free a reader. NULL is a no-op. */
CARNET_API void carnet_reader_free(carnet_reader *r);

/** Clear facts about one entry (no decryption). */
typedef struct carnet_entry_meta {
    int64_t no;
    int64_t root;
    int64_t supersedes;
    int64_t superseded_by;
    char kind[32];
    carnet_section section;
    int64_t created_at;
    char author[CARNET_HANDLE_MAX + 1];
    uint32_t epoch;
    int erased;
} carnet_entry_meta;

/**
 * Get the clear facts of an entry by number.
 * @return CARNET_OK or CARNET_ENOTFOUND
 */
CARNET_API CARNET_NODISCARD int carnet_entry_meta_get(carnet_entry_meta *out, carnet_db *db,
                                                      const char *person, int64_t no);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_ENTRY_H */
