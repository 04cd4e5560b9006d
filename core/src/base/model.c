/* model.c - the closed lists of model.h, dates, section masks, handles.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "base/base.h"

struct enum_row {
    int value;
    const char *code;
    const char *label;
};

static const struct enum_row sections[] = {
    {CARNET_SECTION_IDENTITE, "identite", "Identité"},
    {CARNET_SECTION_SITUATION, "situation", "Situation"},
    {CARNET_SECTION_DIAGNOSTIC_PRO, "diagnostic_pro", "Diagnostic professionnel"},
    {CARNET_SECTION_DIAGNOSTIC_SOCIAL, "diagnostic_social", "Diagnostic social"},
    {CARNET_SECTION_SANTE, "sante", "Santé"},
    {CARNET_SECTION_JUSTICE, "justice", "Justice"},
    {CARNET_SECTION_PLAN, "plan", "Plan d'action"},
    {CARNET_SECTION_SUIVI, "suivi", "Suivi"},
    {0, NULL, NULL}};

static const struct enum_row kinds[] = {
    {CARNET_PRINCIPAL_ADMIN, "admin", "Administrateur du déploiement"},
    {CARNET_PRINCIPAL_STRUCTURE, "structure", "Structure"},
    {CARNET_PRINCIPAL_PROFESSIONAL, "professionnel", "Professionnel"},
    {CARNET_PRINCIPAL_PERSON, "personne", "Personne accompagnée"},
    {0, NULL, NULL}};

static const struct enum_row roles[] = {
    {CARNET_ROLE_REFERENT, "referent", "Référent de parcours"},
    {CARNET_ROLE_ACCOMPAGNATEUR, "accompagnateur", "Accompagnateur"},
    {CARNET_ROLE_CHARGE_ORIENTATION, "charge_orientation", "Chargé d'orientation"},
    {CARNET_ROLE_ADMIN_STRUCTURE, "admin_structure", "Gestionnaire de structure"},
    {0, NULL, NULL}};

static const struct enum_row structure_types[] = {
    {CARNET_STRUCT_CONSEIL_DEPARTEMENTAL, "conseil_departemental", "Conseil départemental"},
    {CARNET_STRUCT_FRANCE_TRAVAIL, "france_travail", "France Travail"},
    {CARNET_STRUCT_CAF_MSA, "caf_msa", "CAF ou MSA"},
    {CARNET_STRUCT_MISSION_LOCALE, "mission_locale", "Mission locale"},
    {CARNET_STRUCT_CAP_EMPLOI, "cap_emploi", "Cap emploi"},
    {CARNET_STRUCT_CCAS, "ccas", "CCAS ou CIAS"},
    {CARNET_STRUCT_PLIE, "plie", "PLIE"},
    {CARNET_STRUCT_SIAE, "siae", "Structure d'insertion par l'activité économique"},
    {CARNET_STRUCT_ASSOCIATION, "association", "Association"},
    {CARNET_STRUCT_ORGANISME_FORMATION, "organisme_formation", "Organisme de formation"},
    {CARNET_STRUCT_EMPLOYEUR, "employeur", "Employeur"},
    {CARNET_STRUCT_SPIP, "spip", "Service pénitentiaire d'insertion et de probation"},
    {CARNET_STRUCT_SANTE, "sante", "Structure de santé"},
    {CARNET_STRUCT_LOGEMENT, "logement", "Logement ou hébergement (SIAO)"},
    {CARNET_STRUCT_COMMISSION, "commission", "Commission ou équipe pluridisciplinaire"},
    {CARNET_STRUCT_AUTRE, "autre", "Autre"},
    {0, NULL, NULL}};

static const struct enum_row accesses[] = {{CARNET_ACCESS_NONE, "aucun", "Aucun accès"},
                                           {CARNET_ACCESS_READ, "lecture", "Lecture"},
                                           {CARNET_ACCESS_WRITE, "ecriture", "Lecture et écriture"},
                                           {0, NULL, NULL}};

static const struct enum_row statuses[] = {
    {CARNET_LIFECYCLE_EN_COURS, "en_cours", "En cours"},
    {CARNET_LIFECYCLE_SORTI, "sorti", "Sorti du parcours"},
    {CARNET_LIFECYCLE_SUIVI_POST_EMPLOI, "suivi_post_emploi", "Suivi après la sortie"},
    {CARNET_LIFECYCLE_CLOS, "clos", "Clos"},
    {0, NULL, NULL}};

static const struct enum_row scopes[] = {
    {CARNET_SCOPE_ALL, "tout", "Tout l'historique"},
    {CARNET_SCOPE_SINCE, "depuis", "Depuis une date"},
    {CARNET_SCOPE_FROM_NOW, "maintenant", "À partir de maintenant"},
    {0, NULL, NULL}};

static const struct enum_row methods[] = {
    {CARNET_METHOD_IN_PERSON, "en_personne", "En personne"},
    {CARNET_METHOD_ASSISTED, "assiste", "Assistée au bureau du professionnel"},
    {CARNET_METHOD_REMOTE, "a_distance", "À distance"},
    {0, NULL, NULL}};

static const struct enum_row purposes[] = {
    {CARNET_PURPOSE_ACCOMPAGNEMENT, "accompagnement", "Accompagnement du parcours"},
    {CARNET_PURPOSE_ORIENTATION, "orientation", "Orientation"},
    {CARNET_PURPOSE_DIAGNOSTIC, "diagnostic", "Diagnostic"},
    {CARNET_PURPOSE_COMMISSION, "commission", "Examen en commission"},
    {CARNET_PURPOSE_SUIVI_EMPLOI, "suivi_emploi", "Suivi dans l'emploi"},
    {CARNET_PURPOSE_SANTE, "sante", "Accompagnement santé"},
    {CARNET_PURPOSE_JUSTICE, "justice", "Suivi judiciaire"},
    {CARNET_PURPOSE_AUTRE, "autre", "Autre"},
    {0, NULL, NULL}};

static const struct enum_row orientations[] = {
    {CARNET_ORIENTATION_SOCIAL, "social", "Social"},
    {CARNET_ORIENTATION_SOCIOPRO, "sociopro", "Socio-professionnel"},
    {CARNET_ORIENTATION_PRO, "pro", "Professionnel"},
    {0, NULL, NULL}};

static const struct enum_row *
table(carnet_enum_id list)
{
    switch (list) {
    case CARNET_ENUM_SECTION:
        return sections;
    case CARNET_ENUM_PRINCIPAL_KIND:
        return kinds;
    case CARNET_ENUM_ROLE:
        return roles;
    case CARNET_ENUM_STRUCTURE_TYPE:
        return structure_types;
    case CARNET_ENUM_ACCESS:
        return accesses;
    case CARNET_ENUM_LIFECYCLE:
        return statuses;
    case CARNET_ENUM_SCOPE:
        return scopes;
    case CARNET_ENUM_METHOD:
        return methods;
    case CARNET_ENUM_PURPOSE:
        return purposes;
    case CARNET_ENUM_ORIENTATION:
        return orientations;
    }
    return NULL;
}

static const struct enum_row *
find_value(carnet_enum_id list, int value)
{
    const struct enum_row *r = table(list);

    for (; r != NULL && r->code != NULL; r++) {
        if (r->value == value) {
            return r;
        }
    }
    return NULL;
}

const char *
carnet_enum_code(carnet_enum_id list, int value)
{
    const struct enum_row *r = find_value(list, value);
    return r != NULL ? r->code : NULL;
}

const char *
carnet_enum_label(carnet_enum_id list, int value)
{
    const struct enum_row *r = find_value(list, value);
    return r != NULL ? r->label : NULL;
}

int
carnet_enum_parse(int *out, carnet_enum_id list, const char *code)
{
    const struct enum_row *r = table(list);

    for (; r != NULL && code != NULL && r->code != NULL; r++) {
        if (strcmp(r->code, code) == 0) {
            *out = r->value;
            return CARNET_OK;
        }
    }
    return CARNET_EINVAL;
}

int
carnet_enum_next(int *value, carnet_enum_id list, size_t *it)
{
    const struct enum_row *r = table(list);

    if (r == NULL || r[*it].code == NULL) {
        return CARNET_ITEROVER;
    }
    *value = r[*it].value;
    (*it)++;
    return CARNET_OK;
}

int
carnet_sections_parse(unsigned *mask, const char *list)
{
    char word[32];
    size_t n = 0;
    unsigned m = 0;

    if (list == NULL || *list == '\0') {
        return CARNET_EINVAL;
    }
    for (const char *p = list;; p++) {
        if (*p == ',' || *p == '\0') {
            int s;
            word[n] = '\0';
            if (strcmp(word, "toutes") == 0) {
                m |= CARNET_SECTIONS_ALL & ~CARNET_SECTIONS_SENSITIVE;
            } else if (carnet_enum_parse(&s, CARNET_ENUM_SECTION, word) == CARNET_OK) {
                m |= CARNET_SECTION_BIT(s);
            } else {
                return CARNET_EINVAL;
            }
            n = 0;
            if (*p == '\0') {
                break;
            }
        } else if (n + 1 < sizeof word) {
            word[n++] = *p;
        } else {
            return CARNET_EINVAL;
        }
    }
    *mask = m;
    return CARNET_OK;
}

int
carnet_sections_format(char *buf, size_t size, unsigned mask)
{
    size_t used = 0;

    if (size == 0) {
        return CARNET_EINVAL;
    }
    buf[0] = '\0';
    for (int s = 0; s < CARNET_SECTION_COUNT; s++) {
        const char *code = carnet_enum_code(CARNET_ENUM_SECTION, s);
        int n;
        if ((mask & CARNET_SECTION_BIT(s)) == 0) {
            continue;
        }
        n = snprintf(buf + used, size - used, "%s%s", used > 0 ? "," : "", code);
        if (n < 0 || (size_t)n >= size - used) {
            return CARNET_EINVAL;
        }
        used += (size_t)n;
    }
    return CARNET_OK;
}

/* ----------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * algorithm), valid for the years accepted below. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era;
    unsigned doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    *y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y += *m <= 2;
}

static int
digits(const char *p, int n, unsigned *out)
{
    unsigned v = 0;

    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (unsigned)(p[i] - '0');
    }
    *out = v;
    return 0;
}

int
carnet_date_parse(int64_t *out, const char *text)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y, m, d, max;

    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        digits(text, 4, &y) != 0 || digits(text + 5, 2, &m) != 0 || digits(text + 8, 2, &d) != 0) {
        return CARNET_EINVAL;
    }
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) {
        return CARNET_EINVAL;
    }
    max = mdays[m - 1];
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
        max = 29;
    }
    if (d > max) {
        return CARNET_EINVAL;
    }
    *out = days_from_civil(y, m, d) * 86400;
    return CARNET_OK;
}

void
carnet_date_format(char buf[11], int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t y;
    unsigned m, d;

    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        memcpy(buf, "0000-00-00", 11);
        return;
    }
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

/* ------------------------------------------------------------- utilities */

int
carnet__handle_valid(const char *h)
{
    size_t n;

    if (h == NULL) {
        return 0;
    }
    n = strlen(h);
    if (n < 2 || n > CARNET_HANDLE_MAX) {
        return 0;
    }
    if (!((h[0] >= 'a' && h[0] <= 'z') || (h[0] >= '0' && h[0] <= '9'))) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_')) {
            return 0;
        }
    }
    return 1;
}

unsigned char *
carnet__put64(unsigned char *p, int64_t v)
{
    uint64_t u = (uint64_t)v;

    for (int i = 0; i < 8; i++) {
        *p++ = (unsigned char)(u >> (8 * i));
    }
    return p;
}

unsigned char *
carnet__put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        *p++ = (unsigned char)(v >> (8 * i));
    }
    return p;
}

unsigned char *
carnet__put8(unsigned char *p, unsigned v)
{
    *p++ = (unsigned char)v;
    return p;
}

unsigned char *
carnet__putid(unsigned char *p, const unsigned char id[CARNET_ID_BYTES])
{
    memcpy(p, id, CARNET_ID_BYTES);
    return p + CARNET_ID_BYTES;
}

/* Length of the UTF-8 sequence starting with @p c and its first bits; 0 if invalid. */
static int
utf8_lead(unsigned c, uint32_t *cp)
{
    if ((c & 0xe0) == 0xc0) {
        *cp = c & 0x1f;
        return 1;
    }
    if ((c & 0xf0) == 0xe0) {
        *cp = c & 0x0f;
        return 2;
    }
    if ((c & 0xf8) == 0xf0) {
        *cp = c & 0x07;
        return 3;
    }
    return 0;
}

/* Decode one multi-byte sequence; 0 when malformed, overlong, a surrogate
 * or beyond Unicode. */
static int
utf8_sequence(const unsigned char *p, int *len)
{
    uint32_t cp = 0;
    int extra = utf8_lead(p[0], &cp);

    if (extra == 0) {
        return 0;
    }
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (p[i] & 0x3fu);
    }
    *len = extra + 1;
    return !((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
             (extra == 3 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff);
}

int
carnet__utf8_valid(const char *s, int allow_newlines)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p != '\0') {
        int len = 1;
        if (*p >= 0x80) {
            if (!utf8_sequence(p, &len)) {
                return 0;
            }
        } else if (*p == 0x7f ||
                   (*p < 0x20 && !(allow_newlines && (*p == '\n' || *p == '\t' || *p == '\r')))) {
            return 0;
        }
        p += len;
    }
    return 1;
}
