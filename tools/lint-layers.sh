#!/bin/sh
# lint-layers.sh - core/src calls and includes only downward (core/src/LAYERS).
#
# usage: tools/lint-layers.sh [ROOT]   (ROOT defaults to core/src)
#
# Fails, naming the file and the name, when a file of ROOT
#   - is not listed in ROOT/LAYERS (or a listed file is missing);
#   - includes a header of a layer above its own;
#   - calls a function defined in a file listed after it (a later file of
#     its own layer, or any file of a layer above): so no circle of calls
#     can form among the files of ROOT;
#   - holds SQL text or calls the sqlite3 API outside store/.
set -u
root=${1:-core/src}
layers=$root/LAYERS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
    echo "lint-layers: $*" >&2
    status=1
}

# rank.txt: "path layer-index file-index", bottom first.
awk -v root="$root" '
    /^[[:space:]]*(#|$)/ { next }
    {
        layer = $1; sub(/:$/, "", layer); li++
        for (i = 2; i <= NF; i++) { fi++; print root "/" layer "/" $i, li, fi, layer }
    }' "$layers" >"$tmp/rank.txt"
awk '{ print $4 }' "$tmp/rank.txt" | sort -u >"$tmp/layers.txt"

# Every source file is listed, every listed file exists.
find "$root" -mindepth 2 -name '*.c' | sort >"$tmp/found.txt"
awk '{ print $1 }' "$tmp/rank.txt" | sort >"$tmp/listed.txt"
for f in $(comm -23 "$tmp/found.txt" "$tmp/listed.txt"); do
    fail "$f n'est dans aucune couche de $layers"
done
for f in $(comm -13 "$tmp/found.txt" "$tmp/listed.txt"); do
    fail "$f est listé dans $layers mais n'existe pas"
done
for f in $(find "$root" -maxdepth 1 -name '*.[ch]' | sort); do
    fail "$f est hors de toute couche (un dossier par couche)"
done

# The layer index of a folder.
awk '{ print $4, $2 }' "$tmp/rank.txt" | sort -u >"$tmp/layer-index.txt"

# Code without comments nor string literals (for names), one file at a time.
strip() {
    sed -e 's://.*$::' "$1" |
        awk 'BEGIN { c = 0 }
             {
                 out = ""; line = $0
                 while (length(line) > 0) {
                     if (c) {
                         i = index(line, "*/")
                         if (i == 0) { line = ""; break }
                         line = substr(line, i + 2); c = 0
                     } else {
                         i = index(line, "/*")
                         if (i == 0) { out = out line; line = ""; break }
                         out = out substr(line, 1, i - 1); line = substr(line, i + 2); c = 1
                     }
                 }
                 gsub(/"([^"\\]|\\.)*"/, "\"\"", out)
                 print out
             }'
}

# Functions defined with external linkage: "name path rank".
: >"$tmp/defs.txt"
while read -r f _ frank _; do
    strip "$f" | awk -v f="$f" -v r="$frank" '
        /^[a-z_][a-z0-9_]*\(/ && prev !~ /^static/ {
            name = $0; sub(/\(.*/, "", name); print name, f, r
        }
        { prev = $0 }' >>"$tmp/defs.txt"
done <"$tmp/rank.txt"
sort -k1,1 "$tmp/defs.txt" >"$tmp/defs.sorted"

# Calls: each name followed by "(" in a file, with the rank of the caller
# and of the definer.
while read -r f _ frank _; do
    strip "$f" | grep -oE '\b[a-z_][a-z0-9_]*[[:space:]]*\(' | sed 's/[[:space:]]*($//' |
        sort -u | join - "$tmp/defs.sorted" |
        while read -r name def drank; do
            [ "$def" = "$f" ] && continue
            if [ "$drank" -ge "$frank" ]; then
                fail "$f appelle $name, défini plus haut dans $def"
            fi
        done
done <"$tmp/rank.txt"

# Includes: a header of the project must be of the same layer or below.
for f in $(find "$root" -mindepth 2 -name '*.[ch]' | sort); do
    dir=$(basename "$(dirname "$f")")
    own=$(awk -v l="$dir" '$1 == l { print $2 }' "$tmp/layer-index.txt")
    [ -n "$own" ] || continue
    grep -oE '^#include[[:space:]]+"[^"]+"' "$f" | sed -E 's/.*"([^"]+)"/\1/' |
        while read -r inc; do
            case $inc in
            */*) idir=${inc%%/*} ;;
            *) idir=$dir ;;
            esac
            theirs=$(awk -v l="$idir" '$1 == l { print $2 }' "$tmp/layer-index.txt")
            if [ -z "$theirs" ]; then
                fail "$f inclut \"$inc\", qui n'est d'aucune couche"
            elif [ "$theirs" -gt "$own" ]; then
                fail "$f inclut \"$inc\", d'une couche au-dessus de la sienne"
            fi
        done
done

# SQL and sqlite3 live in store/ only.
for f in $(find "$root" -mindepth 2 -name '*.[ch]' -not -path "$root/store/*" | sort); do
    hits=$(grep -nE 'sqlite3|SQLITE_' "$f")
    [ -n "$hits" ] && fail "$f utilise SQLite hors de store/ :
$hits"
    hits=$(grep -nE '"[^"]*\b(SELECT|INSERT INTO|DELETE FROM|CREATE (TABLE|INDEX)|PRAGMA|UPDATE [a-z_]+ SET)\b' "$f")
    [ -n "$hits" ] && fail "$f contient du SQL hors de store/ :
$hits"
done

exit $status
