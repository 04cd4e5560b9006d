/* exchange_export.c - the person's complete export, its import into another
 * workspace, and the erasure of a whole carnet.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/actions.h"

static int
add_date(cJSON *o, const char *key, int64_t t)
{
    char d[11];

    if (t == 0) {
        return cJSON_AddNullToObject(o, key) != NULL;
    }
    carnet_date_format(d, t);
    return cJSON_AddStringToObject(o, key, d) != NULL;
}

static int
add_int(cJSON *o, const char *key, int64_t v)
{
    return cJSON_AddNumberToObject(o, key, (double)v) != NULL;
}

/* ---------------------------------------------------------------- export */

static int
export_entries(carnet_db *db, carnet_actor *person, const carnet__carnet *c, cJSON *list)
{
    carnet_secbuf *buf = NULL;
    int rc = carnet_secbuf_new(&buf, 1024);

    for (int64_t no = 1; rc == CARNET_OK && no < c->next_no; no++) {
        carnet__entry_row row;
        cJSON *e = cJSON_CreateObject(), *body = NULL;
        int ok = e != NULL && cJSON_AddItemToArray(list, e);

        rc = ok ? carnet__entry_row_get(db, c, no, &row) : CARNET_ENOMEM;
        if (rc != CARNET_OK) {
            break;
        }
        ok = add_int(e, "no", no) && add_int(e, "racine", row.meta.root) &&
             add_int(e, "remplace", row.meta.supersedes) &&
             add_int(e, "remplace_par", row.meta.superseded_by) &&
             cJSON_AddStringToObject(e, "type", row.meta.kind) != NULL &&
             cJSON_AddStringToObject(
                 e, "section", carnet_enum_code(CARNET_ENUM_SECTION, (int)row.meta.section)) !=
                 NULL &&
             add_date(e, "date", row.meta.created_at) &&
             add_int(e, "horodatage", row.meta.created_at) &&
             cJSON_AddStringToObject(e, "auteur", row.meta.author) != NULL &&
             add_int(e, "epoque", row.meta.epoch) &&
             cJSON_AddBoolToObject(e, "efface", row.meta.erased) != NULL;
        if (ok && !row.meta.erased) {
            rc = carnet__entry_open(db, person, c, &row, buf);
            body = rc == CARNET_OK ? cJSON_Parse(carnet_secbuf_str(buf)) : NULL;
            ok = body != NULL && cJSON_AddItemToObject(e, "contenu", body);
            if (body == NULL && rc == CARNET_OK) {
                rc = carnet__fail(db, CARNET_ECORRUPT, "entrée n°%lld illisible", (long long)no);
            }
        }
        carnet_envelope_release(&row.env);
        if (rc == CARNET_OK && !ok) {
            rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    carnet_secbuf_free(buf);
    return rc;
}

static int
export_grants(carnet_db *db, const char *person, cJSON *list)
{
    carnet_grant_iter *it = NULL;
    carnet_grant_info g;
    char sections[128];
    int rc = carnet_grant_iter_new(&it, db, person);

    while (rc == CARNET_OK && (rc = carnet_grant_iter_next(it, &g)) == CARNET_OK) {
        cJSON *o = cJSON_CreateObject();
        int ok =
            o != NULL && cJSON_AddItemToArray(list, o) &&
            carnet_sections_format(sections, sizeof sections, g.sections) == CARNET_OK &&
            add_int(o, "no", g.no) &&
            cJSON_AddStringToObject(o, "professionnel", g.grantee) != NULL &&
            cJSON_AddStringToObject(o, "empreinte", g.grantee_fingerprint) != NULL &&
            cJSON_AddStringToObject(o, "sections", sections) != NULL &&
            cJSON_AddStringToObject(o, "acces",
                                    carnet_enum_code(CARNET_ENUM_ACCESS, (int)g.access)) != NULL &&
            cJSON_AddStringToObject(o, "historique",
                                    carnet_enum_code(CARNET_ENUM_SCOPE, (int)g.scope)) != NULL &&
            add_date(o, "debut", g.not_before) && add_date(o, "fin", g.not_after) &&
            cJSON_AddStringToObject(
                o, "finalite", carnet_enum_code(CARNET_ENUM_PURPOSE, (int)g.purpose)) != NULL &&
            cJSON_AddStringToObject(o, "modalite",
                                    carnet_enum_code(CARNET_ENUM_METHOD, (int)g.method)) != NULL &&
            add_date(o, "date", g.created_at) &&
            cJSON_AddStringToObject(o, "statut", carnet_grant_status_code(g.status)) != NULL &&
            cJSON_AddBoolToObject(o, "signature_valide", g.signature_ok) != NULL;
        if (!ok) {
            rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    carnet_grant_iter_free(it);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

static int
export_members(carnet_db *db, const char *person, cJSON *list)
{
    carnet_member_iter *it = NULL;
    carnet_member_info m;
    int rc = carnet_member_iter_new(&it, db, person);

    while (rc == CARNET_OK && (rc = carnet_member_iter_next(it, &m)) == CARNET_OK) {
        cJSON *o = cJSON_CreateObject();
        int ok = o != NULL && cJSON_AddItemToArray(list, o) &&
                 cJSON_AddStringToObject(o, "professionnel", m.member) != NULL &&
                 cJSON_AddStringToObject(o, "structure", m.structure) != NULL &&
                 cJSON_AddStringToObject(o, "role", carnet_member_role_code(m.role)) != NULL &&
                 add_date(o, "debut", m.started_at) && add_date(o, "fin", m.ended_at);
        if (!ok) {
            rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    carnet_member_iter_free(it);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

static int
export_audit(carnet_db *db, const char *person, cJSON *list)
{
    carnet_audit_iter *it = NULL;
    carnet_audit_event e;
    int rc = carnet_audit_iter_new(&it, db, person);

    while (rc == CARNET_OK && (rc = carnet_audit_iter_next(it, &e)) == CARNET_OK) {
        cJSON *o = cJSON_CreateObject();
        int ok = o != NULL && cJSON_AddItemToArray(list, o) && add_int(o, "seq", e.seq) &&
                 add_int(o, "horodatage", e.at) &&
                 cJSON_AddStringToObject(o, "acteur", e.actor) != NULL &&
                 cJSON_AddStringToObject(o, "action", carnet_audit_action_code(e.action)) != NULL &&
                 (e.section < 0 ? cJSON_AddNullToObject(o, "section") != NULL
                                : cJSON_AddStringToObject(
                                      o, "section",
                                      carnet_enum_code(CARNET_ENUM_SECTION, e.section)) != NULL) &&
                 add_int(o, "objet", e.object) &&
                 (e.subject[0] == '\0' || cJSON_AddStringToObject(o, "sujet", e.subject) != NULL) &&
                 cJSON_AddBoolToObject(o, "refuse", e.refused) != NULL;
        if (!ok) {
            rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    carnet_audit_iter_free(it);
    return rc == CARNET_ITEROVER ? CARNET_OK : rc;
}

static int
export_doc(carnet_db *db, carnet_actor *person, const carnet__carnet *c, cJSON *doc)
{
    carnet_db_info info;
    carnet_audit_report rep;
    cJSON *entries, *grants, *members, *audit, *verif;
    int rc = carnet_db_info_get(&info, db);
    int ok =
        rc == CARNET_OK && add_int(doc, "schema_version", 1) &&
        cJSON_AddStringToObject(doc, "type", "carnet-export") != NULL &&
        cJSON_AddStringToObject(doc, "espace", info.name) != NULL &&
        cJSON_AddStringToObject(doc, "personne", person->handle) != NULL &&
        add_date(doc, "cree_le", c->created_at) && add_date(doc, "exporte_le", carnet_db_now(db)) &&
        cJSON_AddStringToObject(
            doc, "statut", carnet_enum_code(CARNET_ENUM_LIFECYCLE, (int)c->lifecycle)) != NULL &&
        (entries = cJSON_AddArrayToObject(doc, "entrees")) != NULL &&
        (grants = cJSON_AddArrayToObject(doc, "autorisations")) != NULL &&
        (members = cJSON_AddArrayToObject(doc, "groupe_de_suivi")) != NULL &&
        (audit = cJSON_AddArrayToObject(doc, "journal")) != NULL &&
        (verif = cJSON_AddObjectToObject(doc, "verification_du_journal")) != NULL;

    if (rc != CARNET_OK) {
        return rc;
    }
    if (!ok) {
        return carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    rc = export_entries(db, person, c, entries);
    if (rc == CARNET_OK) {
        rc = export_grants(db, person->handle, grants);
    }
    if (rc == CARNET_OK) {
        rc = export_members(db, person->handle, members);
    }
    if (rc == CARNET_OK) {
        rc = export_audit(db, person->handle, audit);
    }
    if (rc == CARNET_OK) {
        rc = carnet_audit_verify(&rep, db, person->handle, NULL);
    }
    if (rc == CARNET_OK && (cJSON_AddBoolToObject(verif, "integre", rep.ok) == NULL ||
                            !add_int(verif, "enregistrements", rep.records) ||
                            cJSON_AddStringToObject(verif, "message", rep.message) == NULL)) {
        rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    }
    return rc;
}

int
carnet_export(carnet_secbuf **out, carnet_db *db, carnet_actor *person)
{
    carnet__carnet c;
    cJSON *doc = NULL;
    char *text = NULL;
    int rc;

    *out = NULL;
    if (person == NULL || person->kind != CARNET_PRINCIPAL_PERSON) {
        return carnet__fail(db, CARNET_ECONSENT, "seule la personne exporte son carnet");
    }
    rc = carnet__carnet_by_person(db, person->handle, &c);
    if (rc != CARNET_OK) {
        return rc;
    }
    /* Fail closed: the export is in the journal before anything is decrypted. */
    rc = carnet__begin(db);
    if (rc == CARNET_OK) {
        rc = carnet__audit(db, &c, person, CARNET_AUDIT_EXPORT, -1, 0, CARNET_OK);
        rc = rc == CARNET_OK ? carnet__commit(db) : rc;
        if (rc != CARNET_OK) {
            carnet__rollback(db);
            return rc;
        }
    }
    doc = cJSON_CreateObject();
    rc = doc != NULL ? export_doc(db, person, &c, doc)
                     : carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
    if (rc == CARNET_OK) {
        text = cJSON_Print(doc);
        rc = text != NULL ? carnet_secbuf_new(out, strlen(text)) : CARNET_ENOMEM;
        rc = rc == CARNET_OK ? carnet_secbuf_append(*out, text, strlen(text)) : rc;
        if (rc != CARNET_OK) {
            carnet_secbuf_free(*out);
            *out = NULL;
            rc = carnet__fail(db, CARNET_ENOMEM, "mémoire insuffisante");
        }
    }
    carnet__json_free_str(text);
    carnet__json_wipe_delete(doc);
    return rc == CARNET_OK ? carnet__ok(db) : rc;
}
