/* sqlite_sql.c - the SQLite text of every query of queries.h.
 * SPDX-License-Identifier: MIT
 *
 * Every statement is static and bound: no text is ever built at run time.
 * Tables are STRICT (schema.c); clear columns are justified in
 * docs/data-model.md.
 */
#include "store/sqlite.h"

/* The columns of a consent row, in the order carnet__grant_row_signed()
 * reads them (CARNET__GRANT_COL_*). */
#define GRANT_COLUMNS                                                                              \
    "no, grantee, sections, access, scope, since, not_before, not_after, purpose, method,"         \
    " created_at, revoked_at, prev_hash, sig"

/* A carnet row, as carnet__carnet reads it. */
/* A carnet as carnet_carnet_info describes it. */
#define INFO_COLS                                                                                  \
    "SELECT p.handle, c.status, c.created_at, k.handle, r.handle, s.handle, c.next_no - 1,"        \
    " c.last_entry_at, (SELECT no FROM reorientation o WHERE o.carnet = c.cid AND o.status ="      \
    " 'pending'), c.erased_at IS NOT NULL FROM carnet c JOIN principal p ON p.pid = c.person"      \
    " JOIN principal k ON k.pid = c.creator LEFT JOIN principal r ON r.pid = c.referent"           \
    " LEFT JOIN principal s ON s.pid = c.structure"

#define CARNET_COLS                                                                                \
    "SELECT c.cid, c.id, c.person, c.creator, c.status, c.created_at, c.referent, c.structure,"    \
    " c.next_no, c.creation_entries, c.erased_at IS NOT NULL FROM carnet c"

/* An offer of the catalogue. */
#define OFFER_COLUMNS                                                                              \
    "SELECT id, name, structure, commune, coalesce(postcode, ''), themes, publics, modes, fees,"   \
    " description, zone FROM offre"

/* An entry row with its envelope (carnet__entry_row). */
#define ROW_SELECT                                                                                 \
    "SELECT e.no, e.root, e.supersedes, (SELECT min(s.no) FROM entry s WHERE s.carnet ="           \
    " e.carnet AND s.supersedes = e.no), e.kind, e.section, e.created_at, p.handle, e.epoch,"      \
    " e.erased_at IS NOT NULL, e.author, e.id, (SELECT x.id FROM entry x WHERE x.carnet ="         \
    " e.carnet AND x.no = e.supersedes), e.nonce_w, e.wrapped_dek, e.nonce_b, e.body_ct, e.sig,"   \
    " e.ct_hash FROM entry e JOIN principal p ON p.pid = e.author"

/* The cohort: carnets created in [?1, ?2), of référent ?3 when not NULL. */
#define COHORT                                                                                     \
    "WITH c AS (SELECT cid, person, created_at, status, last_entry_at FROM carnet"                 \
    " WHERE erased_at IS NULL AND created_at >= ?1 AND created_at < ?2"                            \
    " AND (?3 IS NULL OR referent = ?3)) "

/* The latest fact of each chain (carnet, kind, root). */
#define LATEST(alias, kind)                                                                        \
    alias ".entry = (SELECT max(z.entry) FROM fact z WHERE z.carnet = " alias ".carnet"            \
          " AND z.kind = '" kind "' AND z.root = " alias ".root)"

/* Days from opening to the first fact matching cond, per carnet of the cohort. */
#define DELAY_SQL(cond)                                                                            \
    COHORT "SELECT count(*), coalesce(avg(d), 0), coalesce(sum(d <= 30), 0) FROM"                  \
           " (SELECT max(0, min(f.at) / 86400 - c.created_at / 86400) AS d FROM c JOIN fact f"     \
           " ON f.carnet = c.cid AND " cond " GROUP BY c.cid)"
const char *const carnet__sqlite_sql[CARNET__Q_COUNT] = {
    /* workspace */
    [CARNET__Q_DB_INFO] = "SELECT d.name, d.department, p.handle, d.kdf, d.created_at,"
                          " p.pk_sign, p.pk_box FROM deployment d JOIN principal p"
                          " ON p.pid = d.admin",
    [CARNET__Q_DB_COUNT_STRUCTURES] = "SELECT count(*) FROM principal WHERE kind = 'structure'",
    [CARNET__Q_DB_COUNT_PROFESSIONALS] =
        "SELECT count(*) FROM principal WHERE kind = 'professional'",
    [CARNET__Q_DB_COUNT_PERSONS] = "SELECT count(*) FROM principal WHERE kind = 'person'",
    [CARNET__Q_DB_COUNT_CARNETS] = "SELECT count(*) FROM carnet",
    [CARNET__Q_DB_COUNT_ENTRIES] = "SELECT count(*) FROM entry",
    /* import (erasure) */
    [CARNET__Q_SHRED_ENTRIES] =
        "UPDATE entry SET erased_at = ?2, nonce_w = NULL, wrapped_dek = NULL, nonce_b = NULL,"
        " body_ct = NULL WHERE carnet = ?1 AND erased_at IS NULL",
    [CARNET__Q_SHRED_WRAPS] = "DELETE FROM wrap WHERE carnet = ?1 AND ?2 IS NOT NULL",
    [CARNET__Q_SHRED_LOOKUPS] = "DELETE FROM lookup WHERE carnet = ?1 AND ?2 IS NOT NULL",
    [CARNET__Q_SHRED_PERSON_KEYS] =
        "UPDATE principal SET sealed_key = NULL, recovery_key = NULL WHERE pid ="
        " (SELECT person FROM carnet WHERE cid = ?1) AND ?2 IS NOT NULL",
    [CARNET__Q_SHRED_ACTIVATION_CODE] = "DELETE FROM activation_code WHERE person ="
                                        " (SELECT person FROM carnet WHERE cid = ?1)"
                                        " AND ?2 IS NOT NULL",
    [CARNET__Q_SHRED_CARNET] = "UPDATE carnet SET erased_at = ?2, status = 'clos' WHERE cid = ?1",
    /* actor */
    [CARNET__Q_INDEX_COMMITMENT] = "SELECT admin, index_key_id, index_key_sig FROM deployment",
    [CARNET__Q_ACTOR_INDEX_KEY] =
        "SELECT index_wrap, index_wrap_sig, index_wrap_by FROM principal WHERE pid = ?1",
    [CARNET__Q_INSERT_DEPLOYMENT] =
        "INSERT INTO deployment (id, name, department, admin, kdf, created_at,"
        " index_key_id, index_key_sig) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [CARNET__Q_DEPLOYMENT_EXISTS] = "SELECT count(*) FROM deployment",
    [CARNET__Q_PROFESSIONAL_DEACTIVATE] =
        "UPDATE principal SET deactivated_at = ?1, deactivated_by = ?2,"
        " deactivate_sig = ?3 WHERE pid = ?4 AND deactivated_at IS NULL",
    [CARNET__Q_LOAD_SEALED] = "SELECT sealed_key, recovery_key FROM principal WHERE pid = ?1",
    [CARNET__Q_STORE_KEYS] = "UPDATE principal SET sealed_key = ?1, recovery_key = ?2"
                             " WHERE pid = ?3",
    [CARNET__Q_ACTIVATION_CODE_FORGET] = "DELETE FROM activation_code WHERE person = ?1",
    /* audit */
    [CARNET__Q_CHAIN_HEAD] =
        "SELECT seq, hash FROM audit WHERE carnet = ?1 ORDER BY seq DESC LIMIT 1",
    [CARNET__Q_AUDIT] =
        "INSERT INTO audit (carnet, seq, at, actor, action, section, object, outcome, reason,"
        " prev_hash, hash, sig, commit_hash, registry_seq)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [CARNET__Q_AUDIT_ITER_NEW] =
        "SELECT a.seq, a.at, p.handle, a.action, a.section, a.object, a.outcome, a.reason,"
        " CASE WHEN a.action IN ('grant', 'revoke', 'expire') THEN"
        "  (SELECT s.handle FROM consent g JOIN principal s ON s.pid = g.grantee"
        "   WHERE g.carnet = a.carnet AND g.no = a.object)"
        " WHEN a.action IN ('block', 'unblock', 'member', 'referent') THEN"
        "  (SELECT s.handle FROM principal s WHERE s.pid = a.object) END"
        " FROM audit a JOIN principal p ON p.pid = a.actor WHERE a.carnet = ?1 ORDER BY a.seq",
    [CARNET__Q_AUDIT_VERIFY] = "SELECT seq, at, actor, action, section, object, outcome, reason,"
                               " prev_hash, hash, sig, commit_hash, registry_seq FROM audit"
                               " WHERE carnet = ?1"
                               " AND seq > ?2 ORDER BY seq",
    /* carnet */
    [CARNET__Q_BY_PERSON] = CARNET_COLS " JOIN principal p ON p.pid = c.person"
                                        " WHERE p.handle = ?1",
    [CARNET__Q_BY_ROWID] = CARNET_COLS " WHERE c.cid = ?1",
    [CARNET__Q_INSERT] = "INSERT INTO carnet (id, person, creator, status, created_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING cid",
    [CARNET__Q_SET_STATUS] = "UPDATE carnet SET status = ?1 WHERE cid = ?2",
    [CARNET__Q_SET_REFERENT] = "UPDATE carnet SET referent = ?1, structure = ?2 WHERE cid = ?3",
    [CARNET__Q_MEMBER_START] = "INSERT INTO membership (carnet, member, role, started_at,"
                               " started_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    [CARNET__Q_MEMBER_END] = "UPDATE membership SET ended_at = ?1, ended_by = ?2"
                             " WHERE carnet = ?3 AND member = ?4 AND ended_at IS NULL",
    [CARNET__Q_MEMBER_ROLE_OF] = "SELECT role FROM membership WHERE carnet = ?1 AND member = ?2"
                                 " AND ended_at IS NULL",
    [CARNET__Q_MEMBERS_CURRENT] = "SELECT member, role FROM membership WHERE carnet = ?1"
                                  " AND ended_at IS NULL",
    [CARNET__Q_MEMBER_ITER_NEW] =
        "SELECT p.handle, s.handle, m.role, m.started_at, m.ended_at, b.handle"
        " FROM membership m JOIN principal p ON p.pid = m.member"
        " LEFT JOIN principal s ON s.pid = p.structure JOIN principal b ON b.pid = m.started_by"
        " WHERE m.carnet = ?1 ORDER BY m.rowid",
    [CARNET__Q_SET_CREATION_ENTRIES] = "UPDATE carnet SET creation_entries = ?1 WHERE cid = ?2",
    [CARNET__Q_LOG_CREATION_ENTRIES] =
        "SELECT no, section FROM entry WHERE carnet = ?1 AND no <= ?2"
        " ORDER BY no",
    [CARNET__Q_INFO_GET] = INFO_COLS " WHERE p.handle = ?1",
    [CARNET__Q_ITER_NEW] = INFO_COLS " WHERE ?1 IS NULL OR r.handle = ?1 ORDER BY c.cid",
    /* check */
    [CARNET__Q_COMPLETE] =
        "SELECT (SELECT count(DISTINCT e.section) FROM epoch e WHERE e.carnet = c.cid),"
        " (SELECT count(*) FROM entry n WHERE n.carnet = c.cid), c.creation_entries"
        " FROM carnet c JOIN principal p ON p.pid = c.person WHERE p.handle = ?1",
    /* consent */
    [CARNET__Q_LOAD_GRANT] = "SELECT " GRANT_COLUMNS " FROM consent WHERE carnet = ?1 AND no = ?2",
    [CARNET__Q_CHAIN_PREV] = "SELECT no, prev_hash, sig FROM consent WHERE carnet = ?1"
                             " ORDER BY no DESC LIMIT 1",
    [CARNET__Q_INSERT_GRANT] =
        "INSERT INTO consent (carnet, no, grantee, sections, access, scope, since, not_before,"
        " not_after, purpose, method, created_at, prev_hash, sig)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [CARNET__Q_SEAL_HISTORY] = "SELECT epoch, (SELECT min(n.created_at) FROM epoch n WHERE"
                               " n.carnet = e.carnet AND n.section = e.section AND n.epoch >"
                               " e.epoch) FROM epoch e WHERE e.carnet = ?1 AND e.section = ?2"
                               " ORDER BY epoch",
    [CARNET__Q_REVOKE_ONE] = "UPDATE consent SET revoked_at = ?1, revoke_sig = ?2"
                             " WHERE carnet = ?3 AND no = ?4",
    [CARNET__Q_GRANT_REVOKE_PID] = "SELECT no FROM consent WHERE carnet = ?1 AND grantee = ?2"
                                   " AND revoked_at IS NULL ORDER BY no",
    [CARNET__Q_RESEAL_GRANTS] = "SELECT sections, scope, since FROM consent WHERE carnet = ?1"
                                " AND grantee = ?2 AND revoked_at IS NULL"
                                " AND (not_after IS NULL OR not_after > ?3)",
    [CARNET__Q_BLOCK] = "INSERT INTO block (carnet, principal, at, blocked, sig)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [CARNET__Q_GRANT_ITER_NEW] =
        "SELECT " GRANT_COLUMNS " FROM consent WHERE carnet = ?1 ORDER BY no",
    [CARNET__Q_GRANTS_LOG_EXPIRED] =
        "SELECT g.no FROM consent g WHERE g.carnet = ?1 AND g.not_after > 0"
        " AND g.not_after <= ?2 AND g.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM audit x"
        " WHERE x.carnet = g.carnet AND x.action = 'expire' AND x.object = g.no) ORDER BY g.no"
        " LIMIT 64",
    /* directory */
    [CARNET__Q_PRINCIPAL_BY_HANDLE] =
        "SELECT pid, id, handle, kind, role, structure, structure_type, sensitive, pk_sign,"
        " pk_box, created_at, deactivated_at FROM principal WHERE handle = ?1",
    [CARNET__Q_PRINCIPAL_BY_PID] =
        "SELECT pid, id, handle, kind, role, structure, structure_type, sensitive, pk_sign,"
        " pk_box, created_at, deactivated_at FROM principal WHERE pid = ?1",
    [CARNET__Q_CERT_ROW] = "SELECT cert_by, cert_sig, self_sig, name FROM principal WHERE pid = ?1",
    [CARNET__Q_CERTIFIED_ADMIN] = "SELECT admin FROM deployment",
    [CARNET__Q_INSERT_PRINCIPAL] =
        "INSERT INTO principal (id, handle, kind, role, structure, structure_type, sensitive,"
        " name, postcode, pk_sign, pk_box, cert_by, cert_sig, self_sig, sealed_key,"
        " recovery_key, index_wrap, index_wrap_sig, index_wrap_by, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20) RETURNING pid",
    [CARNET__Q_KDF_PROFILE] = "SELECT kdf FROM deployment",
    [CARNET__Q_FILL_INFO] = "SELECT s.handle, coalesce(p.name, s.name), coalesce(p.postcode,"
                            " s.postcode), c.handle, p.sealed_key,"
                            " p.recovery_key FROM principal p"
                            " LEFT JOIN principal s ON s.pid = p.structure"
                            " LEFT JOIN principal c ON c.pid = p.cert_by WHERE p.pid = ?1",
    [CARNET__Q_PRINCIPAL_ITER_NEW] =
        "SELECT pid, id, handle, kind, role, structure, structure_type, sensitive, pk_sign,"
        " pk_box, created_at, deactivated_at FROM principal WHERE ?1 IS NULL OR kind = ?1"
        " ORDER BY handle",
    /* entry */
    [CARNET__Q_ENTRY_ID_OF] = "SELECT id FROM entry WHERE carnet = ?1 AND no = ?2",
    [CARNET__Q_INSERT_ROW] =
        "INSERT INTO entry (carnet, no, id, section, epoch, kind, author, created_at, supersedes,"
        " root, nonce_w, wrapped_dek, nonce_b, body_ct, sig, ct_hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    [CARNET__Q_INSERT_ROW_CARNET] = "UPDATE carnet SET next_no = ?1, last_entry_at = ?2"
                                    " WHERE cid = ?3",
    [CARNET__Q_NEXT_NUMBER] = "SELECT next_no FROM carnet WHERE cid = ?1",
    [CARNET__Q_ENTRY_CHAIN_ROOT] = "SELECT root, kind FROM entry WHERE carnet = ?1 AND no = ?2",
    [CARNET__Q_ENTRY_CHAIN_HEAD] = "SELECT max(no), root FROM entry WHERE carnet = ?1"
                                   " AND root = ?2",
    [CARNET__Q_ENTRY_CHAIN_SINGLE] = "SELECT no, root FROM entry WHERE carnet = ?1 AND kind = ?2"
                                     " ORDER BY no DESC LIMIT 1",
    [CARNET__Q_FACT] = "INSERT INTO fact (carnet, entry, root, kind, at, code, value)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [CARNET__Q_ENTRY_ERASE] = "UPDATE entry SET erased_at = ?1, nonce_w = NULL,"
                              " wrapped_dek = NULL, nonce_b = NULL, body_ct = NULL"
                              " WHERE carnet = ?2 AND no = ?3 AND erased_at IS NULL",
    /* flows */
    /* the carnet, the row's bind and the carnet's id (NULL when gone) */
    [CARNET__Q_LOOKUP_FIND] = "SELECT l.carnet, l.bind, c.id FROM lookup l"
                              " LEFT JOIN carnet c ON c.cid = l.carnet WHERE l.tag = ?1",
    [CARNET__Q_LOOKUP_PUT] = "INSERT OR REPLACE INTO lookup (tag, carnet, kind, bind)"
                             " VALUES (?1, ?2, ?3, ?4)",
    [CARNET__Q_LOOKUP_UNBOUND] = "SELECT l.tag, c.id FROM lookup l JOIN carnet c"
                                 " ON c.cid = l.carnet WHERE l.bind IS NULL ORDER BY l.tag",
    [CARNET__Q_LOOKUP_SET_BIND] = "UPDATE lookup SET bind = ?2 WHERE tag = ?1 AND bind IS NULL",
    /* person, importer, created_at, sealed */
    [CARNET__Q_ACTIVATION_CODE_PUT] = "INSERT INTO activation_code (person, importer, created_at,"
                                      " sealed) VALUES (?1, ?2, ?3, ?4)",
    /* ?1 the importer: person's id, handle, created_at, sealed; oldest first */
    [CARNET__Q_ACTIVATION_CODE_LIST] =
        "SELECT p.id, p.handle, a.created_at, a.sealed FROM activation_code a JOIN principal p"
        " ON p.pid = a.person WHERE a.importer = ?1 ORDER BY a.created_at, p.handle",
    /* keyring */
    [CARNET__Q_EPOCH_CURRENT] = "SELECT max(epoch) FROM epoch WHERE carnet = ?1 AND section = ?2",
    [CARNET__Q_EPOCH_AT] = "SELECT max(epoch) FROM epoch WHERE carnet = ?1 AND section = ?2"
                           " AND created_at <= ?3",
    [CARNET__Q_WRAP_EXISTS] = "SELECT 1 FROM wrap WHERE carnet = ?1 AND section = ?2"
                              " AND epoch = ?3 AND recipient = ?4",
    [CARNET__Q_WRAP_ADD] = "INSERT OR REPLACE INTO wrap (carnet, section, epoch, recipient,"
                           " wrap, sealed_by, created_at, sig)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [CARNET__Q_INSERT_EPOCH] = "INSERT INTO epoch (carnet, section, epoch, key_id, created_by,"
                               " created_at, reason, sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [CARNET__Q_LOAD_EPOCH] =
        "SELECT e.key_id, e.sig, e.created_by, e.created_at, w.wrap, w.sig, w.sealed_by,"
        " w.created_at FROM epoch e JOIN wrap w ON w.carnet = e.carnet AND w.section = e.section"
        " AND w.epoch = e.epoch WHERE e.carnet = ?1 AND e.section = ?2 AND e.epoch = ?3"
        " AND w.recipient = ?4",
    [CARNET__Q_WRAPS_DELETE] = "DELETE FROM wrap WHERE carnet = ?1 AND recipient = ?2"
                               " AND ((1 << section) & ?3) != 0",
    [CARNET__Q_CANDIDATES] =
        "SELECT recipient FROM wrap WHERE carnet = ?1 AND section = ?2 AND epoch = ?3"
        " AND recipient != ?4 UNION SELECT grantee FROM consent WHERE carnet = ?1"
        " AND (sections & ?5) != 0 AND revoked_at IS NULL",
    /* offers */
    [CARNET__Q_STORE] =
        "INSERT OR REPLACE INTO offre (id, name, structure, commune, postcode, themes, publics,"
        " modes, fees, description, zone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [CARNET__Q_OFFER_GET] = OFFER_COLUMNS " WHERE id = ?1",
    [CARNET__Q_OFFER_ITER_NEW] =
        OFFER_COLUMNS " WHERE (?1 IS NULL OR themes LIKE '%,' || ?1 || '%')"
                      " AND (?2 IS NULL OR lower(commune) = lower(?2) OR postcode = ?2"
                      "  OR zone LIKE '%,' || ?2 || ',%'"
                      "  OR (length(?2) = 5 AND zone LIKE '%,' || substr(?2, 1, 2) || ',%'))"
                      " AND (?3 IS NULL OR publics LIKE '%,' || ?3 || ',%'"
                      "  OR publics LIKE '%,tous-publics,%')"
                      " AND (?4 IS NULL OR (name || ' ' || structure || ' ' || description)"
                      "  LIKE '%' || ?4 || '%') ORDER BY id",
    /* orient */
    [CARNET__Q_PENDING_REQUEST] = "SELECT no FROM reorientation WHERE carnet = ?1"
                                  " AND status = 'pending'",
    [CARNET__Q_INSERT_REQUEST] =
        "INSERT INTO reorientation (carnet, no, requested_by, requested_at,"
        " request_entry, status) VALUES (?1, (SELECT coalesce(max(no), 0)"
        " + 1 FROM reorientation WHERE carnet = ?1), ?2, ?3, ?4, 'pending')"
        " RETURNING no",
    [CARNET__Q_DECIDE_ROW] = "UPDATE reorientation SET status = ?1, decided_by = ?2,"
                             " decided_at = ?3, decision_entry = ?4 WHERE carnet = ?5 AND no = ?6",
    /* policy */
    [CARNET__Q_COVERING_GRANT] =
        "SELECT " GRANT_COLUMNS " FROM consent"
        " WHERE carnet = ?1 AND grantee = ?2 AND (sections & ?3) != 0"
        " AND (?4 = 'lecture' OR access = 'ecriture') AND created_at <= ?5 ORDER BY no DESC",
    [CARNET__Q_PENDING_START] = "SELECT min(not_before) FROM consent WHERE carnet = ?1"
                                " AND grantee = ?2 AND (sections & ?3) != 0 AND not_before > ?4"
                                " AND revoked_at IS NULL AND (not_after IS NULL OR not_after > ?4)",
    /* reader */
    [CARNET__Q_ENTRY_ROW_GET] = ROW_SELECT " WHERE e.carnet = ?1 AND e.no = ?2",
    [CARNET__Q_READER_OPEN] = ROW_SELECT " WHERE e.carnet = ?1 AND ((1 << e.section) & ?2) != 0"
                                         " AND (?3 = 0 OR e.created_at >= ?3)"
                                         " AND (?4 = 0 OR e.created_at < ?4) ORDER BY e.no",
    [CARNET__Q_ERASURE_LOGGED] = "SELECT count(*) FROM audit WHERE carnet = ?1 AND action = 'erase'"
                                 " AND outcome = 'ok' AND (object = ?2 OR object IS NULL)",
    /* rules */
    [CARNET__Q_ADMIN_PRINCIPAL] = "SELECT admin FROM deployment",
    [CARNET__Q_STORE_OFF] = "UPDATE rules SET active = 0 WHERE active = 1",
    [CARNET__Q_STORE_INS] = "INSERT INTO rules (installed_at, installed_by, doc, active)"
                            " VALUES (?1, ?2, ?3, 1) RETURNING id",
    /* stats */
    [CARNET__Q_CARNETS] = COHORT "SELECT status, count(*) FROM c GROUP BY status ORDER BY "
                                 "status",
    [CARNET__Q_DELAYS_RDV] = DELAY_SQL("f.kind = 'rdv' AND f.code = 'present'"),
    [CARNET__Q_DELAYS_DIAG] = DELAY_SQL("f.kind = 'diagnostic'"),
    [CARNET__Q_DELAYS_PLAN] = DELAY_SQL("f.kind = 'plan_valide'"),
    [CARNET__Q_PLANS_AND_EXITS_ACTIONS] = COHORT
    "SELECT ax.code, a.code, count(*) FROM c"
    " JOIN fact a ON a.carnet = c.cid AND a.kind = 'action' AND " LATEST(
        "a", "action") " JOIN fact o ON o.carnet = c.cid AND o.kind = 'objectif' AND o.root = "
                       "a.value AND " LATEST("o", "objectif") " JOIN fact ax ON ax.carnet = c.cid "
                                                              "AND ax.kind = 'axe'"
                                                              " AND ax.root = o.value GROUP BY "
                                                              "ax.code, a.code ORDER BY ax.code, "
                                                              "a.code",
    [CARNET__Q_PLANS_AND_EXITS_EXITS] =
        COHORT "SELECT f.code, count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind ="
               " 'sortie' AND " LATEST("f", "sortie") " GROUP BY f.code ORDER BY f.code",
    [CARNET__Q_PLANS_AND_EXITS_SIX] =
        COHORT "SELECT f.code, count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind ="
               " 'post_sortie' AND f.value = 6 GROUP BY f.code ORDER BY f.code",
    [CARNET__Q_PLANS_AND_EXITS_REO] =
        COHORT "SELECT f.code, count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind ="
               " 'reorientation' GROUP BY f.code ORDER BY f.code",
    [CARNET__Q_FOLLOW_UP_IDLE] =
        COHORT "SELECT count(*) FROM c WHERE c.status = 'en_cours'"
               " AND ?4 - coalesce(c.last_entry_at, c.created_at) > 90 * 86400",
    [CARNET__Q_FOLLOW_UP_CHANGES] =
        COHORT "SELECT count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind = 'referent'",
    [CARNET__Q_FOLLOW_UP_REENTRIES] =
        COHORT "SELECT count(*) FROM c JOIN fact f ON f.carnet = c.cid AND f.kind = 'statut'"
               " AND f.code = 'en_cours'",
    [CARNET__Q_FOLLOW_UP_RATING] =
        COHORT "SELECT coalesce(avg(f.value), 0), count(*) FROM c JOIN fact f ON f.carnet = c.cid"
               " AND f.kind = 'evaluation' AND f.entry = (SELECT max(z.entry) FROM fact z"
               " WHERE z.carnet = f.carnet AND z.kind = 'evaluation')",
    [CARNET__Q_ATTENTION] = COHORT
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
                    " AND g.not_after > ?4 AND g.not_after <= ?4 + 15 * 86400 ORDER BY 3, 1",
    /* validate */
    [CARNET__Q_REF_EXISTS] = "SELECT kind FROM entry WHERE carnet = ?1 AND no = ?2",
    [CARNET__Q_CARNET_OPENED_AT] = "SELECT created_at FROM carnet WHERE cid = ?1",
    /* history */
    [CARNET__Q_ENTRY_ROWS_AFTER] = ROW_SELECT " WHERE e.carnet = ?1 AND e.no > ?2 ORDER BY e.no",
    [CARNET__Q_AUDIT_HASH_AT] = "SELECT hash FROM audit WHERE carnet = ?1 AND seq = ?2",
    /* registry */
    [CARNET__Q_REGISTRY_IDENTITY] =
        "SELECT p.pid, p.id FROM deployment d JOIN principal p ON p.pid = d.admin",
    [CARNET__Q_REGISTRY_HEAD] = "SELECT seq, hash FROM registry ORDER BY seq DESC LIMIT 1",
    [CARNET__Q_REGISTRY_APPEND] =
        "INSERT INTO registry (seq, at, actor, action, object, commit_hash, prev_hash, hash, sig)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [CARNET__Q_REGISTRY_AFTER] =
        "SELECT seq, at, actor, action, object, commit_hash, prev_hash, hash, sig FROM registry"
        " WHERE seq > ?1 ORDER BY seq",
    [CARNET__Q_REGISTRY_HASH_AT] = "SELECT hash FROM registry WHERE seq = ?1",
    [CARNET__Q_REGISTRY_SUBJECT] =
        "SELECT id, kind, structure, pk_sign, pk_box, cert_by, cert_sig, index_wrap,"
        " index_wrap_sig FROM principal WHERE pid = ?1",
    [CARNET__Q_REGISTRY_UNRECORDED] =
        "SELECT pid, kind, deactivated_at FROM principal WHERE kind <> 'person' ORDER BY pid",
    [CARNET__Q_REGISTRY_DEACTIVATIONS] =
        "SELECT pid, deactivated_at FROM principal WHERE kind = 'professional'",
    [CARNET__Q_RULES_DOC_BY_ID] = "SELECT doc, active FROM rules WHERE id = ?1",
    [CARNET__Q_RULES_ACTIVE_ROW] = "SELECT id, doc FROM rules WHERE active = 1 ORDER BY id DESC",
    /* memory */
    [CARNET__Q_MEMORY_ANCHOR] = "SELECT p.id, p.id, p.pk_sign, p.pk_box FROM deployment d"
                                " JOIN principal p ON p.pid = d.admin",
    [CARNET__Q_CARNET_BY_ID] = "SELECT cid FROM carnet WHERE id = ?1",
    [CARNET__Q_REORIENTATION_ROWS] = "SELECT no, status, request_entry, decision_entry"
                                     " FROM reorientation WHERE carnet = ?1 ORDER BY no",
};
