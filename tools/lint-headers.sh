#!/bin/sh
# lint-headers.sh - one noun per concept: a public header and the files that
# implement it carry the same name (docs/architecture.md, "One noun per
# concept").
#
# usage: tools/lint-headers.sh [INCLUDE [ROOT [OTHER...]]]
#   INCLUDE defaults to core/include/carnet, ROOT to core/src, the OTHER
#   source folders (flat) to base/src crypto/src scenario/src.
#
# Fails, naming the header, the function and the file, when
#   - two source files of ROOT and the OTHER folders have the same name (in
#     two layers of ROOT, or in ROOT and crypto/src…: a static archive keys
#     its members by file name, and a reader cannot tell them apart);
#   - a function declared CARNET_API in INCLUDE/X.h is defined elsewhere
#     than in a file ROOT/<layer>/X.c or ROOT/<layer>/X_<something>.c, or
#     is defined nowhere.
set -u
inc=${1:-core/include/carnet}
root=${2:-core/src}
if [ $# -gt 2 ]; then
    shift 2
else
    set -- base/src crypto/src scenario/src
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
    echo "lint-headers: $*" >&2
    status=1
}

find "$root" -mindepth 2 -name '*.c' | sort >"$tmp/files.txt"
cp "$tmp/files.txt" "$tmp/all.txt"
for d in "$@"; do
    find "$d" -maxdepth 1 -name '*.c' | sort >>"$tmp/all.txt"
done
for b in $(sed 's|.*/||' "$tmp/all.txt" | sort | uniq -d); do
    fail "deux fichiers s'appellent $b : $(grep "/$b\$" "$tmp/all.txt" | tr '\n' ' ')"
done

# Definitions: "name path", a name at the start of a line followed by "(".
while read -r f; do
    grep -oE '^[a-z_][a-z0-9_]*\(' "$f" | sed "s|(\$| $f|"
done <"$tmp/files.txt" | sort -k1,1 >"$tmp/defs.txt"

for h in "$inc"/*.h; do
    noun=$(basename "$h" .h)
    # The names declared CARNET_API, a declaration possibly spread over
    # several lines up to its "(".
    awk '/^CARNET_API/ {
             d = $0
             while (d !~ /\(/ && (getline l) > 0) d = d " " l
             sub(/\(.*/, "", d); n = split(d, w, /[ *]+/); print w[n]
         }' "$h" | sort -u >"$tmp/decl.txt"
    while read -r fn; do
        where=$(awk -v n="$fn" '$1 == n { print $2 }' "$tmp/defs.txt")
        if [ -z "$where" ]; then
            fail "$noun.h déclare $fn, défini nulle part sous $root"
            continue
        fi
        for w in $where; do
            case ${w##*/} in
            "$noun.c" | "$noun"_*.c) ;;
            *) fail "$noun.h déclare $fn, défini dans $w (attendu $noun.c ou ${noun}_*.c)" ;;
            esac
        done
    done <"$tmp/decl.txt"
done

exit $status
