/* model.h - the fixed vocabulary of carnet: sections, roles, structure types,
 * statuses and the other closed lists, each with one table of stable names.
 * SPDX-License-Identifier: MIT
 *
 * Every enumeration has a stable lower-case ASCII code (used in JSON, SQL
 * CHECK constraints and the command line) and a French label for display.
 * The same table parses and prints, so the two can never drift apart.
 */
#ifndef CARNET_MODEL_H
#define CARNET_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <carnet/export.h>
#include <carnet/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The eight sections every carnet has. */
typedef enum carnet_section {
    CARNET_SECTION_IDENTITE = 0,
    CARNET_SECTION_SITUATION = 1,
    CARNET_SECTION_DIAGNOSTIC_PRO = 2,
    CARNET_SECTION_DIAGNOSTIC_SOCIAL = 3,
    CARNET_SECTION_SANTE = 4,
    CARNET_SECTION_JUSTICE = 5,
    CARNET_SECTION_PLAN = 6,
    CARNET_SECTION_SUIVI = 7
} carnet_section;

#define CARNET_SECTION_COUNT 8
/** Bit of a section in a section mask. */
#define CARNET_SECTION_BIT(s) (1u << (unsigned)(s))
/** Every section. */
#define CARNET_SECTIONS_ALL 0xffu
/** Sections that are never included implicitly: health (GDPR art. 9) and justice (art. 10). */
#define CARNET_SECTIONS_SENSITIVE                                                                  \
    (CARNET_SECTION_BIT(CARNET_SECTION_SANTE) | CARNET_SECTION_BIT(CARNET_SECTION_JUSTICE))

/** Kinds of principal. */
typedef enum carnet_principal_kind {
    CARNET_PRINCIPAL_ADMIN = 1,
    CARNET_PRINCIPAL_STRUCTURE = 2,
    CARNET_PRINCIPAL_PROFESSIONAL = 3,
    CARNET_PRINCIPAL_PERSON = 4
} carnet_principal_kind;

/** Roles of professionals. */
typedef enum carnet_role {
    CARNET_ROLE_NONE = 0,
    CARNET_ROLE_REFERENT = 1,
    CARNET_ROLE_ACCOMPAGNATEUR = 2,
    CARNET_ROLE_CHARGE_ORIENTATION = 3,
    CARNET_ROLE_ADMIN_STRUCTURE = 4
} carnet_role;

/** Types of structure (the real service's list, plus the commission). */
typedef enum carnet_structure_type {
    CARNET_STRUCT_CONSEIL_DEPARTEMENTAL = 1,
    CARNET_STRUCT_FRANCE_TRAVAIL,
    CARNET_STRUCT_CAF_MSA,
    CARNET_STRUCT_MISSION_LOCALE,
    CARNET_STRUCT_CAP_EMPLOI,
    CARNET_STRUCT_CCAS,
    CARNET_STRUCT_PLIE,
    CARNET_STRUCT_SIAE,
    CARNET_STRUCT_ASSOCIATION,
    CARNET_STRUCT_ORGANISME_FORMATION,
    CARNET_STRUCT_EMPLOYEUR,
    CARNET_STRUCT_SPIP,
    CARNET_STRUCT_SANTE,
    CARNET_STRUCT_LOGEMENT,
    CARNET_STRUCT_COMMISSION,
    CARNET_STRUCT_AUTRE
} carnet_structure_type;

/** Access levels, ordered: write implies read. */
typedef enum carnet_access {
    CARNET_ACCESS_NONE = 0,
    CARNET_ACCESS_READ = 1,
    CARNET_ACCESS_WRITE = 2
} carnet_access;

/** Lifecycle of a carnet: en cours, sorti, suivi post-emploi, clos. */
typedef enum carnet_lifecycle {
    CARNET_LIFECYCLE_EN_COURS = 1,
    CARNET_LIFECYCLE_SORTI = 2,
    CARNET_LIFECYCLE_SUIVI_POST_EMPLOI = 3,
    CARNET_LIFECYCLE_CLOS = 4
} carnet_lifecycle;

/** Which past entries a new reader receives. */
typedef enum carnet_scope {
    CARNET_SCOPE_ALL = 1,     /**< every epoch */
    CARNET_SCOPE_SINCE = 2,   /**< epochs still current on or after a date */
    CARNET_SCOPE_FROM_NOW = 3 /**< only what is written from the grant on */
} carnet_scope;

/** How the person gave an authorisation. */
typedef enum carnet_method {
    CARNET_METHOD_IN_PERSON = 1, /**< "en personne": on her own device */
    CARNET_METHOD_ASSISTED = 2,  /**< "assistée": at the professional's desk */
    CARNET_METHOD_REMOTE = 3     /**< "à distance" */
} carnet_method;

/** Why an authorisation is given. */
typedef enum carnet_purpose {
    CARNET_PURPOSE_ACCOMPAGNEMENT = 1,
    CARNET_PURPOSE_ORIENTATION,
    CARNET_PURPOSE_DIAGNOSTIC,
    CARNET_PURPOSE_COMMISSION,
    CARNET_PURPOSE_SUIVI_EMPLOI,
    CARNET_PURPOSE_SANTE,
    CARNET_PURPOSE_JUSTICE,
    CARNET_PURPOSE_AUTRE
} carnet_purpose;

/** Orientation types (référentiel of the real service). */
typedef enum carnet_orientation {
    CARNET_ORIENTATION_SOCIAL = 1,
    CARNET_ORIENTATION_SOCIOPRO = 2,
    CARNET_ORIENTATION_PRO = 3
} carnet_orientation;

/** Identifiers of the closed lists of this header. */
typedef enum carnet_enum_id {
    CARNET_ENUM_SECTION = 1,
    CARNET_ENUM_PRINCIPAL_KIND,
    CARNET_ENUM_ROLE,
    CARNET_ENUM_STRUCTURE_TYPE,
    CARNET_ENUM_ACCESS,
    CARNET_ENUM_LIFECYCLE,
    CARNET_ENUM_SCOPE,
    CARNET_ENUM_METHOD,
    CARNET_ENUM_PURPOSE,
    CARNET_ENUM_ORIENTATION
} carnet_enum_id;

/**
 * The stable code of @p value in list @p list (e.g. "diagnostic_social"),
 * or NULL when the value is not in the list. Static storage.
 */
CARNET_API const char *carnet_enum_code(carnet_enum_id list, int value);

/** The French label of @p value (e.g. "Diagnostic social"), or NULL. Static storage. */
CARNET_API const char *carnet_enum_label(carnet_enum_id list, int value);

/**
 * Parse a stable code.
 * @param[out] out the value
 * @return CARNET_OK, or CARNET_EINVAL for an unknown code (or NULL)
 */
CARNET_API CARNET_NODISCARD int carnet_enum_parse(int *out, carnet_enum_id list, const char *code);

/**
 * Visit every value of a list in order: *it starts at 0 and is updated.
 * @return CARNET_OK with *value set, or CARNET_ITEROVER
 */
CARNET_API int carnet_enum_next(int *value, carnet_enum_id list, size_t *it);

/**
 * Parse a comma-separated list of section codes ("identite,plan"). The word
 * "toutes" means every section except sante and justice, which must always
 * be named.
 * @return CARNET_OK or CARNET_EINVAL
 */
CARNET_API CARNET_NODISCARD int carnet_sections_parse(unsigned *mask, const char *list);

/**
 * Write a section mask as comma-separated codes into @p buf.
 * @return CARNET_OK, or CARNET_EINVAL if @p size is too small
 */
CARNET_API CARNET_NODISCARD int carnet_sections_format(char *buf, size_t size, unsigned mask);

/**
 * Parse a date "YYYY-MM-DD" (a real calendar date, years 1900-2199) into
 * seconds since the Unix epoch at 00:00 UTC.
 * @return CARNET_OK or CARNET_EINVAL
 */
CARNET_API CARNET_NODISCARD int carnet_date_parse(int64_t *out, const char *text);

/** Format seconds since the epoch as "YYYY-MM-DD" (UTC) into @p buf (11 bytes). */
CARNET_API void carnet_date_format(char buf[11], int64_t t);

#ifdef __cplusplus
}
#endif

#endif /* CARNET_MODEL_H */
