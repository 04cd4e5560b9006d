/* stats.c - the territory and portfolio indicators, from clear metadata
 * only: carnet rows, the coded facts, réorientations and authorisations.
 * Nothing here touches a key or a ciphertext.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <carnet/stats.h>

#include "internal.h"

#define ROWS_MAX  512
#define CODE_MAX  80
#define LABEL_MAX 160

/* The cohort: carnets created in [?1, ?2), of référent ?3 when not NULL. */
#define COHORT                                                                                     \
    "WITH c AS (SELECT cid, person, created_at, status, last_entry_at FROM carnet"                 \
    " WHERE erased_at IS NULL AND created_at >= ?1 AND created_at < ?2"                            \
    " AND (?3 IS NULL OR referent = ?3)) "

/* The latest fact of each chain (carnet, kind, root). */
#define LATEST(alias, kind)                                                                        \
    alias ".entry = (SELECT max(z.entry) FROM fact z WHERE z.carnet = " alias ".carnet"            \
          " AND z.kind = '" kind "' AND z.root = " alias ".root)"

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
static sqlite3_stmt *
cohort(struct ctx *x, const char *sql)
{
    sqlite3_stmt *st = carnet__stmt(x->db, sql);

    if (st != NULL) {
        carnet__bind_int(st, 1, x->from);
        carnet__bind_int(st, 2, x->to);
        carnet__bind_opt(st, 3, x->referent);
        if (sqlite3_bind_parameter_count(st) >= 4) {
            carnet__bind_int(st, 4, x->now);
        }
    }
    return st;
}

static int
done(struct ctx *x, sqlite3_stmt *st, int rc)
{
    (void)sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? CARNET_OK
                                                 : carnet__sqlfail(x->db, rc, "indicateurs");
}

/* ------------------------------------------------------------ counts */

static int
carnets(struct ctx *x, int64_t *total)
{
    static const char sql[] = COHORT "SELECT status, count(*) FROM c GROUP BY status ORDER BY "
                                     "status";
    sqlite3_stmt *st = cohort(x, sql);
    int64_t counts[5] = {0};
    int rc, v;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (carnet_enum_parse(&v, CARNET_ENUM_STATUS, (const char *)sqlite3_column_text(st, 0)) ==
                CARNET_OK &&
            v >= 1 && v <= 4) {
            counts[v] = sqlite3_column_int64(st, 1);
        }
    }
    rc = done(x, st, rc);
    *total = counts[1] + counts[2] + counts[3] + counts[4];
    rc = rc == CARNET_OK ? add(x, "carnets", "Carnets ouverts", (double)*total, 0, "carnets") : rc;
    for (v = 1; rc == CARNET_OK && v <= 4; v++) {
        char code[CODE_MAX], label[LABEL_MAX];
        (void)snprintf(code, sizeof code, "statut.%s", carnet_enum_code(CARNET_ENUM_STATUS, v));
        (void)snprintf(label, sizeof label, "Carnets au statut « %s »",
                       carnet_enum_label(CARNET_ENUM_STATUS, v));
        rc = add(x, code, label, (double)counts[v], *total, "carnets");
    }
    return rc;
}

/* Delay from the entry to the first fact of a kind (and code): the mean in
 * days, and the share of the cohort reached within 30 days. */
static int
delay(struct ctx *x, const char *sql, const char *code, const char *what, const char *with,
      int64_t total)
{
    sqlite3_stmt *st = cohort(x, sql);
    char c1[CODE_MAX], l1[LABEL_MAX], c2[CODE_MAX], l2[LABEL_MAX];
    int64_t n = 0, within = 0;
    double mean = 0;
    int rc;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
        mean = sqlite3_column_double(st, 1);
        within = sqlite3_column_int64(st, 2);
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

#define DELAY_SQL(cond)                                                                            \
    COHORT "SELECT count(*), coalesce(avg(d), 0), coalesce(sum(d <= 30), 0) FROM"                  \
           " (SELECT min(f.at) / 86400 - c.created_at / 86400 AS d FROM c JOIN fact f"             \
           " ON f.carnet = c.cid AND " cond " GROUP BY c.cid)"

static int
delays(struct ctx *x, int64_t total)
{
    static const char rdv[] = DELAY_SQL("f.kind = 'rdv' AND f.code = 'present'");
    static const char diag[] = DELAY_SQL("f.kind = 'diagnostic'");
    static const char plan[] = DELAY_SQL("f.kind = 'plan_valide'");
    int rc = delay(x, rdv, "premier_rdv", "au premier rendez-vous honoré", "un rendez-vous honoré",
                   total);

    rc = rc == CARNET_OK
             ? delay(x, diag, "diagnostic", "au premier diagnostic", "un diagnostic", total)
             : rc;
    return rc == CARNET_OK ? delay(x, plan, "plan_valide", "à la validation du plan d'action",
                                   "un plan d'action validé", total)
                           : rc;
}

/* Rows "prefix.a[.b]" from a statement returning (a, b, count). */
static int
grouped(struct ctx *x, const char *sql, const char *prefix, const char *label, const char *unit,
        int two)
{
    sqlite3_stmt *st = cohort(x, sql);
    int rc, out = CARNET_OK;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    while (out == CARNET_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(st, 0);
        const char *b = two ? (const char *)sqlite3_column_text(st, 1) : NULL;
        char code[CODE_MAX], lab[LABEL_MAX];
        a = a != NULL ? a : "inconnu";
        b = b != NULL ? b : "inconnu";
        (void)snprintf(code, sizeof code, two ? "%s.%s.%s" : "%s.%s", prefix, a, b);
        (void)snprintf(lab, sizeof lab, two ? "%s : %s, %s" : "%s : %s", label, a, b);
        out = add(x, code, lab, (double)sqlite3_column_int64(st, two ? 2 : 1), 0, unit);
    }
    if (out != CARNET_OK) {
        (void)sqlite3_reset(st);
        return out;
    }
    return done(x, st, rc);
}

static int
plans_and_exits(struct ctx *x)
{
    static const char actions[] = COHORT
        "SELECT ax.code, a.code, count(*) FROM c"
        " JOIN fact a ON a.carnet = c.cid AND a.kind = 'action' AND " LATEST(
            "a", "action") " JOIN fact o ON o.carnet = c.cid AND o.kind = 'objectif' AND o.root = "
                           "a.value AND " LATEST("o",
                                                 "objectif") " JOIN fact ax ON ax.carnet = c.cid "
                                                             "AND ax.kind = 'axe'"
                                                             " AND ax.root = o.value GROUP BY "
                                                             "ax.code, a.code ORDER BY ax.code, "
                                                             "a.code";
    static const char exits[] =
        COHORT "SELECT f.code, count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind ="
               " 'sortie' AND " LATEST("f", "sortie") " GROUP BY f.code ORDER BY f.code";
    static const char six[] =
        COHORT "SELECT f.code, count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind ="
               " 'post_sortie' AND f.value = 6 GROUP BY f.code ORDER BY f.code";
    static const char reo[] =
        COHORT "SELECT f.code, count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind ="
               " 'reorientation' GROUP BY f.code ORDER BY f.code";
    int rc = grouped(x, actions, "actions", "Actions par thème et statut", "actions", 1);

    rc = rc == CARNET_OK ? grouped(x, exits, "sorties", "Sorties par motif", "carnets", 0) : rc;
    rc = rc == CARNET_OK
             ? grouped(x, six, "six_mois", "Situation six mois après la sortie", "carnets", 0)
             : rc;
    return rc == CARNET_OK ? grouped(x, reo, "reorientations", "Réorientations", "demandes", 0)
                           : rc;
}

/* One number from a cohort statement. */
static int
scalar(struct ctx *x, const char *sql, double *v, int64_t *n)
{
    sqlite3_stmt *st = cohort(x, sql);
    int rc;

    *v = 0;
    *n = 0;
    if (st == NULL) {
        return carnet__status(x->db);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_double(st, 0);
        *n = sqlite3_column_count(st) > 1 ? sqlite3_column_int64(st, 1) : 0;
    }
    return done(x, st, rc);
}

static int
follow_up(struct ctx *x, int64_t total)
{
    static const char idle[] =
        COHORT "SELECT count(*) FROM c WHERE c.status = 'en_cours'"
               " AND ?4 - coalesce(c.last_entry_at, c.created_at) > 90 * 86400";
    static const char changes[] =
        COHORT "SELECT count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind = 'referent'";
    static const char rating[] =
        COHORT "SELECT coalesce(avg(f.value), 0), count(*) FROM c JOIN fact f ON f.carnet = c.cid"
               " AND f.kind = 'evaluation' AND f.entry = (SELECT max(z.entry) FROM fact z"
               " WHERE z.carnet = f.carnet AND z.kind = 'evaluation')";
    double v;
    int64_t n;
    int rc = scalar(x, idle, &v, &n);

    rc = rc == CARNET_OK ? add(x, "sans_suivi_90_jours",
                               "Carnets en cours sans écriture depuis 90 jours (risque de rupture)",
                               v, total, "carnets")
                         : rc;
    rc = rc == CARNET_OK ? scalar(x, changes, &v, &n) : rc;
    rc = rc == CARNET_OK
             ? add(x, "changements_referent", "Changements de référent", v, 0, "changements")
             : rc;
    rc = rc == CARNET_OK ? scalar(x, rating, &v, &n) : rc;
    return rc == CARNET_OK
               ? add(x, "note.moyenne", "Note moyenne donnée par les personnes", v, n, "sur 10")
               : rc;
}

/* ------------------------------------------------------------ attention */

static int
attention(struct ctx *x)
{
    static const char sql[] = COHORT
        "SELECT p.handle, 'rdv_en_retard', f.at FROM c JOIN principal p ON p.pid = c.person"
        " JOIN fact f ON f.carnet = c.cid AND f.kind = 'rdv' AND f.code = 'prevu'"
        " AND f.at < ?4 - 86400 AND " LATEST(
            "f", "rdv") " UNION ALL"
                        " SELECT p.handle, 'sans_diagnostic', c.created_at FROM c JOIN principal p"
                        " ON p.pid = c.person WHERE NOT EXISTS (SELECT 1 FROM fact d WHERE "
                        "d.carnet = c.cid"
                        " AND d.kind = 'diagnostic') UNION ALL"
                        " SELECT p.handle, 'autorisation_expire_bientot', g.not_after FROM c JOIN "
                        "principal p"
                        " ON p.pid = c.person JOIN consent g ON g.carnet = c.cid WHERE "
                        "g.revoked_at IS NULL"
                        " AND g.not_after > ?4 AND g.not_after <= ?4 + 15 * 86400 ORDER BY 3, 1";
    static const char *const codes[] = {"rdv_en_retard", "sans_diagnostic",
                                        "autorisation_expire_bientot"};
    static const char *const labels[] = {"Rendez-vous prévus et dépassés",
                                         "Carnets sans diagnostic",
                                         "Autorisations qui expirent dans les 15 jours"};
    static const char *const units[] = {"rendez-vous", "carnets", "autorisations"};
    sqlite3_stmt *st = cohort(x, sql);
    int64_t counts[3] = {0};
    int rc = CARNET_OK, out = CARNET_OK;

    if (st == NULL) {
        return carnet__status(x->db);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && x->st->natt < ROWS_MAX) {
        carnet_attention *a = &x->st->att[x->st->natt++];
        const char *code = (const char *)sqlite3_column_text(st, 1);
        carnet__col_text(st, 0, a->person, sizeof a->person);
        a->at = sqlite3_column_int64(st, 2);
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
