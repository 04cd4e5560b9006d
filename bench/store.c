/* store.c - the benchmark's floors: the same rows as carnet, in the same
 * column layout as core/src/schema.c minus every cryptographic column, into
 * plain SQLite (bench-plain) or, built with -DBENCH_SQLCIPHER, into SQLCipher
 * with a key (bench-sqlcipher). SQLCipher exports the sqlite3_* symbols too,
 * so each store is its own small program; bench spawns both in its run.
 * SPDX-License-Identifier: MIT
 *
 * usage: bench-store <n> <seed> <database>
 * Prints one JSON object: seconds spent in the store, file bytes, peak
 * memory and the number of rows of each table.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef BENCH_SQLCIPHER
#include <sqlcipher/sqlite3.h>
#define STORE_NAME "sqlcipher"
/* Debian 12's SQLCipher 3.4 embeds SQLite 3.15: no STRICT tables. */
#define STRICT         ""
#define STRICT_NOROWID " WITHOUT ROWID"
#else
#include <sqlite3.h>
#define STORE_NAME     "plain"
#define STRICT         " STRICT"
#define STRICT_NOROWID " STRICT, WITHOUT ROWID"
#endif

#include "bench.h"

static const char schema[] =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA secure_delete = ON;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA journal_mode = WAL;"
    "CREATE TABLE principal ("
    " pid INTEGER PRIMARY KEY,"
    " id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),"
    " handle TEXT NOT NULL UNIQUE CHECK (length(handle) BETWEEN 2 AND 63),"
    " kind TEXT NOT NULL CHECK (kind IN ('admin', 'structure', 'professional', 'person')),"
    " role TEXT,"
    " structure INTEGER REFERENCES principal (pid),"
    " structure_type TEXT,"
    " sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),"
    " name TEXT,"
    " postcode TEXT,"
    " created_at INTEGER NOT NULL"
    ")" STRICT ";"
    "CREATE TABLE carnet ("
    " cid INTEGER PRIMARY KEY,"
    " id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),"
    " person INTEGER NOT NULL UNIQUE REFERENCES principal (pid),"
    " creator INTEGER NOT NULL REFERENCES principal (pid),"
    " status TEXT NOT NULL CHECK (status IN ('en_cours', 'sorti', 'suivi_post_emploi', 'clos')),"
    " created_at INTEGER NOT NULL,"
    " referent INTEGER REFERENCES principal (pid),"
    " structure INTEGER REFERENCES principal (pid),"
    " next_no INTEGER NOT NULL DEFAULT 1 CHECK (next_no >= 1),"
    " creation_entries INTEGER NOT NULL DEFAULT 0,"
    " last_entry_at INTEGER,"
    " erased_at INTEGER"
    ")" STRICT ";"
    "CREATE INDEX carnet_referent ON carnet (referent);"
    "CREATE TABLE membership ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " member INTEGER NOT NULL REFERENCES principal (pid),"
    " role TEXT NOT NULL,"
    " started_at INTEGER NOT NULL,"
    " started_by INTEGER NOT NULL REFERENCES principal (pid),"
    " ended_at INTEGER,"
    " ended_by INTEGER REFERENCES principal (pid)"
    ")" STRICT ";"
    "CREATE UNIQUE INDEX membership_one_referent ON membership (carnet)"
    " WHERE role = 'referent' AND ended_at IS NULL;"
    "CREATE UNIQUE INDEX membership_current ON membership (carnet, member) WHERE ended_at IS NULL;"
    "CREATE TABLE entry ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " no INTEGER NOT NULL CHECK (no >= 1),"
    " id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),"
    " section INTEGER NOT NULL CHECK (section BETWEEN 0 AND 7),"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 999),"
    " author INTEGER NOT NULL REFERENCES principal (pid),"
    " created_at INTEGER NOT NULL,"
    " supersedes INTEGER,"
    " root INTEGER NOT NULL,"
    " body TEXT,"
    " erased_at INTEGER,"
    " PRIMARY KEY (carnet, no)"
    ")" STRICT ";"
    "CREATE INDEX entry_section ON entry (carnet, section, no);"
    "CREATE INDEX entry_supersedes ON entry (carnet, supersedes) WHERE supersedes IS NOT NULL;"
    "CREATE TABLE consent ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " no INTEGER NOT NULL CHECK (no >= 1),"
    " grantee INTEGER NOT NULL REFERENCES principal (pid),"
    " sections INTEGER NOT NULL CHECK (sections BETWEEN 1 AND 255),"
    " access TEXT NOT NULL CHECK (access IN ('lecture', 'ecriture')),"
    " scope TEXT NOT NULL,"
    " since INTEGER,"
    " not_before INTEGER NOT NULL,"
    " not_after INTEGER,"
    " purpose TEXT NOT NULL,"
    " method TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " revoked_at INTEGER,"
    " PRIMARY KEY (carnet, no)"
    ")" STRICT ";"
    "CREATE INDEX consent_grantee ON consent (grantee, carnet);"
    "CREATE TABLE audit ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " seq INTEGER NOT NULL CHECK (seq >= 1),"
    " at INTEGER NOT NULL,"
    " actor INTEGER NOT NULL REFERENCES principal (pid),"
    " action TEXT NOT NULL,"
    " section INTEGER,"
    " object INTEGER,"
    " outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),"
    " reason TEXT,"
    " PRIMARY KEY (carnet, seq)"
    ")" STRICT_NOROWID ";"
    "CREATE TABLE fact ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " entry INTEGER,"
    " root INTEGER,"
    " kind TEXT NOT NULL,"
    " at INTEGER NOT NULL,"
    " code TEXT,"
    " value INTEGER"
    ")" STRICT ";"
    "CREATE INDEX fact_kind ON fact (kind, carnet);";

enum {
    S_PRINCIPAL,
    S_CARNET,
    S_MEMBER,
    S_MEMBER_END,
    S_ENTRY,
    S_NEXT,
    S_CONSENT,
    S_REVOKE,
    S_AUDIT,
    S_FACT,
    S_REFERENT,
    S_COUNT
};

static const char *const sqls[S_COUNT] = {
    "INSERT INTO principal (id, handle, kind, role, structure, structure_type, name, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "INSERT INTO carnet (id, person, creator, status, created_at) VALUES (?1, ?2, ?3, 'en_cours', "
    "?4)",
    "INSERT INTO membership (carnet, member, role, started_at, started_by) VALUES (?1, ?2, ?3, ?4, "
    "?5)",
    "UPDATE membership SET ended_at = ?3, ended_by = ?4 WHERE carnet = ?1 AND member = ?2"
    " AND ended_at IS NULL",
    "INSERT INTO entry (carnet, no, id, section, kind, author, created_at, supersedes, root, body)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    "UPDATE carnet SET next_no = ?2, last_entry_at = ?3 WHERE cid = ?1",
    "INSERT INTO consent (carnet, no, grantee, sections, access, scope, not_before, purpose, "
    "method,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'tout', ?6, 'accompagnement', 'en_personne', ?6)",
    "UPDATE consent SET revoked_at = ?3 WHERE carnet = ?1 AND no = ?2",
    "INSERT INTO audit (carnet, seq, at, actor, action, section, object, outcome)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'ok')",
    "INSERT INTO fact (carnet, entry, root, kind, at, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "UPDATE carnet SET referent = ?2, structure = ?3 WHERE cid = ?1"};

struct store {
    sqlite3 *db;
    sqlite3_stmt *st[S_COUNT];
    uint64_t ids;          /* id counter (carnet's ids are random: here a counter) */
    int64_t orienteur;     /* pid of the chargé d'orientation */
    int64_t ref0, acc0;    /* pid of ref-0 and acc-0 (pids are consecutive) */
    int64_t struct_pid[4]; /* cd59, ccas, asso, ft */
};

/* Per carnet, as the library keeps it in its rows. */
struct carnet_row {
    int64_t cid, person, next_no, seq, consents;
    int referent;
    int64_t no[BENCH_OPS_MAX];    /* entry number of each op, 0 if none */
    int64_t grant[BENCH_OPS_MAX]; /* consent number of each grant op */
};

static void
die(struct store *s, const char *what)
{
    (void)fprintf(stderr, "bench-store: %s: %s\n", what,
                  s->db != NULL ? sqlite3_errmsg(s->db) : "?");
    exit(1); /* NOLINT(concurrency-mt-unsafe) */
}

static sqlite3_stmt *
bind_ids(struct store *s, int which)
{
    sqlite3_stmt *st = s->st[which];

    (void)sqlite3_reset(st);
    (void)sqlite3_clear_bindings(st);
    return st;
}

static void
run(struct store *s, sqlite3_stmt *st, const char *what)
{
    if (sqlite3_step(st) != SQLITE_DONE) {
        die(s, what);
    }
}

static void
exec(struct store *s, const char *sql)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        die(s, sql);
    }
}

static void
bind_id(struct store *s, sqlite3_stmt *st, int idx)
{
    unsigned char id[16] = {0};

    s->ids++;
    memcpy(id, &s->ids, sizeof s->ids);
    (void)sqlite3_bind_blob(st, idx, id, (int)sizeof id, SQLITE_TRANSIENT);
}

static int64_t
principal(struct store *s, const char *handle, const char *kind, const char *role,
          int64_t structure, const char *stype)
{
    sqlite3_stmt *st = bind_ids(s, S_PRINCIPAL);

    bind_id(s, st, 1);
    (void)sqlite3_bind_text(st, 2, handle, -1, SQLITE_STATIC);
    (void)sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
    (void)sqlite3_bind_text(st, 4, role, -1, SQLITE_STATIC);
    if (structure > 0) {
        (void)sqlite3_bind_int64(st, 5, structure);
    }
    (void)sqlite3_bind_text(st, 6, stype, -1, SQLITE_STATIC);
    (void)sqlite3_bind_text(st, 7, stype != NULL && role == NULL ? handle : NULL, -1,
                            SQLITE_STATIC);
    (void)sqlite3_bind_int64(st, 8, BENCH_T0);
    run(s, st, "principal");
    return sqlite3_last_insert_rowid(s->db);
}

/* The deployment: admin, four structures, the staff. */
static void
directory(struct store *s, size_t n)
{
    static const char *const structs[4][2] = {{"cd59", "conseil_departemental"},
                                              {"ccas", "ccas"},
                                              {"asso", "association"},
                                              {"ft", "france_travail"}};
    bench_staff staff;
    char h[32];

    bench_staff_of(&staff, n);
    exec(s, "BEGIN IMMEDIATE");
    (void)principal(s, "admin", "admin", NULL, 0, NULL);
    for (int i = 0; i < 4; i++) {
        s->struct_pid[i] = principal(s, structs[i][0], "structure", NULL, 0, structs[i][1]);
    }
    s->orienteur = principal(s, "claire", "professional", "charge_orientation", s->struct_pid[0],
                             "conseil_departemental");
    for (int i = 0; i < staff.referents; i++) {
        bench_ref_handle(h, sizeof h, i);
        int64_t pid = principal(s, h, "professional", "referent", s->struct_pid[i % 2], NULL);
        s->ref0 = i == 0 ? pid : s->ref0;
    }
    for (int i = 0; i < staff.accs; i++) {
        bench_acc_handle(h, sizeof h, i);
        int64_t pid =
            principal(s, h, "professional", "accompagnateur", s->struct_pid[2 + i % 2], NULL);
        s->acc0 = i == 0 ? pid : s->acc0;
    }
    exec(s, "COMMIT");
}

static void
audit(struct store *s, struct carnet_row *c, int64_t at, int64_t actor, const char *action,
      int section, int64_t object)
{
    sqlite3_stmt *st = bind_ids(s, S_AUDIT);

    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, ++c->seq);
    (void)sqlite3_bind_int64(st, 3, at);
    (void)sqlite3_bind_int64(st, 4, actor);
    (void)sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    if (section >= 0) {
        (void)sqlite3_bind_int(st, 6, section);
    }
    (void)sqlite3_bind_int64(st, 7, object);
    run(s, st, "audit");
}

static void
fact(struct store *s, const struct carnet_row *c, const char *kind, int64_t no, int64_t root,
     int64_t at, const char *code)
{
    sqlite3_stmt *st = bind_ids(s, S_FACT);

    (void)sqlite3_bind_int64(st, 1, c->cid);
    if (no > 0) {
        (void)sqlite3_bind_int64(st, 2, no);
        (void)sqlite3_bind_int64(st, 3, root);
    }
    (void)sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    (void)sqlite3_bind_int64(st, 5, at);
    (void)sqlite3_bind_text(st, 6, code, -1, SQLITE_STATIC);
    run(s, st, "fact");
}

struct kind_row {
    const char *name;
    int code, section;
    const char *fact;
};

static const struct kind_row kinds[] = {{"identite", 1, 0, NULL},
                                        {"situation.droits", 10, 1, NULL},
                                        {"situation.orientation", 12, 1, "orientation"},
                                        {"diagnostic.pro", 20, 2, "diagnostic"},
                                        {"diagnostic.social", 30, 3, "diagnostic"},
                                        {"plan.axe", 60, 6, "axe"},
                                        {"plan.objectif", 61, 6, "objectif"},
                                        {"plan.action", 62, 6, "action"},
                                        {"suivi.rdv", 70, 7, "rdv"},
                                        {"suivi.point", 71, 7, NULL}};

static const struct kind_row *
kind_of(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].name, name) == 0) {
            return &kinds[i];
        }
    }
    return &kinds[0];
}

static int64_t
entry(struct store *s, struct carnet_row *c, const bench_person *p, size_t k, int64_t author,
      int64_t at)
{
    const bench_op *op = &p->ops[k];
    const struct kind_row *kr = kind_of(op->type);
    int64_t no = c->next_no++;
    int64_t sup = op->supersedes >= 0 ? c->no[op->supersedes] : 0;
    char body[BENCH_BODY_MAX + 32];
    sqlite3_stmt *st = bind_ids(s, S_ENTRY);

    if (bench_body(body, sizeof body, op, op->ref >= 0 ? c->no[op->ref] : 0) != 0) {
        die(s, "body");
    }
    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, no);
    bind_id(s, st, 3);
    (void)sqlite3_bind_int(st, 4, kr->section);
    (void)sqlite3_bind_int(st, 5, kr->code);
    (void)sqlite3_bind_int64(st, 6, author);
    (void)sqlite3_bind_int64(st, 7, at);
    if (sup > 0) {
        (void)sqlite3_bind_int64(st, 8, sup);
    }
    (void)sqlite3_bind_int64(st, 9, sup > 0 ? sup : no);
    (void)sqlite3_bind_text(st, 10, body, -1, SQLITE_STATIC);
    run(s, st, "entry");
    st = bind_ids(s, S_NEXT);
    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, c->next_no);
    (void)sqlite3_bind_int64(st, 3, at);
    run(s, st, "next_no");
    if (kr->fact != NULL) {
        fact(s, c, kr->fact, no, sup > 0 ? sup : no, at, op->type);
    }
    audit(s, c, at, author, "write", kr->section, no);
    c->no[k] = no;
    return no;
}

static int64_t
consent(struct store *s, struct carnet_row *c, int64_t grantee, int sections, int write, int64_t at)
{
    sqlite3_stmt *st = bind_ids(s, S_CONSENT);

    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, ++c->consents);
    (void)sqlite3_bind_int64(st, 3, grantee);
    (void)sqlite3_bind_int(st, 4, sections);
    (void)sqlite3_bind_text(st, 5, write ? "ecriture" : "lecture", -1, SQLITE_STATIC);
    (void)sqlite3_bind_int64(st, 6, at);
    run(s, st, "consent");
    audit(s, c, at, c->person, "grant", -1, c->consents);
    return c->consents;
}

static void
revoke(struct store *s, struct carnet_row *c, int64_t no, int64_t at)
{
    sqlite3_stmt *st = bind_ids(s, S_REVOKE);

    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, no);
    (void)sqlite3_bind_int64(st, 3, at);
    run(s, st, "revoke");
    audit(s, c, at, c->person, "revoke", -1, no);
}

static void
member(struct store *s, const struct carnet_row *c, int64_t who, const char *role, int64_t at,
       int64_t by, int end)
{
    sqlite3_stmt *st = bind_ids(s, end ? S_MEMBER_END : S_MEMBER);

    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, who);
    if (end) {
        (void)sqlite3_bind_int64(st, 3, at);
        (void)sqlite3_bind_int64(st, 4, by);
    } else {
        (void)sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
        (void)sqlite3_bind_int64(st, 4, at);
        (void)sqlite3_bind_int64(st, 5, by);
    }
    run(s, st, "membership");
}

static void
set_referent(struct store *s, struct carnet_row *c, int ref, int64_t at)
{
    sqlite3_stmt *st = bind_ids(s, S_REFERENT);
    int64_t pid = s->ref0 + ref;

    (void)sqlite3_bind_int64(st, 1, c->cid);
    (void)sqlite3_bind_int64(st, 2, pid);
    (void)sqlite3_bind_int64(st, 3, s->struct_pid[ref % 2]);
    run(s, st, "referent");
    member(s, c, pid, "referent", at, s->orienteur, 0);
    c->referent = ref;
    fact(s, c, "referent", 0, 0, at, NULL);
}

static void
create(struct store *s, struct carnet_row *c, const bench_person *p, int64_t at)
{
    char handle[32];
    sqlite3_stmt *st;

    (void)snprintf(handle, sizeof handle, "p-%07zu", p->index);
    c->person = principal(s, handle, "person", NULL, 0, NULL);
    st = bind_ids(s, S_CARNET);
    bind_id(s, st, 1);
    (void)sqlite3_bind_int64(st, 2, c->person);
    (void)sqlite3_bind_int64(st, 3, s->orienteur);
    (void)sqlite3_bind_int64(st, 4, at);
    run(s, st, "carnet");
    c->cid = sqlite3_last_insert_rowid(s->db);
    audit(s, c, at, s->orienteur, "create", -1, 0);
    (void)consent(s, c, s->orienteur, 3, 1, at);
    (void)entry(s, c, p, 0, s->orienteur, at);
}

static int64_t
author_of(const struct store *s, const struct carnet_row *c, const bench_op *op)
{
    switch (op->who) {
    case BENCH_WHO_ORIENTEUR:
        return s->orienteur;
    case BENCH_WHO_PERSON:
        return c->person;
    case BENCH_WHO_REFERENT:
        return s->ref0 + c->referent;
    default:
        return s->acc0 + op->pro;
    }
}

/* One op in one transaction, as each library call is. */
static void
apply(struct store *s, struct carnet_row *c, const bench_person *p, size_t k)
{
    const bench_op *op = &p->ops[k];
    int64_t at = bench_time(p->index, k);

    exec(s, "BEGIN IMMEDIATE");
    switch (op->kind) {
    case BENCH_OP_CREATE:
        create(s, c, p, at);
        break;
    case BENCH_OP_ORIENT:
        set_referent(s, c, op->pro, at);
        audit(s, c, at, s->orienteur, "orient", -1, 0);
        c->grant[k] = consent(s, c, s->ref0 + op->pro, 0xcf, 1, at);
        (void)entry(s, c, p, k, s->orienteur, at);
        break;
    case BENCH_OP_WRITE:
        (void)entry(s, c, p, k, author_of(s, c, op), at);
        break;
    case BENCH_OP_GRANT:
        c->grant[k] = consent(s, c, s->acc0 + op->pro, (int)op->sections, op->write, at);
        break;
    case BENCH_OP_REVOKE:
        revoke(s, c, c->grant[op->grant], at);
        break;
    case BENCH_OP_REFERENT:
        member(s, c, s->ref0 + c->referent, NULL, at, c->person, 1);
        revoke(s, c, c->grant[1], at);
        set_referent(s, c, op->pro, at);
        audit(s, c, at, c->person, "referent", -1, s->ref0 + op->pro);
        (void)consent(s, c, s->ref0 + op->pro, 0xcf, 1, at);
        break;
    }
    exec(s, "COMMIT");
}

static int64_t
count(struct store *s, const char *table)
{
    char sql[96];
    sqlite3_stmt *st = NULL;
    int64_t n = -1;

    (void)snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
    }
    (void)sqlite3_finalize(st);
    return n;
}

static size_t
parse_size(const char *s)
{
    char *end = NULL;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        (void)fprintf(stderr, "bench-store: nombre attendu : '%s'\n", s);
        exit(64); /* NOLINT(concurrency-mt-unsafe) */
    }
    return (size_t)v;
}

static void
open_store(struct store *s, const char *path)
{
    (void)unlink(path);
    if (sqlite3_open(path, &s->db) != SQLITE_OK) {
        die(s, path);
    }
#ifdef BENCH_SQLCIPHER
    /* A raw 256-bit key: no PBKDF2 at open, as carnet's Argon2 is apart. */
    exec(s, "PRAGMA key = \"x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'\"");
#endif
    exec(s, schema);
    for (int i = 0; i < S_COUNT; i++) {
        if (sqlite3_prepare_v2(s->db, sqls[i], -1, &s->st[i], NULL) != SQLITE_OK) {
            die(s, sqls[i]);
        }
    }
}

int
main(int argc, char **argv)
{
    static const char *const tables[] = {"principal", "carnet", "membership", "entry",
                                         "consent",   "audit",  "fact"};
    struct store s;
    struct carnet_row *c = malloc(sizeof *c);
    bench_person *p = malloc(sizeof *p);
    size_t n;
    uint64_t seed;
    double spent = 0;

    if (argc != 4 || c == NULL || p == NULL) {
        (void)fprintf(stderr, "usage: bench-store <n> <seed> <database>\n");
        free(c);
        free(p);
        return 64;
    }
    n = parse_size(argv[1]);
    seed = (uint64_t)parse_size(argv[2]);
    memset(&s, 0, sizeof s);
    open_store(&s, argv[3]);
    directory(&s, n);
    for (size_t i = 0; i < n; i++) {
        double t0;
        bench_gen_person(p, seed, n, i);
        memset(c, 0, sizeof *c);
        c->next_no = 1;
        t0 = bench_now();
        for (size_t k = 0; k < p->nops; k++) {
            apply(&s, c, p, k);
        }
        spent += bench_now() - t0;
    }
    for (int i = 0; i < S_COUNT; i++) {
        (void)sqlite3_finalize(s.st[i]);
    }
    (void)printf("{\"store\":\"%s\",\"n\":%zu,\"seconds\":%.6f,\"rows\":{", STORE_NAME, n, spent);
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        (void)printf("%s\"%s\":%" PRId64, i > 0 ? "," : "", tables[i], count(&s, tables[i]));
    }
    if (sqlite3_close(s.db) != SQLITE_OK) {
        die(&s, "close");
    }
    (void)printf("},\"bytes\":%" PRId64 ",\"maxrss_kb\":%ld}\n", bench_file_bytes(argv[3]),
                 bench_maxrss_kb());
    free(c);
    free(p);
    return 0;
}
