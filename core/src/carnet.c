/* carnet.c - carnet rows, creation, listing and the groupe de suivi.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const status_codes[] = {NULL, "en_cours", "sorti", "suivi_post_emploi", "clos"};

static int
read_carnet(carnet_db *db, carnet__statement *st, carnet__carnet *out)
{
    int v = 0;

    memset(out, 0, sizeof *out);
    out->rowid = carnet__col_int(st, 0);
    if (carnet__col_blob(st, 1, out->id, CARNET_ID_BYTES) != 0 ||
        carnet_enum_parse(&v, CARNET_ENUM_STATUS, carnet__col_str(st, 4)) != 0) {
        return carnet__fail(db, CARNET_ECORRUPT, "carnet %lld endommagé", (long long)out->rowid);
    }
    out->person = carnet__col_int(st, 2);
    out->creator = carnet__col_int(st, 3);
    out->status = (carnet_status_code)v;
    out->created_at = carnet__col_int(st, 5);
    out->referent = carnet__col_int(st, 6);
    out->structure = carnet__col_int(st, 7);
    out->next_no = carnet__col_int(st, 8);
    out->creation_entries = carnet__col_int(st, 9);
    out->erased = carnet__col_int32(st, 10);
    return CARNET_OK;
}

static int
carnet_query(carnet_db *db, carnet__query q, int64_t key, const char *handle, carnet__carnet *out)
{
    carnet__statement *st = carnet__stmt(db, q);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    if (handle != NULL) {
        carnet__bind_text(st, 1, handle);
    } else {
        carnet__bind_int(st, 1, key);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        rc = read_carnet(db, st, out);
        carnet__reset(st);
        return rc;
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "carnet de '%s' introuvable",
                            handle != NULL ? handle : "?");
    }
    return carnet__store_fail(db, rc, "lecture du carnet");
}

int
carnet__carnet_by_person(carnet_db *db, const char *person, carnet__carnet *out)
{

    memset(out, 0, sizeof *out);
    if (person == NULL || !carnet__handle_valid(person)) {
        return carnet__fail(db, CARNET_ENOTFOUND, "carnet de '%s' introuvable",
                            person != NULL ? person : "");
    }
    return carnet_query(db, CARNET__Q_BY_PERSON, 0, person, out);
}

int
carnet__carnet_by_rowid(carnet_db *db, int64_t rowid, carnet__carnet *out)
{
    return carnet_query(db, CARNET__Q_BY_ROWID, rowid, NULL, out);
}

int
carnet__carnet_insert(carnet_db *db, carnet__carnet *c)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_id(st, 1, c->id);
    carnet__bind_int(st, 2, c->person);
    carnet__bind_int(st, 3, c->creator);
    carnet__bind_text(st, 4, status_codes[c->status]);
    carnet__bind_int(st, 5, c->created_at);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        c->rowid = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "création du carnet");
}

int
carnet__carnet_set_status(carnet_db *db, int64_t carnet, carnet_status_code st_code)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_SET_STATUS);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, status_codes[st_code]);
    carnet__bind_int(st, 2, carnet);
    return carnet__exec_stmt(db, st, "statut du carnet");
}

int
carnet__carnet_set_referent(carnet_db *db, int64_t carnet, int64_t referent, int64_t structure)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_SET_REFERENT);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_opt(st, 1, referent);
    carnet__bind_opt(st, 2, structure);
    carnet__bind_int(st, 3, carnet);
    return carnet__exec_stmt(db, st, "référent du carnet");
}

/* ------------------------------------------------------------- members */

static const char *const member_codes[] = {NULL, "referent", "accompagnateur", "charge_orientation",
                                           "commission"};

const char *
carnet_member_role_code(carnet_member_role r)
{
    return (int)r >= 1 && (int)r <= 4 ? member_codes[r] : NULL;
}

int
carnet__member_start(carnet_db *db, int64_t carnet, int64_t member, carnet_member_role role,
                     int64_t by)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMBER_START);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, member);
    carnet__bind_text(st, 3, member_codes[role]);
    carnet__bind_int(st, 4, carnet_db_now(db));
    carnet__bind_int(st, 5, by);
    return carnet__exec_stmt(db, st, "groupe de suivi");
}

int
carnet__member_end(carnet_db *db, int64_t carnet, int64_t member, int64_t by)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMBER_END);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet_db_now(db));
    carnet__bind_int(st, 2, by);
    carnet__bind_int(st, 3, carnet);
    carnet__bind_int(st, 4, member);
    return carnet__exec_stmt(db, st, "groupe de suivi");
}

static int
member_role_of(carnet_db *db, int64_t carnet, int64_t member, carnet_member_role *role)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_MEMBER_ROLE_OF);
    int rc;

    *role = (carnet_member_role)0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, member);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        const char *code = carnet__col_str(st, 0);
        for (int i = 1; i <= 4 && code != NULL; i++) {
            if (strcmp(member_codes[i], code) == 0) {
                *role = (carnet_member_role)i;
            }
        }
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE ? CARNET_OK
                                                   : carnet__store_fail(db, rc, "groupe de suivi");
}

int
carnet_member_invite(carnet_db *db, carnet_actor *by, const char *person, const char *member,
                     carnet_member_role role)
{
    carnet__principal m;
    carnet__carnet c;
    carnet_member_role current;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__principal_by_handle(db, member, &m);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (m.kind != CARNET_PRINCIPAL_PROFESSIONAL || m.deactivated_at != 0) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' n'est pas un professionnel actif", member);
    }
    if (role == CARNET_MEMBER_REFERENT || carnet_member_role_code(role) == NULL) {
        return carnet__fail(db, CARNET_EINVAL,
                            "rôle invalide (le référent se désigne par une orientation ou un "
                            "changement de référent)");
    }
    rc = member_role_of(db, c.rowid, by->pid, &current);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (by->pid != c.person && current == 0) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seuls la personne et les membres du groupe de suivi invitent");
    }
    rc = member_role_of(db, c.rowid, m.pid, &current);
    if (rc == CARNET_OK && current != 0) {
        return carnet__fail(db, CARNET_EEXISTS, "'%s' est déjà membre du groupe de suivi", member);
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = carnet__member_start(db, c.rowid, m.pid, role, by->pid);
    }
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &c, by, CARNET_AUDIT_MEMBER, -1, m.pid, CARNET_OK);
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

int
carnet_member_leave(carnet_db *db, carnet_actor *by, const char *person, const char *member)
{
    carnet__principal m;
    carnet__carnet c;
    carnet_member_role current;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = carnet__principal_by_handle(db, member, &m);
    }
    if (rc == CARNET_OK) {
        rc = member_role_of(db, c.rowid, m.pid, &current);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (current == 0) {
        return carnet__fail(db, CARNET_ENOTFOUND, "'%s' n'est pas membre du groupe de suivi",
                            member);
    }
    if (current == CARNET_MEMBER_REFERENT) {
        return carnet__fail(db, CARNET_EINVAL,
                            "le référent ne quitte pas le groupe : changez d'abord de référent");
    }
    if (by->pid != m.pid && by->pid != c.person) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "seuls la personne et le membre lui-même mettent fin à sa présence");
    }
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = carnet__member_end(db, c.rowid, m.pid, by->pid);
    }
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &c, by, CARNET_AUDIT_MEMBER, -1, m.pid, CARNET_OK);
    }
    rc = rc == CARNET_OK ? carnet__commit(db) : rc;
    if (rc != CARNET_OK) {
        carnet__rollback(db);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}

struct carnet_member_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_member_iter_new(carnet_member_iter **out, carnet_db *db, const char *person)
{
    carnet_member_iter *it;
    carnet__carnet c;
    int rc = carnet__carnet_by_person(db, person, &c);

    *out = NULL;
    if (rc != CARNET_OK) {
        return rc;
    }
    it = carnet__iter_new(db, sizeof *it, CARNET__Q_MEMBER_ITER_NEW, "groupe de suivi");
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(it->cur.st, 1, c.rowid);
    *out = it;
    return carnet__ok(db);
}

int
carnet_member_iter_next(carnet_member_iter *it, carnet_member_info *out)
{
    const char *role;
    int rc = carnet__cursor_next(&it->cur);

    if (rc != CARNET_OK) {
        return rc;
    }
    memset(out, 0, sizeof *out);
    carnet__col_text(it->cur.st, 0, out->member, sizeof out->member);
    carnet__col_text(it->cur.st, 1, out->structure, sizeof out->structure);
    role = carnet__col_str(it->cur.st, 2);
    for (int i = 1; i <= 4 && role != NULL; i++) {
        if (strcmp(member_codes[i], role) == 0) {
            out->role = (carnet_member_role)i;
        }
    }
    out->started_at = carnet__col_int(it->cur.st, 3);
    out->ended_at = carnet__col_int(it->cur.st, 4);
    carnet__col_text(it->cur.st, 5, out->started_by, sizeof out->started_by);
    return CARNET_OK;
}

void
carnet_member_iter_free(carnet_member_iter *it)
{
    carnet__iter_free(it);
}

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
    cr->c.status = CARNET_STATUS_EN_COURS;
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
        rc = carnet__audit(db, c, creator, CARNET_AUDIT_WRITE, sections[i], nos[i], CARNET_OK);
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
        rc = carnet__kind_parse(db, NULL, carnet__kind_by_name("identite"), o.identite_json,
                                &identite, msg, sizeof msg);
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

/* -------------------------------------------------------------- listing */

static void
read_info(carnet__statement *st, carnet_info *out)
{
    int v = CARNET_STATUS_EN_COURS;

    memset(out, 0, sizeof *out);
    carnet__col_text(st, 0, out->person, sizeof out->person);
    if (carnet_enum_parse(&v, CARNET_ENUM_STATUS, carnet__col_str(st, 1)) != CARNET_OK) {
        v = CARNET_STATUS_EN_COURS; /* the CHECK constraint makes this unreachable */
    }
    out->status = (carnet_status_code)v;
    out->created_at = carnet__col_int(st, 2);
    carnet__col_text(st, 3, out->created_by, sizeof out->created_by);
    carnet__col_text(st, 4, out->referent, sizeof out->referent);
    carnet__col_text(st, 5, out->structure, sizeof out->structure);
    out->entries = carnet__col_int(st, 6);
    out->last_entry_at = carnet__col_int(st, 7);
    out->reorientation_pending = carnet__col_int(st, 8);
    out->erased = carnet__col_int32(st, 9);
}

int
carnet_info_get(carnet_info *out, carnet_db *db, const char *person)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INFO_GET);
    int rc;

    memset(out, 0, sizeof *out);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, person);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        read_info(st, out);
    }
    carnet__reset(st);
    if (rc == CARNET__DONE) {
        return carnet__fail(db, CARNET_ENOTFOUND, "carnet de '%s' introuvable",
                            person != NULL ? person : "");
    }
    return rc == CARNET__ROW ? carnet__ok(db) : carnet__store_fail(db, rc, "lecture du carnet");
}

struct carnet_iter {
    carnet__cursor cur; /* first: see carnet__iter_new() */
};

int
carnet_iter_new(carnet_iter **out, carnet_db *db, const char *referent)
{
    carnet_iter *it = carnet__iter_new(db, sizeof *it, CARNET__Q_ITER_NEW, "lecture des carnets");

    *out = NULL;
    if (it == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(it->cur.st, 1, referent);
    *out = it;
    return carnet__ok(db);
}

int
carnet_iter_next(carnet_iter *it, carnet_info *out)
{
    int rc = carnet__cursor_next(&it->cur);

    if (rc == CARNET_OK) {
        read_info(it->cur.st, out);
    }
    return rc;
}

void
carnet_iter_free(carnet_iter *it)
{
    carnet__iter_free(it);
}
