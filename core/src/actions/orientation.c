/* orientation.c - orientation, change of référent and réorientation.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "actions/actions.h"

static int
write_internal(carnet_db *db, carnet_actor *by, carnet__carnet *c, const char *kind, cJSON *body,
               int64_t *no_out)
{
    const carnet__kind *k = carnet__kind_by_name(kind);
    carnet__write w;
    char *canon = body != NULL ? carnet__json_print(body) : NULL;
    int rc;

    if (canon == NULL) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    memset(&w, 0, sizeof w);
    w.kind = k;
    w.body = canon;
    rc = carnet__entry_chain(db, c, k, 0, &w.supersedes, &w.root);
    if (rc == CARNET_OK) {
        rc = carnet__entry_write(db, by, c, &w, no_out);
    }
    carnet__json_free_str(canon);
    return rc;
}

static int
check_person_actor(carnet_db *db, const carnet__carnet *c, const carnet_actor *person_actor)
{
    if (person_actor != NULL && person_actor->pid != c->person) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "'%s' n'est pas la personne de ce carnet : son accord ne vaut pas",
                            person_actor->handle);
    }
    return CARNET_OK;
}

static int
check_referent(carnet_db *db, const char *handle, carnet__principal *ref,
               const carnet__principal *structure)
{
    int rc = carnet__principal_by_handle(db, handle, ref);

    if (rc != CARNET_OK) {
        return rc;
    }
    if (ref->kind != CARNET_PRINCIPAL_PROFESSIONAL || ref->role != CARNET_ROLE_REFERENT ||
        ref->deactivated_at != 0) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' n'est pas un référent de parcours actif",
                            handle);
    }
    if (structure != NULL && ref->structure != structure->pid) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' n'appartient pas à la structure '%s'", handle,
                            structure->handle);
    }
    return CARNET_OK;
}

/* The record of a new référent, committing to him and his structure. */
static int
referent_record(carnet_db *db, carnet_actor *by, const carnet__carnet *c,
                const carnet__principal *ref)
{
    unsigned char commit[CARNET_HASH_BYTES];
    carnet__principal st;
    int rc = carnet__principal_by_pid(db, ref->structure, &st);

    if (rc == CARNET_OK) {
        carnet__referent_commit(commit, c->id, 0, ref->id, st.id);
        rc =
            carnet__audit_commit(db, c, by, CARNET_AUDIT_REFERENT, -1, ref->pid, CARNET_OK, commit);
    }
    return rc;
}

/* The current référent, from the verified history (the carnet row is
 * checked against it), or from the row for a carnet oriented before
 * orientations committed to their référent. */
static int
current_referent(carnet_db *db, const carnet__carnet *c, int64_t *out)
{
    const carnet__history *h = NULL;
    int known = 0;
    int rc = carnet__history_get(db, c, &h);

    *out = 0;
    if (rc == CARNET_OK) {
        *out = carnet__history_referent(h, &known);
        *out = known ? *out : c->referent;
    }
    return rc;
}

/* The authorisation the person gives a new référent (@p sections 0: none). */
static const carnet_grant_params *
referent_grant(carnet_grant_params *g, const carnet__principal *ref, unsigned sections,
               carnet_scope scope, int64_t since)
{
    carnet_grant_params init = CARNET_GRANT_PARAMS_INIT;

    *g = init;
    g->grantee = ref->handle;
    g->sections = sections;
    g->access = CARNET_ACCESS_WRITE;
    g->scope = scope;
    g->since = since;
    g->method = CARNET_METHOD_ASSISTED;
    return g;
}

/* Make @p ref the single current référent, inside the transaction: the
 * former one's authorisations revoked first (with @p revoke_old), then the
 * rows and the référent record together, then the new authorisation. */
static int
set_referent(carnet_db *db, carnet_actor *by, carnet_actor *person_actor, carnet__carnet *c,
             const carnet__principal *ref, const carnet_grant_params *g, int revoke_old)
{
    int64_t old = 0, no = 0;
    int rc = current_referent(db, c, &old);

    if (rc == CARNET_OK && old != 0 && old != ref->pid && revoke_old && person_actor != NULL) {
        rc = carnet__grant_revoke_pid(db, c, person_actor, old);
    }
    if (rc == CARNET_OK && old != 0 && old != ref->pid) {
        rc = carnet__member_end(db, c->rowid, old, by->pid);
        if (rc == CARNET_OK) {
            /* The former référent stays in the groupe de suivi. */
            rc = carnet__member_start(db, c->rowid, old, CARNET_MEMBER_ACCOMPAGNATEUR, by->pid);
        }
        if (rc == CARNET_OK) {
            rc = carnet__fact(db, c, "referent", 0, 0, carnet_db_now(db), NULL, 0);
        }
    }
    if (rc == CARNET_OK && old != ref->pid) {
        rc = carnet__member_end(db, c->rowid, ref->pid, by->pid);
        if (rc == CARNET_OK) {
            rc = carnet__member_start(db, c->rowid, ref->pid, CARNET_MEMBER_REFERENT, by->pid);
        }
        if (rc == CARNET_OK) {
            rc = carnet__carnet_set_referent(db, c->rowid, ref->pid, ref->structure);
            c->referent = ref->pid;
            c->structure = ref->structure;
        }
        if (rc == CARNET_OK) {
            rc = referent_record(db, by, c, ref);
        }
    }
    if (rc == CARNET_OK && person_actor != NULL && g->sections != 0) {
        rc = carnet__grant_insert(db, c, person_actor->kp, person_actor, g, &no);
    }
    return rc;
}

static int
orient_body(carnet_db *db, const carnet_orient_params *p, cJSON **out)
{
    cJSON *b = cJSON_CreateObject();
    int ok = b != NULL &&
             cJSON_AddStringToObject(
                 b, "type", carnet_enum_code(CARNET_ENUM_ORIENTATION, (int)p->type)) != NULL &&
             cJSON_AddStringToObject(b, "structure", p->structure) != NULL &&
             cJSON_AddStringToObject(b, "referent", p->referent) != NULL &&
             (p->dispositif == NULL ||
              cJSON_AddStringToObject(b, "dispositif", p->dispositif) != NULL) &&
             (p->motif == NULL || cJSON_AddStringToObject(b, "motif", p->motif) != NULL);

    *out = b;
    if (!ok) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    return CARNET_OK;
}

static int
orient_checks(carnet_db *db, const carnet_orient_params *p, carnet__principal *structure,
              carnet__principal *ref, cJSON **body)
{
    char msg[CARNET_ERRMSG_MAX];
    cJSON *checked = NULL;
    char *text = NULL;
    int rc;

    if (p == NULL || p->version != CARNET_ORIENT_PARAMS_VERSION ||
        carnet_enum_code(CARNET_ENUM_ORIENTATION, (int)p->type) == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "orientation invalide (social, sociopro ou pro)");
    }
    rc = carnet__principal_by_handle(db, p->structure, structure);
    if (rc == CARNET_OK && structure->kind != CARNET_PRINCIPAL_STRUCTURE) {
        rc = carnet__fail(db, CARNET_EINVAL, "'%s' n'est pas une structure", p->structure);
    }
    if (rc == CARNET_OK) {
        rc = check_referent(db, p->referent, ref, structure);
    }
    if (rc == CARNET_OK) {
        rc = orient_body(db, p, body);
    }
    /* The same field rules as any entry: lengths, UTF-8. */
    if (rc == CARNET_OK) {
        text = carnet__json_print(*body);
        rc = text != NULL ? carnet__kind_parse(db, 0, carnet__kind_by_name("situation.orientation"),
                                               text, &checked, msg, sizeof msg)
                          : CARNET_ENOMEM;
        if (rc != CARNET_OK) {
            rc = carnet__fail(db, rc, "%s", text != NULL ? msg : "mémoire insuffisante");
        }
    }
    carnet__json_free_str(text);
    carnet__json_wipe_delete(checked);
    return rc;
}

/* The status follows the latest entry that sets it: an orientation puts
 * the carnet in progress (entry.c sets it on an exit or a closing). After
 * an exit or a closing (@p ended), the parcours starts again: the fact lets
 * the indicators count the return. */
static int
set_in_progress(carnet_db *db, carnet__carnet *c, int64_t no, int ended)
{
    int rc;

    c->lifecycle = CARNET_LIFECYCLE_EN_COURS;
    rc = carnet__carnet_set_lifecycle(db, c->rowid, c->lifecycle);
    return rc == CARNET_OK && ended
               ? carnet__fact(db, c, "statut", no, no, carnet_db_now(db), "en_cours", 0)
               : rc;
}

static int
orient_tx(carnet_db *db, carnet_actor *by, carnet_actor *person_actor, carnet__carnet *c,
          const carnet_orient_params *p)
{
    carnet__principal structure = {0}, ref = {0};
    carnet_grant_params g;
    unsigned char commit[CARNET_HASH_BYTES];
    cJSON *body = NULL;
    int64_t no = 0;
    int ended = 0;
    int rc;

    if (p == NULL) {
        return carnet__fail(db, CARNET_EINVAL, "orientation absente");
    }
    rc = orient_checks(db, p, &structure, &ref, &body);

    if (rc == CARNET_OK && by->role != CARNET_ROLE_CHARGE_ORIENTATION &&
        by->role != CARNET_ROLE_REFERENT) {
        rc = carnet__fail(db, CARNET_ECONSENT,
                          "l'orientation est décidée par un chargé d'orientation ou un référent");
    }
    if (rc == CARNET_OK) {
        rc = carnet__entry_parcours_ended(db, c, &ended);
    }
    if (rc == CARNET_OK) {
        rc = write_internal(db, by, c, "situation.orientation", body, &no);
    }
    if (rc == CARNET_OK) {
        rc = set_in_progress(db, c, no, ended);
    }
    if (rc == CARNET_OK) {
        rc = set_referent(db, by, person_actor, c, &ref,
                          referent_grant(&g, &ref, p->sections, p->scope, p->since),
                          p->revoke_previous);
    }
    if (rc == CARNET_OK) {
        rc = carnet__fact(db, c, "orientation", no, no, carnet_db_now(db),
                          carnet_enum_code(CARNET_ENUM_ORIENTATION, (int)p->type), 0);
    }
    if (rc == CARNET_OK) {
        carnet__referent_commit(commit, c->id, no, ref.id, structure.id);
        rc = carnet__audit_commit(db, c, by, CARNET_AUDIT_ORIENT, CARNET_SECTION_SITUATION, no,
                                  CARNET_OK, commit);
    }
    carnet__json_wipe_delete(body);
    return rc;
}

/* Run @p fn in a transaction; a refusal is audited after the rollback. */
static int
finish(carnet_db *db, carnet__carnet *c, carnet_actor *by, carnet_actor *person_actor, int rc,
       carnet_audit_action action)
{
    if (rc == CARNET_OK) {
        rc = carnet__commit(db);
    }
    if (rc != CARNET_OK) {
        carnet__rollback(db);
        carnet__actor_forget_keys(by, c->rowid);
        if (person_actor != NULL) {
            carnet__actor_forget_keys(person_actor, c->rowid);
        }
        if (rc == CARNET_ECONSENT) {
            carnet__audit_refusal(db, c, by, action, CARNET_SECTION_SITUATION, 0, rc);
        }
        return rc;
    }
    return carnet__ok(db);
}

int
carnet_orient(carnet_db *db, carnet_actor *by, carnet_actor *person_actor, const char *person,
              const carnet_orient_params *p)
{
    carnet__carnet c = {0};
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = check_person_actor(db, &c, person_actor);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet__begin(db);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = orient_tx(db, by, person_actor, &c, p);
    return finish(db, &c, by, person_actor, rc, CARNET_AUDIT_ORIENT);
}

int
carnet_referent_change(carnet_db *db, carnet_actor *by, carnet_actor *person_actor,
                       const char *person, const char *new_referent, unsigned sections,
                       carnet_scope scope, int revoke_old)
{
    carnet__principal ref = {0};
    carnet__carnet c = {0};
    carnet_grant_params g;
    int64_t current = 0;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = check_person_actor(db, &c, person_actor);
    }
    if (rc == CARNET_OK) {
        rc = check_referent(db, new_referent, &ref, NULL);
    }
    if (rc == CARNET_OK) {
        rc = current_referent(db, &c, &current);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    if (by->pid == c.person) {
        person_actor = by;
    } else if (by->role != CARNET_ROLE_CHARGE_ORIENTATION) {
        return carnet__fail(db, CARNET_ECONSENT,
                            "le référent est changé par la personne ou un chargé d'orientation");
    }
    if (current == ref.pid) {
        return carnet__fail(db, CARNET_EINVAL, "'%s' est déjà le référent", new_referent);
    }
    rc = carnet__begin(db);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = set_referent(db, by, person_actor, &c, &ref, referent_grant(&g, &ref, sections, scope, 0),
                      revoke_old);
    return finish(db, &c, by, person_actor, rc, CARNET_AUDIT_REFERENT);
}

/* ----------------------------------------------------------- réorientation */

static int
pending_request(carnet_db *db, const carnet__carnet *c, int64_t *no)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_PENDING_REQUEST);
    int rc;

    *no = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *no = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE ? CARNET_OK
                                                   : carnet__store_fail(db, rc, "réorientation");
}

static int
insert_request(carnet_db *db, const carnet__carnet *c, int64_t by, int64_t entry, int64_t *no)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_INSERT_REQUEST);
    int rc;

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, by);
    carnet__bind_int(st, 3, carnet_db_now(db));
    carnet__bind_int(st, 4, entry);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *no = carnet__col_int(st, 0);
        rc = carnet__step(st);
    }
    carnet__reset(st);
    return rc == CARNET__DONE ? CARNET_OK : carnet__store_fail(db, rc, "réorientation");
}

static cJSON *
reorientation_body(const char *etape, const char *wanted, const char *decision, const char *motif,
                   int64_t demande)
{
    cJSON *b = cJSON_CreateObject();
    int ok = b != NULL && cJSON_AddStringToObject(b, "etape", etape) != NULL &&
             (wanted == NULL || cJSON_AddStringToObject(b, "souhaitee", wanted) != NULL) &&
             (decision == NULL || cJSON_AddStringToObject(b, "decision", decision) != NULL) &&
             (motif == NULL || cJSON_AddStringToObject(b, "motif", motif) != NULL) &&
             (demande == 0 || cJSON_AddNumberToObject(b, "demande", (double)demande) != NULL);
    if (!ok) {
        cJSON_Delete(b);
        return NULL;
    }
    return b;
}

static int
check_motif(carnet_db *db, const char *motif)
{
    if (motif != NULL && (strlen(motif) > 2000 || !carnet__utf8_valid(motif, 1))) {
        return carnet__fail(db, CARNET_EINVAL,
                            "motif invalide (texte UTF-8 de 2000 octets au plus)");
    }
    return CARNET_OK;
}

int
carnet_reorientation_request(int64_t *no_out, carnet_db *db, carnet_actor *referent,
                             const char *person, carnet_orientation wanted, const char *motif)
{
    const char *code = carnet_enum_code(CARNET_ENUM_ORIENTATION, (int)wanted);
    carnet__carnet c = {0};
    cJSON *body = NULL;
    int64_t pending = 0, entry = 0, current = 0;
    int rc = carnet__carnet_by_person(db, person, &c);

    *no_out = 0;
    if (rc == CARNET_OK) {
        rc = check_motif(db, motif);
    }
    if (rc == CARNET_OK) {
        rc = current_referent(db, &c, &current);
    }
    if (rc == CARNET_OK && code == NULL) {
        rc = carnet__fail(db, CARNET_EINVAL, "orientation souhaitée invalide");
    }
    if (rc == CARNET_OK && current != referent->pid) {
        rc = carnet__fail(db, CARNET_ECONSENT, "seul le référent actuel demande une réorientation");
    }
    if (rc == CARNET_OK) {
        rc = pending_request(db, &c, &pending);
    }
    if (rc == CARNET_OK && pending != 0) {
        rc = carnet__fail(db, CARNET_EEXISTS, "la demande de réorientation n°%lld est en attente",
                          (long long)pending);
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    body = reorientation_body("demande", code, NULL, motif, 0);
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = write_internal(db, referent, &c, "situation.reorientation", body, &entry);
    }
    if (rc == CARNET_OK) {
        rc = insert_request(db, &c, referent->pid, entry, no_out);
    }
    if (rc == CARNET_OK) {
        rc = carnet__fact(db, &c, "reorientation", entry, entry, carnet_db_now(db), "demande", 0);
    }
    if (rc == CARNET_OK) {
        unsigned char commit[CARNET_HASH_BYTES];
        carnet__reorientation_commit(commit, c.id, *no_out, 1, entry);
        rc = carnet__audit_commit(db, &c, referent, CARNET_AUDIT_REORIENTATION, -1, *no_out,
                                  CARNET_OK, commit);
    }
    cJSON_Delete(body);
    return finish(db, &c, referent, NULL, rc, CARNET_AUDIT_REORIENTATION);
}

static int
decide_row(carnet_db *db, const carnet__carnet *c, int64_t no, int accept, int64_t by,
           int64_t entry)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_DECIDE_ROW);

    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_text(st, 1, accept ? "accepted" : "denied");
    carnet__bind_int(st, 2, by);
    carnet__bind_int(st, 3, carnet_db_now(db));
    carnet__bind_int(st, 4, entry);
    carnet__bind_int(st, 5, c->rowid);
    carnet__bind_int(st, 6, no);
    return carnet__exec_stmt(db, st, "réorientation");
}

int
carnet_reorientation_decide(carnet_db *db, carnet_actor *by, carnet_actor *person_actor,
                            const char *person, int accept, const char *motif,
                            const carnet_orient_params *p)
{
    carnet__carnet c = {0};
    cJSON *body = NULL;
    int64_t pending = 0, entry = 0;
    int rc = carnet__carnet_by_person(db, person, &c);

    if (rc == CARNET_OK) {
        rc = check_person_actor(db, &c, person_actor);
    }
    if (rc == CARNET_OK) {
        rc = check_motif(db, motif);
    }
    if (rc == CARNET_OK && by->role != CARNET_ROLE_CHARGE_ORIENTATION) {
        rc = carnet__fail(db, CARNET_ECONSENT,
                          "une réorientation est décidée par un chargé d'orientation");
    }
    if (rc == CARNET_OK) {
        rc = pending_request(db, &c, &pending);
    }
    if (rc == CARNET_OK && pending == 0) {
        rc = carnet__fail(db, CARNET_ENOTFOUND, "aucune demande de réorientation en attente");
    }
    if (rc == CARNET_OK && accept && p == NULL) {
        rc = carnet__fail(db, CARNET_EINVAL,
                          "une réorientation acceptée demande la nouvelle "
                          "orientation");
    }
    if (rc != CARNET_OK) {
        return rc;
    }
    body = reorientation_body("decision", NULL, accept ? "acceptee" : "maintien", motif, pending);
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = write_internal(db, by, &c, "situation.reorientation", body, &entry);
    }
    /* The decision's record first: the rows it commits to change right
     * after, and every check in between compares them with the history. */
    if (rc == CARNET_OK) {
        unsigned char commit[CARNET_HASH_BYTES];
        carnet__reorientation_commit(commit, c.id, pending, accept ? 2 : 3, entry);
        rc = carnet__audit_commit(db, &c, by, CARNET_AUDIT_REORIENTATION, -1, pending, CARNET_OK,
                                  commit);
    }
    if (rc == CARNET_OK) {
        rc = decide_row(db, &c, pending, accept, by->pid, entry);
    }
    if (rc == CARNET_OK && accept) {
        rc = orient_tx(db, by, person_actor, &c, p);
    }
    if (rc == CARNET_OK) {
        rc = carnet__fact(db, &c, "reorientation", entry, entry, carnet_db_now(db),
                          accept ? "acceptee" : "maintien", 0);
    }
    cJSON_Delete(body);
    return finish(db, &c, by, person_actor, rc, CARNET_AUDIT_REORIENTATION);
}
