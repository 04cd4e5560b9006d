/* scenario_checks.c - the expectations a scenario checks: who can read or
 * write what (with the reason the library gives), what a reader really
 * decrypts, the timeline, the audit log and the state of the carnet.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

/* ------------------------------------------------------------ decisions */

/* peut_lire, ne_peut_pas_lire, peut_ecrire, ne_peut_pas_ecrire: the
 * decision of carnet_explain() for every section named. */
static int
check_access(carnet_scenario_run *r, const cJSON *it, carnet_access access, int want)
{
    struct scn__actor *person, *who = scn__actor_of(r, it, "acteur");
    const char *h = scn__carnet(r, it, &person, NULL);
    unsigned mask = scn__sections(it, "sections", 0);
    char secs[160];
    int met = 1;

    scn__desc(r, "%s %s %s %s du carnet de %s", who->def->label, want ? "peut" : "ne peut pas",
              access == CARNET_ACCESS_WRITE ? "écrire dans" : "lire",
              scn__sections_text(secs, mask), person->def->label);
    if (h == NULL || who->handle[0] == '\0') {
        if (r->detail[0] == '\0') {
            scn__detail(r, "%s n'a pas de carnet", who->def->label);
        }
        return 0;
    }
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        carnet_decision d;
        int rc;
        if ((mask & CARNET_SECTION_BIT(s)) == 0) {
            continue;
        }
        rc = carnet_explain(&d, r->db, who->handle, h, (carnet_section)s, access, 0);
        if (rc != CARNET_OK) {
            scn__detail(r, "%s", carnet_db_errmsg(r->db));
            return rc;
        }
        if ((d.allowed != 0) != want) {
            scn__detail(r, "%s : %s", carnet_enum_code(CARNET_ENUM_SECTION, s), d.reason);
            return 0;
        }
        if (r->detail[0] == '\0') {
            scn__detail(r, "%s : %s", carnet_enum_code(CARNET_ENUM_SECTION, s), d.reason);
        }
    }
    return met;
}

static int
check_can_read(carnet_scenario_run *r, const cJSON *it)
{
    return check_access(r, it, CARNET_ACCESS_READ, 1);
}

static int
check_cannot_read(carnet_scenario_run *r, const cJSON *it)
{
    return check_access(r, it, CARNET_ACCESS_READ, 0);
}

static int
check_can_write(carnet_scenario_run *r, const cJSON *it)
{
    return check_access(r, it, CARNET_ACCESS_WRITE, 1);
}

static int
check_cannot_write(carnet_scenario_run *r, const cJSON *it)
{
    return check_access(r, it, CARNET_ACCESS_WRITE, 0);
}

/* ------------------------------------------------------------ reading */

static int
check_reads(carnet_scenario_run *r, const cJSON *it)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    struct scn__actor *person, *who = scn__actor_of(r, it, "acteur");
    const char *h = scn__carnet(r, it, &person, NULL);
    const char *want = scn__str(it, "contient"), *never = scn__str(it, "ne_contient_pas");
    int64_t n = scn__int(it, "entrees", -1);
    struct scn__read_result res;
    char secs[160];
    int rc;

    o.sections = scn__sections(it, "sections", CARNET_SECTIONS_ALL);
    scn__desc(r, "%s déchiffre dans le carnet de %s (%s)%s%s%s%s", who->def->label,
              person->def->label, scn__sections_text(secs, o.sections), want != NULL ? " : « " : "",
              want != NULL ? want : "", want != NULL ? " » y figure" : "",
              never != NULL ? ", et pas ce qui est interdit" : "");
    if (h == NULL) {
        return 0;
    }
    rc = scn__read(r, who, h, &o, want, never, &res);
    if (rc != CARNET_OK) {
        return rc == CARNET_ECONSENT || rc == CARNET_EPASSPHRASE ? 0 : rc;
    }
    if (res.refused) {
        scn__detail(r, "%s", res.why);
        return 0;
    }
    if (want != NULL && !res.found) {
        scn__detail(r, "« %s » n'est dans aucune des %d entrées déchiffrées (%d sans clé)", want,
                    res.entries, res.locked);
        return 0;
    }
    if (never != NULL && res.leaked) {
        scn__detail(r, "« %s » a pu être déchiffré", never);
        return 0;
    }
    if (n >= 0 && res.entries != n) {
        scn__detail(r, "%d entrée(s) déchiffrée(s), %lld attendue(s) (%d sans clé)", res.entries,
                    (long long)n, res.locked);
        return 0;
    }
    scn__detail(r, "%d entrée(s) déchiffrée(s), %d sans clé", res.entries, res.locked);
    return 1;
}

static int
check_timeline(carnet_scenario_run *r, const cJSON *it)
{
    carnet_read_opts o = CARNET_READ_OPTS_INIT;
    struct scn__actor *person, *who = scn__actor_of(r, it, "acteur");
    const char *h = scn__carnet(r, it, &person, NULL);
    int64_t n = scn__int(it, "entrees", 0);
    struct scn__read_result res;
    int rc;

    who = who != NULL ? who : person;
    scn__desc(r, "la chronologie de %s vue par %s compte %lld entrée(s)", person->def->label,
              who->def->label, (long long)n);
    if (h == NULL) {
        return 0;
    }
    o.flags = CARNET_READ_SUPERSEDED;
    rc = scn__read(r, who, h, &o, NULL, NULL, &res);
    if (rc != CARNET_OK) {
        return rc == CARNET_ECONSENT || rc == CARNET_EPASSPHRASE ? 0 : rc;
    }
    scn__detail(r, "%d entrée(s) dans la chronologie", res.entries);
    return res.entries == n;
}

/* ------------------------------------------------------------ the log */

/* Does audit record @p e match the filters of expectation @p it? */
static int
log_matches(carnet_scenario_run *r, const cJSON *it, const carnet_audit_event *e)
{
    const struct scn__actor *by = scn__actor_of(r, it, "par"),
                            *about = scn__actor_of(r, it, "sujet");
    const cJSON *refused = cJSON_GetObjectItemCaseSensitive(it, "refusee");
    int section = scn__enum(it, "section", CARNET_ENUM_SECTION, -1);

    return strcmp(carnet_audit_action_code(e->action), scn__str(it, "evenement")) == 0 &&
           (by == NULL || strcmp(e->actor, by->handle) == 0) &&
           (about == NULL || strcmp(e->subject, about->handle) == 0) &&
           (section < 0 || e->section == section) &&
           (refused == NULL || (e->refused != 0) == cJSON_IsTrue(refused));
}

static int
check_log(carnet_scenario_run *r, const cJSON *it)
{
    struct scn__actor *person, *by = scn__actor_of(r, it, "par"),
                               *about = scn__actor_of(r, it, "sujet");
    const char *h = scn__carnet(r, it, &person, NULL), *what = scn__str(it, "evenement");
    int64_t want = scn__int(it, "nombre", -1), count = 0;
    carnet_audit_iter *ai = NULL;
    carnet_audit_event e;
    char how[64];
    int rc;

    if (want >= 0) {
        (void)snprintf(how, sizeof how, "exactement %lld", (long long)want);
    } else {
        (void)snprintf(how, sizeof how, "au moins un");
    }
    scn__desc(r, "le journal de %s contient %s « %s »%s%s%s%s", person->def->label, how, what,
              by != NULL ? " par " : "", by != NULL ? by->def->label : "",
              about != NULL ? " concernant " : "", about != NULL ? about->def->label : "");
    if (h == NULL) {
        return 0;
    }
    rc = carnet_audit_iter_new(&ai, r->db, h);
    while (rc == CARNET_OK && (rc = carnet_audit_iter_next(ai, &e)) == CARNET_OK) {
        count += log_matches(r, it, &e);
    }
    carnet_audit_iter_free(ai);
    if (rc != CARNET_ITEROVER) {
        scn__detail(r, "%s", carnet_db_errmsg(r->db));
        return rc;
    }
    scn__detail(r, "%lld événement(s) correspondant(s), %s attendu(s)", (long long)count, how);
    return want >= 0 ? count == want : count > 0;
}

static int
check_chain(carnet_scenario_run *r, const cJSON *it)
{
    struct scn__actor *person;
    const char *h = scn__carnet(r, it, &person, NULL);
    carnet_audit_report rep;
    int rc;

    scn__desc(r, "le journal de %s est intègre (chaîne et signatures)", person->def->label);
    if (h == NULL) {
        return 0;
    }
    rc = carnet_audit_verify(&rep, r->db, h, NULL);
    if (rc != CARNET_OK) {
        scn__detail(r, "%s", carnet_db_errmsg(r->db));
        return rc;
    }
    scn__detail(r, "%s", rep.message);
    return rep.ok != 0;
}

/* ------------------------------------------------------------ state */

static int
check_status(carnet_scenario_run *r, const cJSON *it)
{
    struct scn__actor *person;
    const char *h = scn__carnet(r, it, &person, NULL), *want = scn__str(it, "statut");
    carnet_info info;

    scn__desc(r, "le carnet de %s a le statut « %s »", person->def->label, want);
    if (h == NULL || carnet_info_get(&info, r->db, h) != CARNET_OK) {
        return 0;
    }
    scn__detail(r, "statut : %s", carnet_enum_code(CARNET_ENUM_LIFECYCLE, (int)info.lifecycle));
    return strcmp(carnet_enum_code(CARNET_ENUM_LIFECYCLE, (int)info.lifecycle), want) == 0;
}

static int
check_referent(carnet_scenario_run *r, const cJSON *it)
{
    struct scn__actor *person, *ref = scn__actor_of(r, it, "referent");
    const char *h = scn__carnet(r, it, &person, NULL);
    carnet_info info;

    scn__desc(r, "%s est le référent de %s", ref->def->label, person->def->label);
    if (h == NULL || carnet_info_get(&info, r->db, h) != CARNET_OK) {
        return 0;
    }
    scn__detail(r, "référent : %s", info.referent[0] != '\0' ? info.referent : "aucun");
    return strcmp(info.referent, ref->handle) == 0;
}

static int
check_member(carnet_scenario_run *r, const cJSON *it)
{
    struct scn__actor *person, *pro = scn__actor_of(r, it, "professionnel");
    const char *h = scn__carnet(r, it, &person, NULL);
    int want = scn__bool(it, "actif", 1), found = 0, current = 0, rc;
    carnet_member_iter *mi = NULL;
    carnet_member_info m;

    scn__desc(r, "%s %s du groupe de suivi de %s", pro->def->label,
              want ? "fait partie" : "ne fait plus partie", person->def->label);
    if (h == NULL) {
        return 0;
    }
    rc = carnet_member_iter_new(&mi, r->db, h);
    while (rc == CARNET_OK && (rc = carnet_member_iter_next(mi, &m)) == CARNET_OK) {
        if (strcmp(m.member, pro->handle) == 0) {
            found = 1;
            current |= m.ended_at == 0;
        }
    }
    carnet_member_iter_free(mi);
    if (rc != CARNET_ITEROVER) {
        scn__detail(r, "%s", carnet_db_errmsg(r->db));
        return rc;
    }
    scn__detail(r, "%s",
                !found    ? "jamais membre"
                : current ? "membre actuel"
                          : "ancien membre (l'historique est conservé)");
    return want ? current : found && !current;
}

static int
check_grant(carnet_scenario_run *r, const cJSON *it)
{
    const char *label = scn__str(it, "autorisation"), *want = scn__str(it, "etat");
    struct scn__actor *owner = scn__label_owner(r, label);
    int64_t no = scn__label_no(r, label);
    carnet_grant_iter *gi = NULL;
    carnet_grant_info g;
    int rc;

    scn__desc(r, "l'autorisation '%s' est %s", label, want);
    if (owner == NULL || owner->handle[0] == '\0') {
        scn__detail(r, "l'autorisation '%s' n'a pas été donnée", label);
        return 0;
    }
    /* Numbers restart in each carnet: look in the carnet that gave it. */
    rc = carnet_grant_iter_new(&gi, r->db, owner->handle);
    while (rc == CARNET_OK && (rc = carnet_grant_iter_next(gi, &g)) == CARNET_OK && g.no != no) {
    }
    carnet_grant_iter_free(gi);
    if (rc != CARNET_OK) {
        scn__detail(r, "autorisation n° %lld introuvable dans le carnet de %s", (long long)no,
                    owner->def->label);
        return rc == CARNET_ITEROVER ? 0 : rc;
    }
    scn__detail(r, "autorisation n° %lld du carnet de %s : %s", (long long)no, owner->def->label,
                carnet_grant_status_code(g.status));
    return strcmp(carnet_grant_status_code(g.status), want) == 0;
}

/* ------------------------------------------------------------ indicators */

static int
check_indicator(carnet_scenario_run *r, const cJSON *it)
{
    carnet_stats_opts o = CARNET_STATS_OPTS_INIT;
    struct scn__actor *ref = scn__actor_of(r, it, "referent");
    const char *code = scn__str(it, "code");
    double want = cJSON_GetObjectItemCaseSensitive(it, "valeur")->valuedouble;
    carnet_stats *st = NULL;
    carnet_indicator ind;
    int rc;

    scn__desc(r, "l'indicateur « %s »%s%s vaut %g", code, ref != NULL ? " du portefeuille de " : "",
              ref != NULL ? ref->def->label : "", want);
    o.referent = ref != NULL ? ref->handle : NULL;
    rc = carnet_stats_compute(&st, r->db, &o);
    if (rc != CARNET_OK) {
        scn__detail(r, "%s", carnet_db_errmsg(r->db));
        return rc == CARNET_ENOTFOUND ? 0 : rc;
    }
    rc = carnet_stats_find(st, code, &ind);
    if (rc != CARNET_OK) {
        /* A grouped indicator with no row (no such action, exit…) is zero. */
        ind.value = 0;
        ind.base = 0;
        ind.unit = "";
    }
    scn__detail(r, "%s : %g %s (calculé sans aucune clé)", code, ind.value, ind.unit);
    carnet_stats_free(st);
    return ind.value > want - 0.05 && ind.value < want + 0.05;
}

/* ------------------------------------------------------------ the table */

static const struct scn__check_spec checks[] = {
    {"peut_lire", "acteur personne sections", "", check_can_read},
    {"ne_peut_pas_lire", "acteur personne sections", "", check_cannot_read},
    {"peut_ecrire", "acteur personne sections", "", check_can_write},
    {"ne_peut_pas_ecrire", "acteur personne sections", "", check_cannot_write},
    {"lit", "acteur personne", "sections contient ne_contient_pas entrees", check_reads},
    {"chronologie", "personne entrees", "acteur", check_timeline},
    {"journal", "personne evenement", "par sujet section refusee nombre", check_log},
    {"journal_integre", "personne", "", check_chain},
    {"statut", "personne statut", "", check_status},
    {"referent", "personne referent", "", check_referent},
    {"membre", "personne professionnel", "actif", check_member},
    {"autorisation", "autorisation etat", "", check_grant},
    {"indicateur", "code valeur", "referent", check_indicator},
};

const struct scn__check_spec *
scn__check_find(const char *code)
{
    for (size_t i = 0; code != NULL && i < sizeof checks / sizeof checks[0]; i++) {
        if (strcmp(checks[i].code, code) == 0) {
            return &checks[i];
        }
    }
    return NULL;
}
