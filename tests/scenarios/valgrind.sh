#!/usr/bin/env bash
# valgrind.sh - the demo and every shipped scenario under valgrind: no
# memory error, no leak. Ends with "valgrind-scenarios: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: tests/scenarios/valgrind.sh <carnet> <valgrind command...>
set -u
bin=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
passed=0
failed=0
for f in "$root"/fixtures/scenarios/*.json; do
    if "$@" "$bin" scenario jouer --narration --vues "$f" >/dev/null 2>"${TMPDIR:-/tmp}/vg.$$"; then
        passed=$((passed + 1))
        echo "ok $(basename "$f")"
    else
        failed=$((failed + 1))
        echo "ÉCHEC $(basename "$f")"
        tail -n 30 "${TMPDIR:-/tmp}/vg.$$"
    fi
done
rm -f "${TMPDIR:-/tmp}/vg.$$"
echo "valgrind-scenarios: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
