#!/bin/sh
# man-check.sh - every command's synopsis is in the manual page, word for word.
#
# usage: tests/cli/man-check.sh [<carnet> [<carnet.1>]]
#   CARNET      the program (default: build/carnet of this source tree)
#   CARNET_MAN  the manual page (default: cli/carnet.1 of this source tree)
#
# For every command listed by `carnet help` (one or two words, e.g.
# "autorisation accorder"), the first line of `carnet <commande> --help`,
# without "usage: ", must appear in the COMMANDES section of the page as
# rendered by mandoc -Tutf8 (overstrikes removed, every run of white space
# made one space, so line breaks do not matter); `--help` must exit 0.
# One more test checks that the SYNOPSIS section holds the global synopsis
# of `carnet --help`.
# Without mandoc, the page source is searched instead, escapes removed
# (\- \& \e \~ "\ "), a bare .Nm line read as "carnet".
# Prints "man: N passed, N failed"; exits 1 if a test failed.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
CARNET=${1:-${CARNET:-$root/build/carnet}}
MAN=${2:-${CARNET_MAN:-$root/cli/carnet.1}}
SECTION=COMMANDES

pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

summary() {
    echo "man: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}

setup_error() {
    echo "man: ÉCHEC : $*" >&2
    fail=$((fail + 1))
    summary
}

# One line, single spaces, padded with a space at each end.
squeeze() {
    LC_ALL=C sed 's/\xc2\xa0/ /g' | tr '\t\r\n' '   ' | tr -s ' ' | sed 's/^ *\(.*[^ ]\) *$/ \1 /'
}

# The text of section $1 of the page, squeezed.
section_text() {
    if [ "$renderer" = mandoc ]; then
        # Section headings are the only lines that start in column 0.
        sed -n "/^$1\$/,/^[^[:space:]]/p" "$tmp/page" | sed '1d;$d'
    else
        LC_ALL=C awk -v sh=".Sh $1" '
            $0 == sh { on = 1; next }
            /^\.Sh / { on = 0 }
            !on { next }
            $0 == ".Nm" { nm = 1; next }
            /^\./ { nm = 0; next }
            { print (nm ? "carnet " : "") $0; nm = 0 }' "$MAN" |
            LC_ALL=C sed -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\~/ /g' -e 's/\\ / /g' -e 's/\\e/\\/g'
    fi | squeeze
}

[ -x "$CARNET" ] || setup_error "programme '$CARNET' introuvable (make, ou CARNET=...)"
[ -r "$MAN" ] || setup_error "page de manuel '$MAN' introuvable"

if command -v mandoc >/dev/null 2>&1; then
    renderer=mandoc
    # Remove overstrikes (bold "x\bx", underline "_\bx"), a UTF-8 character at a time.
    mandoc -Tutf8 "$MAN" 2>/dev/null |
        LC_ALL=C sed -E 's/(_|[\x01-\x7f]|[\xc0-\xff][\x80-\xbf]*)\x08//g' >"$tmp/page" ||
        setup_error "mandoc ne peut pas rendre '$MAN'"
else
    renderer=source
    echo "man: mandoc absent : recherche dans la source de $MAN" >&2
fi

section_text "$SECTION" >"$tmp/commandes"
[ "$(wc -c <"$tmp/commandes")" -gt 2 ] || setup_error "section $SECTION absente de '$MAN'"

# The command names: "  <nom>   <résumé>" lines after "Commandes :".
"$CARNET" help >"$tmp/help" 2>&1 || setup_error "'$CARNET help' a échoué"
awk '/^Commandes/ { on = 1; next } on && /^$/ { exit } on' "$tmp/help" |
    sed -n 's/^  \([a-z][a-z0-9-]*\( [a-z][a-z0-9-]*\)*\)  .*$/\1/p' >"$tmp/names"
[ -s "$tmp/names" ] || setup_error "aucune commande dans la sortie de '$CARNET help'"

while IFS= read -r name; do
    # shellcheck disable=SC2086 # a two-word command is two arguments
    NO_COLOR=1 "$CARNET" $name --help >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    first=$(sed -n 1p "$tmp/out")
    usage=${first#usage: }
    case $first in
    "usage: carnet $name" | "usage: carnet $name "*) ;;
    *)
        echo "man: ÉCHEC $name : carnet $name --help n'affiche pas 'usage: carnet $name ...' : $first$(sed -n 1p "$tmp/err")"
        fail=$((fail + 1))
        continue
        ;;
    esac
    if [ "$rc" -ne 0 ]; then
        echo "man: ÉCHEC $name : carnet $name --help sort avec le code $rc : $(sed -n 1p "$tmp/err")"
        fail=$((fail + 1))
        continue
    fi
    if printf '%s\n' "$usage" | squeeze >"$tmp/usage" &&
        grep -qF -f "$tmp/usage" "$tmp/commandes"; then
        pass=$((pass + 1))
    else
        echo "man: ÉCHEC $name : synopsis absent de la section $SECTION de $MAN : $usage"
        fail=$((fail + 1))
    fi
done <"$tmp/names"

# The global synopsis: the alternatives of `carnet --help` before the first
# empty line, continuation lines joined.
section_text SYNOPSIS >"$tmp/synopsis"
"$CARNET" --help 2>/dev/null | awk '
    /^$/ { exit }
    { sub(/^usage: /, ""); sub(/^ +/, "") }
    /^carnet/ { if (alt != "") print alt; alt = $0; next }
    { alt = alt " " $0 }
    END { if (alt != "") print alt }' >"$tmp/global"
missing=0
[ -s "$tmp/global" ] || missing=1
while IFS= read -r alt; do
    printf '%s\n' "$alt" | squeeze >"$tmp/alt"
    if ! grep -qF -f "$tmp/alt" "$tmp/synopsis"; then
        echo "man: ÉCHEC synopsis global absent de la section SYNOPSIS de $MAN : $alt"
        missing=1
    fi
done <"$tmp/global"
if [ "$missing" -eq 0 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
fi

summary
