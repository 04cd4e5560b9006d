/* parcours.c - creating a carnet: the person, the carnet row, the first epoch keys
 * and the entries of the creation batch, in one transaction.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

/* ------------------------------------------------------------- creation */

carnet_actor *
carnet__actor_wrap(carnet_db *db, const carnet__principal *p, carnet_keypair *kp)
{
    carnet_actor *a = calloc(1, sizeof *a);

    if (a == NULL) {
        return NULL;
    }
    a->db = db;
    a->pid = p->pid;
    memcpy(a->id, p->id, CARNET_ID_BYTES);
    (void)carnet__strlcpy(a->handle, p->handle, sizeof a->handle);
    a->kind = p->kind;
    a->role = p->role;
    a->structure = p->structure;
    a->stype = p->stype;
    a->kp = kp;
    carnet_keypair_public(&a->pk, kp);
    return a;
}

void
carnet__actor_unwrap(carnet_actor *a)
{
    if (a != NULL) {
        a->kp = NULL; /* borrowed */
        carnet_actor_free(a);
    }
}

int
carnet__creation_begin(carnet_db *db, carnet_actor *creator, const carnet_secbuf *passphrase,
                       carnet__creation *cr)
{
    carnet_secbuf *norm = NULL;
    uint32_t epoch = 0;
    int rc;

    memset(cr, 0, sizeof *cr);
    if (creator == NULL || creator->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_ECONSENT, "un carnet est créé par un professionnel");
    }
    rc = carnet_keypair_generate(&cr->kp);
    if (rc == CARNET_OK) {
        rc = carnet_recovery_code_new(&cr->code);
    }
    if (rc == CARNET_OK) {
        rc = carnet_recovery_code_normalise(&norm, carnet_secbuf_str(cr->code));
    }
    if (rc != CARNET_OK) {
        return carnet__fail(db, rc, "génération des clés de la personne impossible");
    }
    rc = carnet__person_create(db, creator, cr->kp, passphrase, norm, &cr->person);
    carnet_secbuf_free(norm);
    if (rc != CARNET_OK) {
        return rc;
    }
    carnet_random(cr->c.id, CARNET_ID_BYTES);
    cr->c.person = cr->person.pid;
    cr->c.creator = creator->pid;
    cr->c.lifecycle = CARNET_LIFECYCLE_EN_COURS;
    cr->c.created_at = carnet_db_now(db);
    cr->c.next_no = 1;
    rc = carnet__carnet_insert(db, &cr->c);
    for (int s = 0; rc == CARNET_OK && s < CARNET_SECTION_COUNT; s++) {
        rc = carnet__epoch_new(db, &cr->c, s, NULL, cr->kp, NULL, 0, "init", &cr->keys[s], &epoch);
    }
    return rc;
}

int
carnet__creation_entry(carnet_db *db, carnet_actor *creator, carnet__creation *cr,
                       const carnet__kind *k, const char *canonical_json, int64_t supersedes,
                       int64_t *no_out)
{
    carnet__write w;
    cJSON *body;
    int rc;

    memset(&w, 0, sizeof w);
    w.kind = k;
    w.body = canonical_json;
    w.supersedes = supersedes;
    if (supersedes != 0) {
        int64_t head = 0;
        rc = carnet__entry_chain(db, &cr->c, k, supersedes, &head, &w.root);
        w.supersedes = head;
        if (rc != CARNET_OK) {
            return rc;
        }
    }
    rc = carnet__entry_insert(db, &cr->c, creator->kp, creator->pid, creator->id,
                              cr->keys[k->section], 0, &w, no_out);
    if (rc == CARNET_OK) {
        body = cJSON_Parse(canonical_json);
        rc = body != NULL ? carnet__entry_effects(db, &cr->c, k, body, *no_out,
                                                  w.root != 0 ? w.root : *no_out, creator->pid)
                          : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        carnet__json_wipe_delete(body);
    }
    return rc;
}

static int
set_creation_entries(carnet_db *db, const carnet__carnet *c)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_SET_CREATION_ENTRIES);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->next_no - 1);
    carnet__bind_int(st, 2, c->rowid);
    return carnet__exec_stmt(db, st, "création du carnet");
}

/* One write record per entry made at creation, after the create record:
 * the person's log shows what was written about her from the first day. */
static int
log_creation_entries(carnet_db *db, carnet_actor *creator, const carnet__carnet *c)
{
    carnet__statement *st;
    int64_t nos[64];
    int sections[64], n = 0, rc;

    if (c->creation_entries > 64) {
        return carnet__fail(db, CARNET_EINVAL, "trop d'entrées à la création d'un carnet");
    }
    st = carnet__stmt(db, CARNET__Q_LOG_CREATION_ENTRIES);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, c->creation_entries);
    while ((rc = carnet__step(st)) == CARNET__ROW && n < 64) {
        nos[n] = carnet__col_int(st, 0);
        sections[n++] = carnet__col_int32(st, 1);
    }
    carnet__reset(st);
    if (rc != CARNET__DONE && rc != CARNET__ROW) {
        return carnet__store_fail(db, rc, "lecture des entrées");
    }
    rc = CARNET_OK;
    for (int i = 0; rc == CARNET_OK && i < n; i++) {
        unsigned char commit[CARNET_HASH_BYTES];
        rc = carnet__entry_commit_of(db, c, nos[i], commit);
        rc = rc == CARNET_OK ? carnet__audit_commit(db, c, creator, CARNET_AUDIT_WRITE, sections[i],
                                                    nos[i], CARNET_OK, commit)
                             : rc;
    }
    return rc;
}

int
carnet__creation_finish(carnet_db *db, carnet_actor *creator, carnet__creation *cr,
                        const carnet_grant_params *grant)
{
    carnet_member_role role = creator->role == CARNET_ROLE_CHARGE_ORIENTATION
                                  ? CARNET_MEMBER_CHARGE_ORIENTATION
                                  : CARNET_MEMBER_ACCOMPAGNATEUR;
    int64_t no = 0;
    int rc = set_creation_entries(db, &cr->c);

    cr->c.creation_entries = cr->c.next_no - 1;
    if (rc == CARNET_OK) {
        rc = carnet__member_start(db, cr->c.rowid, creator->pid, role, creator->pid);
    }
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &cr->c, creator, CARNET_AUDIT_CREATE, -1, 0, CARNET_OK);
    }
    if (rc == CARNET_OK) {
        rc = log_creation_entries(db, creator, &cr->c);
    }
    if (rc == CARNET_OK && grant != NULL) {
        carnet_actor *person = carnet__actor_wrap(db, &cr->person, cr->kp);
        rc = person != NULL ? carnet__grant_insert(db, &cr->c, cr->kp, person, grant, &no)
                            : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        carnet__actor_unwrap(person);
    }
    return rc;
}

void
carnet__creation_release(carnet__creation *cr)
{
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        carnet_epoch_key_free(cr->keys[s]);
        cr->keys[s] = NULL;
    }
    carnet_keypair_free(cr->kp);
    cr->kp = NULL;
    carnet_secbuf_free(cr->code);
    cr->code = NULL;
}

static int
create_checks(carnet_db *db, carnet_actor *creator, const carnet_create_opts *o)
{
    if (creator == NULL || creator->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        return carnet__fail(db, CARNET_ECONSENT, "un carnet est créé par un professionnel");
    }
    if (o->version != CARNET_CREATE_OPTS_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "options de création invalides");
    }
    if (o->person_passphrase != NULL) {
        int rc = carnet__check_passphrase(db, o->person_passphrase, "la personne");
        if (rc != CARNET_OK) {
            return rc;
        }
        if (o->creator_sections == 0 || (o->creator_sections & ~CARNET_SECTIONS_ALL) != 0 ||
            (o->creator_access != CARNET_ACCESS_READ && o->creator_access != CARNET_ACCESS_WRITE)) {
            return carnet__fail(db, CARNET_EINVAL, "sections ouvertes au créateur invalides");
        }
    }
    return CARNET_OK;
}

int
carnet_create(char person_out[CARNET_HANDLE_MAX + 1], carnet_secbuf **code_out, carnet_db *db,
              carnet_actor *creator, const carnet_create_opts *opts)
{
    carnet_create_opts o = CARNET_CREATE_OPTS_INIT;
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    carnet__creation cr;
    cJSON *identite = NULL;
    char *canon = NULL;
    char msg[CARNET_ERRMSG_MAX];
    int64_t no = 0;
    int rc;

    person_out[0] = '\0';
    *code_out = NULL;
    memset(&cr, 0, sizeof cr);
    if (opts != NULL) {
        o = *opts;
    }
    rc = create_checks(db, creator, &o);
    if (rc == CARNET_OK && o.identite_json != NULL) {
        rc = carnet__kind_parse(db, 0, carnet__kind_by_name("identite"), o.identite_json, &identite,
                                msg, sizeof msg);
        rc = rc == CARNET_OK ? CARNET_OK : carnet__fail(db, rc, "%s", msg);
        canon = rc == CARNET_OK ? carnet__json_print(identite) : NULL;
        if (rc == CARNET_OK && canon == NULL) {
            rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    if (rc == CARNET_OK) {
        rc = carnet__begin(db);
    }
    if (rc == CARNET_OK) {
        rc = carnet__creation_begin(db, creator, o.person_passphrase, &cr);
    }
    if (rc == CARNET_OK && canon != NULL) {
        rc = carnet__creation_entry(db, creator, &cr, carnet__kind_by_name("identite"), canon, 0,
                                    &no);
    }
    if (rc == CARNET_OK) {
        g.grantee = creator->handle;
        g.sections = o.creator_sections;
        g.access = o.creator_access;
        g.method = CARNET_METHOD_ASSISTED;
        g.purpose = creator->role == CARNET_ROLE_CHARGE_ORIENTATION ? CARNET_PURPOSE_ORIENTATION
                                                                    : CARNET_PURPOSE_ACCOMPAGNEMENT;
        rc = carnet__creation_finish(db, creator, &cr, o.person_passphrase != NULL ? &g : NULL);
    }
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    }
    if (rc == CARNET_OK) {
        (void)carnet__strlcpy(person_out, cr.person.handle, CARNET_HANDLE_MAX + 1);
        *code_out = cr.code;
        cr.code = NULL;
    } else {
        carnet__rollback(db);
        carnet__actor_forget_keys(creator, cr.c.rowid);
    }
    carnet__creation_release(&cr);
    carnet__json_wipe_delete(identite);
    carnet__json_free_str(canon);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
