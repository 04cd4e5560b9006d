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
hits=$(c_files core crypto cli tests | xargs grep -nE "$banned" 2>/dev/null)
[ -n "$hits" ] && fail "fonctions interdites :
$hits"

# memcmp is banned in crypto/ (use sodium_memcmp).
hits=$(c_files crypto | xargs grep -nE '\bmemcmp[[:space:]]*\(' 2>/dev/null)
[ -n "$hits" ] && fail "memcmp dans crypto/ :
$hits"

# The library never prints or exits.
hits=$(c_files core crypto | xargs grep -nE '\b(printf|fprintf|puts|fputs|perror|exit|abort)[[:space:]]*\(' 2>/dev/null)
[ -n "$hits" ] && fail "la bibliothèque ne doit ni afficher ni quitter :
$hits"

# Layering: only crypto/src includes <sodium.h>, only core/src includes <sqlite3.h>.
hits=$(c_files core cli tests | xargs grep -nE '#include[[:space:]]*<sodium' 2>/dev/null)
[ -n "$hits" ] && fail "<sodium.h> hors de crypto/src :
$hits"
hits=$(c_files crypto cli tests/cli | xargs grep -nE '#include[[:space:]]*<sqlite3' 2>/dev/null)
[ -n "$hits" ] && fail "<sqlite3.h> hors de core/src :
$hits"
hits=$(c_files cli tests/cli | xargs grep -nE '#include[[:space:]]*"(internal|.*/internal)\.h"' 2>/dev/null)
[ -n "$hits" ] && fail "internal.h inclus depuis cli/ :
$hits"
hits=$(c_files crypto | xargs grep -nE '#include[[:space:]]*<carnet/' 2>/dev/null |
    grep -vE '<carnet/(crypto|error|export)\.h>')
[ -n "$hits" ] && fail "crypto/ inclut un en-tête de core/ :
$hits"
hits=$(c_files core/include crypto/include | xargs grep -nE '\b(sqlite3|cJSON|crypto_[a-z0-9_]+_state)\b' 2>/dev/null |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*)')
[ -n "$hits" ] && fail "type SQLite, cJSON ou libsodium dans un en-tête public :
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
for f in $(c_files core crypto cli); do
    n=$(wc -l <"$f")
    [ "$n" -gt 850 ] && fail "$f dépasse 850 lignes ($n)"
done

# No skipped tests.
hits=$(c_files tests | xargs grep -nE '\bskip\(\)' 2>/dev/null)
[ -n "$hits" ] && fail "test sauté :
$hits"

exit $status
