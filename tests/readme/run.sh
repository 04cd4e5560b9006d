#!/bin/sh
# run.sh - play the README's guided tour (the block between the markers
# "<!-- visite:debut -->" and "<!-- visite:fin -->") on a terminal, command
# by command, so that the README stays true.
#
# usage: CARNET=build/carnet [VERBOSE=1] tests/readme/run.sh [README.md]
#
# Each command (a line, with its "\" continuations) runs under expect
# (drive.exp) in an empty directory, with the program's directory first in
# PATH; every passphrase prompt gets the same passphrase. A command passes
# when it exits 0, or non-zero when its line ends with "# refusé".
# Comment lines are skipped; "cd", "mkdir" and "export" lines run in this
# shell; the line "P=p-…" takes the pseudonym printed by the "creer" before
# it. A failing command's transcript is shown (every one with VERBOSE=1).
# Prints "readme: N passed, N failed".
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
readme=${1:-$root/README.md}
CARNET=${CARNET:-$root/build/carnet}
case $CARNET in
/*) ;;
*) CARNET=$PWD/$CARNET ;;
esac
drive=$root/tests/readme/drive.exp
pass=phrase-de-la-visite

if [ ! -x "$CARNET" ] || ! command -v expect >/dev/null 2>&1; then
    echo "readme: programme ou expect introuvable (make test installe expect)" >&2
    echo "readme: 0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carnet-readme.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
bindir=$tmp/bin
mkdir "$bindir" && ln -s "$CARNET" "$bindir/carnet"

# The tour, one command per line (continuations joined).
sed -n '/<!-- visite:debut -->/,/<!-- visite:fin -->/p' "$readme" |
    sed -e '/^```/d' -e '/^<!--/d' |
    awk '{ if (sub(/\\$/, "")) { buf = buf $0 } else { print buf $0; buf = "" } }' \
        >"$tmp/commands"
if [ ! -s "$tmp/commands" ]; then
    echo "readme: aucune visite entre les marqueurs dans $readme" >&2
    echo "readme: 0 passed, 1 failed"
    exit 1
fi

passed=0
failed=0
P=
work=$tmp/home
mkdir "$work"
cd "$work" || exit 1
export HOME="$work" PATH="$bindir:/usr/local/bin:/usr/bin:/bin" NO_COLOR=1 LC_ALL=C.UTF-8
# The memories go to $HOME/.local/state/carnet, HOME being this run's
# directory: never the caller's $XDG_STATE_HOME.
unset CARNET_DB CARNET_DATE XDG_STATE_HOME

while IFS= read -r line; do
    case $line in
    '' | '#'*) continue ;;
    'P='*)
        P=$(sed -n 's/.*pour la personne \(p-[0-9a-z]*\).*/\1/p' "$tmp/last" | tail -n 1)
        if [ -n "$P" ]; then passed=$((passed + 1)); else
            echo "ÉCHEC : aucun pseudonyme avant « $line »"
            failed=$((failed + 1))
        fi
        export P
        continue
        ;;
    'cd '* | 'mkdir '* | 'export '*)
        eval "$line" || { echo "ÉCHEC : $line"; failed=$((failed + 1)); }
        continue
        ;;
    esac
    want=0
    case $line in
    *'# refusé') want=1 ;;
    esac
    DRIVE_RC=$tmp/rc "$drive" "$pass" "$line" 2>&1 | tr -d '\r' >"$tmp/last"
    rc=$(cat "$tmp/rc" 2>/dev/null || echo 99)
    rm -f "$tmp/rc"
    if { [ "$want" -eq 0 ] && [ "$rc" -eq 0 ]; } || { [ "$want" -eq 1 ] && [ "$rc" -ne 0 ]; }; then
        passed=$((passed + 1))
        ok=1
    else
        failed=$((failed + 1))
        ok=0
    fi
    if [ "$ok" -eq 0 ] || [ "${VERBOSE:-0}" = 1 ]; then
        printf '\n$ %s\n' "$line"
        cat "$tmp/last"
        [ "$ok" -eq 1 ] || echo "ÉCHEC (code $rc) : $line"
    fi
done <"$tmp/commands"

# The tour's --as commands remembered their heads in this run's HOME.
if [ -n "$(find "$work/.local/state/carnet" -name '*.memoire' 2>/dev/null)" ]; then
    passed=$((passed + 1))
else
    echo "ÉCHEC : aucune mémoire locale sous $work/.local/state/carnet"
    failed=$((failed + 1))
fi
echo "readme: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
