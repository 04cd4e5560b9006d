/* stats.c - the territory and portfolio indicators, from clear metadata
 * only: carnet rows, the coded facts, réorientations and authorisations.
 * Nothing here touches a key or a ciphertext.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carnet/stats.h>

#include "actions/actions.h"

#define ROWS_MAX  512
#define CODE_MAX  80
#define LABEL_MAX 160

struct row {
    char code[CODE_MAX];
    char label[LABEL_MAX];
    double value;
    int64_t base;
    const char *unit;
};

struct carnet_stats {
    struct row *rows;
    size_t n;
    carnet_attention *att;
    size_t natt;
};

struct ctx {
    carnet_db *db;
    carnet_stats *st;
    int64_t from, to, referent, now;
};

static int
add(struct ctx *x, const char *code, const char *label, double value, int64_t base,
    const char *unit)
{
    struct row *r;

    if (x->st->n == ROWS_MAX) {
        return carnet__fail(x->db, CARNET_ENOMEM, "trop d'indicateurs");
    }
    r = &x->st->rows[x->st->n++];
    (void)snprintf(r->code, sizeof r->code, "%s", code);
    (void)snprintf(r->label, sizeof r->label, "%s", label);
    r->value = value;
    r->base = base;
    r->unit = unit;
    return CARNET_OK;
}

/* Prepare a cohort statement and bind ?1..?3 (and ?4 = now). */
static carnet__statement *
cohort(struct ctx *x, carnet__query q)
{
    carnet__statement *st = carnet__stmt(x->db, q);

    if (st != NULL) {
        carnet__bind_int(st, 1, x->from);
        carnet__bind_int(st, 2, x->to);
        carnet__bind_opt(st, 3, x->referent);
        if (carnet__param_count(st) >= 4) {
            carnet__bind_int(st, 4, x->now);
        }
    }
    return st;
}

static int
done(struct ctx *x, carnet__statement *st, int rc)
{
    carnet__reset(st);
    return rc == CARNET__DONE || rc == CARNET__ROW ? CARNET_OK
                                                   : carnet__store_fail(x->db, rc, "indicateurs");
}

/* ------------------------------------------------------------ counts */

static int
carnets(struct ctx *x, int64_t *total)
{
    carnet__statement *st = cohort(x, CARNET__Q_CARNETS);
    int64_t counts[5] = {0};
    int rc, v;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    while ((rc = carnet__step(st)) == CARNET__ROW) {
        if (carnet_enum_parse(&v, CARNET_ENUM_LIFECYCLE, carnet__col_str(st, 0)) == CARNET_OK &&
            v >= 1 && v <= 4) {
            counts[v] = carnet__col_int(st, 1);
        }
    }
    rc = done(x, st, rc);
    *total = counts[1] + counts[2] + counts[3] + counts[4];
    rc = rc == CARNET_OK ? add(x, "carnets", "Carnets ouverts", (double)*total, 0, "carnets") : rc;
    for (v = 1; rc == CARNET_OK && v <= 4; v++) {
        char code[CODE_MAX], label[LABEL_MAX];
        (void)snprintf(code, sizeof code, "statut.%s", carnet_enum_code(CARNET_ENUM_LIFECYCLE, v));
        (void)snprintf(label, sizeof label, "Carnets au statut « %s »",
                       carnet_enum_label(CARNET_ENUM_LIFECYCLE, v));
        rc = add(x, code, label, (double)counts[v], *total, "carnets");
    }
    return rc;
}

/* Delay from the entry to the first fact of a kind (and code): the mean in
 * days, and the share of the cohort reached within 30 days. */
static int
delay(struct ctx *x, carnet__query q, const char *code, const char *what, const char *with,
      int64_t total)
{
    carnet__statement *st = cohort(x, q);
    char c1[CODE_MAX], l1[LABEL_MAX], c2[CODE_MAX], l2[LABEL_MAX];
    int64_t n = 0, within = 0;
    double mean = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        n = carnet__col_int(st, 0);
        mean = carnet__col_double(st, 1);
        within = carnet__col_int(st, 2);
    }
    rc = done(x, st, rc);
    (void)snprintf(c1, sizeof c1, "%s.delai_moyen", code);
    (void)snprintf(l1, sizeof l1, "Délai moyen de l'entrée %s", what);
    (void)snprintf(c2, sizeof c2, "%s.dans_30_jours", code);
    (void)snprintf(l2, sizeof l2, "Part des carnets avec %s dans les 30 jours", with);
    rc = rc == CARNET_OK ? add(x, c1, l1, mean, n, "jours") : rc;
    return rc == CARNET_OK
               ? add(x, c2, l2, total > 0 ? 100.0 * (double)within / (double)total : 0, total, "%")
               : rc;
}

static int
delays(struct ctx *x, int64_t total)
{
    int rc = delay(x, CARNET__Q_DELAYS_RDV, "premier_rdv", "au premier rendez-vous honoré",
                   "un rendez-vous honoré", total);

    rc = rc == CARNET_OK ? delay(x, CARNET__Q_DELAYS_DIAG, "diagnostic", "au premier diagnostic",
                                 "un diagnostic", total)
                         : rc;
    return rc == CARNET_OK
               ? delay(x, CARNET__Q_DELAYS_PLAN, "plan_valide", "à la validation du plan d'action",
                       "un plan d'action validé", total)
               : rc;
}

/* Rows "prefix.a[.b]" from a statement returning (a, b, count). */
static int
grouped(struct ctx *x, carnet__query q, const char *prefix, const char *label, const char *unit,
        int two)
{
    carnet__statement *st = cohort(x, q);
    int rc, out = CARNET_OK;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    while (out == CARNET_OK && (rc = carnet__step(st)) == CARNET__ROW) {
        const char *a = carnet__col_str(st, 0);
        const char *b = two ? carnet__col_str(st, 1) : NULL;
        char code[CODE_MAX], lab[LABEL_MAX];
        a = a != NULL ? a : "inconnu";
        b = b != NULL ? b : "inconnu";
        (void)snprintf(code, sizeof code, two ? "%s.%s.%s" : "%s.%s", prefix, a, b);
        (void)snprintf(lab, sizeof lab, two ? "%s : %s, %s" : "%s : %s", label, a, b);
        out = add(x, code, lab, (double)carnet__col_int(st, two ? 2 : 1), 0, unit);
    }
    if (out != CARNET_OK) {
        carnet__reset(st);
        return out;
    }
    return done(x, st, rc);
}

static int
plans_and_exits(struct ctx *x)
{
    int rc = grouped(x, CARNET__Q_PLANS_AND_EXITS_ACTIONS, "actions", "Actions par thème et statut",
                     "actions", 1);

    rc = rc == CARNET_OK ? grouped(x, CARNET__Q_PLANS_AND_EXITS_EXITS, "sorties",
                                   "Sorties par motif", "sorties", 0)
                         : rc;
    rc = rc == CARNET_OK ? grouped(x, CARNET__Q_PLANS_AND_EXITS_SIX, "six_mois",
                                   "Situation six mois après la sortie", "sorties", 0)
                         : rc;
    return rc == CARNET_OK ? grouped(x, CARNET__Q_PLANS_AND_EXITS_REO, "reorientations",
                                     "Réorientations", "demandes", 0)
                           : rc;
}

/* One number from a cohort statement. */
static int
scalar(struct ctx *x, carnet__query q, double *v, int64_t *n)
{
    carnet__statement *st = cohort(x, q);
    int rc;

    *v = 0;
    *n = 0;
    if (st == NULL) {
        return carnet__status(x->db);
    }
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *v = carnet__col_double(st, 0);
        *n = carnet__col_count(st) > 1 ? carnet__col_int(st, 1) : 0;
    }
    return done(x, st, rc);
}

static int
follow_up(struct ctx *x, int64_t total)
{
    double v;
    int64_t n;
    int rc = scalar(x, CARNET__Q_FOLLOW_UP_IDLE, &v, &n);

    rc = rc == CARNET_OK ? add(x, "sans_suivi_90_jours",
                               "Carnets en cours sans écriture depuis 90 jours (risque de rupture)",
                               v, total, "carnets")
                         : rc;
    rc = rc == CARNET_OK ? scalar(x, CARNET__Q_FOLLOW_UP_CHANGES, &v, &n) : rc;
    rc = rc == CARNET_OK
             ? add(x, "changements_referent", "Changements de référent", v, 0, "changements")
             : rc;
    rc = rc == CARNET_OK ? scalar(x, CARNET__Q_FOLLOW_UP_REENTRIES, &v, &n) : rc;
    rc = rc == CARNET_OK
             ? add(x, "retours", "Retours dans le parcours après une sortie ou une clôture", v, 0,
                   "retours")
             : rc;
    rc = rc == CARNET_OK ? scalar(x, CARNET__Q_FOLLOW_UP_RATING, &v, &n) : rc;
    return rc == CARNET_OK
               ? add(x, "note.moyenne", "Note moyenne donnée par les personnes", v, n, "sur 10")
               : rc;
}

/* ------------------------------------------------------------ attention */

static int
attention(struct ctx *x)
{
    static const char *const codes[] = {"rdv_en_retard", "sans_diagnostic",
                                        "autorisation_expire_bientot"};
    static const char *const labels[] = {"Rendez-vous prévus et dépassés",
                                         "Carnets sans diagnostic",
                                         "Autorisations qui expirent dans les 15 jours"};
    static const char *const units[] = {"rendez-vous", "carnets", "autorisations"};
    carnet__statement *st = cohort(x, CARNET__Q_ATTENTION);
    int64_t counts[3] = {0};
    int rc = CARNET_OK, out = CARNET_OK;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    while ((rc = carnet__step(st)) == CARNET__ROW && x->st->natt < ROWS_MAX) {
        carnet_attention *a = &x->st->att[x->st->natt++];
        const char *code = carnet__col_str(st, 1);
        carnet__col_text(st, 0, a->person, sizeof a->person);
        a->at = carnet__col_int(st, 2);
        for (size_t i = 0; i < 3; i++) {
            if (code != NULL && strcmp(code, codes[i]) == 0) {
                a->code = codes[i];
                counts[i]++;
            }
        }
    }
    rc = done(x, st, rc);
    for (size_t i = 0; rc == CARNET_OK && out == CARNET_OK && i < 3; i++) {
        char code[CODE_MAX];
        (void)snprintf(code, sizeof code, "attention.%s", codes[i]);
        out = add(x, code, labels[i], (double)counts[i], 0, units[i]);
    }
    return rc != CARNET_OK ? rc : out;
}

/* ------------------------------------------------------------ API */

int
carnet_stats_compute(carnet_stats **out, carnet_db *db, const carnet_stats_opts *opts)
{
    carnet_stats_opts o = CARNET_STATS_OPTS_INIT;
    struct ctx x;
    int64_t total = 0;
    int rc;

    *out = NULL;
    if (opts != NULL) {
        o = *opts;
    }
    if (o.version != CARNET_STATS_OPTS_VERSION) {
        return carnet__fail(db, CARNET_EINVAL, "version d'options inconnue");
    }
    memset(&x, 0, sizeof x);
    x.db = db;
    x.from = o.from;
    x.to = o.to != 0 ? o.to : INT64_MAX;
    x.now = carnet_db_now(db);
    if (o.referent != NULL) {
        carnet__principal p;
        rc = carnet__principal_by_handle(db, o.referent, &p);
        if (rc != CARNET_OK || p.kind != CARNET_PRINCIPAL_PROFESSIONAL) {
            return carnet__fail(db, CARNET_ENOTFOUND, "référent '%s' inconnu", o.referent);
        }
        x.referent = p.pid;
    }
    x.st = calloc(1, sizeof *x.st);
    if (x.st == NULL || (x.st->rows = calloc(ROWS_MAX, sizeof *x.st->rows)) == NULL ||
        (x.st->att = calloc(ROWS_MAX, sizeof *x.st->att)) == NULL) {
        carnet_stats_free(x.st);
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    rc = carnets(&x, &total);
    rc = rc == CARNET_OK ? delays(&x, total) : rc;
    rc = rc == CARNET_OK ? follow_up(&x, total) : rc;
    rc = rc == CARNET_OK ? plans_and_exits(&x) : rc;
    rc = rc == CARNET_OK && o.referent != NULL ? attention(&x) : rc;
    if (rc != CARNET_OK) {
        carnet_stats_free(x.st);
        return rc;
    }
    *out = x.st;
    return carnet__ok(db);
}

void
carnet_stats_free(carnet_stats *st)
{
    if (st != NULL) {
        free(st->rows);
        free(st->att);
        free(st);
    }
}

size_t
carnet_stats_count(const carnet_stats *st)
{
    return st->n;
}

int
carnet_stats_get(const carnet_stats *st, size_t i, carnet_indicator *out)
{
    if (i >= st->n) {
        return CARNET_EINVAL;
    }
    out->code = st->rows[i].code;
    out->label = st->rows[i].label;
    out->value = st->rows[i].value;
    out->base = st->rows[i].base;
    out->unit = st->rows[i].unit;
    return CARNET_OK;
}

int
carnet_stats_find(const carnet_stats *st, const char *code, carnet_indicator *out)
{
    for (size_t i = 0; code != NULL && i < st->n; i++) {
        if (strcmp(st->rows[i].code, code) == 0) {
            return carnet_stats_get(st, i, out);
        }
    }
    return CARNET_ENOTFOUND;
}

size_t
carnet_stats_attention_count(const carnet_stats *st)
{
    return st->natt;
}

int
carnet_stats_attention_get(const carnet_stats *st, size_t i, carnet_attention *out)
{
    if (i >= st->natt) {
        return CARNET_EINVAL;
    }
    *out = st->att[i];
    return CARNET_OK;
}
