/* policy.c - who may read or write which section of a carnet, and why.
 * SPDX-License-Identifier: MIT
 *
 * A decision needs the rules ceiling, a covering authorisation signed by the
 * person, and a wrap of the epoch key; only clear metadata is read here.
 */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

static const char *
section_label(int s)
{
    const char *l = carnet_enum_label(CARNET_ENUM_SECTION, s);
    return l != NULL ? l : "?";
}

/* Latest block state of a principal on a carnet at time t, from the
 * person's verified records (the block table is only a cache). */
int
carnet__blocked_at(carnet_db *db, const carnet__carnet *c, int64_t pid, int64_t t, int *blocked,
                   int64_t *since)
{
    const carnet__history *h;
    int rc = carnet__history_get(db, c, &h);

    *blocked = 0;
    *since = 0;
    if (rc == CARNET_OK) {
        *blocked = carnet__history_blocked_at(h, pid, t, since);
    }
    return rc;
}

/* The most recent authorisation covering (section, access) valid at t;
 * *no = 0 when none. Also reports the last ended one, for the message. */
struct grant_hit {
    int64_t no;
    int64_t created_at;
    int64_t ended_no;
    int64_t ended_at;
    int ended_revoked;
    int64_t forged_no; /* a covering row without the person's valid signature */
};

/* The row @p st stands on covers the access: it counts only if the person
 * signed it and her verified history gave it (a row written into the file
 * by anyone else is ignored, and named in the reason). */
static void
take_if_signed(carnet_db *db, const carnet__carnet *c, const carnet__history *h,
               carnet__statement *st, struct grant_hit *hit)
{
    unsigned char commit[CARNET_HASH_BYTES];
    int64_t no = carnet__col_int(st, CARNET__GRANT_COL_NO), recorded = 0;

    if (carnet__grant_row_commit(db, c, st, &recorded, commit) &&
        carnet__history_grant_recorded(h, recorded, commit) &&
        carnet__grant_row_signed(db, c, st)) {
        hit->no = no;
        hit->created_at = carnet__col_int(st, CARNET__GRANT_COL_CREATED_AT);
    } else if (hit->forged_no == 0) {
        hit->forged_no = no;
    }
}

/* With @p past, the question is about something already done at second t:
 * an authorisation ended in that same second still covers it (the clock has
 * a one-second resolution; ordering within a second is not recorded). */
static int
covering_grant(carnet_db *db, const carnet__carnet *c, int64_t pid, int section,
               carnet_access access, int64_t t, int past, struct grant_hit *hit)
{
    const carnet__history *h = NULL;
    carnet__statement *st;
    int rc = carnet__history_get(db, c, &h);

    memset(hit, 0, sizeof *hit);
    if (rc != CARNET_OK) {
        return rc;
    }
    st = carnet__stmt(db, CARNET__Q_COVERING_GRANT);
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, c->rowid);
    carnet__bind_int(st, 2, pid);
    carnet__bind_int(st, 3, (int64_t)CARNET_SECTION_BIT(section));
    carnet__bind_text(st, 4, access == CARNET_ACCESS_WRITE ? "ecriture" : "lecture");
    carnet__bind_int(st, 5, t);
    while (hit->no == 0 && (rc = carnet__step(st)) == CARNET__ROW) {
        int64_t nb = carnet__col_int(st, CARNET__GRANT_COL_NOT_BEFORE);
        int64_t na = carnet__col_int(st, CARNET__GRANT_COL_NOT_AFTER);
        /* revoked when the person's verified records say so, whatever the row says */
        int64_t rv = carnet__history_revoked_at(h, carnet__col_int(st, CARNET__GRANT_COL_NO));
        int revoked = rv != 0 && (past ? rv < t : rv <= t);
        int expired = na != 0 && (past ? na < t : na <= t);
        if (!revoked && !expired && nb <= t) {
            take_if_signed(db, c, h, st, hit);
        } else if ((revoked || expired) && hit->ended_no == 0) {
            hit->ended_no = carnet__col_int(st, CARNET__GRANT_COL_NO);
            hit->ended_revoked = revoked;
            hit->ended_at = revoked ? rv : na;
        }
    }
    carnet__reset(st);
    return rc == CARNET__ROW || rc == CARNET__DONE
               ? CARNET_OK
               : carnet__store_fail(db, rc, "lecture des autorisations");
}

/* Why no authorisation covers the access: a read-only one when writing,
 * an ended one, or none at all. */
static int
no_grant_reason(carnet_db *db, const carnet__principal *who, const carnet__carnet *c, int section,
                carnet_access access, int64_t at, const struct grant_hit *hit, carnet_decision *out)
{
    const char *verb = access == CARNET_ACCESS_WRITE ? "d'écrire dans" : "de lire";
    char date[11];

    if (access == CARNET_ACCESS_WRITE) {
        struct grant_hit ro;
        int rc = covering_grant(db, c, who->pid, section, CARNET_ACCESS_READ, at, 0, &ro);
        if (rc != CARNET_OK) {
            return rc;
        }
        if (ro.no != 0) {
            (void)snprintf(out->reason, sizeof out->reason,
                           "l'autorisation n°%lld de '%s' ne permet que la lecture de la section "
                           "%s",
                           (long long)ro.no, who->handle, section_label(section));
            return CARNET_OK;
        }
    }
    if (hit->forged_no != 0) {
        (void)snprintf(out->reason, sizeof out->reason,
                       "l'autorisation n°%lld de '%s' ne porte pas une signature valide de la "
                       "personne : elle est ignorée (ligne altérée)",
                       (long long)hit->forged_no, who->handle);
    } else if (hit->ended_no != 0) {
        carnet_date_format(date, hit->ended_at);
        (void)snprintf(out->reason, sizeof out->reason, "l'autorisation n°%lld de '%s' a %s le %s",
                       (long long)hit->ended_no, who->handle,
                       hit->ended_revoked ? "été révoquée" : "expiré", date);
    } else {
        (void)snprintf(out->reason, sizeof out->reason,
                       "aucune autorisation de partage de la personne ne permet à '%s' %s la "
                       "section %s",
                       who->handle, verb, section_label(section));
    }
    return CARNET_OK;
}

static int
decide_professional(carnet_db *db, const carnet__principal *who, const carnet__carnet *c,
                    int section, carnet_access access, int64_t at, carnet_decision *out)
{
    const carnet_rules *rules = NULL;
    struct grant_hit hit;
    int blocked = 0, rc;
    int64_t since = 0;
    char date[11];

    if (who->deactivated_at != 0 && who->deactivated_at <= at) {
        carnet_date_format(date, who->deactivated_at);
        (void)snprintf(out->reason, sizeof out->reason,
                       "le compte de '%s' est désactivé depuis le %s", who->handle, date);
        return CARNET_OK;
    }
    rc = carnet__blocked_at(db, c, who->pid, at, &blocked, &since);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (blocked) {
        carnet_date_format(date, since);
        (void)snprintf(out->reason, sizeof out->reason, "'%s' a été bloqué par la personne le %s",
                       who->handle, date);
        return CARNET_OK;
    }
    rc = carnet__rules_current(db, &rules);
    if (rc != CARNET_OK) {
        return rc;
    }
    out->ceiling =
        carnet_rules_ceiling(rules, who->role, who->stype, (carnet_section)section, &out->rule);
    if (out->rule >= 0) {
        (void)carnet__strlcpy(out->rule_name, carnet_rules_rule_name(rules, (size_t)out->rule),
                              sizeof out->rule_name);
    }
    if (out->ceiling < access) {
        if (out->rule < 0) {
            (void)snprintf(out->reason, sizeof out->reason,
                           "hors des règles : aucune règle n'ouvre la section %s au rôle %s "
                           "d'une structure de type %s",
                           section_label(section),
                           carnet_enum_code(CARNET_ENUM_ROLE, (int)who->role),
                           carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)who->stype));
        } else {
            (void)snprintf(out->reason, sizeof out->reason,
                           "hors des règles : la règle « %s » limite la section %s à « %s » pour "
                           "le rôle %s d'une structure de type %s",
                           out->rule_name, section_label(section),
                           carnet_enum_code(CARNET_ENUM_ACCESS, (int)out->ceiling),
                           carnet_enum_code(CARNET_ENUM_ROLE, (int)who->role),
                           carnet_enum_code(CARNET_ENUM_STRUCTURE_TYPE, (int)who->stype));
        }
        return CARNET_OK;
    }
    rc = covering_grant(db, c, who->pid, section, access, at, 0, &hit);
    if (rc != CARNET_OK) {
        return rc;
    }
    if (hit.no == 0) {
        return no_grant_reason(db, who, c, section, access, at, &hit, out);
    }
    out->grant = hit.no;
    rc = carnet__epoch_at(db, c->rowid, section, at, &out->epoch);
    if (rc != CARNET_OK) {
        return rc;
    }
    rc = carnet__wrap_exists(db, c->rowid, section, out->epoch, who->pid);
    if (rc < 0) {
        return rc;
    }
    out->holds_key = rc;
    if (!out->holds_key) {
        (void)snprintf(out->reason, sizeof out->reason,
                       "'%s' n'a pas la clé de l'époque %u de la section %s", who->handle,
                       out->epoch, section_label(section));
        return CARNET_OK;
    }
    carnet_date_format(date, hit.created_at);
    out->allowed = 1;
    (void)snprintf(out->reason, sizeof out->reason,
                   "autorisé : règle « %s » (plafond %s), autorisation n°%lld du %s, clé de "
                   "l'époque %u",
                   out->rule_name, carnet_enum_code(CARNET_ENUM_ACCESS, (int)out->ceiling),
                   (long long)hit.no, date, out->epoch);
    return CARNET_OK;
}

int
carnet__decide(carnet_db *db, const carnet__principal *who, const carnet__carnet *c, int section,
               carnet_access access, int64_t at, carnet_decision *out)
{
    int rc;

    const carnet__history *h;

    memset(out, 0, sizeof *out);
    out->rule = -1;
    /* Every decision stands on the carnet's verified history: a broken one
     * decides nothing, and nothing of the carnet is opened. */
    rc = carnet__history_get(db, c, &h);
    if (rc != CARNET_OK) {
        return rc;
    }
    /* Erased by the row or by a verified record: either closes the carnet. */
    if (c->erased || carnet__history_erased(h)) {
        (void)snprintf(out->reason, sizeof out->reason, "le carnet a été effacé");
        return CARNET_OK;
    }
    if (who->pid == c->person) {
        out->owner = 1;
        out->ceiling = CARNET_ACCESS_WRITE;
        rc = carnet__epoch_at(db, c->rowid, section, at, &out->epoch);
        if (rc != CARNET_OK) {
            return rc;
        }
        rc = carnet__wrap_exists(db, c->rowid, section, out->epoch, who->pid);
        if (rc < 0) {
            return rc;
        }
        out->holds_key = rc;
        out->allowed = out->holds_key;
        (void)snprintf(out->reason, sizeof out->reason,
                       out->allowed ? "la personne elle-même : tout son carnet lui est ouvert"
                                    : "la personne n'a plus la clé de cette époque");
        return CARNET_OK;
    }
    if (who->kind != CARNET_PRINCIPAL_PROFESSIONAL) {
        (void)snprintf(out->reason, sizeof out->reason,
                       "seuls la personne et des professionnels autorisés accèdent à un carnet");
        return CARNET_OK;
    }
    return decide_professional(db, who, c, section, access, at, out);
}

/* The earliest start of an authorisation covering the section that has not
 * begun at @p at (and is neither revoked nor ended by then), or 0. */
static int
pending_start(carnet_db *db, int64_t carnet, int64_t pid, int section, int64_t at, int64_t *start)
{
    carnet__statement *st = carnet__stmt(db, CARNET__Q_PENDING_START);
    int rc;

    *start = 0;
    if (st == NULL) {
        return carnet__status(db);
    }
    carnet__bind_int(st, 1, carnet);
    carnet__bind_int(st, 2, pid);
    carnet__bind_int(st, 3, (int64_t)CARNET_SECTION_BIT(section));
    carnet__bind_int(st, 4, at);
    rc = carnet__step(st);
    if (rc == CARNET__ROW) {
        *start = carnet__col_int(st, 0);
    }
    carnet__reset(st);
    return rc == CARNET__ROW ? CARNET_OK : carnet__store_fail(db, rc, "lecture des autorisations");
}

int
carnet__entitled(carnet_db *db, const carnet__carnet *c, const carnet__principal *who, int section,
                 int64_t at, int *yes)
{
    carnet_decision d;
    int64_t start = 0;
    int rc;

    *yes = 0;
    if (who->pid == c->person) {
        *yes = 1;
        return CARNET_OK;
    }
    /* Entitlement ignores the key: it says who should hold the next one,
     * including an authorisation that starts later (its keys are sealed at
     * once; the decision refuses reading until it starts). */
    rc = carnet__decide(db, who, c, section, CARNET_ACCESS_READ, at, &d);
    if (rc == CARNET_OK && d.grant == 0) {
        rc = pending_start(db, c->rowid, who->pid, section, at, &start);
        if (rc == CARNET_OK && start != 0) {
            rc = carnet__decide(db, who, c, section, CARNET_ACCESS_READ, start, &d);
        }
    }
    if (rc == CARNET_OK) {
        *yes = d.grant != 0;
    }
    return rc;
}

int
carnet__write_authority(carnet_db *db, const carnet__carnet *c, int64_t pid, int section,
                        int64_t at, int *yes)
{
    struct grant_hit hit;
    int rc;

    *yes = 0;
    if (pid == c->person) {
        *yes = 1;
        return CARNET_OK;
    }
    rc = covering_grant(db, c, pid, section, CARNET_ACCESS_WRITE, at, 1, &hit);
    if (rc == CARNET_OK) {
        *yes = hit.no != 0;
    }
    return rc;
}

int
carnet_explain(carnet_decision *out, carnet_db *db, const char *actor, const char *person,
               carnet_section s, carnet_access access, int64_t at)
{
    carnet__principal who;
    carnet__carnet c;
    int rc;

    memset(out, 0, sizeof *out);
    if ((unsigned)s >= CARNET_SECTION_COUNT ||
        (access != CARNET_ACCESS_READ && access != CARNET_ACCESS_WRITE)) {
        return carnet__fail(db, CARNET_EINVAL, "section ou accès invalide");
    }
    rc = carnet__principal_by_handle(db, actor, &who);
    if (rc == CARNET_OK) {
        rc = carnet__carnet_by_person(db, person, &c);
    }
    if (rc == CARNET_OK) {
        rc = carnet__decide(db, &who, &c, (int)s, access, at != 0 ? at : carnet_db_now(db), out);
    }
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
