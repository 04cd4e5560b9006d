/* memory.h - what an actor remembers of a workspace, kept outside it: the
 * workspace's anchor and the latest head of every history she verified.
 * SPDX-License-Identifier: MIT
 *
 * A verified history proves that a workspace is consistent, not that it is
 * the latest: a file put back from an older copy verifies too. An actor's
 * memory, attached to a handle, refuses a history older than, or diverging
 * from, the one she already saw (CARNET_EROLLBACK), and an administrator's
 * key or workspace identity other than the one she first saw at that path.
 *
 * Thread-safety: one handle per thread; several processes of the same actor
 * may share a memory directory.
 */
#ifndef CARNET_MEMORY_H
#define CARNET_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Attach @p actor's memory to @p db. The memory is one file in @p dir
 * (created with mode 0700, the file 0600), named after the actor's public
 * key and the workspace's real path, never after anything the workspace
 * says. On first use the workspace's identity and its administrator's keys
 * are pinned; afterwards a different one is refused. From then on every
 * history verified or written through @p db is checked against, and moves,
 * what the actor remembers; a head never moves backwards.
 *
 * @param[in] actor unlocked; it must outlive the attachment (until the
 *            handle is closed or another actor's memory is attached)
 * @param[in] dir e.g. $XDG_STATE_HOME/carnet; the caller chooses it
 * @return CARNET_OK, CARNET_EROLLBACK (another anchor, or the memory
 *         was edited), CARNET_EIO, CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_memory_attach(carnet_db *db, carnet_actor *actor,
                                                     const char *dir);

/** A history of the workspace behind, or diverging from, the one remembered. */
typedef struct carnet_memory_loss {
    char what[CARNET_HANDLE_MAX + 16]; /**< "registre" or "carnet de <handle>" */
    int64_t seen;                      /**< the last record number the actor saw */
    int64_t found;                     /**< the workspace's last verified record (0: none) */
    int diverges; /**< record @c seen is not the one she saw (the history was rewritten) */
} carnet_memory_loss;

/**
 * Accept a legitimate restore: the workspace put back from an older copy of
 * itself after an incident. Unlike carnet_memory_attach() nothing is refused
 * for being older than, or diverging from, what @p actor remembers; the
 * anchor still is (a workspace whose identity or administrator's key changed
 * is not an older copy of the same one: CARNET_EROLLBACK), and so is a
 * history that does not verify (CARNET_EINTEGRITY).
 *
 * Lists in @p out (@p n items, free() it) every remembered history the
 * workspace is behind or diverges from: the records between the workspace's
 * head and the remembered one are what the restore loses. With @p confirm,
 * each carnet concerned gets a "restore" record by @p actor in its history
 * (the registry gets none: the carnet records and the caller's report are
 * the trace), then the remembered heads are replaced by the workspace's.
 * In every case the memory is attached to @p db on success, as by
 * carnet_memory_attach().
 *
 * @return CARNET_OK, CARNET_EROLLBACK, CARNET_EINTEGRITY, CARNET_EIO,
 *         CARNET_ENOMEM, CARNET_EINVAL
 */
CARNET_API CARNET_NODISCARD int carnet_memory_restore(carnet_db *db, carnet_actor *actor,
                                                      const char *dir, int confirm,
                                                      carnet_memory_loss **out, size_t *n);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_MEMORY_H */
