#!/bin/sh
# lint.sh - every static check of `make lint`, each counted as one test.
#
# usage: tools/lint.sh   (the Makefile passes the file lists and flags)
#   LINT_SRC    C sources to analyse
#   LINT_ALL    every C source and header to check for formatting
#   TIDY_FLAGS  compiler flags for clang-tidy
# Prints "lint: N passed, N failed".
set -u
pass=0
fail=0

step() {
    name=$1
    shift
    if "$@"; then
        pass=$((pass + 1))
    else
        echo "lint: ÉCHEC de l'étape $name" >&2
        fail=$((fail + 1))
    fi
}

tidy() {
    # shellcheck disable=SC2086
    out=$(clang-tidy --quiet $LINT_SRC -- $TIDY_FLAGS 2>/dev/null)
    rc=$?
    [ -n "$out" ] && echo "$out"
    return $rc
}

man_lint() {
    [ ! -f cli/carnet.1 ] || mandoc -Tlint -W warning cli/carnet.1
}

# shellcheck disable=SC2086
step clang-format clang-format --dry-run -Werror $LINT_ALL
step clang-tidy tidy
# shellcheck disable=SC2086
# variableScope is off: declarations stay at the top of their block, as in
# sqlite and libsodium.
step cppcheck cppcheck --quiet --enable=warning,style,performance,portability --std=c11 \
    --inline-suppr --error-exitcode=1 --suppress=missingIncludeSystem --suppress=variableScope \
    -D_POSIX_C_SOURCE=200809L -Ibase/include -Icrypto/include -Icore/include -Iscenario/include -Icrypto/src \
    -Icore/src $LINT_SRC
step mandoc man_lint
step greps tools/lint-greps.sh
step layers tools/lint-layers.sh core/src
step headers tools/lint-headers.sh core/include/carnet core/src base/src crypto/src scenario/src

echo "lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
