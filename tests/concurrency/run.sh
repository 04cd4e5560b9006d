#!/usr/bin/env bash
# run.sh - concurrency: two processes write to the same carnet at once while
# a third reads it. Every write either lands (and is then found, once) or is
# reported busy with exit code 75; the audit chain and the whole workspace
# verify afterwards, and the actors' memories (two processes of sofia at
# once) hold the carnet's last record, not an older or a later one. Ends with "concurrency: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/concurrency/run.sh [<writes per writer>]
set -u

. "$(dirname "$0")/../lib.sh" concurrency
writes=${1:-15}
unset CARNET_DB CARNET_DATE

base_workspace "$tmp"
P=$(cat "$tmp/personne")
ws=$tmp/espace.carnet
printf 'sofia-phrase-de-test\n' >"$tmp/sofia"
printf 'personne-phrase-de-test\n' >"$tmp/personne-phrase"

# writer <name> <passphrase file> <actor>: one point d'étape per write,
# recording "ok <marker>" or "busy <marker>".
writer() {
    local name=$1 phrase=$2 actor=$3
    for ((i = 1; i <= writes; i++)); do
        "$bin" --espace "$ws" --date 2026-03-09 --as "$actor" --phrase-fichier "$phrase" -q \
            suivi point --date 2026-03-09 --resume "point-$name-$i" "$P" >/dev/null 2>"$tmp/$name.err"
        case $? in
        0) echo "ok point-$name-$i" ;;
        75) echo "busy point-$name-$i" ;;
        *) echo "error point-$name-$i $(cat "$tmp/$name.err")" ;;
        esac
    done >"$tmp/$name.log"
}
reader() {
    for ((i = 1; i <= writes; i++)); do
        "$bin" --espace "$ws" --date 2026-03-09 --as sofia --phrase-fichier "$tmp/sofia" -q \
            lire --sections suivi "$P" >/dev/null 2>&1
        echo "$?"
    done >"$tmp/reader.log"
}

writer a "$tmp/sofia" sofia &
writer b "$tmp/personne-phrase" "$P" &
reader &
wait

check "aucune erreur autre qu'« occupé » (75)" bash -c "! grep -h '^error' '$tmp/a.log' '$tmp/b.log'"
check "le lecteur n'a jamais échoué (sauf 75)" bash -c "! grep -vxE '0|75' '$tmp/reader.log'"
"$bin" --espace "$ws" --date 2026-03-10 --as sofia --phrase-fichier "$tmp/sofia" \
    chronologie --sections suivi "$P" >"$tmp/timeline" 2>&1
lost=0
dup=0
landed=0
while read -r status marker; do
    [ "$status" = ok ] || continue
    landed=$((landed + 1))
    n=$(grep -c -- "resume : $marker\$" "$tmp/timeline")
    [ "$n" -eq 0 ] && lost=$((lost + 1))
    [ "$n" -gt 1 ] && dup=$((dup + 1))
done < <(cat "$tmp/a.log" "$tmp/b.log")
check "aucune écriture acceptée perdue ($landed écrites)" test "$lost" = 0
check "aucune écriture en double" test "$dup" = 0
check "les deux écrivains ont écrit" bash -c "grep -q '^ok' '$tmp/a.log' && grep -q '^ok' '$tmp/b.log'"
# The memories of the actors (sofia wrote and read in two processes at once)
# followed the carnet: the highest head remembered is its last record, and
# none is ahead of the file.
read -r cid_hex last < <(sqlite3 -separator ' ' "$ws" "SELECT hex(c.id), max(a.seq) FROM carnet c
    JOIN principal p ON p.pid = c.person JOIN audit a ON a.carnet = c.cid WHERE p.handle = '$P'")
best=0
for f in "$XDG_STATE_HOME"/carnet/*.memoire; do
    s=$(sqlite3 "$f" "SELECT seq FROM head WHERE kind = 1 AND hex(id) = '$cid_hex'")
    [ -n "$s" ] && [ "$s" -gt "$best" ] && best=$s
done
check "les mémoires des acteurs suivent le carnet (tête n°$best sur $last)" test "$best" = "$last"
check "journal du carnet intègre" "$bin" --espace "$ws" -q journal verifier "$P"
check "espace de travail intègre" bash -c '"$0" --espace "$1" espace verifier >/dev/null' "$bin" "$ws"
summary
