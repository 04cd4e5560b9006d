/* scenario_state.c - the state of a run that the steps and checks read
 * and write: the sentences that report an item, the actors (found by name,
 * unlocked on demand), what an actor really decrypts, and the numbers that
 * labels stand for.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"

/* ------------------------------------------------------------ messages */

static void vformat(char *buf, size_t size, const char *fmt, va_list ap) CARNET_PRINTF(3, 0);

static void
vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    (void)vsnprintf(buf, size, fmt, ap);
}

void
scn__detail(carnet_scenario_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
}

/* Does the text start with a vowel (French elision: "d'Inès")? */
static int
vowel(const char *w)
{
    static const char *const accented[] = {"É", "È", "Ê", "À", "Â", "Î", "Ô", "Û",
                                           "é", "è", "ê", "à", "â", "î", "ô", "û"};

    if (strchr("AEIOUaeiou", w[0]) != NULL && w[0] != '\0') {
        return 1;
    }
    for (size_t i = 0; i < sizeof accented / sizeof accented[0]; i++) {
        if (strncmp(w, accented[i], strlen(accented[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

void
scn__desc(carnet_scenario_run *r, const char *fmt, ...)
{
    va_list ap;
    char *p = r->desc;

    va_start(ap, fmt);
    vformat(r->desc, sizeof r->desc, fmt, ap);
    va_end(ap);
    /* "le carnet de Inès" reads "le carnet d'Inès". */
    while ((p = strstr(p, " de ")) != NULL) {
        if (vowel(p + 4)) {
            p[2] = '\'';
            memmove(p + 3, p + 4, strlen(p + 4) + 1);
        }
        p += 3;
    }
}

/* ------------------------------------------------------------ actors */

struct scn__actor *
scn__actor_of(carnet_scenario_run *r, const cJSON *item, const char *key)
{
    int i = scn__actor_find(r->s, scn__str(item, key));
    return i >= 0 ? &r->actors[i] : NULL;
}

const char *
scn__label_of(const struct scn__actor *a)
{
    return a != NULL ? a->def->label : "?";
}

/* The person's handle, or NULL (and *rc = CARNET_ENOTFOUND) without carnet. */
static const char *
handle_of(carnet_scenario_run *r, struct scn__actor *a, int *rc)
{
    if (a == NULL || a->handle[0] == '\0') {
        scn__detail(r, "%s n'a pas encore de carnet", scn__label_of(a));
        *rc = CARNET_ENOTFOUND;
        return NULL;
    }
    return a->handle;
}

const char *
scn__carnet(carnet_scenario_run *r, const cJSON *item, struct scn__actor **who, int *rc)
{
    struct scn__actor *p = scn__actor_of(r, item, "personne");
    int ignored = CARNET_OK;

    if (who != NULL) {
        *who = p;
    }
    return handle_of(r, p, rc != NULL ? rc : &ignored);
}

int
scn__read(carnet_scenario_run *r, struct scn__actor *who, const char *person,
          const carnet_read_opts *o, const char *want, const char *never,
          struct scn__read_result *out)
{
    carnet_reader *rd = NULL;
    carnet_entry_view v;
    int rc = CARNET_OK;
    carnet_actor *a = scn__unlock(r, who, &rc);

    memset(out, 0, sizeof *out);
    if (a == NULL) {
        return rc;
    }
    rc = carnet_reader_open(&rd, r->db, a, person, o);
    while (rc == CARNET_OK && (rc = carnet_reader_next(rd, &v)) != CARNET_ITEROVER) {
        if (rc == CARNET_ECONSENT) {
            out->locked++; /* an epoch whose key this reader never received */
            rc = CARNET_OK;
            continue;
        }
        if (rc != CARNET_OK) {
            break;
        }
        out->entries++;
        out->found |= want != NULL && v.body != NULL && strstr(v.body, want) != NULL;
        out->leaked |= never != NULL && v.body != NULL && strstr(v.body, never) != NULL;
    }
    for (int s = 0; rd != NULL && o->sections != CARNET_SECTIONS_ALL && s < CARNET_SECTION_COUNT;
         s++) {
        const char *why = NULL;
        if ((o->sections & CARNET_SECTION_BIT(s)) != 0 &&
            carnet_reader_section(rd, (carnet_section)s, &why) != CARNET_OK && !out->refused) {
            out->refused = 1;
            (void)snprintf(out->why, sizeof out->why, "%s : %s",
                           carnet_enum_code(CARNET_ENUM_SECTION, s),
                           why != NULL ? why : "accès refusé");
        }
    }
    if (rc != CARNET_ITEROVER) {
        scn__detail(r, "%s", rd != NULL ? carnet_reader_errmsg(rd) : carnet_db_errmsg(r->db));
    }
    carnet_reader_free(rd);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

carnet_actor *
scn__unlock(carnet_scenario_run *r, struct scn__actor *a, int *rc)
{
    if (a == NULL) {
        *rc = CARNET_ENOTFOUND;
        return NULL;
    }
    if (a->unlocked != NULL) {
        return a->unlocked;
    }
    if (a->def->kind == CARNET_PRINCIPAL_PERSON) {
        if (handle_of(r, a, rc) == NULL) {
            return NULL;
        }
        if (a->activation != NULL) {
            scn__detail(r, "%s n'a pas encore activé son carnet (étape \"activer\")",
                        a->def->label);
            *rc = CARNET_ECONSENT;
            return NULL;
        }
    }
    *rc = carnet_actor_unlock(&a->unlocked, r->db, a->handle, a->pass);
    if (*rc != CARNET_OK) {
        scn__detail(r, "%s : %s", a->def->label, carnet_db_errmsg(r->db));
        return NULL;
    }
    return a->unlocked;
}

/* ------------------------------------------------------------ labels */

int64_t
scn__label_no(const carnet_scenario_run *r, const char *name)
{
    int i = scn__label_find(r->s, name);
    return i >= 0 ? r->label_no[i] : 0;
}

void
scn__label_set(carnet_scenario_run *r, const cJSON *item, int64_t no,
               const struct scn__actor *owner)
{
    int i = scn__label_find(r->s, scn__str(item, "nom"));
    if (i >= 0) {
        r->label_no[i] = no;
        r->label_owner[i] = (size_t)(owner - r->actors);
    }
}

struct scn__actor *
scn__label_owner(carnet_scenario_run *r, const char *name)
{
    int i = scn__label_find(r->s, name);
    return i >= 0 && r->label_no[i] != 0 ? &r->actors[r->label_owner[i]] : NULL;
}
