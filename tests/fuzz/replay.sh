#!/usr/bin/env bash
# replay.sh - every fuzzing harness, built without libFuzzer, on its seeds
# and past crashes (tests/fuzz/corpus/): one check per harness.
# SPDX-License-Identifier: MIT
#
# usage: tests/fuzz/replay.sh <directory of replay_* programs> [<runner>...]
# A runner (valgrind and its options) may precede each program.
. "$(dirname "$0")/../lib.sh" fuzz-replay
. "$here/seeds.sh"
dir=$1
shift
cd "$root" || exit 1

replay() {
    local name=$1 out
    shift
    local -a inputs
    mapfile -t inputs < <(seeds "$name")
    out=$("$@" "$dir/replay_$name" "${inputs[@]}" 2>&1)
    local rc=$?
    if [ $rc -ne 0 ]; then
        echo "$out" | tail -n 20
        return 1
    fi
    echo "  $name : $out"
}

for name in export_import flow_caf flow_ft scenario rules envelope keyfile; do
    check "replay_$name" replay "$name" "$@"
done
summary
