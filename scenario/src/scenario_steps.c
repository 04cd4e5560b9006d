/* scenario_steps.c - the actions a scenario plays, each through the public
 * API exactly as a program would, with one French sentence saying what was
 * done.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

#define DAY 86400

#define K_ADMIN  (1u << CARNET_PRINCIPAL_ADMIN)
#define K_STRUCT (1u << CARNET_PRINCIPAL_STRUCTURE)
#define K_PRO    (1u << CARNET_PRINCIPAL_PROFESSIONAL)
#define K_PERSON (1u << CARNET_PRINCIPAL_PERSON)

/* The person, unlocked when "present" (the default), else NULL. */
static int
presence(carnet_scenario_run *r, const cJSON *it, struct scn__actor *person, carnet_actor **out)
{
    int rc = CARNET_OK;
    *out = NULL;
    if (scn__bool(it, "present", 1)) {
        *out = scn__unlock(r, person, &rc);
    }
    return rc;
}

/* ------------------------------------------------------------ creation */

static int
play_create(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_create_opts o = CARNET_CREATE_OPTS_INIT;
    struct scn__actor *p = scn__actor_of(r, it, "personne");
    int present = scn__bool(it, "present", 1), rc = CARNET_OK;
    carnet_actor *by = scn__unlock(r, actor, &rc);
    carnet_secbuf *code = NULL;
    char *identity;

    if (by == NULL) {
        return rc;
    }
    if (p->handle[0] != '\0') {
        scn__detail(r, "%s a déjà un carnet", p->def->label);
        return CARNET_EEXISTS;
    }
    identity = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(p->def->def, "identite"));
    if (identity == NULL) {
        return CARNET_ENOMEM;
    }
    o.person_passphrase = present ? p->pass : NULL;
    o.creator_sections = scn__sections(it, "sections", o.creator_sections);
    o.creator_access =
        (carnet_access)scn__enum(it, "acces", CARNET_ENUM_ACCESS, CARNET_ACCESS_WRITE);
    o.identite_json = identity;
    rc = carnet_create(p->handle, &code, r->db, by, &o);
    cJSON_free(identity);
    if (rc != CARNET_OK) {
        p->handle[0] = '\0';
        return rc;
    }
    if (present) {
        carnet_secbuf_free(code); /* the recovery code: a demo has no use for it */
    } else {
        p->activation = code;
    }
    scn__desc(r, "%s ouvre le carnet de %s (%s)%s", actor->def->label, p->def->label, p->handle,
              present ? ", en sa présence" : " sans elle : un code d'activation lui est remis");
    return CARNET_OK;
}

static int
play_activate(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_secbuf *code = NULL;
    int rc;

    (void)it;
    if (actor->handle[0] == '\0' || actor->activation == NULL) {
        scn__detail(r, "%s n'a pas de code d'activation en attente", actor->def->label);
        return CARNET_EINVAL;
    }
    rc = carnet_actor_recover(&actor->unlocked, &code, r->db, actor->handle,
                              carnet_secbuf_str(actor->activation), actor->pass);
    carnet_secbuf_free(code);
    if (rc == CARNET_OK) {
        carnet_secbuf_free(actor->activation);
        actor->activation = NULL;
        scn__desc(r, "%s active son carnet avec son code et choisit sa phrase de passe",
                  actor->def->label);
    }
    return rc;
}

struct flow_ctx {
    carnet_scenario_run *r;
    char created[CARNET_HANDLE_MAX + 1];
    carnet_secbuf *code;
    int ncreated;
    int refusal;
};

static int
flow_cb(const carnet_flow_result *fr, void *payload)
{
    struct flow_ctx *c = payload;

    if (fr->status != CARNET_OK && c->refusal == CARNET_OK) {
        c->refusal = fr->status;
        scn__detail(c->r, "%s", fr->message);
    }
    if (fr->created && c->ncreated++ == 0) {
        (void)snprintf(c->created, sizeof c->created, "%s", fr->person);
        if (fr->activation_code != NULL &&
            carnet_secbuf_new(&c->code, carnet_secbuf_len(fr->activation_code) + 1) == CARNET_OK &&
            carnet_secbuf_append(c->code, carnet_secbuf_str(fr->activation_code),
                                 carnet_secbuf_len(fr->activation_code)) != CARNET_OK) {
            carnet_secbuf_free(c->code);
            c->code = NULL;
        }
    }
    return 0;
}

static int
play_flow(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct flow_ctx c = {r, "", NULL, 0, CARNET_OK};
    struct scn__actor *p = scn__actor_of(r, it, "personne");
    const char *kind = scn__str(it, "flux");
    carnet_flow_summary sum;
    carnet_actor *by;
    char *text;
    int rc = CARNET_OK;

    by = scn__unlock(r, actor, &rc);
    if (by == NULL) {
        return rc;
    }
    text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(it, "donnees"));
    if (text == NULL) {
        return CARNET_ENOMEM;
    }
    rc = carnet_flow_import(
        &sum, r->db, by, strcmp(kind, "caf") == 0 ? CARNET_FLOW_CAF : CARNET_FLOW_FRANCE_TRAVAIL,
        text, strlen(text), p != NULL && p->handle[0] != '\0' ? p->handle : NULL, flow_cb, &c);
    cJSON_free(text);
    if (rc == CARNET_OK && c.refusal != CARNET_OK) {
        rc = c.refusal;
    }
    if (rc == CARNET_OK && p != NULL && p->handle[0] == '\0') {
        if (c.ncreated != 1 || c.code == NULL) {
            scn__detail(r, "le flux devait créer le carnet de %s (%d carnet(s) créé(s))",
                        p->def->label, c.ncreated);
            rc = CARNET_EINVAL;
        } else {
            (void)snprintf(p->handle, sizeof p->handle, "%s", c.created);
            p->activation = c.code;
            c.code = NULL;
        }
    }
    carnet_secbuf_free(c.code);
    if (rc == CARNET_OK) {
        scn__desc(r,
                  "%s importe un flux %s : %zu enregistrement(s), %zu carnet(s) créé(s), "
                  "%zu mis à jour, %zu déjà connu(s)",
                  actor->def->label, strcmp(kind, "caf") == 0 ? "CAF" : "France Travail",
                  sum.records, sum.created, sum.updated, sum.unchanged);
    }
    return rc;
}

/* ------------------------------------------------------------ orientation */

static void
orient_params(carnet_scenario_run *r, const cJSON *it, carnet_orient_params *p)
{
    struct scn__actor *s = scn__actor_of(r, it, "structure"),
                      *ref = scn__actor_of(r, it, "referent");
    int64_t since = 0;

    p->type =
        (carnet_orientation)scn__enum(it, "orientation", CARNET_ENUM_ORIENTATION, (int)p->type);
    p->dispositif = scn__str(it, "dispositif");
    p->structure = s != NULL ? s->handle : NULL;
    p->referent = ref != NULL ? ref->handle : NULL;
    p->motif = scn__str(it, "motif");
    p->sections = scn__sections(it, "sections", p->sections);
    p->scope = (carnet_scope)scn__enum(it, "historique", CARNET_ENUM_SCOPE, (int)p->scope);
    if (scn__str(it, "depuis") != NULL && carnet_date_parse(&since, scn__str(it, "depuis")) == 0) {
        p->since = since;
    }
    p->revoke_previous = scn__bool(it, "revoquer_precedent", 0);
}

static int
play_orient(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    struct scn__actor *person;
    const char *h;
    carnet_actor *by, *pa = NULL;
    int rc = CARNET_OK;

    h = scn__carnet(r, it, &person, &rc);
    by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;
    rc = by != NULL ? presence(r, it, person, &pa) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    orient_params(r, it, &p);
    rc = carnet_orient(r->db, by, pa, h, &p);
    scn__desc(r, "%s oriente %s vers %s (%s), orientation %s%s", actor->def->label,
              person->def->label, scn__label_of(scn__actor_of(r, it, "referent")),
              scn__label_of(scn__actor_of(r, it, "structure")),
              carnet_enum_label(CARNET_ENUM_ORIENTATION, (int)p.type),
              pa != NULL ? " ; la personne autorise son référent" : "");
    return rc;
}

static int
play_referent(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct scn__actor *person, *ref = scn__actor_of(r, it, "referent");
    unsigned sections =
        scn__sections(it, "sections", CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE);
    carnet_scope scope =
        (carnet_scope)scn__enum(it, "historique", CARNET_ENUM_SCOPE, CARNET_SCOPE_ALL);
    const char *h;
    carnet_actor *by, *pa = NULL;
    int rc = CARNET_OK, revoke = scn__bool(it, "revoquer_ancien", 0);

    h = scn__carnet(r, it, &person, &rc);
    by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;
    rc = by != NULL ? presence(r, it, person, &pa) : rc;
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet_referent_change(r->db, by, pa, h, ref->handle, sections, scope, revoke);
    scn__desc(r, "%s fait de %s le référent de %s%s", actor->def->label, ref->def->label,
              person->def->label,
              revoke ? " ; les accès de l'ancien référent sont révoqués"
                     : " ; l'ancien référent garde les accès que la personne lui a donnés");
    return rc;
}

static int
play_request(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct scn__actor *person;
    int64_t no = 0;
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;

    if (by == NULL) {
        return rc;
    }
    rc = carnet_reorientation_request(
        &no, r->db, by, h,
        (carnet_orientation)scn__enum(it, "souhaitee", CARNET_ENUM_ORIENTATION, 0),
        scn__str(it, "motif"));
    if (rc == CARNET_OK) {
        scn__label_set(r, it, no, person);
        scn__desc(r, "%s demande la réorientation de %s vers un parcours %s (demande n° %lld)",
                  actor->def->label, person->def->label,
                  carnet_enum_label(CARNET_ENUM_ORIENTATION,
                                    scn__enum(it, "souhaitee", CARNET_ENUM_ORIENTATION, 0)),
                  (long long)no);
    }
    return rc;
}

static int
play_decide(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    int accept = strcmp(scn__str(it, "decision"), "accepter") == 0, rc = CARNET_OK;
    struct scn__actor *person;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL, *pa = NULL;

    rc = by != NULL && accept ? presence(r, it, person, &pa) : rc;
    if (by == NULL || rc != CARNET_OK) {
        return rc;
    }
    orient_params(r, it, &p);
    rc = carnet_reorientation_decide(r->db, by, pa, h, accept, scn__str(it, "motif"),
                                     accept ? &p : NULL);
    if (accept) {
        scn__desc(r, "%s accepte la réorientation de %s vers %s (%s)", actor->def->label,
                  person->def->label, scn__label_of(scn__actor_of(r, it, "referent")),
                  scn__label_of(scn__actor_of(r, it, "structure")));
    } else {
        scn__desc(r, "%s refuse la réorientation de %s : l'accompagnement est maintenu",
                  actor->def->label, person->def->label);
    }
    return rc;
}

/* ------------------------------------------------------------ entries */

static int
play_write(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_entry_opts o = CARNET_ENTRY_OPTS_INIT;
    const char *kind = scn__str(it, "type"), *replaces = scn__str(it, "remplace");
    struct scn__actor *person;
    carnet_kind_info k;
    int64_t no = 0;
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;
    cJSON *body;
    char *text;

    if (by == NULL) {
        return rc;
    }
    body = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(it, "contenu"), 1);
    if (body == NULL || scn__subst_refs(body, r->s, r->label_no) != CARNET_OK) {
        cJSON_Delete(body);
        return CARNET_ENOMEM;
    }
    text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    if (text == NULL) {
        return CARNET_ENOMEM;
    }
    o.supersedes = replaces != NULL ? scn__label_no(r, replaces) : 0;
    if (replaces != NULL && o.supersedes == 0) {
        cJSON_free(text);
        scn__detail(r, "l'entrée '%s' à remplacer n'a pas été écrite", replaces);
        return CARNET_EINVAL;
    }
    rc = carnet_entry_add(&no, r->db, by, h, kind, text, &o);
    cJSON_free(text);
    if (carnet_kind_get(&k, kind) != CARNET_OK) {
        k.label = kind;
    }
    if (rc == CARNET_OK) {
        scn__label_set(r, it, no, person);
        if (o.supersedes != 0) {
            scn__desc(r,
                      "%s écrit « %s » (entrée n° %lld, remplace la n° %lld) dans le carnet "
                      "de %s",
                      actor->def->label, k.label, (long long)no, (long long)o.supersedes,
                      person->def->label);
        } else {
            scn__desc(r, "%s écrit « %s » (entrée n° %lld) dans le carnet de %s", actor->def->label,
                      k.label, (long long)no, person->def->label);
        }
    }
    return rc;
}

static int
play_read(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    struct scn__read_result res;
    struct scn__actor *person;
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    char secs[160];

    if (h == NULL) {
        return rc;
    }
    o.sections = scn__sections(it, "sections", CARNET_SECTIONS_ALL);
    rc = scn__read(r, actor, h, &o, NULL, NULL, &res);
    if (rc == CARNET_OK && res.refused) {
        scn__detail(r, "%s", res.why);
        rc = CARNET_ECONSENT;
    }
    scn__desc(r, "%s lit le carnet de %s (%s) : %d entrée(s) déchiffrée(s), %d sans clé",
              actor->def->label, person->def->label, scn__sections_text(secs, o.sections),
              res.entries, res.locked);
    return rc;
}

static int
play_erase_entry(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct scn__actor *person;
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;
    int64_t no = scn__label_no(r, scn__str(it, "entree"));

    if (by == NULL) {
        return rc;
    }
    rc = carnet_entry_erase(r->db, by, h, no);
    scn__desc(r, "%s efface l'entrée n° %lld du carnet de %s (sa clé est détruite)",
              actor->def->label, (long long)no, person->def->label);
    return rc;
}

/* ------------------------------------------------------------ consent */

static int
play_grant(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_grant_params p = CARNET_GRANT_PARAMS_INIT;
    struct scn__actor *pro = scn__actor_of(r, it, "professionnel");
    int64_t no = 0, days = scn__int(it, "duree_jours", 0), since = 0;
    int rc = CARNET_OK;
    carnet_actor *by = scn__unlock(r, actor, &rc);
    char secs[160];

    if (by == NULL) {
        return rc;
    }
    p.grantee = pro->handle;
    p.sections = scn__sections(it, "sections", 0);
    p.access = (carnet_access)scn__enum(it, "acces", CARNET_ENUM_ACCESS, CARNET_ACCESS_READ);
    p.scope = (carnet_scope)scn__enum(it, "historique", CARNET_ENUM_SCOPE, CARNET_SCOPE_ALL);
    if (scn__str(it, "depuis") != NULL && carnet_date_parse(&since, scn__str(it, "depuis")) == 0) {
        p.since = since;
    }
    p.not_after = days > 0 ? carnet_db_now(r->db) + days * DAY : 0;
    p.purpose = (carnet_purpose)scn__enum(it, "finalite", CARNET_ENUM_PURPOSE, (int)p.purpose);
    p.method = (carnet_method)scn__enum(it, "mode", CARNET_ENUM_METHOD, (int)p.method);
    rc = carnet_grant(&no, r->db, by, &p);
    if (rc == CARNET_OK) {
        scn__label_set(r, it, no, actor);
    }
    scn__desc(r, "%s autorise %s en %s sur %s%s", actor->def->label, pro->def->label,
              p.access == CARNET_ACCESS_WRITE ? "lecture et écriture" : "lecture",
              scn__sections_text(secs, p.sections), days > 0 ? " pour une durée limitée" : "");
    if (rc == CARNET_OK) {
        size_t n = strlen(r->desc);
        (void)snprintf(r->desc + n, sizeof r->desc - n, " (autorisation n° %lld)", (long long)no);
    }
    return rc;
}

static int
play_revoke(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    int rc = CARNET_OK;
    carnet_actor *by = scn__unlock(r, actor, &rc);
    int64_t no = scn__label_no(r, scn__str(it, "autorisation"));

    if (by == NULL) {
        return rc;
    }
    if (no == 0) {
        scn__detail(r, "l'autorisation '%s' n'a pas été donnée", scn__str(it, "autorisation"));
        return CARNET_ENOTFOUND;
    }
    rc = carnet_revoke(r->db, by, no);
    scn__desc(r,
              "%s retire l'autorisation n° %lld : une nouvelle clé de section est créée sans "
              "le professionnel",
              actor->def->label, (long long)no);
    return rc;
}

static int
play_block(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor, int block)
{
    struct scn__actor *pro = scn__actor_of(r, it, "professionnel");
    int rc = CARNET_OK;
    carnet_actor *by = scn__unlock(r, actor, &rc);

    if (by == NULL) {
        return rc;
    }
    rc = carnet_block(r->db, by, pro->handle, block);
    scn__desc(r, block ? "%s bloque %s sur son carnet" : "%s lève le blocage de %s",
              actor->def->label, pro->def->label);
    return rc;
}

static int
play_block_on(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    return play_block(r, it, actor, 1);
}

static int
play_block_off(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    return play_block(r, it, actor, 0);
}

/* ------------------------------------------------------------ the group */

static int
play_invite(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    static const char *const roles[] = {"", "", "accompagnateur", "charge_orientation",
                                        "commission"};
    struct scn__actor *person, *pro = scn__actor_of(r, it, "professionnel");
    const char *role = scn__str(it, "role");
    carnet_member_role mr = CARNET_MEMBER_ACCOMPAGNATEUR;
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;

    if (by == NULL) {
        return rc;
    }
    for (int i = 2; role != NULL && i <= 4; i++) {
        mr = strcmp(role, roles[i]) == 0 ? (carnet_member_role)i : mr;
    }
    rc = carnet_member_invite(r->db, by, h, pro->handle, mr);
    scn__desc(r, "%s invite %s dans le groupe de suivi de %s (%s)", actor->def->label,
              pro->def->label, person->def->label, roles[mr]);
    return rc;
}

static int
play_leave(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct scn__actor *person, *pro = scn__actor_of(r, it, "professionnel");
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;

    if (by == NULL) {
        return rc;
    }
    rc = carnet_member_leave(r->db, by, h, pro->handle);
    if (actor == pro) {
        scn__desc(r, "%s quitte le groupe de suivi de %s (l'historique est conservé)",
                  pro->def->label, person->def->label);
    } else {
        scn__desc(r, "%s retire %s du groupe de suivi de %s (l'historique est conservé)",
                  actor->def->label, pro->def->label, person->def->label);
    }
    return rc;
}

static int
play_deactivate(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct scn__actor *pro = scn__actor_of(r, it, "professionnel");
    int rc = CARNET_OK;
    carnet_actor *by = scn__unlock(r, actor, &rc);

    if (by == NULL) {
        return rc;
    }
    rc = carnet_professional_deactivate(r->db, by, pro->handle);
    scn__desc(r, "%s désactive le compte de %s : ses autorisations cessent", actor->def->label,
              pro->def->label);
    return rc;
}

/* ------------------------------------------------------------ the person */

static int
play_export(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    carnet_secbuf *doc = NULL;
    int rc = CARNET_OK;
    carnet_actor *by = scn__unlock(r, actor, &rc);

    (void)it;
    if (by == NULL) {
        return rc;
    }
    rc = carnet_export(&doc, r->db, by);
    if (rc == CARNET_OK) {
        scn__desc(r, "%s exporte tout son carnet, déchiffré pour elle seule (%zu octets)",
                  actor->def->label, carnet_secbuf_len(doc));
    }
    carnet_secbuf_free(doc);
    return rc;
}

static int
play_erase(carnet_scenario_run *r, const cJSON *it, struct scn__actor *actor)
{
    struct scn__actor *person;
    int rc = CARNET_OK;
    const char *h = scn__carnet(r, it, &person, &rc);
    carnet_actor *by = h != NULL ? scn__unlock(r, actor, &rc) : NULL;

    if (by == NULL) {
        return rc;
    }
    rc = carnet_erase(r->db, by, h);
    scn__desc(r, "%s efface le carnet de %s : ses clés sont détruites, le journal reste",
              actor->def->label, person->def->label);
    return rc;
}

/* ------------------------------------------------------------ the table */

static const struct scn__action_spec actions[] = {
    {"creer_carnet", "ouvrir un carnet", K_PRO, "personne", "present sections acces", play_create},
    {"activer", "activer son carnet", K_PERSON, "", "", play_activate},
    {"importer_flux", "importer un flux", K_PRO, "flux donnees", "personne", play_flow},
    {"orienter", "orienter la personne", K_PRO, "personne structure referent orientation",
     "dispositif motif sections historique depuis present revoquer_precedent", play_orient},
    {"changer_referent", "changer de référent", K_PRO | K_PERSON, "personne referent",
     "sections historique revoquer_ancien present", play_referent},
    {"demander_reorientation", "demander une réorientation", K_PRO, "personne souhaitee",
     "motif nom", play_request},
    {"decider_reorientation", "décider de la réorientation", K_PRO, "personne decision",
     "motif structure referent orientation dispositif sections historique depuis present "
     "revoquer_precedent",
     play_decide},
    {"ecrire", "écrire une entrée", K_PRO | K_PERSON, "personne type contenu", "remplace nom",
     play_write},
    {"lire", "lire le carnet", K_PRO | K_PERSON, "personne", "sections", play_read},
    {"effacer_entree", "effacer une entrée", K_PRO | K_PERSON, "personne entree", "",
     play_erase_entry},
    {"autoriser", "donner une autorisation", K_PERSON, "professionnel sections",
     "acces historique depuis duree_jours finalite mode nom", play_grant},
    {"revoquer", "retirer une autorisation", K_PERSON, "autorisation", "", play_revoke},
    {"bloquer", "bloquer un professionnel", K_PERSON, "professionnel", "", play_block_on},
    {"debloquer", "lever un blocage", K_PERSON, "professionnel", "", play_block_off},
    {"inviter", "inviter dans le groupe de suivi", K_PRO | K_PERSON, "personne professionnel",
     "role", play_invite},
    {"quitter", "retirer un membre du groupe de suivi", K_PRO | K_PERSON, "personne professionnel",
     "", play_leave},
    {"desactiver", "désactiver un compte", K_STRUCT | K_ADMIN, "professionnel", "",
     play_deactivate},
    {"exporter", "exporter son carnet", K_PERSON, "", "", play_export},
    {"effacer_carnet", "effacer le carnet", K_PERSON | K_ADMIN, "personne", "", play_erase},
};

const struct scn__action_spec *
scn__action_find(const char *code)
{
    for (size_t i = 0; code != NULL && i < sizeof actions / sizeof actions[0]; i++) {
        if (strcmp(actions[i].code, code) == 0) {
            return &actions[i];
        }
    }
    return NULL;
}
