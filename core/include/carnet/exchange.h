/* exchange.h - what enters and leaves a workspace: flows from the CAF/MSA and
 * France Travail ("dites-le nous une fois"), and the person's complete export
 * and its import into another workspace.
 * SPDX-License-Identifier: MIT
 *
 * Thread-safety: one handle per thread.
 */
#ifndef CARNET_EXCHANGE_H
#define CARNET_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/crypto.h>
#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Kinds of flow (formats in docs/flows.md). */
typedef enum carnet_flow_kind {
    CARNET_FLOW_CAF = 1,           /**< CAF/MSA RSA flow, after the vrsb0801 fields */
    CARNET_FLOW_FRANCE_TRAVAIL = 2 /**< France Travail "principal" extract */
} carnet_flow_kind;

/** Stable code of a flow kind ("caf", "france_travail"), or NULL. */
CARNET_API const char *carnet_flow_kind_code(carnet_flow_kind k);

/** What happened to one record of a flow. */
typedef struct carnet_flow_result {
    size_t index;                       /**< position of the record in the file */
    char person[CARNET_HANDLE_MAX + 1]; /**< the carnet it went to, "" if none */
    int created;                        /**< a carnet was created for it */
    int unchanged;                      /**< already imported: nothing written */
    int entries;                        /**< entries written */
    int status;                         /**< CARNET_OK or the refusal for this record */
    char message[256];                  /**< French, names the record and field */
    /** For a created carnet: the activation code, to hand to the person.
     *  Borrowed: valid only during the callback. */
    const carnet_secbuf *activation_code;
} carnet_flow_result;

/**
 * Called once per record. Return 0 to go on, nonzero to stop the import
 * after this record (what was committed stays).
 */
typedef int (*carnet_flow_cb)(const carnet_flow_result *r, void *payload);

/** Totals of an import. */
typedef struct carnet_flow_summary {
    size_t records;
    size_t created;
    size_t updated;
    size_t unchanged;
    size_t refused;
} carnet_flow_summary;

/**
 * Import a flow. Each record is committed on its own, so an interrupted
 * import loses nothing it has committed and can be run again: a record
 * already imported is recognised by a keyed digest and skipped.
 *
 * With @p person, every record goes into that carnet (the importer needs
 * write access to the sections concerned); a record whose first name or
 * birth date differs from the carnet's identity is refused. Without, records are matched to
 * carnets by their CAF or France Travail identifier through a keyed blind
 * index; an unknown person gets a new carnet whose keys are sealed under an
 * activation code, passed to @p cb and kept, sealed to the importer, in the
 * same transaction (carnet_flow_codes_new lists it until the person
 * activates her carnet). The NIR is never stored.
 *
 * @param[in] cb called for each record, or NULL
 * A failure of the workspace itself on a record (CARNET_EIO: full disk,
 * read-only file system; CARNET_EBUSY; CARNET_ENOMEM) stops the import after
 * that record, which is reported refused; the records before it stay
 * committed and running the import again completes it.
 *
 * @return CARNET_OK (see the summary for refused records), CARNET_EINVAL
 *         (the file itself is malformed; the message gives the JSON path),
 *         CARNET_ECONSENT, CARNET_EBUSY, CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_flow_import(carnet_flow_summary *out, carnet_db *db,
                                                   carnet_actor *importer, carnet_flow_kind kind,
                                                   const char *json, size_t len, const char *person,
                                                   carnet_flow_cb cb, void *payload);

/**
 * An activation code kept for a carnet a flow created (see
 * carnet_flow_codes_new). The code is borrowed from the iterator: valid
 * until its next call, then wiped.
 */
typedef struct carnet_flow_code {
    char person[CARNET_HANDLE_MAX + 1]; /**< the person whose carnet it activates */
    int64_t created_at;                 /**< when her carnet was created */
    const carnet_secbuf *code;          /**< the code, NULL when its row is refused */
} carnet_flow_code;

/** Iterator over the activation codes an importer keeps. */
typedef struct carnet_flow_code_iter carnet_flow_code_iter;

/**
 * List the activation codes pending for the carnets that @p importer's flow
 * imports created: each code is kept in the workspace, sealed by the
 * importer to herself (carnet_self_seal, bound to the person), in the same
 * transaction as the carnet, so an import cut short after a commit loses
 * none. A code is deleted when the person activates her carnet
 * (carnet_actor_recover) or when the carnet is erased. Oldest first.
 *
 * @param[in] importer the professional who imported the flows
 * @return CARNET_OK, CARNET_ECONSENT (not a professional), CARNET_EIO,
 *         CARNET_ENOMEM; free with carnet_flow_codes_free()
 */
CARNET_API CARNET_NODISCARD int carnet_flow_codes_new(carnet_flow_code_iter **out, carnet_db *db,
                                                      carnet_actor *importer);

/**
 * The next code.
 * @return CARNET_OK; CARNET_EAUTH when this row does not open (moved from
 *         another person's row, altered, or not sealed by the importer):
 *         out->person names it, out->code is NULL, the handle's message
 *         says so and the next call goes on; CARNET_ITEROVER at the end;
 *         CARNET_EIO or CARNET_ENOMEM
 */
CARNET_API int carnet_flow_codes_next(carnet_flow_code_iter *it, carnet_flow_code *out);

/** Wipe the last code and free the iterator. NULL is a no-op. */
CARNET_API void carnet_flow_codes_free(carnet_flow_code_iter *it);

/**
 * Export the whole carnet for the person herself: every entry decrypted
 * (with its history), her authorisations, the membership history and the
 * audit chain, as one JSON document ("schema_version": 1). The export is
 * itself audited.
 *
 * @param[out] out the document, in guarded memory
 * @param[in]  person the person (only she may export)
 * @return CARNET_OK, CARNET_ECONSENT, CARNET_EAUTH, CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_export(carnet_secbuf **out, carnet_db *db,
                                              carnet_actor *person);

/**
 * Import a person's export into this workspace as a new carnet. Entries are
 * re-encrypted under the new carnet's keys; each keeps its original author,
 * date and number in an "origine" field. Authorisations and the audit chain
 * of the source are kept as an archive entry (they name principals of
 * another workspace and grant nothing here).
 *
 * @param[out] person_out  the new person's handle
 * @param[out] code_out    her new recovery (or activation) code
 * @param[in]  importer    a professional
 * @param[in]  passphrase  the person's new passphrase if she is present, else NULL
 * @return CARNET_OK, CARNET_EINVAL (malformed export; the message gives the
 *         JSON path), CARNET_ECONSENT, CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_import(char person_out[CARNET_HANDLE_MAX + 1],
                                              carnet_secbuf **code_out, carnet_db *db,
                                              carnet_actor *importer, const char *json, size_t len,
                                              const carnet_secbuf *passphrase);

/**
 * Erase a whole carnet (end of retention, or the person's request honoured):
 * every wrap and ciphertext is deleted (crypto-shredding), the person's
 * sealed keys too; the epoch rows (commitments to keys that no longer
 * exist anywhere), the clear metadata and the audit chain stay, with a
 * final "erase" record. Then the file is compacted.
 *
 * @param[in] by the person herself or the deployment administrator
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_erase(carnet_db *db, carnet_actor *by, const char *person);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_EXCHANGE_H */
