#!/usr/bin/env bash
# run.sh - run each libFuzzer harness for a given time (make fuzz).
# SPDX-License-Identifier: MIT
#
# usage: tests/fuzz/run.sh <directory of fuzz_* programs> <seconds> <name>...
# Each harness starts from a working corpus seeded with seeds.sh's inputs
# and a dictionary of the JSON keys found in them; it fails on any crash,
# leak, sanitizer report, timeout (10 s for one input) or violated property.
# A failing input is kept as <directory>/artifacts/<name>-crash-…: copy it
# into tests/fuzz/corpus/<name>/ once fixed, so that it stays a regression
# test (replay.sh runs it on every build).
. "$(dirname "$0")/../lib.sh" fuzz
. "$here/seeds.sh"
dir=$1
seconds=$2
shift 2
cd "$root" || exit 1
mkdir -p "$dir/artifacts"

fuzz() {
    local name=$1 work=$dir/corpus/$1 dict=$dir/$1.dict log=$dir/$1.log s
    mkdir -p "$work"
    for s in $(seeds "$name"); do
        if [ -d "$s" ]; then
            find "$s" -maxdepth 1 -type f -exec cp {} "$work/" \;
        else
            cp "$s" "$work/"
        fi
    done
    # Every quoted key of the seeds, one per line, as libFuzzer wants them.
    cat "$work"/* 2>/dev/null | grep -a -o '"[A-Za-z_]\{2,40\}"' | sort -u |
        sed 's/^"\(.*\)"$/"\\"\1\\""/' >"$dict"
    local -a opts=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072)
    [ -s "$dict" ] && opts+=(-dict="$dict")
    if ! "$dir/fuzz_$name" "${opts[@]}" -artifact_prefix="$dir/artifacts/$name-" -print_final_stats=1 \
        "$work" >"$log" 2>&1; then
        tail -n 40 "$log"
        return 1
    fi
    echo "  $name : $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") exécutions" \
        "en $seconds s, corpus de $(find "$work" -type f | wc -l) entrées"
}

for name in "$@"; do
    check "fuzz_$name" fuzz "$name"
done
summary
