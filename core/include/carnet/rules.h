/* rules.h - the sharing rules ("matrice d'habilitation"): for each role and
 * structure type, the most a section may ever be opened, whatever the person
 * authorises. The rules file is JSON signed by the deployment administrator.
 * SPDX-License-Identifier: MIT
 *
 * Format (docs/rules.md): {"schema_version": 1, "nom": "...", "regles": [
 *   {"nom": "...", "roles": ["referent"], "structures": ["*"],
 *    "sections": {"identite": "ecriture", "sante": "aucun", ...}}, ...],
 *   "signature": {"signataire": "admin", "valeur": "<hex>"}}
 *
 * A rule applies when the role and the structure type match ("*" matches
 * any). For a section, among the applicable rules that name it, the most
 * specific one decides (naming the role and naming the structure type each
 * count for one); between equally specific rules, the most restrictive
 * value wins. A section no applicable rule names is closed.
 *
 * Thread-safety: a carnet_rules object is immutable after parsing and may be
 * shared between threads.
 */
#ifndef CARNET_RULES_H
#define CARNET_RULES_H

#include <stddef.h>

#include <carnet/db.h>
#include <carnet/directory.h>
#include <carnet/export.h>
#include <carnet/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed rules file. */
typedef struct carnet_rules carnet_rules;

/**
 * Parse a rules file (signed or not). On failure the message names the JSON
 * path of the fault, e.g. "regles[2].sections.sante: valeur inconnue 'lire'".
 *
 * Constructor rule: *out is set except on CARNET_ENOMEM; free it in all
 * cases and read carnet_rules_errmsg() after a failure.
 * @return CARNET_OK, CARNET_EINVAL or CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_rules_parse(carnet_rules **out, const char *json,
                                                   size_t len);

/** Free rules. NULL is a no-op. */
CARNET_API void carnet_rules_free(carnet_rules *r);

/** The message of the last failure on @p r. Borrowed. */
CARNET_API const char *carnet_rules_errmsg(const carnet_rules *r);

/** The rules file's name ("nom"). Borrowed. */
CARNET_API const char *carnet_rules_name(const carnet_rules *r);

/** Number of rules. */
CARNET_API size_t carnet_rules_count(const carnet_rules *r);

/** Name of rule @p i ("" when unnamed). Borrowed. */
CARNET_API const char *carnet_rules_rule_name(const carnet_rules *r, size_t i);

/**
 * The ceiling for a role, a structure type and a section.
 * @param[out] rule_out the index of the deciding rule, or -1 when no
 *                      applicable rule names the section (may be NULL)
 */
CARNET_API carnet_access carnet_rules_ceiling(const carnet_rules *r, carnet_role role,
                                              carnet_structure_type type, carnet_section s,
                                              int *rule_out);

/**
 * Sign the rules with the administrator's keys and return the signed file.
 * The signature covers a canonical encoding of the parsed rules, so the
 * JSON layout may change without breaking it.
 * @param[out] out the signed JSON text; free with carnet_string_free()
 * @return CARNET_OK, CARNET_ECONSENT (not the administrator), CARNET_ENOMEM
 */
CARNET_API CARNET_NODISCARD int carnet_rules_sign(char **out, carnet_rules *r, carnet_db *db,
                                                  carnet_actor *admin);

/**
 * Check the signature against the workspace's administrator key.
 * @return CARNET_OK, CARNET_EAUTH (unsigned, bad or foreign signature)
 */
CARNET_API CARNET_NODISCARD int carnet_rules_verify(carnet_rules *r, carnet_db *db);

/**
 * Install a rules file in the workspace: it is parsed, signed if it is not
 * yet, verified, and becomes the rules in force. Authorisations already
 * given are not widened; any now outside the rules are refused at use.
 * @return CARNET_OK, CARNET_EINVAL, CARNET_EAUTH, CARNET_ECONSENT, CARNET_EIO
 */
CARNET_API CARNET_NODISCARD int carnet_rules_install(carnet_db *db, carnet_actor *admin,
                                                     const char *json, size_t len);

/**
 * Load the rules in force (verified).
 * @return CARNET_OK, CARNET_ENOTFOUND, CARNET_EAUTH (stored rules tampered)
 */
CARNET_API CARNET_NODISCARD int carnet_rules_load(carnet_rules **out, carnet_db *db);

/**
 * The default rules shipped with carnet (unsigned JSON). Static storage.
 */
CARNET_API const char *carnet_rules_default_json(void);

/** Free a string returned by the library. NULL is a no-op. */
CARNET_API void carnet_string_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_RULES_H */
