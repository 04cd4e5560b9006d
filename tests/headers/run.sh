#!/bin/sh
# run.sh - compile each public header alone, as its own translation unit.
#
# usage: CC=cc CFLAGS=... tests/headers/run.sh <outdir> <header>...
# Prints one line per header and "headers: N passed, N failed".
set -u
out=$1
shift
mkdir -p "$out"
pass=0
fail=0
for h in "$@"; do
    base=$(basename "$h" .h)
    src="$out/$base.c"
    printf '#include <carnet/%s.h>\n#include <carnet/%s.h>\nint carnet_header_test_%s(void);\nint carnet_header_test_%s(void) { return 0; }\n' \
        "$base" "$base" "$base" "$base" >"$src"
    # shellcheck disable=SC2086
    if ${CC:-cc} $CFLAGS -c -o "$out/$base.o" "$src"; then
        pass=$((pass + 1))
    else
        echo "headers: FAILED $h"
        fail=$((fail + 1))
    fi
done
echo "headers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
