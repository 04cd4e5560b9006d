/* reader.h - reading a carnet: the fail-closed reader that decrypts the entries an
 * actor may see, section by section, each section read audited first.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_READER_H
#define CARNET_READER_H

#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif

#endif /* CARNET_READER_H */
