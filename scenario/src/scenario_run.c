/* scenario_run.c - playing a parsed scenario: the territory is set up on an
 * empty workspace, then each call plays one item at its time of day and
 * reports it.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

#define DAY          ((int64_t)86400)
#define MORNING      ((int64_t)9 * 3600) /* items of a day start at 09:00 */
#define ITEM_SPACING ((int64_t)60)       /* one minute between the items of a day */

/* ------------------------------------------------------------ messages */

static int run_fail(carnet_scenario_run *r, int rc, const char *fmt, ...) CARNET_PRINTF(3, 4);

static int
run_fail(carnet_scenario_run *r, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

/* ------------------------------------------------------------ actors */

/* Lock every actor again: keys are held for one item at a time. */
static void
release_all(carnet_scenario_run *r)
{
    for (size_t i = 0; i < r->s->n_actors; i++) {
        carnet_actor_free(r->actors[i].unlocked);
        r->actors[i].unlocked = NULL;
    }
}

/* ------------------------------------------------------------ set-up */

static int
secbuf_from(carnet_secbuf **out, const char *text)
{
    size_t n = strlen(text);
    int rc = carnet_secbuf_new(out, n + 1);
    return rc == CARNET_OK ? carnet_secbuf_append(*out, text, n) : rc;
}

static int
make_passphrases(carnet_scenario_run *r)
{
    for (size_t i = 0; i < r->s->n_actors; i++) {
        const struct scn__actor_def *d = &r->s->actors[i];
        char dflt[CARNET_HANDLE_MAX + 32];
        int rc;

        r->actors[i].def = d;
        (void)snprintf(dflt, sizeof dflt, "%s-phrase-de-demo", d->name);
        rc = secbuf_from(&r->actors[i].pass, d->phrase != NULL ? d->phrase : dflt);
        if (rc != CARNET_OK) {
            return rc;
        }
        if (d->kind != CARNET_PRINCIPAL_PERSON) {
            (void)snprintf(r->actors[i].handle, sizeof r->actors[i].handle, "%s", d->name);
        }
    }
    return CARNET_OK;
}

static int
create_deployment(carnet_scenario_run *r, const carnet_scenario_opts *opts)
{
    const cJSON *terr = cJSON_GetObjectItemCaseSensitive(r->s->root, "territoire");
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(r->s->root, "regles");
    carnet_deployment_params p = CARNET_DEPLOYMENT_PARAMS_INIT;
    char *rules_text = NULL;
    int rc;

    if (opts != NULL && opts->rules_json != NULL) {
        p.rules_json = opts->rules_json;
    } else if (rules != NULL) {
        rules_text = cJSON_PrintUnformatted(rules);
        if (rules_text == NULL) {
            return run_fail(r, CARNET_ENOMEM, "mémoire insuffisante");
        }
        p.rules_json = rules_text;
    }
    p.name = scn__str(terr, "nom");
    p.department = scn__str(terr, "departement");
    p.admin_handle = "admin";
    p.admin_passphrase = r->actors[0].pass;
    p.kdf = CARNET_KDF_FAST;
    rc = carnet_db_init(r->db, &p);
    cJSON_free(rules_text);
    if (rc != CARNET_OK) {
        return run_fail(r, rc, "territoire : %s", carnet_db_errmsg(r->db));
    }
    return CARNET_OK;
}

static int
create_actor(carnet_scenario_run *r, size_t i)
{
    const struct scn__actor_def *d = &r->s->actors[i];
    carnet_actor *by;
    int rc = CARNET_OK, v;

    if (d->kind == CARNET_PRINCIPAL_STRUCTURE) {
        carnet_structure_params p = CARNET_STRUCTURE_PARAMS_INIT;
        by = scn__unlock(r, &r->actors[0], &rc);
        p.handle = d->name;
        p.name = d->label;
        v = scn__enum(d->def, "type", CARNET_ENUM_STRUCTURE_TYPE, 0);
        p.type = (carnet_structure_type)v;
        p.sensitive = scn__bool(d->def, "sensible", 0);
        p.postcode = scn__str(d->def, "code_postal");
        p.passphrase = r->actors[i].pass;
        rc = by != NULL ? carnet_structure_create(r->db, by, &p) : rc;
    } else if (d->kind == CARNET_PRINCIPAL_PROFESSIONAL) {
        carnet_professional_params p = CARNET_PROFESSIONAL_PARAMS_INIT;
        by = scn__unlock(r, scn__actor_of(r, d->def, "structure"), &rc);
        p.handle = d->name;
        v = scn__enum(d->def, "role", CARNET_ENUM_ROLE, 0);
        p.role = (carnet_role)v;
        p.passphrase = r->actors[i].pass;
        rc = by != NULL ? carnet_professional_create(r->db, by, &p) : rc;
    }
    release_all(r);
    if (rc != CARNET_OK) {
        return run_fail(r, rc, "acteurs[%zu] (%s) : %s", i - 1, d->name,
                        r->detail[0] != '\0' ? r->detail : carnet_db_errmsg(r->db));
    }
    return CARNET_OK;
}

int
carnet_scenario_start(carnet_scenario_run **out, carnet_db *db, const carnet_scenario *s,
                      const carnet_scenario_opts *opts)
{
    carnet_scenario_run *r = calloc(1, sizeof *r);
    carnet_db_info info;
    int rc;

    *out = r;
    if (r == NULL) {
        return CARNET_ENOMEM;
    }
    r->db = db;
    r->s = s;
    r->actors = calloc(s->n_actors, sizeof *r->actors);
    r->label_no = calloc(s->n_labels + 1, sizeof *r->label_no);
    r->label_owner = calloc(s->n_labels + 1, sizeof *r->label_owner);
    if (r->actors == NULL || r->label_no == NULL || r->label_owner == NULL) {
        return run_fail(r, CARNET_ENOMEM, "mémoire insuffisante");
    }
    if (opts != NULL && opts->version != CARNET_SCENARIO_OPTS_VERSION) {
        return run_fail(r, CARNET_EINVAL, "version d'options inconnue");
    }
    rc = carnet_db_info_get(&info, db);
    if (rc != CARNET_ENOTFOUND) {
        return run_fail(r, rc == CARNET_OK ? CARNET_EEXISTS : rc,
                        "un scénario se joue sur un espace de travail vide");
    }
    rc = make_passphrases(r);
    if (rc != CARNET_OK) {
        return run_fail(r, rc, "mémoire insuffisante");
    }
    carnet_db_set_time(db, s->start + MORNING - 3600);
    rc = create_deployment(r, opts);
    for (size_t i = 1; rc == CARNET_OK && i < s->n_actors; i++) {
        rc = create_actor(r, i);
    }
    r->day = -1;
    return rc;
}

void
carnet_scenario_run_free(carnet_scenario_run *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; r->actors != NULL && i < r->s->n_actors; i++) {
        carnet_actor_free(r->actors[i].unlocked);
        carnet_secbuf_free(r->actors[i].pass);
        carnet_secbuf_free(r->actors[i].activation);
    }
    free(r->actors);
    free(r->label_no);
    free(r->label_owner);
    free(r);
}

const char *
carnet_scenario_run_errmsg(const carnet_scenario_run *r)
{
    return r != NULL ? r->errmsg : "mémoire insuffisante";
}

/* ------------------------------------------------------------ playing */

/* Statuses that stop a run: the workspace itself is failing. */
static int
fatal(int rc)
{
    return rc == CARNET_ENOMEM || rc == CARNET_EIO || rc == CARNET_ECORRUPT || rc == CARNET_ERROR ||
           rc == CARNET_EBUSY;
}

static int
play_step(carnet_scenario_run *r, const cJSON *it, carnet_scenario_event *ev)
{
    const struct scn__action_spec *a = scn__action_find(scn__str(it, "action"));
    const cJSON *refuse = cJSON_GetObjectItemCaseSensitive(it, "refuse");
    struct scn__actor *actor = scn__actor_of(r, it, "acteur");
    int rc;

    ev->actor = actor != NULL ? actor->def->name : "";
    ev->what = a->code;
    scn__desc(r, "%s : %s", scn__label_of(actor), a->code);
    rc = a->play(r, it, actor);
    release_all(r);
    if (rc != CARNET_OK && r->detail[0] == '\0') {
        scn__detail(r, "%s", carnet_db_errmsg(r->db));
    }
    if (rc != CARNET_OK) {
        /* Say what was attempted, not what would have happened. */
        struct scn__actor *p = scn__actor_of(r, it, "personne");
        if (p != NULL) {
            scn__desc(r, "%s tente de %s (carnet de %s)", scn__label_of(actor), a->attempt,
                      p->def->label);
        } else {
            scn__desc(r, "%s tente de %s", scn__label_of(actor), a->attempt);
        }
    }
    ev->status = rc;
    if (refuse == NULL) {
        ev->item = CARNET_SCENARIO_STEP;
        ev->ok = rc == CARNET_OK;
        r->rep.steps++;
        r->rep.steps_failed += ev->ok ? 0 : 1;
    } else {
        const char *want = scn__str(refuse, "statut"), *part = scn__str(refuse, "contient");
        ev->item = CARNET_SCENARIO_EXPECTATION;
        ev->ok = rc != CARNET_OK && strcmp(carnet_status_name(rc), want) == 0 &&
                 (part == NULL || strstr(r->detail, part) != NULL);
        if (rc == CARNET_OK) {
            scn__detail(r, "l'opération a été acceptée alors qu'un refus '%s' était attendu", want);
        } else if (!ev->ok) {
            char got[SCN_MSG_MAX];
            (void)snprintf(got, sizeof got, "%s", r->detail);
            scn__detail(r, "refus '%s' attendu%s%s, obtenu '%s' : %.400s", want,
                        part != NULL ? " contenant " : "", part != NULL ? part : "",
                        carnet_status_name(rc), got);
        }
        r->rep.expectations++;
        r->rep.expectations_failed += ev->ok ? 0 : 1;
    }
    return fatal(rc) ? rc : CARNET_OK;
}

static int
play_check(carnet_scenario_run *r, const cJSON *it, carnet_scenario_event *ev)
{
    const struct scn__check_spec *c = scn__check_find(scn__str(it, "attendu"));
    struct scn__actor *actor = scn__actor_of(r, it, "acteur");
    int met;

    ev->item = CARNET_SCENARIO_EXPECTATION;
    ev->actor = actor != NULL ? actor->def->name : "";
    ev->what = c->code;
    met = c->check(r, it);
    release_all(r);
    ev->ok = met == 1;
    ev->status = met < 0 ? met : CARNET_OK;
    r->rep.expectations++;
    r->rep.expectations_failed += ev->ok ? 0 : 1;
    return met < 0 && fatal(met) ? met : CARNET_OK;
}

int
carnet_scenario_next(carnet_scenario_run *r, carnet_scenario_event *ev)
{
    const cJSON *it;
    const char *narration;
    int rc;

    memset(ev, 0, sizeof *ev);
    if (r->next >= r->s->n_items) {
        return CARNET_ITEROVER;
    }
    it = cJSON_GetArrayItem(r->s->steps, (int)r->next);
    ev->index = r->next++;
    ev->day = (int)scn__int(it, "jour", 0);
    if (ev->day != r->day) {
        r->day = ev->day;
        r->in_day = 0;
    }
    ev->at = r->s->start + (int64_t)ev->day * DAY + MORNING + ITEM_SPACING * r->in_day++;
    carnet_db_set_time(r->db, ev->at);
    narration = scn__str(it, "narration");
    ev->narration = narration != NULL ? narration : "";
    r->desc[0] = '\0';
    r->detail[0] = '\0';
    rc = scn__str(it, "action") != NULL ? play_step(r, it, ev) : play_check(r, it, ev);
    ev->description = r->desc;
    ev->detail = r->detail;
    if (rc != CARNET_OK) {
        return run_fail(r, rc, "etapes[%zu] : %s", ev->index, r->detail);
    }
    return CARNET_OK;
}

void
carnet_scenario_report_get(const carnet_scenario_run *r, carnet_scenario_report *out)
{
    *out = r->rep;
}

size_t
carnet_scenario_actor_count(const carnet_scenario_run *r)
{
    return r->s->n_actors;
}

int
carnet_scenario_actor_get(const carnet_scenario_run *r, size_t i, carnet_scenario_actor *out)
{
    if (i >= r->s->n_actors) {
        return CARNET_EINVAL;
    }
    out->name = r->s->actors[i].name;
    out->label = r->s->actors[i].label;
    out->handle = r->actors[i].handle;
    out->kind = r->s->actors[i].kind;
    return CARNET_OK;
}
