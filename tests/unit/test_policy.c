/* test_policy.c - access decisions (research/anchor-crypto-consent.md §8.5,
 * T14): carnet_explain names the rule and the authorisation, or says why
 * not; and over a random sequence of grants, revocations, writes and days,
 * checked after every step against a model of the design, policy and
 * cryptography agree.
 * SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "tests.h"
#include "world.h"

/* carnet_explain names the rule and the authorisation, or says why not. */
void
test_security_explain(void **state)
{
    carnet_decision d;
    int64_t g;
    world w;

    (void)state;
    world_up(&w);
    g = world_grant(&w, "sofia", SEC(DIAGNOSTIC_SOCIAL), CARNET_ACCESS_WRITE, CARNET_SCOPE_ALL);
    assert_int_equal(carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_DIAGNOSTIC_SOCIAL,
                                    CARNET_ACCESS_WRITE, 0),
                     CARNET_OK);
    assert_true(d.allowed);
    assert_int_equal(d.grant, g);
    assert_true(d.holds_key);
    assert_int_equal(d.ceiling, CARNET_ACCESS_WRITE);
    assert_true(d.rule >= 0);
    assert_string_equal(d.rule_name, "Accompagnement du parcours");
    assert_non_null(strstr(d.reason, "Accompagnement du parcours"));
    /* Outside the rules, whatever the person signs. */
    assert_int_equal(carnet_explain(&d, w.db, "paul", w.handle, CARNET_SECTION_DIAGNOSTIC_SOCIAL,
                                    CARNET_ACCESS_READ, 0),
                     CARNET_OK);
    assert_false(d.allowed);
    assert_int_equal(d.ceiling, CARNET_ACCESS_NONE);
    assert_int_equal(d.grant, 0);
    assert_non_null(strstr(d.reason, "hors des règles"));
    assert_string_equal(d.rule_name, "Employeurs : vue limitée");
    /* No authorisation. */
    assert_int_equal(carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_DIAGNOSTIC_SOCIAL,
                                    CARNET_ACCESS_READ, 0),
                     CARNET_OK);
    assert_false(d.allowed);
    assert_non_null(strstr(d.reason, "aucune autorisation"));
    /* The person herself. */
    assert_int_equal(
        carnet_explain(&d, w.db, w.handle, w.handle, CARNET_SECTION_SANTE, CARNET_ACCESS_WRITE, 0),
        CARNET_OK);
    assert_true(d.allowed);
    assert_true(d.owner);
    /* Revoked. */
    assert_int_equal(carnet_revoke(w.db, w.person, g), CARNET_OK);
    assert_int_equal(carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_DIAGNOSTIC_SOCIAL,
                                    CARNET_ACCESS_READ, 0),
                     CARNET_OK);
    assert_false(d.allowed);
    assert_int_equal(d.grant, 0);
    assert_non_null(strstr(d.reason, "révoquée"));
    /* Asked about the past, it answers for the past. */
    assert_int_equal(carnet_explain(&d, w.db, "sofia", w.handle, CARNET_SECTION_DIAGNOSTIC_SOCIAL,
                                    CARNET_ACCESS_READ, w.now - 1),
                     CARNET_OK);
    assert_false(d.allowed); /* the grant was made at w.now */
    assert_int_equal(carnet_revoke(w.db, w.person, g), CARNET_EINVAL);
    world_down(&w);
}

void
test_consent_read_only_grant_explains_write_refusal(void **state)
{
    carnet_decision d;
    world w;

    (void)state;
    world_up(&w);
    world_grant(&w, "marc", SEC(SUIVI), CARNET_ACCESS_READ, CARNET_SCOPE_ALL);
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_WRITE, 0),
        CARNET_OK);
    assert_false(d.allowed);
    if (strstr(d.reason, "ne permet que la lecture") == NULL) {
        fail_msg("%s", d.reason);
    }
    assert_int_equal(
        carnet_explain(&d, w.db, "marc", w.handle, CARNET_SECTION_SUIVI, CARNET_ACCESS_READ, 0),
        CARNET_OK);
    assert_true(d.allowed);
    world_down(&w);
}

/* A model of what the design promises, written from
 * research/anchor-crypto-consent.md §8 and consent.h, not from the code:
 * who holds which epoch key of which section, and who may read or write. */
enum { NPRO = 4, MAXG = 96, MAXE = 160, MAXEP = 128, NOPS = 60 };

static const char *const pro_handle[NPRO] = {"sofia", "marc", "claire", "paul"};

struct m_grant {
    int64_t no;
    int pro;
    unsigned sections;
    carnet_access access;
    int64_t not_after;
    int revoked;
};

struct m_entry {
    int64_t no;
    int section;
    uint32_t epoch;
};

struct model {
    int64_t now;
    struct m_grant g[MAXG];
    size_t ng;
    uint32_t cur[CARNET_SECTION_COUNT];
    int64_t start[CARNET_SECTION_COUNT][MAXEP];
    unsigned char held[NPRO][CARNET_SECTION_COUNT][MAXEP];
    struct m_entry e[MAXE];
    size_t ne;
};

/* In force now: not revoked, not expired (grants here start at once). */
static int
m_grant_on(const struct model *m, const struct m_grant *g, int p, int s, carnet_access a)
{
    return g->pro == p && (g->sections & CARNET_SECTION_BIT(s)) != 0 && !g->revoked &&
           (g->not_after == 0 || g->not_after > m->now) && g->access >= a;
}

static int
m_may(const struct model *m, int p, int s, carnet_access a)
{
    for (size_t i = 0; i < m->ng; i++) {
        if (m_grant_on(m, &m->g[i], p, s, a)) {
            return 1;
        }
    }
    return 0;
}

static int
m_writer(const struct model *m, int p)
{
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        if (m_may(m, p, s, CARNET_ACCESS_WRITE)) {
            return 1;
        }
    }
    return 0;
}

static int
m_unrevoked(const struct model *m, int p, int s)
{
    for (size_t i = 0; i < m->ng; i++) {
        if (m->g[i].pro == p && (m->g[i].sections & CARNET_SECTION_BIT(s)) != 0 &&
            !m->g[i].revoked) {
            return 1;
        }
    }
    return 0;
}

/* A new epoch when forced or when a key holder lost access; sealed to the
 * readers still entitled; the others lose every wrap of the section. */
static void
m_rotate(struct model *m, int s, int force)
{
    int cand[NPRO], stale = force;
    uint32_t c = m->cur[s];

    for (int p = 0; p < NPRO; p++) {
        cand[p] = m->held[p][s][c] || m_unrevoked(m, p, s);
        stale |= m->held[p][s][c] && !m_may(m, p, s, CARNET_ACCESS_READ);
    }
    if (!stale) {
        return;
    }
    c = ++m->cur[s];
    assert_true(c < MAXEP);
    m->start[s][c] = m->now;
    for (int p = 0; p < NPRO; p++) {
        if (cand[p] && m_may(m, p, s, CARNET_ACCESS_READ)) {
            m->held[p][s][c] = 1;
        } else if (cand[p]) {
            memset(m->held[p][s], 0, sizeof m->held[p][s]);
        }
    }
}

static void
m_grant(struct model *m, int64_t no, int p, unsigned sections, carnet_access a, carnet_scope scope,
        int64_t since, int64_t not_after)
{
    struct m_grant *g = &m->g[m->ng++];

    assert_true(m->ng < MAXG);
    g->no = no;
    g->pro = p;
    g->sections = sections;
    g->access = a;
    g->not_after = not_after;
    g->revoked = 0;
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        if ((sections & CARNET_SECTION_BIT(s)) == 0) {
            continue;
        }
        if (scope == CARNET_SCOPE_FROM_NOW) {
            m_rotate(m, s, 1);
            continue;
        }
        for (uint32_t e = 0; e <= m->cur[s]; e++) {
            if (scope == CARNET_SCOPE_ALL || e == m->cur[s] || m->start[s][e + 1] > since) {
                m->held[p][s][e] = 1;
            }
        }
    }
}

static int
m_can_read(const struct model *m, int p, const struct m_entry *e)
{
    int s = e->section;
    return m_may(m, p, s, CARNET_ACCESS_READ) && m->held[p][s][m->cur[s]] &&
           m->held[p][s][e->epoch];
}

struct rng {
    uint64_t x;
};

/* xorshift64*: deterministic, independent of the C library. */
static uint32_t
rnd(struct rng *r, uint32_t n)
{
    r->x ^= r->x >> 12;
    r->x ^= r->x << 25;
    r->x ^= r->x >> 27;
    return (uint32_t)((r->x * 0x2545F4914F6CDD1DULL) >> 32) % n;
}

static const char *const body_kind[CARNET_SECTION_COUNT] = {
    "identite",        "situation.droits", "diagnostic.pro", "diagnostic.social",
    "sante.situation", "justice.suivi",    "plan.axe",       "suivi.point"};
static const char *const body_json[CARNET_SECTION_COUNT] = {
    "{\"prenom\":\"Nicolas\",\"nom\":\"Canari-Durand\",\"date_naissance\":\"1985-07-12\"}",
    "{\"aah\":true}",
    "{\"commentaire\":\"diagnostic professionnel\"}",
    "{\"commentaire\":\"diagnostic social\"}",
    "{\"commentaire\":\"sante\"}",
    "{\"mesure\":\"mesure judiciaire\"}",
    "{\"theme\":\"logement\"}",
    "{\"date\":\"2026-01-02\",\"resume\":\"point\"}"};

/* The state of one run. */
struct t14 {
    world w;
    struct model m;
    struct rng r;
    unsigned rmask[NPRO], wmask[NPRO]; /* what the rules allow each professional */
    carnet_actor *actors[NPRO];
    int step;
    char log[16384];
};

static void logf_append(struct t14 *t, const char *fmt, ...) CARNET_PRINTF(2, 3);

static void
logf_append(struct t14 *t, const char *fmt, ...)
{
    size_t n = strlen(t->log);
    va_list ap;

    va_start(ap, fmt);
    if (n + 1 < sizeof t->log) {
        (void)vsnprintf(t->log + n, sizeof t->log - n, fmt, ap);
    }
    va_end(ap);
}

/* What professional @p p actually decrypts, in a fresh session (no key
 * cached from earlier), against the model. */
static void
check_reads(struct t14 *t, int p)
{
    const struct model *m = &t->m;
    unsigned char seen[MAXE + 1];
    carnet_actor *a = world_unlock(&t->w, pro_handle[p]);

    world_read_set(&t->w, a, t->w.handle, seen, sizeof seen);
    carnet_actor_free(a);
    for (size_t i = 0; i < m->ne; i++) {
        const struct m_entry *e = &m->e[i];
        int want = m_can_read(m, p, e);
        if (seen[e->no] != want) {
            fail_msg("step %d: %s %s entry %lld (section %d, epoch %u; current %u): the model "
                     "says %s\nops:\n%s",
                     t->step, pro_handle[p], seen[e->no] ? "decrypts" : "cannot decrypt",
                     (long long)e->no, e->section, e->epoch, m->cur[e->section],
                     want ? "yes" : "no", t->log);
        }
    }
}

/* carnet_explain against the model, section by section. */
static void
check_explain(struct t14 *t, int p)
{
    const struct model *m = &t->m;

    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        carnet_decision d;
        int want = m_may(m, p, s, CARNET_ACCESS_READ) && m->held[p][s][m->cur[s]];
        assert_int_equal(carnet_explain(&d, t->w.db, pro_handle[p], t->w.handle, (carnet_section)s,
                                        CARNET_ACCESS_READ, 0),
                         CARNET_OK);
        if (d.allowed != want) {
            fail_msg("step %d: explain(%s, section %d) allowed=%d, the model %d: %s\nops:\n%s",
                     t->step, pro_handle[p], s, d.allowed, want, d.reason, t->log);
        }
    }
}

static void
check_all(struct t14 *t)
{
    unsigned char seen[MAXE + 1];

    for (int p = 0; p < NPRO; p++) {
        check_reads(t, p);
        check_explain(t, p);
    }
    world_read_set(&t->w, t->w.person, t->w.handle, seen, sizeof seen);
    for (size_t i = 0; i < t->m.ne; i++) {
        if (!seen[t->m.e[i].no]) {
            fail_msg("step %d: the person cannot decrypt entry %lld\nops:\n%s", t->step,
                     (long long)t->m.e[i].no, t->log);
        }
    }
}

static void
op_grant(struct t14 *t)
{
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    int p = (int)rnd(&t->r, NPRO);
    int64_t no = 0, now = t->w.now;

    g.access = rnd(&t->r, 2) == 0 ? CARNET_ACCESS_WRITE : CARNET_ACCESS_READ;
    g.sections = rnd(&t->r, 256) & (g.access == CARNET_ACCESS_WRITE ? t->wmask[p] : t->rmask[p]);
    g.scope = (carnet_scope)(1 + rnd(&t->r, 3));
    g.since = now - (int64_t)rnd(&t->r, 4) * 86400 - 1;
    g.not_after = rnd(&t->r, 4) == 0 ? now + (int64_t)(1 + rnd(&t->r, 3)) * 86400 : 0;
    g.grantee = pro_handle[p];
    if (g.sections == 0) {
        return;
    }
    assert_int_equal(carnet_grant(&no, t->w.db, t->w.person, &g), CARNET_OK);
    m_grant(&t->m, no, p, g.sections, g.access, g.scope, g.since, g.not_after);
    logf_append(t, "%d: grant n°%lld %s sections %#x %s scope %d%s\n", t->step, (long long)no,
                g.grantee, g.sections, g.access == CARNET_ACCESS_WRITE ? "write" : "read",
                (int)g.scope, g.not_after != 0 ? " with an end date" : "");
}

static void
op_revoke(struct t14 *t)
{
    struct model *m = &t->m;
    size_t live[MAXG], n = 0, i;

    for (i = 0; i < m->ng; i++) {
        if (!m->g[i].revoked) {
            live[n++] = i;
        }
    }
    if (n == 0) {
        return;
    }
    i = live[rnd(&t->r, (uint32_t)n)];
    assert_int_equal(carnet_revoke(t->w.db, t->w.person, m->g[i].no), CARNET_OK);
    m->g[i].revoked = 1;
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        if (m->g[i].sections & CARNET_SECTION_BIT(s)) {
            m_rotate(m, s, 0);
        }
    }
    logf_append(t, "%d: revoke n°%lld\n", t->step, (long long)m->g[i].no);
}

/* The person a third of the time; otherwise mostly a professional who may
 * write somewhere, in a section where she may, sometimes anywhere. */
static void
pick_writer(struct t14 *t, int *who, int *section)
{
    int w = rnd(&t->r, 3) == 0 ? NPRO : (int)rnd(&t->r, NPRO);
    int s = (int)rnd(&t->r, CARNET_SECTION_COUNT);

    for (int k = 0; w != NPRO && rnd(&t->r, 4) != 0 && k < NPRO; k++) {
        if (m_writer(&t->m, (w + k) % NPRO)) {
            w = (w + k) % NPRO;
            break;
        }
    }
    for (int k = 0; w != NPRO && rnd(&t->r, 4) != 0 && k < CARNET_SECTION_COUNT; k++) {
        if (m_may(&t->m, w, (s + k) % CARNET_SECTION_COUNT, CARNET_ACCESS_WRITE)) {
            s = (s + k) % CARNET_SECTION_COUNT;
            break;
        }
    }
    *who = w;
    *section = s;
}

static void
op_write(struct t14 *t)
{
    struct model *m = &t->m;
    int who, s, want, rc;
    int64_t no = 0;

    pick_writer(t, &who, &s);
    want = who == NPRO || m_may(m, who, s, CARNET_ACCESS_WRITE);
    rc = carnet_entry_add(&no, t->w.db, who == NPRO ? t->w.person : t->actors[who], t->w.handle,
                          body_kind[s], body_json[s], NULL);
    logf_append(t, "%d: %s writes section %d: %s\n", t->step,
                who == NPRO ? "person" : pro_handle[who], s, carnet_status_name(rc));
    if (!want && rc != CARNET_ECONSENT) {
        fail_msg("step %d: the write should be refused, got %s\nops:\n%s", t->step,
                 carnet_status_name(rc), t->log);
    }
    if (want && rc != CARNET_OK) {
        fail_msg("step %d: write refused: %s\nops:\n%s", t->step, carnet_db_errmsg(t->w.db),
                 t->log);
    }
    if (!want) {
        return;
    }
    m_rotate(m, s, 0);
    assert_true(m->ne < MAXE && (size_t)no <= MAXE);
    m->e[m->ne++] = (struct m_entry){no, s, m->cur[s]};
    if (world_epoch(&t->w, no) != m->cur[s]) {
        fail_msg("step %d: entry %lld written in epoch %u, the model expects %u\nops:\n%s", t->step,
                 (long long)no, world_epoch(&t->w, no), m->cur[s], t->log);
    }
}

/* The rules' ceilings, and the world as world_up leaves it: claire created
 * the carnet (entry 1, identite, epoch 0) and is authorised (n°1) to write
 * identite and situation, all history. */
static void
t14_init(struct t14 *t)
{
    struct model *m = &t->m;
    carnet_rules *rules = NULL;

    world_up(&t->w);
    t->r.x = 0xF1BBCDCBFA53E0A9ULL; /* a seed with a good mix of operations */
    t->actors[0] = t->w.sofia;
    t->actors[1] = t->w.marc;
    t->actors[2] = t->w.claire;
    t->actors[3] = t->w.paul;
    assert_int_equal(carnet_rules_load(&rules, t->w.db), CARNET_OK);
    for (int p = 0; p < NPRO; p++) {
        carnet_principal_info pi;
        assert_int_equal(carnet_principal_get(&pi, t->w.db, pro_handle[p]), CARNET_OK);
        for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
            carnet_access c =
                carnet_rules_ceiling(rules, pi.role, pi.structure_type, (carnet_section)s, NULL);
            t->rmask[p] |= c >= CARNET_ACCESS_READ ? CARNET_SECTION_BIT(s) : 0;
            t->wmask[p] |= c >= CARNET_ACCESS_WRITE ? CARNET_SECTION_BIT(s) : 0;
        }
    }
    carnet_rules_free(rules);
    m->now = t->w.now;
    m->g[0] = (struct m_grant){1, 2, SEC(IDENTITE) | SEC(SITUATION), CARNET_ACCESS_WRITE, 0, 0};
    m->ng = 1;
    m->held[2][CARNET_SECTION_IDENTITE][0] = 1;
    m->held[2][CARNET_SECTION_SITUATION][0] = 1;
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        m->start[s][0] = t->w.now;
    }
    m->e[m->ne++] = (struct m_entry){1, CARNET_SECTION_IDENTITE, 0};
}

/* T14: over a random sequence of grants, revocations, writes and days, the
 * professionals able to decrypt each entry are those the design says, and
 * carnet_explain agrees. */
void
test_security_random_policy_matches_crypto(void **state)
{
    struct t14 *t = calloc(1, sizeof *t);

    (void)state;
    assert_non_null(t);
    t14_init(t);
    t->step = -1;
    check_all(t);
    for (t->step = 0; t->step < NOPS; t->step++) {
        uint32_t op = rnd(&t->r, 20);
        /* One second per operation: what happens within one second is
         * test_security_revocation_keeps_earlier_entries's business. */
        carnet_db_set_time(t->w.db, ++t->w.now);
        t->m.now = t->w.now;
        if (op < 5) {
            op_grant(t);
        } else if (op < 7) {
            op_revoke(t);
        } else if (op < 18) {
            op_write(t);
        } else {
            world_days(&t->w, 1);
            t->m.now = t->w.now;
            logf_append(t, "%d: one day later\n", t->step);
        }
        check_all(t);
    }
    world_down(&t->w);
    free(t);
}
