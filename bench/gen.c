/* gen.c - a deterministic synthetic département: every person's parcours
 * from a seed, the same for libcarnet and for the plain SQL stores.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "bench.h"

static const char *const prenoms[] = {"Nicolas", "Sofia",  "Marie", "Karim",   "Léa",
                                      "Mohamed", "Julie",  "Kevin", "Nadia",   "Thomas",
                                      "Aïcha",   "Sylvie", "Enzo",  "Inès",    "Bruno",
                                      "Fatou",   "Cédric", "Laura", "Yannick", "Chloé"};
static const char *const noms[] = {"Martin", "Bernard", "Dubois",  "Lefebvre",  "Leroy",
                                   "Moreau", "Durand",  "Lambert", "Fontaine",  "Mercier",
                                   "Dupont", "Lemaire", "Roussel", "Vasseur",   "Delattre",
                                   "Caron",  "Dumont",  "Lecomte", "Deschamps", "Carpentier"};
static const char *const communes[] = {"Roubaix", "Lille",        "Tourcoing", "Dunkerque",
                                       "Douai",   "Valenciennes", "Maubeuge",  "Cambrai"};
static const char *const romes[][2] = {
    {"D1102", "Boulanger"},           {"K2204", "Agent d'entretien"},
    {"N4105", "Chauffeur livreur"},   {"G1603", "Commis de cuisine"},
    {"H2102", "Conducteur de ligne"}, {"K1302", "Aide à domicile"}};
static const char *const themes[] = {"emploi",
                                     "logement",
                                     "mobilite",
                                     "formation",
                                     "difficulte_financiere",
                                     "difficulte_administrative"};
static const char *const logements[] = {"Hébergé chez un tiers", "Locataire du parc social",
                                        "Propriétaire", "Locataire du parc privé"};

/* splitmix64: small, fast and good enough for synthetic data. */
static uint64_t
next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static size_t
pick(uint64_t *s, size_t n)
{
    return (size_t)(next(s) % n);
}

void
bench_staff_of(bench_staff *out, size_t n)
{
    /* About 300 carnets per référent, as a full portfolio; 100 per
     * accompagnateur. */
    out->referents = n / 300 > 2 ? (int)(n / 300) : 2;
    out->accs = n / 100 > 4 ? (int)(n / 100) : 4;
}

void
bench_ref_handle(char *buf, size_t size, int i)
{
    (void)snprintf(buf, size, "ref-%d", i);
}

void
bench_acc_handle(char *buf, size_t size, int i)
{
    (void)snprintf(buf, size, "acc-%d", i);
}

const char *
bench_ref_structure(int i)
{
    return i % 2 == 0 ? "cd59" : "ccas";
}

const char *
bench_acc_structure(int i)
{
    return i % 2 == 0 ? "asso" : "ft";
}

int64_t
bench_time(size_t index, size_t k)
{
    return BENCH_T0 + (int64_t)index * 100 + (int64_t)k;
}

/* "YYYY-MM-DD" of a day number since 1970-01-01 (Howard Hinnant's
 * civil_from_days). */
static void
date_of(char out[11], int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);

    (void)snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

struct gen {
    bench_person *p;
    uint64_t rng;
    int64_t day; /* day number of the person's entrée */
};

static bench_op *
op_new(struct gen *g, bench_op_kind kind, bench_who who, const char *type)
{
    bench_op *op = &g->p->ops[g->p->nops++];

    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->who = who;
    op->type = type;
    op->ref = -1;
    op->supersedes = -1;
    op->pro = -1;
    op->grant = -1;
    return op;
}

static int
last_op(const struct gen *g)
{
    return (int)g->p->nops - 1;
}

static int
grant(struct gen *g, int acc, unsigned sections, int write)
{
    bench_op *op = op_new(g, BENCH_OP_GRANT, BENCH_WHO_PERSON, NULL);

    op->pro = acc;
    op->sections = sections;
    op->write = write;
    return last_op(g);
}

static void
identity(struct gen *g, bench_op *op)
{
    char born[11];

    date_of(born, 3650 + (int64_t)pick(&g->rng, 12000));
    (void)snprintf(op->body, sizeof op->body,
                   "{\"prenom\":\"%s\",\"nom\":\"%s\",\"date_naissance\":\"%s\","
                   "\"adresse\":{\"ligne1\":\"%u rue de la Gare\",\"code_postal\":\"59%03u\","
                   "\"commune\":\"%s\"},\"source\":\"professionnel\"}",
                   prenoms[pick(&g->rng, sizeof prenoms / sizeof prenoms[0])],
                   noms[pick(&g->rng, sizeof noms / sizeof noms[0])], born,
                   (unsigned)(1 + pick(&g->rng, 200)), (unsigned)pick(&g->rng, 1000),
                   communes[pick(&g->rng, sizeof communes / sizeof communes[0])]);
}

static int
write_op(struct gen *g, bench_who who, const char *type, int supersedes)
{
    bench_op *op = op_new(g, BENCH_OP_WRITE, who, type);
    op->supersedes = supersedes;
    return last_op(g);
}

static void
diagnostics(struct gen *g, int *pro, int *social, int version)
{
    char d[11];
    size_t r = pick(&g->rng, sizeof romes / sizeof romes[0]);
    bench_op *op;

    date_of(d, g->day - 30 - (int64_t)pick(&g->rng, 300));
    *pro = write_op(g, BENCH_WHO_REFERENT, "diagnostic.pro", *pro);
    op = &g->p->ops[*pro];
    (void)snprintf(op->body, sizeof op->body,
                   "{\"situation_travail\":{\"code\":\"recherche_emploi\",\"depuis\":\"%s\"},"
                   "\"niveau_formation\":\"%s\",\"projets\":[{\"rome\":\"%s\",\"intitule\":\"%s\","
                   "\"rayon_km\":%u,\"contrat\":\"cdi\",\"temps\":\"temps_plein\"}],"
                   "\"competences\":[\"Travail en équipe\",\"Permis B\"],"
                   "\"source\":\"professionnel\"}",
                   d, version == 1 ? "NV5" : "NV4", romes[r][0], romes[r][1],
                   (unsigned)(5 + pick(&g->rng, 40)));
    *social = write_op(g, BENCH_WHO_REFERENT, "diagnostic.social", *social);
    op = &g->p->ops[*social];
    (void)snprintf(op->body, sizeof op->body,
                   "{\"situations\":[{\"theme\":\"logement\",\"situation\":\"%s\"},"
                   "{\"theme\":\"mobilite\",\"situation\":\"Dépendant des transports en commun\"}],"
                   "\"commentaire\":\"Diagnostic social, version %d : situation à revoir au "
                   "prochain point d'étape.\",\"source\":\"professionnel\"}",
                   logements[pick(&g->rng, sizeof logements / sizeof logements[0])], version);
}

/* 3 axes × 2 objectifs × 2 actions, then a status change for each action. */
static void
plan(struct gen *g)
{
    static const char *const done[] = {"realisee", "abandonnee", "en_attente", "en_cours"};
    int actions[12], objectifs[12];
    size_t first = pick(&g->rng, sizeof themes / sizeof themes[0]);
    int na = 0;
    char d[11];

    for (int a = 0; a < 3; a++) {
        int axe = write_op(g, BENCH_WHO_REFERENT, "plan.axe", -1);
        (void)snprintf(g->p->ops[axe].body, BENCH_BODY_MAX, "{\"theme\":\"%s\"}",
                       themes[(first + (size_t)a) % (sizeof themes / sizeof themes[0])]);
        for (int o = 0; o < 2; o++) {
            int obj = write_op(g, BENCH_WHO_REFERENT, "plan.objectif", -1);
            g->p->ops[obj].ref = axe;
            (void)snprintf(
                g->p->ops[obj].body, BENCH_BODY_MAX,
                "{\"axe\":@@,\"libelle\":\"Objectif %d.%d du plan d'action\",\"libre\":true,"
                "\"statut\":\"en_cours\",\"contrat\":\"cer\",\"engagement\":true}",
                a + 1, o + 1);
            for (int c = 0; c < 2; c++) {
                int act = write_op(g, BENCH_WHO_REFERENT, "plan.action", -1);
                date_of(d, g->day + 20 + 7 * (int64_t)na);
                g->p->ops[act].ref = obj;
                (void)snprintf(g->p->ops[act].body, BENCH_BODY_MAX,
                               "{\"objectif\":@@,\"libelle\":\"Action %d.%d.%d\",\"libre\":true,"
                               "\"statut\":\"en_projet\",\"date_debut\":\"%s\"}",
                               a + 1, o + 1, c + 1, d);
                objectifs[na] = obj;
                actions[na++] = act;
            }
        }
    }
    for (int i = 0; i < na; i++) {
        int st = write_op(g, BENCH_WHO_REFERENT, "plan.action", actions[i]);
        date_of(d, g->day + 20 + 7 * (int64_t)i);
        g->p->ops[st].ref = objectifs[i];
        (void)snprintf(
            g->p->ops[st].body, BENCH_BODY_MAX,
            "{\"objectif\":@@,\"libelle\":\"Action %d\",\"libre\":true,\"statut\":\"%s\","
            "\"date_debut\":\"%s\"}",
            i + 1, done[pick(&g->rng, 4)], d);
    }
}

/* ~20 suivi entries; the revocation at the 8th, the change of référent at
 * the 12th. */
static void
suivi(struct gen *g, int a1, int revoked)
{
    static const char *const seen[] = {"present", "absent", "excuse", "present"};
    int rdv = -1;
    char d[11], ref[32];

    for (int s = 0; s < 20; s++) {
        bench_op *op;
        int k;
        if (s == 8) {
            op = op_new(g, BENCH_OP_REVOKE, BENCH_WHO_PERSON, NULL);
            op->grant = revoked;
        }
        if (s == 12) {
            op = op_new(g, BENCH_OP_REFERENT, BENCH_WHO_PERSON, NULL);
            op->pro = g->p->referent2;
        }
        date_of(d, g->day + 30 + 10 * (int64_t)s);
        bench_ref_handle(ref, sizeof ref, s < 12 ? g->p->referent : g->p->referent2);
        switch (s % 5) {
        case 0:
        case 1:
            k = write_op(g, BENCH_WHO_REFERENT, "suivi.rdv", s % 5 == 1 ? rdv : -1);
            rdv = k;
            (void)snprintf(g->p->ops[k].body, BENCH_BODY_MAX,
                           "{\"date\":\"%s\",\"heure\":\"%02u:30\",\"avec\":\"%s\","
                           "\"objet\":\"Rendez-vous de suivi\",\"statut\":\"%s\"}",
                           d, (unsigned)(8 + pick(&g->rng, 9)), ref,
                           s % 5 == 0 ? "prevu" : seen[pick(&g->rng, 4)]);
            break;
        default:
            k = write_op(g, s % 5 == 3 ? BENCH_WHO_ACC : BENCH_WHO_REFERENT, "suivi.point", -1);
            g->p->ops[k].pro = a1;
            (void)snprintf(g->p->ops[k].body, BENCH_BODY_MAX,
                           "{\"date\":\"%s\",\"resume\":\"Point d'étape %d : démarches engagées, "
                           "prochaines étapes convenues ensemble, freins levés en parallèle "
                           "(logement, mobilité) ; la personne confirme son projet.\"}",
                           d, s + 1);
            break;
        }
    }
}

void
bench_gen_person(bench_person *out, uint64_t seed, size_t n, size_t index)
{
    struct gen g;
    bench_staff staff;
    bench_op *op;
    int a1, a2, a3, pro = -1, social = -1, revoked;
    char d[11];

    bench_staff_of(&staff, n);
    memset(out, 0, sizeof *out);
    g.p = out;
    g.rng = seed ^ (UINT64_C(0xD1B54A32D192ED03) * (index + 1));
    g.day = BENCH_T0 / 86400 + (int64_t)(index % 365);
    out->index = index;
    /* Staff work by sector, as in a département: persons come in blocks of
     * 300 per référent and of 100 per team of accompagnateurs (so a run,
     * which follows the persons in order, meets a few professionals at a
     * time, whatever N). */
    out->referent = (int)((index / 300) % (size_t)staff.referents);
    out->referent2 = (out->referent + 1) % staff.referents;
    a1 = (int)(((index / 100) + pick(&g.rng, 4)) % (size_t)staff.accs);
    a2 = (a1 + 1 + (int)pick(&g.rng, 2)) % staff.accs;
    a3 = (a2 + 1) % staff.accs == a1 ? (a2 + 2) % staff.accs : (a2 + 1) % staff.accs;

    op = op_new(&g, BENCH_OP_CREATE, BENCH_WHO_ORIENTEUR, "identite");
    identity(&g, op);
    op = op_new(&g, BENCH_OP_ORIENT, BENCH_WHO_ORIENTEUR, "situation.orientation");
    op->pro = out->referent;
    (void)snprintf(op->body, sizeof op->body, "Orientation socio-professionnelle");
    op = op_new(&g, BENCH_OP_WRITE, BENCH_WHO_ORIENTEUR, "situation.droits");
    date_of(d, g.day - 10);
    (void)snprintf(op->body, sizeof op->body,
                   "{\"rsa\":\"rsa_droit_ouvert_versable\",\"droits_devoirs\":true,"
                   "\"prime_activite\":%s,\"depuis\":\"%s\",\"source\":\"caf\"}",
                   pick(&g.rng, 2) ? "true" : "false", d);
    diagnostics(&g, &pro, &social, 1);
    (void)grant(&g, a1, (1u << 2) | (1u << 6) | (1u << 7), 1);
    revoked = grant(&g, a2, (1u << 3) | (1u << 6) | (1u << 7), 0);
    if (pick(&g.rng, 2) == 0) {
        (void)grant(&g, a3, (1u << 6) | (1u << 7), 0);
    }
    plan(&g);
    diagnostics(&g, &pro, &social, 2);
    suivi(&g, a1, revoked);
}

int
bench_body(char *out, size_t size, const bench_op *op, int64_t refno)
{
    const char *at = strstr(op->body, "@@");
    int n;

    if (at == NULL) {
        n = snprintf(out, size, "%s", op->body);
    } else {
        n = snprintf(out, size, "%.*s%lld%s", (int)(at - op->body), op->body, (long long)refno,
                     at + 2);
    }
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

double
bench_now(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long
bench_maxrss_kb(void)
{
    struct rusage ru;

    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

int64_t
bench_file_bytes(const char *path)
{
    struct stat sb;
    char wal[512];
    int64_t total = 0;

    if (stat(path, &sb) == 0) {
        total += (int64_t)sb.st_size;
    }
    if (snprintf(wal, sizeof wal, "%s-wal", path) < (int)sizeof wal && stat(wal, &sb) == 0) {
        total += (int64_t)sb.st_size;
    }
    return total;
}
