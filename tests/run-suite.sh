#!/bin/sh
# run-suite.sh - run a cmocka test binary and print "<name>: N passed, N failed".
#
# usage: tests/run-suite.sh <name> <command>...
# The cmocka output stays visible; the summary line is what .ci/run counts.
# A crash or a non-zero exit with no failure reported counts as one failure.
set -u
name=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" >"$log" 2>&1
rc=$?
cat "$log"
passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
passed=${passed:-0}
failed=${failed:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "$name: $passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
