/* load.c - the synthetic département through libcarnet's public API, call
 * by call, as the command-line program would make them.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"

static int
report(bench_world *w, int rc, const char *what)
{
    if (rc != CARNET_OK) {
        (void)fprintf(stderr, "bench: %s: %s (%s)\n", what, carnet_strerror(rc),
                      w->db != NULL ? carnet_db_errmsg(w->db) : "?");
    }
    return rc;
}

carnet_actor *
bench_unlock(bench_world *w, const char *handle)
{
    carnet_actor *a = NULL;

    if (report(w, carnet_actor_unlock(&a, w->db, handle, w->pass), handle) != CARNET_OK) {
        carnet_actor_free(a);
        return NULL;
    }
    return a;
}

static int
structure(bench_world *w, const char *handle, const char *name, carnet_structure_type type)
{
    carnet_structure_params p = CARNET_STRUCTURE_PARAMS_INIT;

    p.handle = handle;
    p.name = name;
    p.type = type;
    p.postcode = "59000";
    p.passphrase = w->pass;
    return report(w, carnet_structure_create(w->db, w->admin, &p), handle);
}

static int
professional(bench_world *w, carnet_actor *s, const char *handle, carnet_role role,
             carnet_actor **out)
{
    carnet_professional_params p = CARNET_PROFESSIONAL_PARAMS_INIT;
    int rc;

    p.handle = handle;
    p.role = role;
    p.passphrase = w->pass;
    rc = report(w, carnet_professional_create(w->db, s, &p), handle);
    if (rc == CARNET_OK && out != NULL && (*out = bench_unlock(w, handle)) == NULL) {
        rc = CARNET_ERROR;
    }
    return rc;
}

/* Lock the least recently used professional again. */
static void
lock_oldest(bench_world *w)
{
    carnet_actor **slot = NULL;
    uint64_t oldest = UINT64_MAX;

    for (int i = 0; i < w->staff.referents; i++) {
        if (w->refs[i] != NULL && w->ref_used[i] < oldest) {
            oldest = w->ref_used[i];
            slot = &w->refs[i];
        }
    }
    for (int i = 0; i < w->staff.accs; i++) {
        if (w->accs[i] != NULL && w->acc_used[i] < oldest) {
            oldest = w->acc_used[i];
            slot = &w->accs[i];
        }
    }
    if (slot != NULL) {
        carnet_actor_free(*slot);
        *slot = NULL;
        w->live--;
    }
}

carnet_actor *
bench_pro(bench_world *w, int referent, int i)
{
    carnet_actor **slot = referent ? &w->refs[i] : &w->accs[i];
    uint64_t *used = referent ? &w->ref_used[i] : &w->acc_used[i];
    char h[32];

    if (*slot == NULL) {
        if (w->live >= BENCH_LIVE_ACTORS) {
            lock_oldest(w);
        }
        if (referent) {
            bench_ref_handle(h, sizeof h, i);
        } else {
            bench_acc_handle(h, sizeof h, i);
        }
        *slot = bench_unlock(w, h);
        w->live += *slot != NULL;
    }
    *used = ++w->clock;
    return *slot;
}

static int
staff(bench_world *w, carnet_actor *const structs[4])
{
    char h[32];
    int rc = professional(w, structs[0], "claire", CARNET_ROLE_CHARGE_ORIENTATION, &w->orienteur);

    for (int i = 0; rc == CARNET_OK && i < w->staff.referents; i++) {
        bench_ref_handle(h, sizeof h, i);
        rc = professional(w, structs[i % 2], h, CARNET_ROLE_REFERENT, NULL);
    }
    for (int i = 0; rc == CARNET_OK && i < w->staff.accs; i++) {
        bench_acc_handle(h, sizeof h, i);
        rc = professional(w, structs[2 + i % 2], h, CARNET_ROLE_ACCOMPAGNATEUR, NULL);
    }
    return rc;
}

int
bench_world_open(bench_world *w, const char *path, size_t n, uint64_t seed)
{
    static const char *const names[4][2] = {{"cd59", "Conseil départemental du Nord"},
                                            {"ccas", "CCAS de Roubaix"},
                                            {"asso", "Association d'insertion"},
                                            {"ft", "France Travail Lille"}};
    static const carnet_structure_type types[4] = {CARNET_STRUCT_CONSEIL_DEPARTEMENTAL,
                                                   CARNET_STRUCT_CCAS, CARNET_STRUCT_ASSOCIATION,
                                                   CARNET_STRUCT_FRANCE_TRAVAIL};
    carnet_deployment_params dp = CARNET_DEPLOYMENT_PARAMS_INIT;
    carnet_open_opts o = CARNET_OPEN_OPTS_INIT;
    carnet_actor *structs[4] = {NULL, NULL, NULL, NULL};
    int rc;

    memset(w, 0, sizeof *w);
    (void)snprintf(w->path, sizeof w->path, "%s", path);
    w->n = n;
    w->seed = seed;
    bench_staff_of(&w->staff, n);
    w->refs = calloc((size_t)w->staff.referents, sizeof(carnet_actor *));
    w->accs = calloc((size_t)w->staff.accs, sizeof(carnet_actor *));
    w->ref_used = calloc((size_t)w->staff.referents, sizeof(uint64_t));
    w->acc_used = calloc((size_t)w->staff.accs, sizeof(uint64_t));
    if (w->refs == NULL || w->accs == NULL || w->ref_used == NULL || w->acc_used == NULL ||
        carnet_secbuf_new(&w->pass, 64) != CARNET_OK ||
        carnet_secbuf_append(w->pass, BENCH_PASS, strlen(BENCH_PASS)) != CARNET_OK) {
        return CARNET_ENOMEM;
    }
    (void)unlink(path);
    o.flags = CARNET_OPEN_CREATE;
    rc = report(w, carnet_db_open(&w->db, path, &o), path);
    carnet_db_set_time(w->db, BENCH_T0 - 86400);
    dp.name = "Nord";
    dp.department = "59";
    dp.admin_handle = "admin";
    dp.admin_passphrase = w->pass;
    dp.kdf = CARNET_KDF_FAST;
    rc = rc == CARNET_OK ? report(w, carnet_db_init(w->db, &dp), "init") : rc;
    if (rc == CARNET_OK && (w->admin = bench_unlock(w, "admin")) == NULL) {
        rc = CARNET_ERROR;
    }
    for (int i = 0; rc == CARNET_OK && i < 4; i++) {
        rc = structure(w, names[i][0], names[i][1], types[i]);
        if (rc == CARNET_OK && (structs[i] = bench_unlock(w, names[i][0])) == NULL) {
            rc = CARNET_ERROR;
        }
    }
    rc = rc == CARNET_OK ? staff(w, structs) : rc;
    for (int i = 0; i < 4; i++) {
        carnet_actor_free(structs[i]);
    }
    return rc;
}

void
bench_world_close(bench_world *w)
{
    for (int i = 0; w->refs != NULL && i < w->staff.referents; i++) {
        carnet_actor_free(w->refs[i]);
    }
    for (int i = 0; w->accs != NULL && i < w->staff.accs; i++) {
        carnet_actor_free(w->accs[i]);
    }
    free(w->refs);
    free(w->accs);
    free(w->ref_used);
    free(w->acc_used);
    carnet_actor_free(w->admin);
    carnet_actor_free(w->orienteur);
    carnet_secbuf_free(w->pass);
    carnet_db_close(w->db);
    memset(w, 0, sizeof *w);
}

/* What one person's parcours needs to remember between calls. */
struct run {
    bench_world *w;
    const bench_person *p;
    carnet_actor *person;
    char handle[CARNET_HANDLE_MAX + 1];
    int referent;
    int64_t no[BENCH_OPS_MAX];
};

static int
create(struct run *r, const bench_op *op)
{
    carnet_create_opts co = CARNET_CREATE_OPTS_INIT;
    carnet_secbuf *code = NULL;
    int rc;

    co.person_passphrase = r->w->pass;
    co.identite_json = op->body;
    rc = report(r->w, carnet_create(r->handle, &code, r->w->db, r->w->orienteur, &co), "create");
    carnet_secbuf_free(code);
    if (rc == CARNET_OK && (r->person = bench_unlock(r->w, r->handle)) == NULL) {
        rc = CARNET_ERROR;
    }
    r->no[0] = 1;
    return rc;
}

static int
orient(struct run *r, const bench_op *op)
{
    carnet_orient_params p = CARNET_ORIENT_PARAMS_INIT;
    char ref[32];

    bench_ref_handle(ref, sizeof ref, op->pro);
    p.type = CARNET_ORIENTATION_SOCIOPRO;
    p.dispositif = "Socio-professionnel";
    p.structure = bench_ref_structure(op->pro);
    p.referent = ref;
    p.motif = op->body;
    r->referent = op->pro;
    return report(r->w, carnet_orient(r->w->db, r->w->orienteur, r->person, r->handle, &p),
                  "orient");
}

static carnet_actor *
author(const struct run *r, const bench_op *op)
{
    switch (op->who) {
    case BENCH_WHO_ORIENTEUR:
        return r->w->orienteur;
    case BENCH_WHO_PERSON:
        return r->person;
    case BENCH_WHO_REFERENT:
        return bench_pro(r->w, 1, r->referent);
    default:
        return bench_pro(r->w, 0, op->pro);
    }
}

static int
write_entry(struct run *r, size_t k)
{
    const bench_op *op = &r->p->ops[k];
    carnet_entry_opts eo = CARNET_ENTRY_OPTS_INIT;
    char body[BENCH_BODY_MAX + 32];

    if (bench_body(body, sizeof body, op, op->ref >= 0 ? r->no[op->ref] : 0) != 0) {
        return CARNET_EINVAL;
    }
    eo.supersedes = op->supersedes >= 0 ? r->no[op->supersedes] : 0;
    return report(
        r->w, carnet_entry_add(&r->no[k], r->w->db, author(r, op), r->handle, op->type, body, &eo),
        op->type);
}

static int
grant(struct run *r, size_t k)
{
    const bench_op *op = &r->p->ops[k];
    carnet_grant_params g = CARNET_GRANT_PARAMS_INIT;
    char acc[32];

    bench_acc_handle(acc, sizeof acc, op->pro);
    g.grantee = acc;
    g.sections = op->sections;
    g.access = op->write ? CARNET_ACCESS_WRITE : CARNET_ACCESS_READ;
    return report(r->w, carnet_grant(&r->no[k], r->w->db, r->person, &g), "grant");
}

static int
apply(struct run *r, size_t k)
{
    const bench_op *op = &r->p->ops[k];
    char ref[32];

    carnet_db_set_time(r->w->db, bench_time(r->p->index, k));
    switch (op->kind) {
    case BENCH_OP_CREATE:
        return create(r, op);
    case BENCH_OP_ORIENT:
        return orient(r, op);
    case BENCH_OP_WRITE:
        return write_entry(r, k);
    case BENCH_OP_GRANT:
        return grant(r, k);
    case BENCH_OP_REVOKE:
        return report(r->w, carnet_revoke(r->w->db, r->person, r->no[op->grant]), "revoke");
    case BENCH_OP_REFERENT:
        bench_ref_handle(ref, sizeof ref, op->pro);
        r->referent = op->pro;
        return report(r->w,
                      carnet_referent_change(r->w->db, r->w->orienteur, r->person, r->handle, ref,
                                             CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE,
                                             CARNET_SCOPE_ALL, 1),
                      "referent");
    }
    return CARNET_EINVAL;
}

int
bench_load_person(bench_world *w, const bench_person *p, char handle[CARNET_HANDLE_MAX + 1],
                  double *seconds)
{
    struct run r;
    double t0 = bench_now();
    int rc = CARNET_OK;

    memset(&r, 0, sizeof r);
    r.w = w;
    r.p = p;
    for (size_t k = 0; rc == CARNET_OK && k < p->nops; k++) {
        rc = apply(&r, k);
    }
    *seconds = bench_now() - t0;
    memcpy(handle, r.handle, sizeof r.handle);
    carnet_actor_free(r.person);
    return rc;
}
