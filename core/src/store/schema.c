/* schema.c - the SQLite schema of a workspace, migrated by PRAGMA user_version
 * (a detail of this backend: nothing above the store knows the counter).
 * SPDX-License-Identifier: MIT
 *
 * Every table is STRICT; enumerated columns carry CHECK constraints whose
 * values are the stable codes of model.c and vocab.c. Clear columns are
 * listed and justified in docs/data-model.md. Each migration runs in one
 * transaction.
 */
#include "store/sqlite.h"

/* Version 1: each element is one or a few statements, run in order. */
static const char *const migration_1[] = {
    "PRAGMA application_id = 1128546865;",

    "CREATE TABLE principal ("
    " pid INTEGER PRIMARY KEY,"
    " id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),"
    " handle TEXT NOT NULL UNIQUE CHECK (length(handle) BETWEEN 2 AND 63),"
    " kind TEXT NOT NULL CHECK (kind IN ('admin', 'structure', 'professional', 'person')),"
    " role TEXT CHECK (role IS NULL OR role IN"
    "  ('referent', 'accompagnateur', 'charge_orientation', 'admin_structure')),"
    " structure INTEGER REFERENCES principal (pid),"
    " structure_type TEXT CHECK (structure_type IS NULL OR structure_type IN"
    "  ('conseil_departemental', 'france_travail', 'caf_msa', 'mission_locale', 'cap_emploi',"
    "   'ccas', 'plie', 'siae', 'association', 'organisme_formation', 'employeur', 'spip',"
    "   'sante', 'logement', 'commission', 'autre')),"
    " sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),"
    " name TEXT,"
    " postcode TEXT,"
    " pk_sign BLOB NOT NULL CHECK (length(pk_sign) = 32),"
    " pk_box BLOB NOT NULL CHECK (length(pk_box) = 32),"
    " cert_by INTEGER REFERENCES principal (pid),"
    " cert_sig BLOB NOT NULL CHECK (length(cert_sig) = 64),"
    " self_sig BLOB CHECK (self_sig IS NULL OR length(self_sig) = 64),"
    " sealed_key BLOB CHECK (sealed_key IS NULL OR length(sealed_key) = 256),"
    " recovery_key BLOB CHECK (recovery_key IS NULL OR length(recovery_key) = 256),"
    " index_wrap BLOB CHECK (index_wrap IS NULL OR length(index_wrap) = 80),"
    " index_wrap_sig BLOB CHECK (index_wrap_sig IS NULL OR length(index_wrap_sig) = 64),"
    " index_wrap_by INTEGER REFERENCES principal (pid),"
    " created_at INTEGER NOT NULL,"
    " deactivated_at INTEGER,"
    " deactivated_by INTEGER REFERENCES principal (pid),"
    " deactivate_sig BLOB CHECK (deactivate_sig IS NULL OR length(deactivate_sig) = 64)"
    ") STRICT;",

    "CREATE TABLE deployment ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " name TEXT NOT NULL,"
    " department TEXT NOT NULL,"
    " admin INTEGER NOT NULL REFERENCES principal (pid),"
    " kdf INTEGER NOT NULL CHECK (kdf IN (1, 2, 3)),"
    " created_at INTEGER NOT NULL,"
    " index_key_id BLOB NOT NULL CHECK (length(index_key_id) = 32),"
    " index_key_sig BLOB NOT NULL CHECK (length(index_key_sig) = 64)"
    ") STRICT;",

    "CREATE TABLE rules ("
    " id INTEGER PRIMARY KEY,"
    " installed_at INTEGER NOT NULL,"
    " installed_by INTEGER NOT NULL REFERENCES principal (pid),"
    " doc TEXT NOT NULL,"
    " active INTEGER NOT NULL CHECK (active IN (0, 1))"
    ") STRICT;",

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
    ") STRICT;"
    "CREATE INDEX carnet_referent ON carnet (referent);",

    "CREATE TABLE membership ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " member INTEGER NOT NULL REFERENCES principal (pid),"
    " role TEXT NOT NULL CHECK (role IN"
    "  ('referent', 'accompagnateur', 'charge_orientation', 'commission')),"
    " started_at INTEGER NOT NULL,"
    " started_by INTEGER NOT NULL REFERENCES principal (pid),"
    " ended_at INTEGER,"
    " ended_by INTEGER REFERENCES principal (pid)"
    ") STRICT;"
    "CREATE UNIQUE INDEX membership_one_referent ON membership (carnet)"
    " WHERE role = 'referent' AND ended_at IS NULL;"
    "CREATE UNIQUE INDEX membership_current ON membership (carnet, member) WHERE ended_at IS NULL;",

    "CREATE TABLE reorientation ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " no INTEGER NOT NULL CHECK (no >= 1),"
    " requested_by INTEGER NOT NULL REFERENCES principal (pid),"
    " requested_at INTEGER NOT NULL,"
    " request_entry INTEGER NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'denied')),"
    " decided_by INTEGER REFERENCES principal (pid),"
    " decided_at INTEGER,"
    " decision_entry INTEGER,"
    " PRIMARY KEY (carnet, no)"
    ") STRICT;",

    "CREATE TABLE epoch ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " section INTEGER NOT NULL CHECK (section BETWEEN 0 AND 7),"
    " epoch INTEGER NOT NULL CHECK (epoch >= 0),"
    " key_id BLOB NOT NULL CHECK (length(key_id) = 32),"
    " created_by INTEGER NOT NULL REFERENCES principal (pid),"
    " created_at INTEGER NOT NULL,"
    " reason TEXT NOT NULL CHECK (reason IN"
    "  ('init', 'grant', 'revoke', 'expire', 'block', 'deactivate', 'rules', 'rotate')),"
    " sig BLOB NOT NULL CHECK (length(sig) = 64),"
    " PRIMARY KEY (carnet, section, epoch)"
    ") STRICT, WITHOUT ROWID;",

    "CREATE TABLE wrap ("
    " carnet INTEGER NOT NULL,"
    " section INTEGER NOT NULL,"
    " epoch INTEGER NOT NULL,"
    " recipient INTEGER NOT NULL REFERENCES principal (pid),"
    " wrap BLOB NOT NULL CHECK (length(wrap) = 80),"
    " sealed_by INTEGER NOT NULL REFERENCES principal (pid),"
    " created_at INTEGER NOT NULL,"
    " sig BLOB NOT NULL CHECK (length(sig) = 64),"
    " PRIMARY KEY (carnet, section, epoch, recipient),"
    " FOREIGN KEY (carnet, section, epoch) REFERENCES epoch (carnet, section, epoch)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX wrap_recipient ON wrap (recipient, carnet);",

    "CREATE TABLE entry ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " no INTEGER NOT NULL CHECK (no >= 1),"
    " id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),"
    " section INTEGER NOT NULL CHECK (section BETWEEN 0 AND 7),"
    " epoch INTEGER NOT NULL,"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 999),"
    " author INTEGER NOT NULL REFERENCES principal (pid),"
    " created_at INTEGER NOT NULL,"
    " supersedes INTEGER,"
    " root INTEGER NOT NULL,"
    " nonce_w BLOB CHECK (nonce_w IS NULL OR length(nonce_w) = 24),"
    " wrapped_dek BLOB CHECK (wrapped_dek IS NULL OR length(wrapped_dek) = 48),"
    " nonce_b BLOB CHECK (nonce_b IS NULL OR length(nonce_b) = 24),"
    " body_ct BLOB,"
    " sig BLOB NOT NULL CHECK (length(sig) = 64),"
    " erased_at INTEGER,"
    " PRIMARY KEY (carnet, no),"
    " FOREIGN KEY (carnet, section, epoch) REFERENCES epoch (carnet, section, epoch)"
    ") STRICT;"
    "CREATE INDEX entry_section ON entry (carnet, section, no);"
    "CREATE INDEX entry_supersedes ON entry (carnet, supersedes) WHERE supersedes IS NOT NULL;"
    /* Entries are append-only: the only change allowed is crypto-shredding. */
    "CREATE TRIGGER entry_append_only BEFORE UPDATE ON entry"
    " WHEN NOT (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.body_ct IS NULL"
    "  AND NEW.wrapped_dek IS NULL AND NEW.no = OLD.no AND NEW.carnet = OLD.carnet"
    "  AND NEW.id = OLD.id AND NEW.sig = OLD.sig)"
    " BEGIN SELECT RAISE(ABORT, 'entry rows are append-only'); END;"
    "CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry"
    " BEGIN SELECT RAISE(ABORT, 'entry rows are append-only'); END;",

    "CREATE TABLE consent ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " no INTEGER NOT NULL CHECK (no >= 1),"
    " grantee INTEGER NOT NULL REFERENCES principal (pid),"
    " sections INTEGER NOT NULL CHECK (sections BETWEEN 1 AND 255),"
    " access TEXT NOT NULL CHECK (access IN ('lecture', 'ecriture')),"
    " scope TEXT NOT NULL CHECK (scope IN ('tout', 'depuis', 'maintenant')),"
    " since INTEGER,"
    " not_before INTEGER NOT NULL,"
    " not_after INTEGER,"
    " purpose TEXT NOT NULL CHECK (purpose IN ('accompagnement', 'orientation', 'diagnostic',"
    "  'commission', 'suivi_emploi', 'sante', 'justice', 'autre')),"
    " method TEXT NOT NULL CHECK (method IN ('en_personne', 'assiste', 'a_distance')),"
    " created_at INTEGER NOT NULL,"
    " prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
    " sig BLOB NOT NULL CHECK (length(sig) = 64),"
    " revoked_at INTEGER,"
    " revoke_sig BLOB CHECK (revoke_sig IS NULL OR length(revoke_sig) = 64),"
    " PRIMARY KEY (carnet, no)"
    ") STRICT;"
    "CREATE INDEX consent_grantee ON consent (grantee, carnet);",

    "CREATE TABLE block ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " principal INTEGER NOT NULL REFERENCES principal (pid),"
    " at INTEGER NOT NULL,"
    " blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),"
    " sig BLOB NOT NULL CHECK (length(sig) = 64)"
    ") STRICT;"
    "CREATE INDEX block_principal ON block (carnet, principal);",

    "CREATE TABLE audit ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " seq INTEGER NOT NULL CHECK (seq >= 1),"
    " at INTEGER NOT NULL,"
    " actor INTEGER NOT NULL REFERENCES principal (pid),"
    " action TEXT NOT NULL CHECK (action IN ('create', 'read', 'write', 'grant', 'revoke',"
    "  'expire', 'block', 'unblock', 'rotate', 'orient', 'referent', 'member',"
    "  'reorientation', 'export', 'import', 'erase', 'recover')),"
    " section INTEGER CHECK (section IS NULL OR section BETWEEN 0 AND 7),"
    " object INTEGER,"
    " outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),"
    " reason TEXT,"
    " prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
    " hash BLOB NOT NULL CHECK (length(hash) = 32),"
    " sig BLOB NOT NULL CHECK (length(sig) = 64),"
    " PRIMARY KEY (carnet, seq)"
    ") STRICT, WITHOUT ROWID;"
    /* Defence in depth only: whoever can edit the file can drop these; the
     * signed chain is what detects tampering. */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",

    "CREATE TABLE fact ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " entry INTEGER,"
    " root INTEGER,"
    " kind TEXT NOT NULL CHECK (kind IN ('diagnostic', 'plan_valide', 'axe', 'objectif',"
    "  'action', 'rdv', 'sortie', 'post_sortie', 'evaluation', 'orientation', 'referent',"
    "  'reorientation', 'statut')),"
    " at INTEGER NOT NULL,"
    " code TEXT,"
    " value INTEGER"
    ") STRICT;"
    "CREATE INDEX fact_kind ON fact (kind, carnet);",

    "CREATE TABLE lookup ("
    " tag BLOB PRIMARY KEY CHECK (length(tag) = 32),"
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " kind TEXT NOT NULL CHECK (kind IN ('caf', 'france_travail', 'record'))"
    ") STRICT, WITHOUT ROWID;",
    NULL};

/* Version 2: the catalogue of insertion services (public, in clear). */
static const char *const migration_2[] = {
    "CREATE TABLE offre ("
    " id TEXT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " structure TEXT NOT NULL,"
    " commune TEXT NOT NULL,"
    " postcode TEXT CHECK (postcode IS NULL OR length(postcode) = 5),"
    " themes TEXT NOT NULL,"
    " publics TEXT NOT NULL,"
    " modes TEXT NOT NULL,"
    " fees TEXT NOT NULL,"
    " zone TEXT NOT NULL,"
    " description TEXT NOT NULL"
    ") STRICT, WITHOUT ROWID;",
    NULL};

/* Version 3: the verified history. A record of a carnet's chain commits to
 * the state it changes (commit_hash: an entry, an authorisation); an entry
 * keeps the hash of its ciphertext, so that its commitment can still be
 * checked once the ciphertext is erased. */
static const char *const migration_3[] = {
    "ALTER TABLE audit ADD COLUMN commit_hash BLOB"
    " CHECK (commit_hash IS NULL OR length(commit_hash) = 32);",
    "ALTER TABLE entry ADD COLUMN ct_hash BLOB CHECK (ct_hash IS NULL OR length(ct_hash) = 32);",
    NULL};

/* Version 4: the registry, the verified history of the workspace: the
 * certificates of the administrator, the structures and the professionals,
 * deactivations and rules installations, numbered, chained and signed
 * (directory/registry.c). A workspace created before it holds no record
 * until `carnet espace migrer` attests its state. */
static const char *const migration_4[] = {
    "CREATE TABLE registry ("
    " seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
    " at INTEGER NOT NULL,"
    " actor INTEGER NOT NULL REFERENCES principal (pid),"
    " action TEXT NOT NULL CHECK (action IN ('certify', 'deactivate', 'rules', 'attest')),"
    " object INTEGER NOT NULL,"
    " commit_hash BLOB NOT NULL CHECK (length(commit_hash) = 32),"
    " prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
    " hash BLOB NOT NULL CHECK (length(hash) = 32),"
    " sig BLOB NOT NULL CHECK (length(sig) = 64)"
    ") STRICT;"
    /* Defence in depth only, as for audit: the signed chain is what
     * detects tampering. */
    "CREATE TRIGGER registry_no_update BEFORE UPDATE ON registry"
    " BEGIN SELECT RAISE(ABORT, 'registry rows are append-only'); END;"
    "CREATE TRIGGER registry_no_delete BEFORE DELETE ON registry"
    " BEGIN SELECT RAISE(ABORT, 'registry rows are append-only'); END;",
    /* The registry head a carnet record was decided against (v3 records). */
    "ALTER TABLE audit ADD COLUMN registry_seq INTEGER CHECK (registry_seq IS NULL OR"
    " registry_seq >= 1);",
    NULL};

/* Version 5: a carnet's history records an accepted restore (issue 16:
 * `carnet espace accepter-retour`). SQLite cannot change a CHECK: the
 * audit table is rebuilt with the same columns, rows, key and triggers. */
static const char *const migration_5[] = {
    "CREATE TABLE audit_new ("
    " carnet INTEGER NOT NULL REFERENCES carnet (cid),"
    " seq INTEGER NOT NULL CHECK (seq >= 1),"
    " at INTEGER NOT NULL,"
    " actor INTEGER NOT NULL REFERENCES principal (pid),"
    " action TEXT NOT NULL CHECK (action IN ('create', 'read', 'write', 'grant', 'revoke',"
    "  'expire', 'block', 'unblock', 'rotate', 'orient', 'referent', 'member',"
    "  'reorientation', 'export', 'import', 'erase', 'recover', 'restore')),"
    " section INTEGER CHECK (section IS NULL OR section BETWEEN 0 AND 7),"
    " object INTEGER,"
    " outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),"
    " reason TEXT,"
    " prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
    " hash BLOB NOT NULL CHECK (length(hash) = 32),"
    " sig BLOB NOT NULL CHECK (length(sig) = 64),"
    " commit_hash BLOB CHECK (commit_hash IS NULL OR length(commit_hash) = 32),"
    " registry_seq INTEGER CHECK (registry_seq IS NULL OR registry_seq >= 1),"
    " PRIMARY KEY (carnet, seq)"
    ") STRICT, WITHOUT ROWID;"
    "INSERT INTO audit_new (carnet, seq, at, actor, action, section, object, outcome, reason,"
    " prev_hash, hash, sig, commit_hash, registry_seq)"
    " SELECT carnet, seq, at, actor, action, section, object, outcome, reason, prev_hash, hash,"
    " sig, commit_hash, registry_seq FROM audit;"
    "DROP TABLE audit;"
    "ALTER TABLE audit_new RENAME TO audit;"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
    NULL};

/* Version 6: the activation codes of the carnets a flow created, each
 * sealed by the importing professional to herself (carnet_self_seal, bound
 * to the person), until the person activates her carnet (issue 17: a code
 * the import could not hand out is not lost). */
static const char *const migration_6[] = {
    "CREATE TABLE activation_code ("
    " person INTEGER PRIMARY KEY REFERENCES principal (pid),"
    " importer INTEGER NOT NULL REFERENCES principal (pid),"
    " created_at INTEGER NOT NULL,"
    " sealed BLOB NOT NULL CHECK (length(sealed) = 74)"
    ") STRICT;"
    "CREATE INDEX activation_code_importer ON activation_code (importer);",
    NULL};

/* Version 7: each row of the flows' blind index bound to its carnet under
 * the index key (records/lookup.c); rows written before stay unbound, and
 * lead nowhere, until the administrator binds them (carnet espace migrer). */
static const char *const migration_7[] = {
    "ALTER TABLE lookup ADD COLUMN bind BLOB CHECK (bind IS NULL OR length(bind) = 32);", NULL};

const char *const *const carnet__sqlite_migrations[] = {migration_1, migration_2, migration_3,
                                                        migration_4, migration_5, migration_6,
                                                        migration_7, NULL};
