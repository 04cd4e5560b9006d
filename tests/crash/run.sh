#!/usr/bin/env bash
# run.sh - crash safety: a bulk import of a CAF flow is killed with SIGKILL at
# 20 random moments. After each kill the workspace opens, SQLite's integrity
# check passes, every committed carnet is complete and every audit chain
# verifies (carnet espace verifier); running the import again completes it
# without any duplicate. Ends with "crash: N passed, N failed".
#
# No activation code is lost (issue 17): each import writes its codes to a
# --codes file; after the kill and the completing import, every carnet the
# flow created has its code in one of the two files or in `flux codes`
# (the codes the importer keeps, sealed, until activation), the files and
# `flux codes` agree, and two of them (the lost ones first) are activated
# with `carnet recuperer`, after which `flux codes` no longer lists them.
# Against the build before this check (d979f82: codes written with
# buffered stdio after the commit, no `flux codes`), the codes a kill loses
# are nowhere and the check fails at the first kill that loses one.
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

# import <workspace> [options]. With IMPORT_EXEC=exec, in a background job,
# the job's process becomes the import itself, so that kill -9 $! kills
# carnet (killing the subshell of a function would leave carnet running).
import() {
    local w=$1
    shift
    ${IMPORT_EXEC-} "$bin" --espace "$w" --date 2026-03-02 --as sofia --phrase-fichier "$tmp/phrase" -q \
        flux importer --type caf "$tmp/flux.json" "$@"
}
carnets() {
    "$bin" --espace "$1" --json espace info | sed -n 's/.*"carnets":\([0-9]*\).*/\1/p'
}
# The persons whose carnet the flow created, sorted.
created() {
    "$bin" --espace "$1" --json liste | grep -o '"personne":"p-[0-9a-z]*"' | cut -d '"' -f 4 |
        grep -vx "$(cat "$tmp/personne")" | sort
}
# What the importer keeps: "p-… CODE" lines, sorted.
kept() {
    "$bin" --espace "$1" --as sofia --phrase-fichier "$tmp/phrase" flux codes 2>/dev/null |
        grep '^p-' | sort
}

# codes_check <workspace> <k>: after kill n°k and the completing import,
# whose codes went to $tmp/codes-<k>-{coupe,repris}.txt.
lost_total=0
activated=0
codes_check() {
    local w=$1 k=$2 p code sample ok
    cat "$tmp/codes-$k"-*.txt 2>/dev/null | sort -u >"$tmp/given"
    kept "$w" >"$tmp/kept"
    created "$w" >"$tmp/created"
    cut -d ' ' -f 1 "$tmp/given" | sort -u >"$tmp/given.p"
    comm -23 "$tmp/created" "$tmp/given.p" >"$tmp/lost"
    lost_total=$((lost_total + $(wc -l <"$tmp/lost")))
    check "arrêt brutal n°$k : chaque carnet créé a son code ($(wc -l <"$tmp/lost") absent(s) des fichiers)" \
        test -z "$(sort -u "$tmp/given" "$tmp/kept" | cut -d ' ' -f 1 | sort -u |
            comm -13 - "$tmp/created")"
    check "arrêt brutal n°$k : les fichiers et flux codes donnent les mêmes codes" \
        test -z "$(join "$tmp/given" "$tmp/kept" | awk '$2 != $3')"
    # Two activations, the codes the files lost first: each code is really
    # its carnet's, and is no longer kept once used.
    sample=$({ cat "$tmp/lost"; cut -d ' ' -f 1 "$tmp/kept" "$tmp/given"; } |
        awk '!seen[$0]++' | head -n 2)
    ok=0
    for p in $sample; do
        code=$(sort -u "$tmp/given" "$tmp/kept" | awk -v p="$p" '$1 == p { print $2; exit }')
        printf '%s\nactivee-phrase-de-test\nactivee-phrase-de-test\n' "$code" >"$tmp/recup"
        "$bin" --espace "$w" --phrase-fichier "$tmp/recup" -q recuperer "$p" >/dev/null 2>&1 &&
            ! kept "$w" | grep -q "^$p " && ok=$((ok + 1))
    done
    activated=$((activated + ok))
    check "arrêt brutal n°$k : 2 carnets activés avec leur code, qui n'est plus gardé" test "$ok" = 2
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
    IMPORT_EXEC=exec import "$w" --codes "$tmp/codes-$k-coupe.txt" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((10 + RANDOM % 600)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n=$(carnets "$w")
    [ "$n" -gt 1 ] && [ "$n" -lt $((records + 1)) ] && midway=$((midway + 1))
    check "arrêt brutal n°$k ($((n - 1)) carnets importés) : espace intègre" intact "$w"
    import "$w" --codes "$tmp/codes-$k-repris.txt" >/dev/null 2>&1
    check "arrêt brutal n°$k : l'import repris se termine sans doublon" \
        test "$(carnets "$w")" = $((records + 1))
    codes_check "$w" "$k"
    rm -f "$w" "$w"-wal "$w"-shm "$tmp/codes-$k"-*.txt
done
check "au moins la moitié des arrêts au milieu de l'import ($midway)" test "$midway" -ge $((kills / 2))
echo "    $lost_total code(s) absent(s) des fichiers --codes ; $activated carnet(s) activé(s)"

w=$tmp/espace.carnet
import "$w" >/dev/null 2>&1
import "$w" >"$tmp/again.out" 2>&1
check "un nouvel import ne change rien" \
    grep -q "0 carnet(s) créé(s), 0 mis à jour, $records inchangé(s)" "$tmp/again.out"
check "espace intègre à la fin" intact "$w"

summary
