#!/usr/bin/env bash
# run.sh - the command-line golden tests: one directory per case under
# fixtures/cli/, compared with diff -u; ends with "cli: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/cli/run.sh [<case>...]
#        UPDATE=1 tests/cli/run.sh [<case>...]
# UPDATE=1 rewrites the expected files from the actual output: read every
# change (git diff fixtures/cli) before keeping it, a golden file must hold
# the correct behaviour, not whatever the program does today.
#
# A case fixtures/cli/NNN-name/ holds either
#   args     one line of shell words, evaluated with eval: "$P" is the person's
#            handle, "$FIX" the absolute fixtures directory;
#   pass     optional passphrases, one per line, given with --phrase-fichier;
#   stdin    optional standard input;
# or
#   script   a bash script, run with the function carnet (the binary with the
#            case's workspace and the date "$DATE", 2026-03-02 unless the
#            script sets DATE, in CARNET_DB and CARNET_DATE: a script may
#            still give --espace or --date once), the variables P and FIX, and two helpers for
#            --phrase-fichier: phrases <phrase>... writes its arguments, one
#            per line, to a file (one per list) and prints its name;
#            phrases_de <nom>... does the same with "<nom>-phrase-de-test"
#            (sofia, personne…);
# and in both cases
#   any other file (data: JSON, rules…), copied next to the workspace;
#   env      optional NAME=VALUE lines added to the environment;
#   expected.out, expected.err, expected.rc.
# Every case runs in a fresh copy of the base workspace built by setup.sh,
# in its own directory (the current and HOME directory), under env -i with
# LC_ALL=C.UTF-8, NO_COLOR=1, CARNET_DATE=2026-03-02 and
# CARNET_DB=espace.carnet.
#
# Outputs are normalised before comparison: the person's handle becomes
# <personne>, any other person handle <p>, key fingerprints <empreinte>,
# recovery and activation codes <code>, hashes and signatures (64 hex
# digits or more) <hex>, the temporary directory <tmp>, the fixtures
# directory <fix>; trailing white space is dropped.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CARNET=${CARNET:-build/carnet}
case $CARNET in
/*) bin=$CARNET ;;
*) bin=$PWD/$CARNET ;;
esac
FIX=$root/fixtures
cases=$FIX/cli
update=${UPDATE:-0}

if [ ! -x "$bin" ]; then
    echo "cli: programme introuvable : $bin (make d'abord)" >&2
    echo "cli: 0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carnet-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
clean_path=/usr/local/bin:/usr/bin:/bin
# No controlling terminal: a case that asks for a passphrase must fail, not
# wait for someone to type it.
detach=()
if command -v setsid >/dev/null 2>&1; then
    detach=(setsid -w)
fi
# Sanitizer settings (make check) pass through the clean environment.
san_env=()
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
    [ -n "${!v:-}" ] && san_env+=("$v=${!v}")
done

# ---------------------------------------------------------------- base
mkdir "$tmp/base"
if ! "${detach[@]}" env -i PATH="$clean_path" HOME="$tmp/base" LC_ALL=C.UTF-8 NO_COLOR=1 \
    "${san_env[@]}" "$here/setup.sh" "$bin" "$tmp/base" >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    echo "cli: échec de la préparation de l'espace de base (tests/cli/setup.sh)" >&2
    echo "cli: 0 passed, 1 failed"
    exit 1
fi
P=$(cat "$tmp/base/personne")

# The prelude of script cases.
# shellcheck disable=SC2016 # expanded by the script's bash
prelude='
carnet() {
    CARNET_DB=$ESPACE CARNET_DATE=$DATE "$CARNET_BIN" "$@"
}
phrases() {
    local f
    f=.phrases-$(printf "%s\n" "$@" | cksum | cut -d " " -f 1)
    printf "%s\n" "$@" >"$CASE/$f"
    printf "%s" "$f"
}
phrases_de() {
    local who list=()
    for who in "$@"; do list+=("$who-phrase-de-test"); done
    phrases "${list[@]}"
}
DATE=${CARNET_DATE:-2026-03-02}
cd "$CASE" || exit 70
. "$CASE_SRC/script"
'

re_escape() {
    printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g'
}

tmp_re=$(re_escape "$tmp")
fix_re=$(re_escape "$FIX")
normalise() {
    sed -E \
        -e "s/$tmp_re/<tmp>/g" \
        -e "s/$fix_re/<fix>/g" \
        -e "s/$P/<personne>/g" \
        -e 's/\bp-[0-9a-hjkmnp-tv-z]{8}\b/<p>/g' \
        -e 's/\b([0-9a-f]{4}-){7}[0-9a-f]{4}\b/<empreinte>/g' \
        -e 's/\b([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}\b/<code>/g' \
        -e 's/\b[0-9a-f]{64,}\b/<hex>/g' \
        -e 's/[[:space:]]+$//'
}

run_case() {
    local src=$1 dir=$2
    local -a envv=(PATH="$clean_path" HOME="$dir" LC_ALL=C.UTF-8 NO_COLOR=1
        CARNET_DATE=2026-03-02 CARNET_DB=espace.carnet "${san_env[@]}")
    local line
    if [ -f "$src/env" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in '' | '#'*) continue ;; esac
            envv+=("$line")
        done <"$src/env"
    fi
    if [ -f "$src/script" ]; then
        (cd "$dir" && "${detach[@]}" env -i "${envv[@]}" CARNET_BIN="$bin" \
            ESPACE=espace.carnet CASE="$dir" CASE_SRC="$src" P="$P" FIX="$FIX" \
            bash -c "$prelude" "${src##*/}" </dev/null >"$dir/.out" 2>"$dir/.err")
        echo $? >"$dir/.rc"
        return
    fi
    local args
    args=$(<"$src/args")
    set --
    eval "set -- $args"
    local -a pre=()
    if [ -f "$src/pass" ]; then
        cp "$src/pass" "$dir/.phrases"
        pre=(--phrase-fichier .phrases)
    fi
    local input=/dev/null
    [ -f "$src/stdin" ] && input=$src/stdin
    (cd "$dir" && "${detach[@]}" env -i "${envv[@]}" "$bin" "${pre[@]}" "$@" <"$input" \
        >"$dir/.out" 2>"$dir/.err")
    echo $? >"$dir/.rc"
}

passed=0
failed=0
if [ $# -gt 0 ]; then
    list=("$@")
else
    list=()
    for d in "$cases"/*/; do
        d=${d%/}
        [ -d "$d" ] && list+=("${d##*/}")
    done
fi

for name in "${list[@]}"; do
    src=$cases/${name%/}
    name=${src##*/}
    dir=$tmp/$name
    if [ ! -f "$src/args" ] && [ ! -f "$src/script" ]; then
        echo "ÉCHEC $name"
        echo "  ni args ni script dans $src"
        failed=$((failed + 1))
        continue
    fi
    mkdir -p "$dir"
    cp -p "$tmp/base/espace.carnet" "$dir/"
    # Data files of the case (anything but its description) go next to it.
    for f in "$src"/*; do
        case ${f##*/} in
        args | pass | stdin | env | script | expected.*) ;;
        *) cp -R "$f" "$dir/" ;;
        esac
    done
    run_case "$src" "$dir"
    normalise <"$dir/.out" >"$dir/actual.out"
    normalise <"$dir/.err" >"$dir/actual.err"
    mv "$dir/.rc" "$dir/actual.rc"
    if [ "$update" = 1 ]; then
        cp "$dir/actual.out" "$src/expected.out"
        cp "$dir/actual.err" "$src/expected.err"
        cp "$dir/actual.rc" "$src/expected.rc"
    fi
    report=$tmp/.diff
    : >"$report"
    ok=1
    for f in out err rc; do
        if [ ! -f "$src/expected.$f" ]; then
            echo "  expected.$f manquant" >>"$report"
            ok=0
        elif ! diff -u --label "expected.$f" --label "actual.$f" "$src/expected.$f" \
            "$dir/actual.$f" >>"$report"; then
            ok=0
        fi
    done
    if [ $ok = 1 ]; then
        echo "ok $name"
        passed=$((passed + 1))
    else
        echo "ÉCHEC $name"
        sed 's/^/  /' "$report"
        failed=$((failed + 1))
    fi
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
