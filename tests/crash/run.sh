#!/usr/bin/env bash
# run.sh - crash safety: a bulk import of a CAF flow is killed with SIGKILL at
# 20 random moments. After each kill the workspace opens, SQLite's integrity
# check passes, every committed carnet is complete and every audit chain
# verifies (carnet espace verifier); running the import again completes it
# without any duplicate. Ends with "crash: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/crash/run.sh [<records>] [<kills>]
set -u

. "$(dirname "$0")/../lib.sh" crash
records=${1:-300}
kills=${2:-20}
unset CARNET_DB CARNET_DATE

base_workspace "$tmp"
printf 'sofia-phrase-de-test\n' >"$tmp/phrase"

# A flow of <records> households, one person each.
{
    printf '{"IdentificationFlux": {"TYPEFLUX": "vrsb0801", "DTCREAFLUX": "2026-03-02"},'
    printf ' "InfosFoyerRSA": ['
    for ((i = 0; i < records; i++)); do
        [ "$i" -gt 0 ] && printf ','
        printf '{"IdentificationRSA": {"Organisme": {"MATRICULE": "%07d"}},' $((2000000 + i))
        printf ' "Personne": [{"Identification": {"NIR": "1850759%06d", "NOMNAI": "NOM%d",' "$i" "$i"
        printf ' "PRENOM": "PRENOM%d", "DTNAI": "1985-07-12"},' "$i"
        printf ' "MontantCalculDroitRSAPersonne": {"TOPPERSDRODEVORSA": "1"}}],'
        printf ' "PrestationRSA": {"SituationDossierRSA": {"EtatDossierRSA": {"ETATDOSRSA": "2"}}}}'
    done
    printf ']}\n'
} >"$tmp/flux.json"

# import <workspace> [options]
import() {
    local w=$1
    shift
    "$bin" --espace "$w" --date 2026-03-02 --as sofia --phrase-fichier "$tmp/phrase" -q \
        flux importer --type caf "$tmp/flux.json" "$@"
}
carnets() {
    "$bin" --espace "$1" --json espace info | sed -n 's/.*"carnets":\([0-9]*\).*/\1/p'
}
intact() {
    "$bin" --espace "$1" espace verifier >/dev/null
}

# Each kill hits a fresh import into a copy of the base workspace; the
# import is then run again to completion.
midway=0
for ((k = 1; k <= kills; k++)); do
    w=$tmp/cas-$k.carnet
    cp "$tmp/espace.carnet" "$w"
    import "$w" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((10 + RANDOM % 600)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n=$(carnets "$w")
    [ "$n" -gt 1 ] && [ "$n" -lt $((records + 1)) ] && midway=$((midway + 1))
    check "arrêt brutal n°$k ($((n - 1)) carnets importés) : espace intègre" intact "$w"
    import "$w" >/dev/null 2>&1
    check "arrêt brutal n°$k : l'import repris se termine sans doublon" \
        test "$(carnets "$w")" = $((records + 1))
    rm -f "$w" "$w"-wal "$w"-shm
done
check "au moins la moitié des arrêts au milieu de l'import ($midway)" test "$midway" -ge $((kills / 2))

w=$tmp/espace.carnet
import "$w" >/dev/null 2>&1
import "$w" >"$tmp/again.out" 2>&1
check "un nouvel import ne change rien" \
    grep -q "0 carnet(s) créé(s), 0 mis à jour, $records inchangé(s)" "$tmp/again.out"
check "espace intègre à la fin" intact "$w"

summary
