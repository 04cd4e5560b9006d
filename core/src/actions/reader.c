/* reader.c - reading entries: authorship checks, decryption, and the
 * fail-closed reader whose every section read is audited first.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

/* Did the author have the right to write this entry? */
static int
author_entitled(carnet_db *db, const carnet__carnet *c, const carnet__entry_row *row)
{
    const carnet__history *h;
    int64_t creator, creation_entries = 0;
    int yes = 0;
    int rc = carnet__history_get(db, c, &h);

    if (rc != CARNET_OK) {
        return rc;
    }
    /* The creator's first entries need no grant: who created the carnet and
     * how many entries the creation wrote come from the verified records,
     * not from the carnet row. */
    creator = carnet__history_creator(h, &creation_entries);
    if (row->author_pid == c->person ||
        (row->author_pid == creator && row->meta.no <= creation_entries)) {
        return CARNET_OK;
    }
    rc = carnet__write_authority(db, c, row->author_pid, (int)row->meta.section,
                                 row->meta.created_at, &yes);
    if (rc == CARNET_OK && !yes) {
        rc = carnet__fail(db, CARNET_EAUTH,
                          "entrée n°%lld refusée : '%s' n'avait pas le droit d'écrire dans la "
                          "section %s",
                          (long long)row->meta.no, row->meta.author,
                          carnet_enum_code(CARNET_ENUM_SECTION, (int)row->meta.section));
    }
    return rc;
}

int
carnet__entry_open(carnet_db *db, carnet_actor *a, const carnet__carnet *c, carnet__entry_row *row,
                   carnet_secbuf *out)
{
    carnet_envelope_header h;
    carnet__principal author;
    const carnet_epoch_key *k = NULL;
    int rc;

    carnet_secbuf_clear(out);
    rc = carnet__principal_trusted(db, row->author_pid, &author);
    if (rc == CARNET_OK) {
        rc = author_entitled(db, c, row);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    memset(&h, 0, sizeof h);
    memcpy(h.carnet, c->id, CARNET_ID_BYTES);
    memcpy(h.entry, row->id, CARNET_ID_BYTES);
    memcpy(h.author, author.id, CARNET_ID_BYTES);
    memcpy(h.supersedes, row->supersedes_id, CARNET_ID_BYTES);
    h.created_at = row->meta.created_at;
    h.epoch = row->meta.epoch;
    h.kind = row->kind_code;
    h.section = (uint8_t)row->meta.section;
    /* The signature is checked before any key is even looked up. */
    if (carnet_envelope_verify(&h, &row->env, &author.pk) != CARNET_OK) {
        return carnet__fail(db, CARNET_EAUTH,
                            "entrée n°%lld refusée : signature de '%s' invalide (entrée altérée, "
                            "déplacée ou forgée)",
                            (long long)row->meta.no, row->meta.author);
    }
    rc = carnet__epoch_key(db, a, c, (int)row->meta.section, row->meta.epoch, &k);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet_envelope_open(out, &h, &row->env, k, &author.pk);
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "entrée n°%lld : déchiffrement impossible",
                            (long long)row->meta.no);
    }
    return CARNET_OK;
}

int
carnet__entry_latest(carnet_db *db, carnet_actor *a, const carnet__carnet *c, const carnet__kind *k,
                     cJSON **out, int64_t *no_out)
{
    int64_t head = 0, root = 0;
    carnet__entry_row row;
    carnet_secbuf *buf = NULL;
    int rc = carnet__entry_chain(db, c, k, 0, &head, &root);

    *out = NULL;
    *no_out = head;
    if (rc != CARNET_OK || head == 0) {
        return rc;
    }
    rc = carnet__entry_row_get(db, c, head, &row);
    if (rc == CARNET_OK && row.meta.erased) {
        carnet_envelope_release(&row.env);
        return CARNET_OK;
    }
    if (rc == CARNET_OK) {
        rc = carnet_secbuf_new(&buf, 1024);
        rc = rc == CARNET_OK ? carnet__entry_open(db, a, c, &row, buf)
                             : carnet__fail(db, rc, "mémoire insuffisante");
    }
    carnet_envelope_release(&row.env);
    if (rc == CARNET_OK) {
        *out = cJSON_Parse(carnet_secbuf_str(buf));
        if (*out == NULL) {
            rc = carnet__fail(db, CARNET_ECORRUPT, "entrée n°%lld illisible", (long long)head);
        }
    }
    carnet_secbuf_free(buf);
    return rc;
}

/* ---------------------------------------------------------------- reader */

struct carnet_reader {
    carnet_db *db;
    carnet_actor *a;
    carnet__carnet c;
    carnet_read_opts opts;
    unsigned allowed; /* sections decided readable */
    int status[CARNET_SECTION_COUNT];
    char reason[CARNET_SECTION_COUNT][256];
    carnet__cursor cur;
    carnet__entry_row row;
    carnet_secbuf *body;
    char msg[CARNET_ERRMSG_MAX];
};

static int
decide_all(carnet_reader *r)
{
    carnet_db *db = r->db;
    carnet__principal who;
    int64_t now = carnet_db_now(db);
    int rc = carnet__principal_by_pid(db, r->a->pid, &who);

    for (int s = 0; rc == CARNET_OK && s < CARNET_SECTION_COUNT; s++) {
        carnet_decision d;
        if ((r->opts.sections & CARNET_SECTION_BIT(s)) == 0) {
            r->status[s] = CARNET_ECONSENT;
            (void)carnet__strlcpy(r->reason[s], "section non demandée", sizeof r->reason[s]);
            continue;
        }
        rc = carnet__decide(db, &who, &r->c, s, CARNET_ACCESS_READ, now, &d);
        if (rc != CARNET_OK) {
            break;
        }
        (void)carnet__strlcpy(r->reason[s], d.reason, sizeof r->reason[s]);
        r->status[s] = d.allowed ? CARNET_OK : CARNET_ECONSENT;
        if (d.allowed) {
            r->allowed |= CARNET_SECTION_BIT(s);
        }
        /* Reading "everything I may see" is not an attempt on the rest:
         * refusals are audited when sections were asked for by name. */
        if (d.allowed || r->opts.sections != CARNET_SECTIONS_ALL) {
            rc = carnet__audit(db, &r->c, r->a, CARNET_AUDIT_READ, s, 0,
                               d.allowed ? CARNET_OK : CARNET_ECONSENT);
        }
    }
    return rc;
}

int
carnet_reader_open(carnet_reader **out, carnet_db *db, carnet_actor *a, const char *person,
                   const carnet_read_opts *opts)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    carnet_reader *r;
    int rc;

    *out = NULL;
    r = calloc(1, sizeof *r);
    if (r == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    *out = r;
    r->db = db;
    r->a = a;
    r->opts = opts != NULL ? *opts : o;
    carnet_envelope_init(&r->row.env);
    rc = carnet__carnet_by_person(db, person, &r->c);
    if (rc == CARNET_OK) {
        rc = carnet_secbuf_new(&r->body, 1024);
        rc = rc == CARNET_OK ? CARNET_OK : carnet__fail(db, rc, "mémoire insuffisante");
    }
    /* Fail closed: the decisions and their audit records are committed
     * before anything is decrypted. */
    if (rc == CARNET_OK) {
        rc = carnet__begin(db);
        if (rc == CARNET_OK) {
            rc = decide_all(r);
            rc = rc == CARNET_OK ? carnet__commit(db) : rc;
            if (rc != CARNET_OK) {
                carnet__rollback(db);
                r->allowed = 0;
            }
        }
    }
    if (rc == CARNET_OK) {
        rc = carnet__cursor_open(&r->cur, db, CARNET__Q_READER_OPEN, "lecture des entrées");
        if (rc != CARNET_OK) {
            return rc;
        }
        carnet__bind_int(r->cur.st, 1, r->c.rowid);
        carnet__bind_int(r->cur.st, 2, r->allowed);
        carnet__bind_int(r->cur.st, 3, r->opts.from);
        carnet__bind_int(r->cur.st, 4, r->opts.to);
        rc = CARNET_OK;
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_reader_section(const carnet_reader *r, carnet_section s, const char **reason)
{
    if ((unsigned)s >= CARNET_SECTION_COUNT) {
        *reason = "section inconnue";
        return CARNET_EINVAL;
    }
    *reason = r->reason[s];
    return r->status[s];
}

static int
erasure_logged(carnet_db *db, const carnet__carnet *c, int64_t no)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_ERASURE_LOGGED);
    int rc, n = 0;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, no);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        n = carnet__col_int32(st, 0);
    }
    carnet__reset(st);
    if (rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture du journal");
    }
    return n > 0 ? CARNET_OK
                 : carnet__fail(db, CARNET_EAUTH,
                                "entrée n°%lld effacée sans trace au journal (fichier altéré ?)",
                                (long long)no);
}

int
carnet_reader_next(carnet_reader *r, carnet_entry_view *out)
{
    int rc;

    memset(out, 0, sizeof *out);
    if (r->cur.st == NULL) {
        return CARNET_ITEROVER;
    }
    for (;;) {
        carnet_envelope_release(&r->row.env);
        carnet_secbuf_clear(r->body);
        rc = carnet__cursor_next(&r->cur);
        if (rc == CARNET_ITEROVER) {
            return rc;
        }
        if (rc != CARNET_OK) {
            (void)carnet__strlcpy(r->msg, r->db->msg, sizeof r->msg);
            return rc;
        }
        rc = carnet__entry_row_read(r->db, r->cur.st, &r->row);
        if (rc != CARNET_OK) {
            return rc;
        }
        if ((r->opts.flags & CARNET_READ_SUPERSEDED) || r->row.meta.superseded_by == 0) {
            break;
        }
    }
    out->no = r->row.meta.no;
    out->root = r->row.meta.root;
    out->supersedes = r->row.meta.supersedes;
    out->superseded_by = r->row.meta.superseded_by;
    out->kind = r->row.meta.kind;
    out->section = r->row.meta.section;
    out->created_at = r->row.meta.created_at;
    out->author = r->row.meta.author;
    out->epoch = r->row.meta.epoch;
    out->erased = r->row.meta.erased;
    if (out->erased) {
        /* An erasure leaves a signed trace; bytes deleted without one are a loss. */
        rc = erasure_logged(r->db, &r->c, out->no);
        if (rc != CARNET_OK) {
            (void)carnet__strlcpy(r->msg, r->db->msg, sizeof r->msg);
        }
        return rc;
    }
    rc = carnet__entry_open(r->db, r->a, &r->c, &r->row, r->body);
    if (rc != CARNET_OK) {
        (void)carnet__strlcpy(r->msg, r->db->msg, sizeof r->msg);
        return rc;
    }
    out->body = carnet_secbuf_str(r->body);
    return CARNET_OK;
}

const char *
carnet_reader_errmsg(const carnet_reader *r)
{
    return r != NULL ? r->msg : "mémoire insuffisante";
}

void
carnet_reader_free(carnet_reader *r)
{
    if (r == NULL) {
        return;
    }
    carnet__cursor_close(&r->cur);
    carnet_envelope_release(&r->row.env);
    carnet_secbuf_free(r->body);
    free(r);
}
