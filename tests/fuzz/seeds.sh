# seeds.sh - the seed inputs of each harness, sourced by run.sh and
# replay.sh: its own corpus under tests/fuzz/corpus/<name>/ (generated seeds,
# hand-written edge cases and every crash once found), and the shipped
# fixtures of the same format.
# SPDX-License-Identifier: MIT
#
# usage: seeds <name>   prints one file or directory per line (relative to
#                       the repository root)
seeds() {
    echo "tests/fuzz/corpus/$1"
    case $1 in
    flow_caf) echo fixtures/flows/caf-demo.json ;;
    flow_ft) echo fixtures/flows/france-travail-demo.json ;;
    scenario)
        echo fixtures/scenarios
        echo tests/scenarios/negative
        ls tests/scenarios/*.json
        ;;
    rules)
        echo fixtures/rules
        echo tests/scenarios/regles-sans-employeur.json
        ;;
    esac
}
