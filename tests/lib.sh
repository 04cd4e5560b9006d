# lib.sh - shared by the shell test runners: the program under test, a
# temporary directory removed at exit, and the ok/ÉCHEC counters with the
# summary line the CI counts.
# SPDX-License-Identifier: MIT
#
# usage (in a runner): . "$(dirname "$0")/../lib.sh" <suite>
#   sets here, root, bin (from $CARNET, default build/carnet), tmp;
#   check <name> <command...>   runs the command, counts and prints ok/ÉCHEC;
#   tally <name> <1|0>          counts and prints a result decided by the caller;
#   summary                     prints "<suite>: N passed, N failed", fails if any failed;
#   base_workspace <dir>        builds the golden tests' base workspace there
#                               (tests/cli/setup.sh) or stops the suite as failed.
suite=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CARNET=${CARNET:-build/carnet}
case $CARNET in
/*) bin=$CARNET ;;
*) bin=$PWD/$CARNET ;;
esac
export LC_ALL=C.UTF-8 NO_COLOR=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/carnet-$suite.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# The actors' memories (carnet_memory_attach) go here, never into the real
# $XDG_STATE_HOME or ~/.local/state.
export XDG_STATE_HOME=$tmp/etat
passed=0
failed=0

# tally <name> <1 if it passed>
tally() {
    if [ "$2" = 1 ]; then
        passed=$((passed + 1))
        echo "ok $1"
    else
        failed=$((failed + 1))
        echo "ÉCHEC $1"
    fi
}

check() {
    local name=$1
    shift
    if "$@"; then tally "$name" 1; else tally "$name" 0; fi
}

summary() {
    echo "$suite: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

base_workspace() {
    if ! "$root/tests/cli/setup.sh" "$bin" "$1" >"$tmp/setup.log" 2>&1; then
        cat "$tmp/setup.log"
        echo "$suite: 0 passed, 1 failed"
        exit 1
    fi
}
