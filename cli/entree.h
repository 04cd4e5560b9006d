/* entree.h - tables that turn command-line options into entry fields.
 * SPDX-License-Identifier: MIT
 */
#ifndef CARNET_CLI_ENTREE_H
#define CARNET_CLI_ENTREE_H

#include "cli.h"

enum entree_type {
    FO_TEXT,          /* --x <texte> → "field": "texte" */
    FO_INT,           /* --x <n> → "field": n */
    FO_FLAG,          /* --x → "field": true */
    FO_OUINON,        /* --x oui|non → "field": true|false */
    FO_LIST,          /* --x <texte>, repeatable → "field": [..., "texte"] */
    FO_PROJECT,       /* --projet ROME[:rayon[:contrat[:temps]]] */
    FO_SITUATION,     /* --situation thème:libellé */
    FO_SITUATION_DEL, /* --retirer thème:libellé */
    FO_SANTE,         /* --situation libellé (thème santé) */
    FO_SANTE_DEL      /* --retirer libellé */
};

struct entree_opt {
    const char *opt;   /* long option name */
    const char *field; /* JSON field, "a.b" for nested */
    enum entree_type type;
};

struct entree_default {
    const char *field;
    const char *value;
};

enum entree_mode {
    ENTREE_NEW = 0,     /* a new chain, or --remplace n for a new version */
    ENTREE_SINGLE = 1,  /* one current version per carnet: edits it */
    ENTREE_NEW_ONLY = 2 /* never superseded */
};

struct entree_spec {
    const char *kind;
    enum entree_mode mode;
    const struct entree_opt *opts;
    const struct entree_default *defaults; /* for new entries, or NULL */
};

/* Run an entry command described by @p spec (cmd_entree.c). */
int entree_run(struct carnet_cli *cli, int argc, char **argv, const struct entree_spec *spec);

/* Every entry command, for the table test. */
extern const struct entree_spec *const entree_specs[];
extern const struct carnet_cmd *const entree_cmds[];
extern const size_t entree_count;

#endif /* CARNET_CLI_ENTREE_H */
