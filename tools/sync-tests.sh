#!/bin/sh
# sync-tests.sh - regenerate tests/unit/tests.h and add to tests/unit/main.c
# every test defined under tests/unit/ that is not listed yet (in file order).
set -eu
tools/gen-tests-h.sh >tests/unit/tests.h
for t in $(grep -ho '^test_[a-z0-9_]*(void \*\*state)' tests/unit/test_*.c | sed 's/(.*//'); do
    if ! grep -q "cmocka_unit_test[a-z_]*($t)" tests/unit/main.c; then
        sed -i "/^    };$/i\\        cmocka_unit_test($t)," tests/unit/main.c
    fi
done
