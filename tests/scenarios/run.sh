#!/usr/bin/env bash
# run.sh - every shipped scenario must pass, in text and in --json, and
# every negative fixture must fail with its exit code and name its fault;
# the pause mode is driven through a pseudo-terminal (pause.exp). Ends with
# "scenarios: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/scenarios/run.sh
# A negative fixture tests/scenarios/negative/NAME.json comes with
# NAME.attendu: its first line is the exit code, every other line a text the
# output must contain.
set -u

. "$(dirname "$0")/../lib.sh" scenarios
export TMPDIR=$tmp

ok() {
    passed=$((passed + 1))
    echo "ok $1"
}
ko() {
    failed=$((failed + 1))
    echo "ÉCHEC $1"
    [ -n "${2:-}" ] && sed 's/^/    /' "$2" | tail -n 30
}

for f in "$root"/fixtures/scenarios/*.json; do
    name=$(basename "$f" .json)
    if "$bin" scenario jouer --narration --vues "$f" >"$tmp/out" 2>&1 &&
        grep -q ', 0 en échec ; [1-9][0-9]* attente(s) vérifiée(s), 0 non satisfaite(s)' "$tmp/out"; then
        ok "$name"
    else
        ko "$name" "$tmp/out"
    fi
    if "$bin" scenario jouer --json "$f" >"$tmp/out.json" 2>&1 &&
        grep -q '"reussi":[[:space:]]*true' "$tmp/out.json" &&
        ! grep -q '"ok":[[:space:]]*false' "$tmp/out.json"; then
        ok "$name --json"
    else
        ko "$name --json" "$tmp/out.json"
    fi
done

for f in "$here"/negative/*.json; do
    name=negatif-$(basename "$f" .json)
    want=${f%.json}.attendu
    "$bin" scenario jouer "$f" >"$tmp/out" 2>&1
    rc=$?
    good=1
    [ "$rc" = "$(head -n 1 "$want")" ] || { echo "    code $rc, attendu $(head -n 1 "$want")"; good=0; }
    while IFS= read -r line; do
        grep -qF -- "$line" "$tmp/out" || { echo "    absent : $line"; good=0; }
    done < <(tail -n +2 "$want")
    if [ "$good" = 1 ]; then ok "$name"; else ko "$name" "$tmp/out"; fi
done

# Nothing is left behind in the temporary directory.
if [ -z "$(find "$tmp" -name 'carnet-scenario.*')" ]; then
    ok "espaces temporaires supprimés"
else
    ko "espaces temporaires supprimés"
fi

# The scenario engine attaches no actor's memory: nothing was written under
# this run's $XDG_STATE_HOME (tests/lib.sh), nor anywhere else.
if [ ! -e "$XDG_STATE_HOME" ]; then
    ok "aucune mémoire locale écrite par scenario jouer"
else
    ko "aucune mémoire locale écrite par scenario jouer"
fi

if command -v expect >/dev/null 2>&1; then
    if expect "$here/pause.exp" "$bin" "$root/fixtures/scenarios/01-nicolas-et-sofia.json" \
        >"$tmp/pause.log" 2>&1; then
        ok "mode pause (pseudo-terminal)"
    else
        ko "mode pause (pseudo-terminal)" "$tmp/pause.log"
    fi
else
    ko "mode pause : expect manquant (make test l'installe)"
fi

summary
