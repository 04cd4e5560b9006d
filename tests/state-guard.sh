#!/bin/sh
# state-guard.sh - the suites never write into the real actors' memories:
# $HOME/.local/state/carnet and, when the caller set one, $XDG_STATE_HOME/carnet
# are listed (path, size, modification time) before make test and compared
# after it. Ends with "state-guard: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: tests/state-guard.sh snapshot >FILE    (before the suites)
#        tests/state-guard.sh check FILE        (after them)
# Another program of the same user writing there meanwhile (a carnet run by
# hand) also makes it fail: run make test alone, or read the difference.
set -u

list() {
    for d in "${HOME:-/nonexistent}/.local/state/carnet" ${XDG_STATE_HOME:+"$XDG_STATE_HOME/carnet"}; do
        echo "# $d"
        if [ -d "$d" ]; then
            find "$d" -printf '%P %s %T@\n' | LC_ALL=C sort
        else
            echo "absent"
        fi
    done
}

case ${1:-} in
snapshot) list ;;
check)
    if list | diff -u "$2" - >/dev/null 2>&1; then
        echo "ok aucune écriture dans la mémoire locale réelle"
        echo "state-guard: 1 passed, 0 failed"
    else
        echo "ÉCHEC la mémoire locale réelle a changé pendant les tests :"
        list | diff -u "$2" - | sed 's/^/    /'
        echo "state-guard: 0 passed, 1 failed"
        exit 1
    fi
    ;;
*)
    echo "usage: tests/state-guard.sh snapshot | check FILE" >&2
    exit 64
    ;;
esac
