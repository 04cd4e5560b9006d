#!/usr/bin/env bash
# run.sh - the bash completion, run for real: the script is sourced in a new
# bash, COMP_WORDS and COMP_CWORD are set as bash sets them, _carnet runs, and
# its COMPREPLY is compared with what the program says of itself: the
# commands and groups of `carnet help`, the options of each command's usage
# line (`carnet <commande> --help`), the global options of `carnet --help`.
# A script older than the command table fails here.
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/completion/run.sh build/carnet.bash
# Ends with "completion: N passed, N failed".
set -u

. "$(dirname "$0")/../lib.sh" completion
case ${1:?usage: run.sh <script>} in
/*) script=$1 ;;
*) script=$PWD/$1 ;;
esac
files=$tmp/fichiers
mkdir -p "$files/sous-dossier"
touch "$files/a.json" "$files/b.json"

# complete <word>...: what completes the last word (where the cursor is),
# sorted, one per line, in a directory holding a.json, b.json, sous-dossier/.
complete() {
    (cd "$files" && bash --norc --noprofile -c '
        . "$0" || exit 1
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _carnet
        printf "%s\n" "${COMPREPLY[@]}"' "$script" carnet "$@") | sed '/^$/d' | LC_ALL=C sort
}

# expect <name> <expected words, one per line> <word>...
expect() {
    local name=$1 want=$2
    shift 2
    printf '%s\n' "$want" | sed '/^$/d' | LC_ALL=C sort >"$tmp/want"
    complete "$@" >"$tmp/got"
    if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
        tally "$name" 1
    else
        sed 's/^/  /' "$tmp/diff"
        tally "$name" 0
    fi
}

# The program's own account of itself.
"$bin" help >"$tmp/help" 2>&1
awk '/^Commandes/ { on = 1; next } on && /^$/ { exit } on' "$tmp/help" |
    sed -n 's/^  \([a-z][a-z0-9-]*\( [a-z][a-z0-9-]*\)*\)  .*$/\1/p' >"$tmp/names"
first_words=$(cut -d' ' -f1 "$tmp/names" | LC_ALL=C sort -u)
groups=$(grep ' ' "$tmp/names" | cut -d' ' -f1 | LC_ALL=C sort -u)
# The global options: those of the "Options globales" paragraph; all but
# --version are accepted among a command's options too.
globals=$(sed -n '/^Options globales/,/^$/p' "$tmp/help" | grep -oE -- '--[a-z][a-z-]*' |
    LC_ALL=C sort -u)
after=$(printf '%s\n' "$globals" | grep -vx -- '--version')

if [ "$(wc -l <"$tmp/names")" -lt 50 ] || [ -z "$globals" ]; then
    echo "completion: ÉCHEC : '$bin help' ne liste pas les commandes et les options globales"
    echo "completion: $passed passed, $((failed + 1)) failed"
    exit 1
fi

check "le script est celui qu'écrit carnet completion bash" \
    bash -c '"$1" completion bash | cmp -s - "$2"' _ "$bin" "$script"
check "le script se charge sans erreur dans bash --norc" \
    bash --norc --noprofile -c '. "$1" && complete -p carnet >/dev/null' _ "$script"

# Every command of the table, by its first word; every group, by its second.
expect "carnet <TAB> : chaque commande de carnet help" "$first_words" ''
for g in $groups; do
    expect "carnet $g <TAB> : ses sous-commandes" "$(sed -n "s/^$g //p" "$tmp/names")" "$g" ''
done

# Every command's long options: its usage line, --help, the global ones.
while IFS= read -r name; do
    # shellcheck disable=SC2086 # a two-word command is two words
    usage=$("$bin" $name --help 2>/dev/null | sed -n 1p)
    want=$({
        printf '%s\n' "$usage" | grep -oE -- '--[a-z0-9][a-z0-9-]*'
        echo --help
        printf '%s\n' "$after"
    } | LC_ALL=C sort -u)
    # shellcheck disable=SC2086
    expect "carnet $name --<TAB> : ses options" "$want" $name --
done <"$tmp/names"

expect "carnet --<TAB> : les options globales" "$globals" --
expect "carnet --as sofia <TAB> : la valeur d'une option est sautée" "$first_words" --as sofia ''
expect "carnet --as sofia journal <TAB>" "$(printf 'liste\npoint\nverifier')" --as sofia journal ''
expect "carnet ex<TAB>" "$(printf 'expliquer\nexporter')" ex
expect "carnet journal v<TAB>" verifier journal v
expect "carnet scenario jouer --n<TAB>" --narration scenario jouer --n

# Values: file names where the usage line says <fichier> or <scenario>,
# the words of <a|b>, nothing for other values and operands.
fichiers=$(printf 'a.json\nb.json\nsous-dossier')
expect "carnet --espace <TAB> : un fichier" "$fichiers" --espace ''
expect "carnet scenario jouer --regles <TAB> : un fichier" "$fichiers" scenario jouer --regles ''
expect "carnet scenario jouer --narration <TAB> : le scénario, un fichier" "$fichiers" \
    scenario jouer --narration ''
expect "carnet regles verifier a<TAB>" a.json regles verifier a
expect "carnet flux importer --type <TAB>" "$(printf 'caf\nfrance_travail')" flux importer --type ''
expect "carnet flux importer --type=<TAB>" "$(printf 'caf\nfrance_travail')" \
    flux importer --type = ''
expect "carnet flux importer --type=f<TAB>" france_travail flux importer --type = f
expect "carnet flux importer --type=caf <TAB> : le flux, un fichier" "$fichiers" \
    flux importer --type = caf ''
expect "carnet montrer <TAB> : un pseudonyme, pas de fichier" '' montrer ''
expect "carnet --as <TAB> : un acteur, rien à proposer" '' --as ''
expect "carnet help <TAB> : les commandes" "$first_words" help ''
expect "carnet help suivi <TAB>" "$(sed -n 's/^suivi //p' "$tmp/names")" help suivi ''
expect "carnet inconnue --<TAB> : rien" '' inconnue --

summary
