/* exchange_codes.c - the activation codes of the carnets a flow created,
 * kept sealed by the importing professional to herself until the person
 * activates her carnet, so that an import cut short loses no code.
 * SPDX-License-Identifier: MIT
 *
 * A row of activation_code holds carnet_self_seal(importer's keys,
 * ctx = "cdb/v1/activation-code" ‖ 0x00 ‖ person id ‖ person handle ‖ 0x00,
 * the code as printed). It is written in the transaction that creates the
 * carnet, deleted when the person recovers her keys (directory_actor.c)
 * or her carnet is erased (exchange_import.c). Only the importer opens it;
 * a row moved to another person, or written by anyone else, does not open.
 */
#include <string.h>

#include "adapters/flows.h"

enum { CODE_SEALED_BYTES = CARNET_RECOVERY_CODE_LEN + CARNET_SELF_SEAL_OVERHEAD };

static const char code_domain[] = "cdb/v1/activation-code";

/* The context a code is sealed in: the domain, the person's id and handle
 * (each string with its NUL). */
static size_t
code_ctx(unsigned char *out, const unsigned char id[CARNET_ID_BYTES], const char *handle)
{
    size_t n = strlen(handle) + 1;

    memcpy(out, code_domain, sizeof code_domain);
    memcpy(out + sizeof code_domain, id, CARNET_ID_BYTES);
    memcpy(out + sizeof code_domain + CARNET_ID_BYTES, handle, n);
    return sizeof code_domain + CARNET_ID_BYTES + n;
}

enum { CODE_CTX_MAX = sizeof code_domain + CARNET_ID_BYTES + CARNET_HANDLE_MAX + 1 };

int
carnet__activation_code_keep(carnet_db *db, carnet_actor *importer, const carnet__principal *person,
                             const carnet_secbuf *code)
{
    unsigned char ctx[CODE_CTX_MAX], sealed[CODE_SEALED_BYTES];
    size_t ctx_len = code_ctx(ctx, person->id, person->handle);
    carnet__statement *st;
    int rc;

    if (carnet_secbuf_len(code) != CARNET_RECOVERY_CODE_LEN) {
        return carnet__fail(db, CARNET_ERROR, "code d'activation de longueur inattendue");
    }
    rc = carnet_self_seal(sealed, importer->kp, ctx, ctx_len,
                          (const unsigned char *)carnet_secbuf_str(code), CARNET_RECOVERY_CODE_LEN);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "scellement du code d'activation impossible");
    }
    st = carnet__stmt(db, CARNET__Q_ACTIVATION_CODE_PUT);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, person->pid);
    carnet__bind_int(st, 2, importer->pid);
    carnet__bind_int(st, 3, carnet_db_now(db));
    carnet__bind_blob(st, 4, sealed, sizeof sealed);
    return carnet__exec_stmt(db, st, "code d'activation");
}

/* ------------------------------------------------------------- listing */

struct carnet_flow_code_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
    carnet_actor *importer;
    carnet_secbuf *code;
};

int
carnet_flow_codes_new(carnet_flow_code_iter **out, carnet_db *db, carnet_actor *importer)
{
    carnet_flow_code_iter *it;
    int rc;

    *out = NULL;
    if (importer == NULL || importer->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seul un professionnel garde des codes d'activation : ceux des "
                            "carnets que ses imports de flux ont créés");
    }
    it = carnet__iter_new(db, sizeof *it, CARNET__Q_ACTIVATION_CODE_LIST,
                          "lecture des codes d'activation");
    if (it == NULL) {
        return carnet__status(db);
    }
    rc = carnet_secbuf_new(&it->code, CARNET_RECOVERY_CODE_LEN);
    if (rc != CARNET_OK) {
        carnet__iter_free(it);
        return carnet__fail(db, rc, "mémoire insuffisante");
    }
    it->importer = importer;
    carnet__bind_int(it->cur.st, 1, importer->pid);
    *out = it;
    return carnet__ok(db);
}

int
carnet_flow_codes_next(carnet_flow_code_iter *it, carnet_flow_code *out)
{
    unsigned char id[CARNET_ID_BYTES], ctx[CODE_CTX_MAX];
    const void *sealed;
    size_t ctx_len, sealed_len = 0;
    int rc;

    memset(out, 0, sizeof *out);
    carnet_secbuf_clear(it->code);
    rc = carnet__cursor_next(&it->cur);
    if (rc != CARNET_OK) {
        return rc;
    }
    carnet__col_text(it->cur.st, 1, out->person, sizeof out->person);
    out->created_at = carnet__col_int(it->cur.st, 2);
    sealed = carnet__col_bytes(it->cur.st, 3, &sealed_len);
    rc = carnet__col_blob(it->cur.st, 0, id, sizeof id) == 0 && sealed != NULL ? CARNET_OK
                                                                               : CARNET_EAUTH;
    if (rc == CARNET_OK) {
        ctx_len = code_ctx(ctx, id, out->person);
        rc = carnet_self_open(it->code, it->importer->kp, ctx, ctx_len, sealed, sealed_len);
    }
    if (rc == CARNET_OK && carnet_secbuf_len(it->code) == CARNET_RECOVERY_CODE_LEN) {
        out->code = it->code;
        return carnet__ok(it->cur.db);
    }
    carnet_secbuf_clear(it->code);
    if (rc == CARNET_ENOMEM) {
        return carnet__fail(it->cur.db, rc, "mémoire insuffisante");
    }
    return carnet__fail(it->cur.db, CARNET_EAUTH,
                        "le code d'activation gardé pour '%s' ne s'ouvre pas (déplacé, modifié ou "
                        "scellé par un autre)",
                        out->person);
}

void
carnet_flow_codes_free(carnet_flow_code_iter *it)
{
    if (it != NULL) {
        carnet_secbuf_free(it->code);
        carnet__iter_free(it);
    }
}
