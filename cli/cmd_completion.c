/* cmd_completion.c - carnet completion bash: the bash completion script,
 * written from the command table, so that it cannot drift from it.
 * SPDX-License-Identifier: MIT
 *
 * The command is hidden from carnet help; make install installs its output.
 * The script holds, for each command, a spec of the words that complete it,
 * read from its usage synopsis (tests/cli-table checks that the synopsis
 * shows exactly the options the command parses): "--x" a flag, "--x=" an
 * option with a value, "--x=@" a file name, "--x=a|b" one of a list,
 * "--x=~" a value given only after '=', "@" file operands, "@commande"
 * command operands (carnet help). Spec '' holds the global options.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cmd.h"

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"
#define WORD_CHARS NAME_CHARS "_"

/* The options already in a spec, so that each is offered once. */
struct seen {
    const char *name[96];
    size_t len[96];
    size_t n;
};

/* One option or operand of a usage synopsis. */
struct item {
    const char *name; /* the option's name after "--"; NULL for an operand */
    size_t name_len;
    const char *ph; /* the placeholder without "<>"; NULL for a flag */
    size_t ph_len;
    int optional; /* "--x[=<y>]": a value only after '=' */
};

/* The placeholder of a word: from its first '<' to its last '>'. */
static void
placeholder(const char *word, size_t len, struct item *it)
{
    const char *lt = memchr(word, '<', len);
    const char *gt = NULL;

    for (size_t i = len; i > 0 && gt == NULL; i--) {
        gt = word[i - 1] == '>' ? word + i - 1 : NULL;
    }
    if (lt != NULL && gt != NULL && gt > lt) {
        it->ph = lt + 1;
        it->ph_len = (size_t)(gt - lt - 1);
    }
}

/* The next word of @p *p and its length; brackets opening it are skipped. */
static const char *
next_word(const char **p, size_t *len)
{
    const char *w = *p;
    size_t n = strcspn(w, " \n");

    *p = w + n + (w[n] != '\0');
    while (n > 0 && (*w == '[' || *w == '(')) {
        w++;
        n--;
    }
    *len = n;
    return w;
}

/* The next option or operand of the synopsis at @p *p; 0 at its end. */
static int
next_item(const char **p, struct item *it)
{
    while (**p != '\0') {
        size_t n, k, m;
        const char *w = next_word(p, &n);
        memset(it, 0, sizeof *it);
        k = n > 2 && strncmp(w, "--", 2) == 0 ? 2 + strspn(w + 2, NAME_CHARS) : 0;
        if (k > 2) {
            it->name = w + 2;
            it->name_len = k - 2;
            if (k < n && (w[k] == '=' || w[k] == '[')) {
                it->optional = w[k] == '[';
                placeholder(w + k, n - k, it);
            } else if (k == n && **p == '<') {
                /* "--x <y>": the value is the next word */
                w = next_word(p, &m);
                placeholder(w, m, it);
            }
            return 1;
        }
        if (n > 0 && w[0] == '<') {
            placeholder(w, n, it);
            return it->ph != NULL;
        }
    }
    return 0;
}

static int
is(const struct item *it, const char *word)
{
    return it->ph != NULL && it->ph_len == strlen(word) && strncmp(it->ph, word, it->ph_len) == 0;
}

static int
is_file(const struct item *it)
{
    return is(it, "fichier") || is(it, "scenario");
}

/* Add "--name", or "--name=<value>" when @p value is not NULL. */
static void
put_option(FILE *f, struct seen *s, const char *name, size_t len, const struct item *value)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->len[i] == len && strncmp(s->name[i], name, len) == 0) {
            return;
        }
    }
    if (s->n < sizeof s->name / sizeof s->name[0]) {
        s->name[s->n] = name;
        s->len[s->n++] = len;
    }
    (void)fprintf(f, "%s--%.*s", s->n > 1 ? " " : "", (int)len, name);
    if (value == NULL) {
        return;
    }
    (void)fputs(value->optional ? "=~" : "=", f);
    if (is_file(value)) {
        (void)fputc('@', f);
    } else if (value->ph != NULL && memchr(value->ph, '|', value->ph_len) != NULL &&
               strspn(value->ph, WORD_CHARS "|") >= value->ph_len) {
        (void)fprintf(f, "%.*s", (int)value->ph_len, value->ph);
    }
}

/* The global options (only those a command accepts too when @p after), their
 * values named as in the global synopsis. */
static void
put_globals(FILE *f, struct seen *s, int after)
{
    for (const struct option *o = cli_global_options; o->name != NULL; o++) {
        const char *p = cli_global_usage;
        struct item it, value;
        if (after && !cli_global_for_commands(o)) {
            continue;
        }
        memset(&value, 0, sizeof value);
        while (next_item(&p, &it)) {
            if (it.name != NULL && it.name_len == strlen(o->name) &&
                strncmp(it.name, o->name, it.name_len) == 0) {
                value = it;
            }
        }
        value.optional = o->has_arg == optional_argument;
        put_option(f, s, o->name, strlen(o->name), o->has_arg == no_argument ? NULL : &value);
    }
}

static void
put_spec(FILE *f, const struct carnet_cmd *c)
{
    const char *p = c->usage;
    struct seen s;
    struct item it;
    int files = 0, commands = 0;

    memset(&s, 0, sizeof s);
    (void)fprintf(f, "    '%s') _carnet_r='", c->name);
    while (next_item(&p, &it)) {
        if (it.name != NULL) {
            put_option(f, &s, it.name, it.name_len, it.ph != NULL ? &it : NULL);
        } else {
            files |= is_file(&it);
            commands |= is(&it, "commande");
        }
    }
    put_option(f, &s, "help", 4, NULL);
    put_globals(f, &s, 1);
    (void)fprintf(f, "%s%s' ;;\n", files ? " @" : "", commands ? " @commande" : "");
}

/* Does command @p i start with the same first word as an earlier one? */
static int
first_seen(size_t i, size_t n)
{
    for (size_t k = 0; k < i; k++) {
        if (strncmp(carnet_cmds[k]->name, carnet_cmds[i]->name, n) == 0 &&
            strcspn(carnet_cmds[k]->name, " ") == n) {
            return 1;
        }
    }
    return 0;
}

static void
put_words(FILE *f)
{
    (void)fputs("_carnet_first='", f);
    for (size_t i = 0, sep = 0; i < carnet_cmds_count; i++) {
        size_t n = strcspn(carnet_cmds[i]->name, " ");
        if (!first_seen(i, n)) {
            (void)fprintf(f, "%s%.*s", sep++ > 0 ? " " : "", (int)n, carnet_cmds[i]->name);
        }
    }
    (void)fputs("'\n\n_carnet_group()\n{\n    case $1 in\n", f);
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        const char *name = carnet_cmds[i]->name;
        size_t n = strcspn(name, " ");
        if (name[n] != ' ' || first_seen(i, n)) {
            continue;
        }
        (void)fprintf(f, "    %.*s) _carnet_r='", (int)n, name);
        for (size_t k = i; k < carnet_cmds_count; k++) {
            const char *other = carnet_cmds[k]->name;
            if (strncmp(other, name, n + 1) == 0) {
                (void)fprintf(f, "%s%s", k > i ? " " : "", other + n + 1);
            }
        }
        (void)fputs("' ;;\n", f);
    }
    (void)fputs("    *) return 1 ;;\n    esac\n}\n", f);
}

static const char script_logic[] =
    "\n"
    "# The value option $2 takes in the spec of command $1 ('' before the\n"
    "# command), in _carnet_v: \"\" any text, \"@\" a file name, \"a|b\" one of these\n"
    "# words; a leading \"~\" marks a value given only after '='. Fails for a flag\n"
    "# or an unknown option.\n"
    "_carnet_value()\n"
    "{\n"
    "    local s\n"
    "    local -a specs\n"
    "    _carnet_spec \"$1\" || return 1\n"
    "    read -r -a specs <<<\"$_carnet_r\"\n"
    "    for s in \"${specs[@]}\"; do\n"
    "        if [[ $s == \"$2=\"* ]]; then\n"
    "            _carnet_v=${s#*=}\n"
    "            return 0\n"
    "        fi\n"
    "    done\n"
    "    return 1\n"
    "}\n"
    "\n"
    "_carnet_files()\n"
    "{\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    mapfile -t COMPREPLY < <(compgen -f -- \"$1\")\n"
    "}\n"
    "\n"
    "_carnet()\n"
    "{\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
    "    local cmd='' group='' opt='' s w i\n"
    "    local -a args=() specs=() words=()\n"
    "    COMPREPLY=()\n"
    "    # \"--option=value\" comes split at '=' (COMP_WORDBREAKS).\n"
    "    if [[ $cur == = ]]; then\n"
    "        opt=$prev cur=''\n"
    "    elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then\n"
    "        opt=${COMP_WORDS[COMP_CWORD - 2]}\n"
    "    fi\n"
    "    # The words before the cursor: the command (one or two words) and its\n"
    "    # operands; options and the values they take are skipped.\n"
    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "        w=${COMP_WORDS[i]}\n"
    "        if [[ ${COMP_WORDS[i + 1]-} == = ]]; then\n"
    "            ((i += 2))\n"
    "        elif [[ $w == -* ]]; then\n"
    "            if _carnet_value \"$cmd\" \"$w\" && [[ $_carnet_v != '~'* ]]; then\n"
    "                ((i++))\n"
    "            fi\n"
    "        elif [[ -n $cmd ]]; then\n"
    "            args+=(\"$w\")\n"
    "        elif [[ -n $group ]]; then\n"
    "            cmd=\"$group $w\"\n"
    "        elif _carnet_group \"$w\"; then\n"
    "            group=$w\n"
    "        else\n"
    "            cmd=$w\n"
    "        fi\n"
    "    done\n"
    "    if [[ -z $opt && $prev == --* ]] && _carnet_value \"$cmd\" \"$prev\" &&\n"
    "        [[ $_carnet_v != '~'* ]]; then\n"
    "        opt=$prev\n"
    "    fi\n"
    "    if [[ -n $opt ]]; then\n"
    "        _carnet_value \"$cmd\" \"$opt\" || return 0\n"
    "        case ${_carnet_v#'~'} in\n"
    "        '') ;;\n"
    "        @) _carnet_files \"$cur\" ;;\n"
    "        *) mapfile -t COMPREPLY < <(compgen -W \"${_carnet_v//[~|]/ }\" -- \"$cur\") ;;\n"
    "        esac\n"
    "        return 0\n"
    "    fi\n"
    "    if [[ -n $group && -z $cmd ]]; then\n"
    "        if [[ $cur != -* ]] && _carnet_group \"$group\"; then\n"
    "            mapfile -t COMPREPLY < <(compgen -W \"$_carnet_r\" -- \"$cur\")\n"
    "        fi\n"
    "        return 0\n"
    "    fi\n"
    "    if [[ $cur == -* ]]; then\n"
    "        _carnet_spec \"$cmd\" || return 0\n"
    "        read -r -a specs <<<\"$_carnet_r\"\n"
    "        for s in \"${specs[@]}\"; do\n"
    "            [[ $s == --* ]] && words+=(\"${s%%=*}\")\n"
    "        done\n"
    "        mapfile -t COMPREPLY < <(compgen -W \"${words[*]}\" -- \"$cur\")\n"
    "        return 0\n"
    "    fi\n"
    "    if [[ -z $cmd ]]; then\n"
    "        mapfile -t COMPREPLY < <(compgen -W \"$_carnet_first\" -- \"$cur\")\n"
    "        return 0\n"
    "    fi\n"
    "    # An operand: a file name, or a command (carnet help <commande>).\n"
    "    _carnet_spec \"$cmd\" || return 0\n"
    "    read -r -a specs <<<\"$_carnet_r\"\n"
    "    for s in \"${specs[@]}\"; do\n"
    "        case $s in\n"
    "        @) _carnet_files \"$cur\" ;;\n"
    "        @commande)\n"
    "            if ((${#args[@]} == 0)); then\n"
    "                mapfile -t COMPREPLY < <(compgen -W \"$_carnet_first\" -- \"$cur\")\n"
    "            elif ((${#args[@]} == 1)) && _carnet_group \"${args[0]}\"; then\n"
    "                mapfile -t COMPREPLY < <(compgen -W \"$_carnet_r\" -- \"$cur\")\n"
    "            fi\n"
    "            ;;\n"
    "        esac\n"
    "    done\n"
    "    return 0\n"
    "}\n"
    "\n"
    "complete -F _carnet carnet\n";

static void
put_script(FILE *f)
{
    struct seen s;

    (void)fprintf(f,
                  "# bash completion for carnet(1): commands, options and file names.\n"
                  "# Written by 'carnet completion bash' from the command table of carnet\n"
                  "# %s: regenerate it rather than edit it.\n\n",
                  carnet_version());
    put_words(f);
    (void)fputs("\n_carnet_spec()\n{\n    case $1 in\n    '') _carnet_r='", f);
    memset(&s, 0, sizeof s);
    put_globals(f, &s, 0);
    (void)fputs("' ;;\n", f);
    for (size_t i = 0; i < carnet_cmds_count; i++) {
        put_spec(f, carnet_cmds[i]);
    }
    (void)fputs("    *) return 1 ;;\n    esac\n}\n", f);
    (void)fputs(script_logic, f);
}

static const struct option completion_opts[] = {CLI_OPT_HELP, CLI_OPT_NULL};

static int
completion(struct carnet_cli *cli, int argc, char **argv)
{
    int opt, code = 0;

    while ((opt = cli_getopt(cli, argc, argv, completion_opts, &code)) >= 0) {
    }
    if (opt == CLI_OPT_FAIL || (code = cli_operands(cli, argc - optind, 1, 1)) != 0) {
        return code;
    }
    if (strcmp(argv[optind], "bash") != 0) {
        return cli_usage(cli, "interpréteur non pris en charge '%s' (seul bash l'est)",
                         argv[optind]);
    }
    put_script(stdout);
    return EX_OK;
}

const struct carnet_cmd carnet_cmd_completion = {
    "completion",
    completion,
    "écrire le script de complétion de bash",
    "carnet completion bash",
    "Écrit sur la sortie standard le script de complétion de bash, produit depuis la table\n"
    "des commandes : commandes, options de chacune, noms de fichiers. make install l'installe\n"
    "dans <préfixe>/share/bash-completion/completions/carnet ; sinon :\n"
    "  carnet completion bash > ~/.local/share/bash-completion/completions/carnet\n"
    "Cette commande n'est pas listée par carnet help.\n",
    completion_opts};
