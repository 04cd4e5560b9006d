#!/bin/sh
# lint-greps.sh - project rules that compilers do not check
# (research/anchor-c-style.md §3.13 and §3.14).
set -u
status=0

fail() {
    echo "lint: $*" >&2
    status=1
}

c_files() {
    find "$@" -name '*.[ch]' 2>/dev/null | sort
}

# Banned everywhere.
banned='\b(gets|strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|tmpnam|mktemp|rand|system)[[:space:]]*\('
hits=$(c_files base core crypto scenario cli tests | xargs grep -nE "$banned" 2>/dev/null)
[ -n "$hits" ] && fail "fonctions interdites :
$hits"

# memcmp is banned in crypto/ (use sodium_memcmp).
hits=$(c_files crypto | xargs grep -nE '\bmemcmp[[:space:]]*\(' 2>/dev/null)
[ -n "$hits" ] && fail "memcmp dans crypto/ :
$hits"

# The library never prints or exits.
hits=$(c_files base core crypto scenario | xargs grep -nE '\b(printf|fprintf|puts|fputs|perror|exit|abort)[[:space:]]*\(' 2>/dev/null)
[ -n "$hits" ] && fail "la bibliothèque ne doit ni afficher ni quitter :
$hits"

# Layering: only crypto/src includes <sodium.h>, only core/src includes <sqlite3.h>.
hits=$(c_files core scenario cli tests | xargs grep -nE '#include[[:space:]]*<sodium' 2>/dev/null)
[ -n "$hits" ] && fail "<sodium.h> hors de crypto/src :
$hits"
hits=$(c_files crypto scenario cli tests/cli | xargs grep -nE '#include[[:space:]]*<sqlite3' 2>/dev/null)
[ -n "$hits" ] && fail "<sqlite3.h> hors de core/src :
$hits"
hits=$(c_files cli tests/cli | xargs grep -nE '#include[[:space:]]*"(internal|.*/internal)\.h"' 2>/dev/null)
[ -n "$hits" ] && fail "internal.h inclus depuis cli/ :
$hits"
# The components, bottom first: base/ (status codes, CARNET_API), crypto/,
# core/. base/ includes no header of crypto/ or core/, crypto/ none of core/.
hits=$(c_files base | xargs grep -nE '#include[[:space:]]*[<"]' 2>/dev/null |
    grep -E '[<"](carnet/|\.\./)' | grep -vE '<carnet/(status|export)\.h>')
[ -n "$hits" ] && fail "base/ inclut un en-tête de crypto/ ou de core/ :
$hits"
hits=$(c_files crypto | xargs grep -nE '#include[[:space:]]*<carnet/' 2>/dev/null |
    grep -vE '<carnet/(crypto|status|export)\.h>')
[ -n "$hits" ] && fail "crypto/ inclut un en-tête de core/ :
$hits"
hits=$(c_files base/include core/include crypto/include scenario/include | xargs grep -nE '\b(sqlite3|cJSON|crypto_[a-z0-9_]+_state)\b' 2>/dev/null |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*)')
[ -n "$hits" ] && fail "type SQLite, cJSON ou libsodium dans un en-tête public :
$hits"

# scenario/ is a client of libcarnet's public API, like a program: it
# includes only public headers (<carnet/*.h> of crypto/, core/ and its own),
# its own headers, system headers and cJSON; never internal.h, a header of
# core/src, crypto/src or cli/, sqlite3 or sodium. It calls no carnet__
# function and no SQLite. core/ and crypto/ never include its header.
scn_include_ok() {
    # $1: the file, $2: what its #include names, with the <> or ""
    case $2 in
    *..*) return 1 ;;
    \<carnet/*.h\>)
        h=${2#<}
        h=${h%>}
        [ -f "base/include/$h" ] || [ -f "crypto/include/$h" ] || [ -f "core/include/$h" ] || [ -f "scenario/include/$h" ]
        ;;
    \"*.h\")
        h=${2#\"}
        h=${h%\"}
        case $h in */*) return 1 ;; esac
        [ -f "$(dirname "$1")/$h" ]
        ;;
    \<cjson/cJSON.h\>) return 0 ;;
    \<*.h\>)
        h=${2#<}
        h=${h%>}
        b=$(basename "$h")
        case $h in carnet/* | sqlite3* | sodium* | cjson/*) return 1 ;; esac
        ! [ -f "core/src/$b" ] && ! [ -f "crypto/src/$b" ] && ! [ -f "cli/$b" ]
        ;;
    *) return 1 ;;
    esac
}
hits=$(c_files scenario | xargs grep -nE '^[[:space:]]*#[[:space:]]*include' 2>/dev/null |
    while IFS= read -r line; do
        inc=$(printf '%s\n' "$line" | sed -E 's/^[^:]*:[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*//; s/[[:space:]].*//')
        scn_include_ok "${line%%:*}" "$inc" || printf '%s\n' "$line"
    done)
[ -n "$hits" ] && fail "scenario/ n'inclut que les en-têtes publics <carnet/*.h>, les siens, ceux du système et cJSON :
$hits"
hits=$(c_files scenario | xargs grep -nE '\b(carnet__|CARNET__|sqlite3_)[A-Za-z0-9_]*' 2>/dev/null)
[ -n "$hits" ] && fail "scenario/ n'utilise que l'API publique (ni carnet__*, ni SQLite) :
$hits"
hits=$(c_files core crypto | xargs grep -nE '#include[[:space:]]*[<"]carnet/scenario\.h' 2>/dev/null)
[ -n "$hits" ] && fail "core/ ou crypto/ inclut l'en-tête de libcarnet-scenario :
$hits"
# The scenario library defines carnet_scenario_* (its API) and scn__*
# (shared between its files); every other function is static.
# shellcheck disable=SC2016
hits=$(c_files scenario | grep '\.c$' | xargs awk '
    /^[A-Za-z_][A-Za-z0-9_]*\(/ && prev !~ /(^|[^A-Za-z0-9_])static([^A-Za-z0-9_]|$)/ {
        name = $0
        sub(/\(.*/, "", name)
        if (name !~ /^(carnet_scenario_|scn__)/)
            print FILENAME ":" FNR ": " name
    }
    { prev = $0 }' 2>/dev/null)
[ -n "$hits" ] && fail "fonction globale sans préfixe carnet_scenario_ ou scn__ dans scenario/ :
$hits"

# Every unit test defined under tests/unit/ is listed in main.c.
for t in $(grep -ho '^test_[a-z0-9_]*(void \*\*state)' tests/unit/test_*.c 2>/dev/null |
    sed 's/^\(test_[a-z0-9_]*\)(.*/\1/'); do
    grep -q "cmocka_unit_test[a-z_]*($t[,)]" tests/unit/main.c ||
        fail "le test $t n'est pas listé dans tests/unit/main.c"
    grep -q "void $t(void \*\*state);" tests/unit/tests.h ||
        fail "le test $t n'est pas déclaré dans tests/unit/tests.h"
done

# No file over the size budget.
for f in $(c_files base core crypto scenario cli); do
    n=$(wc -l <"$f")
    [ "$n" -gt 850 ] && fail "$f dépasse 850 lignes ($n)"
done

# No skipped tests.
hits=$(c_files tests | xargs grep -nE '\bskip\(\)' 2>/dev/null)
[ -n "$hits" ] && fail "test sauté :
$hits"

exit $status
