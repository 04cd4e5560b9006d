/* entry.h - entries: the encrypted, signed, append-only records of a carnet
 * (their kinds: carnet/kind.h; reading them: carnet/reader.h).
 * SPDX-License-Identifier: MIT
 *
 * Every entry has a kind (e.g. "diagnostic.pro", "plan.action",
 * "suivi.rdv") that fixes its section and the JSON fields of its body; the
 * kinds and their fields are listed in docs/entries.md and checked (carnet/kind.h),
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

/**
 * The entry a new one of a one-version kind (identite, diagnostic.pro,
 * suivi.sortie…: docs/entries.md) would supersede when written without
 * supersedes: the current version of that kind in the person's carnet, or 0
 * when the next one starts a chain of its own (none yet; for suivi.sortie,
 * an orientation since the latest exit: the parcours started again). Reads
 * clear rows only; no actor, no key.
 *
 * @param[out] no_out the entry's number, or 0
 * @return CARNET_OK, CARNET_EINVAL (unknown kind, or not a one-version
 *         kind), CARNET_ENOTFOUND (no such carnet), CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_entry_current(int64_t *no_out, carnet_db *db,
                                                     const char *person, const char *kind);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_ENTRY_H */
