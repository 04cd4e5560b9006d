#!/usr/bin/env bash
# run.sh - each actor remembers, outside the workspace, the heads she has
# verified (issue 16): the whole file put back from an older copy, a fork
# (two continuations of one head), the administrator's key or the
# workspace's identity replaced, and the memory itself edited by hand are
# refused (exit 80, the rollback status) by an actor who saw more; ordinary
# use, by several actors and several processes, never is. Ends with
# "memory: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/memory/run.sh
#
# Every memory lives under $XDG_STATE_HOME, a directory of this run
# (tests/lib.sh). On the code before the memory (c4cba1b) every attack case
# fails: the rolled-back or forked file is read and written with exit 0.
set -u

. "$(dirname "$0")/../lib.sh" memory
unset CARNET_DB CARNET_DATE

d=$tmp/data
mkdir "$d"
for who in sofia marc personne admin ccas-roubaix; do
    printf '%s-phrase-de-test\n' "$who" >"$d/$who"
done
S=(--as sofia --phrase-fichier "$d/sofia")
M=(--as marc --phrase-fichier "$d/marc")
A=(--as admin --phrase-fichier "$d/admin")

# c <date> <carnet arguments...> on the workspace of this run.
ws=$tmp/w/espace.carnet
c() {
    local date=$1
    shift
    "$bin" --espace "$ws" --date "$date" </dev/null "$@"
}

# A fresh workspace at $ws and empty memories; P is the person's handle.
fresh() {
    rm -rf "$tmp/w" "$XDG_STATE_HOME"
    mkdir "$tmp/w"
    base_workspace "$tmp/w"
    P=$(cat "$tmp/w/personne")
    ME=(--as "$P" --phrase-fichier "$d/personne")
}

# refused <label> <date> <carnet arguments...>: exit 80, a message naming
# the reason, and no plaintext (no POINT- marker, not the person's name).
refused() {
    local label=$1 date=$2 good=0
    shift 2
    c "$date" "$@" >"$tmp/$label.out" 2>"$tmp/$label.err"
    local rc=$?
    [ "$rc" = 80 ] || { echo "    $label : code $rc, attendu 80"; sed 's/^/      /' "$tmp/$label.err"; good=1; }
    if grep -qE 'POINT-|Marie|Martin' "$tmp/$label.out"; then
        echo "    $label : texte en clair affiché"
        good=1
    fi
    return $good
}

# says <file> <text>: the file contains the text, or shows it.
says() {
    grep -q "$2" "$1" || { echo "    « $2 » absent de :"; sed 's/^/      /' "$1"; return 1; }
}

# ---------------------------------------------------------------- control
# Ordinary use by three actors, in many processes: never refused, and each
# actor's memory is one private file under $XDG_STATE_HOME/carnet.
fresh
good=1
c 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-UN "$P" >/dev/null 2>&1 || good=0
c 2026-03-05 "${ME[@]}" autorisation accorder --sections suivi marc >/dev/null 2>&1 || good=0
c 2026-03-05 "${M[@]}" lire --sections suivi "$P" >"$tmp/m.out" 2>&1 || good=0
c 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-DEUX "$P" >/dev/null 2>&1 || good=0
c 2026-03-05 "${ME[@]}" lire "$P" >"$tmp/p.out" 2>&1 || good=0
c 2026-03-05 "${M[@]}" lire --sections suivi "$P" >"$tmp/m.out" 2>&1 || good=0
grep -q POINT-DEUX "$tmp/m.out" || { echo "    marc ne lit pas POINT-DEUX"; good=0; }
files=$(find "$XDG_STATE_HOME/carnet" -name '*.memoire' -perm 600 | wc -l)
[ "$files" -ge 3 ] || { echo "    $files mémoires en mode 0600, 3 attendues au moins"; good=0; }
[ "$(stat -c %a "$XDG_STATE_HOME/carnet")" = 700 ] || { echo "    répertoire pas en 0700"; good=0; }
if [ -d "$HOME/.local/state/carnet" ] &&
    find "$HOME/.local/state/carnet" -newer "$d/sofia" -name '*.memoire' | grep -q .; then
    echo "    écrit dans le vrai ~/.local/state"
    good=0
fi
tally "témoin : usage ordinaire par trois acteurs, jamais refusé ; mémoires privées" "$good"

# ---------------------------------------------------- 1. rollback (revocation)
# The file is put back to a copy taken before the person revoked marc. sofia,
# who wrote after the revocation, is refused: she writes nothing under the
# old key, and marc, reading the old copy, finds nothing written since.
cp "$ws" "$tmp/avant-revocation.carnet"
c 2026-03-06 "${ME[@]}" autorisation revoquer 3 >/dev/null 2>&1
c 2026-03-06 "${S[@]}" suivi point --date 2026-03-06 --resume POINT-TROIS "$P" >/dev/null 2>&1
cp "$tmp/avant-revocation.carnet" "$ws"
good=1
refused r1-sofia 2026-03-07 "${S[@]}" suivi point --date 2026-03-07 --resume POINT-QUATRE "$P" || good=0
says "$tmp/r1-sofia.err" "retour en arrière" || good=0
refused r1-personne 2026-03-07 "${ME[@]}" lire "$P" || good=0
c 2026-03-07 "${M[@]}" lire --sections suivi "$P" >"$tmp/r1-marc.out" 2>&1
if grep -qE 'POINT-TROIS|POINT-QUATRE' "$tmp/r1-marc.out"; then
    echo "    marc lit ce qui a été écrit après sa révocation"
    good=0
fi
tally "1. espace remis à une copie d'avant la révocation : refusé (80), marc ne lit rien de nouveau" "$good"

# ------------------------------------------------------------------ 2. fork
# Two continuations of one head: sofia saw record n+1 = POINT-A; the file is
# put back to n and the person, who never saw POINT-A, writes another n+1.
fresh
c 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-UN "$P" >/dev/null 2>&1
c 2026-03-05 "${ME[@]}" lire "$P" >/dev/null 2>&1
cp "$ws" "$tmp/tete.carnet"
c 2026-03-06 "${S[@]}" suivi point --date 2026-03-06 --resume POINT-A "$P" >/dev/null 2>&1
cp "$tmp/tete.carnet" "$ws"
good=1
c 2026-03-06 "${ME[@]}" ecrire --section suivi --type suivi.point \
    --json '{"date": "2026-03-06", "resume": "POINT-B"}' "$P" >"$tmp/r2-p.out" 2>&1 ||
    c 2026-03-06 "${ME[@]}" lire "$P" >"$tmp/r2-p.out" 2>&1 ||
    { echo "    la personne, qui n'a rien vu de plus, est refusée :"; sed 's/^/      /' "$tmp/r2-p.out"; good=0; }
refused r2-sofia 2026-03-07 "${S[@]}" lire "$P" || good=0
says "$tmp/r2-sofia.err" "bifurcation\|retour en arrière" || good=0
tally "2. bifurcation : deux suites d'une même tête, refusée (80) par qui a vu l'autre" "$good"

# ---------------------------------------- 3. administrator or identity replaced
# Replaced in the file without re-signing anything, both are refused at
# unlock by the registry (79) before the memory is read; an attacker who
# re-signs the whole registry with his own administrator key is refused by
# the pinned anchor (80): test_memory_anchor_pinned (tests/unit/test_memory.c).
fresh
c 2026-03-05 "${S[@]}" lire "$P" >/dev/null 2>&1
cp "$ws" "$tmp/intact.carnet"
good=1
sqlite3 "$ws" "UPDATE principal SET pk_sign = randomblob(32)
    WHERE pid = (SELECT admin FROM deployment);" || good=0
c 2026-03-06 "${S[@]}" lire "$P" >"$tmp/r3.out" 2>"$tmp/r3.err"
rc=$?
case $rc in 79 | 80) ;; *) echo "    r3 : code $rc, attendu 79 ou 80"; good=0 ;; esac
grep -qE 'POINT-|Marie|Martin' "$tmp/r3.out" && { echo "    r3 : texte en clair"; good=0; }
cp "$tmp/intact.carnet" "$ws"
sqlite3 "$ws" "PRAGMA foreign_keys = OFF; UPDATE principal SET id = randomblob(16)
    WHERE pid = (SELECT admin FROM deployment);" || good=0
c 2026-03-06 "${S[@]}" lire "$P" >"$tmp/r4.out" 2>"$tmp/r4.err"
rc=$?
case $rc in 79 | 80) ;; *) echo "    r4 : code $rc, attendu 79 ou 80"; good=0 ;; esac
tally "3. clé ou identité de l'administrateur remplacée dans le fichier : refusé" "$good"

# ------------------------------------------------------- 5. memory edited
fresh
c 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-UN "$P" >/dev/null 2>&1
c 2026-03-05 "${S[@]}" lire "$P" >/dev/null 2>&1
good=1
mem=$(grep -l . "$XDG_STATE_HOME"/carnet/*.memoire | head -1)
for f in "$XDG_STATE_HOME"/carnet/*.memoire; do
    sqlite3 "$f" "UPDATE head SET seq = seq - 1 WHERE kind = 1;" || good=0
done
refused r5 2026-03-06 "${S[@]}" lire "$P" || good=0
says "$tmp/r5.err" "mémoire locale de l'acteur modifiée" || good=0
[ -n "$mem" ] || good=0
tally "5. mémoire locale modifiée à la main : refusée (80)" "$good"

# ------------------------------------------------------ 6. registry rolled back
# The registry put back to before the CCAS deactivated sofia: the CCAS, which
# saw its own deactivation, is refused. (sofia, who never saw it, is not: an
# actor cannot detect a rollback to before what she never saw, §5.)
fresh
cp "$ws" "$tmp/avant.carnet"
c 2026-03-06 --as ccas-roubaix --phrase-fichier "$d/ccas-roubaix" pro desactiver sofia \
    >/dev/null 2>&1
cp "$tmp/avant.carnet" "$ws"
good=1
refused r6 2026-03-07 --as ccas-roubaix --phrase-fichier "$d/ccas-roubaix" pro desactiver sofia ||
    good=0
says "$tmp/r6.err" "registre" || good=0
tally "6. registre remis avant une désactivation : refusé (80) par la structure qui l'a faite" "$good"

# ------------------------------------------------------------- 7. canaries
# The memory holds ids, numbers, hashes and signatures, never personal data:
# after the person's identity and free texts were written and read by three
# actors, none of them is found in any file under $XDG_STATE_HOME, in clear,
# in hex or in base64 (as tests/unit/test_canaries.c scans the workspace).
fresh
canaries=(Marie Martin 1990-04-12 "CANARI-MEMOIRE rendez-vous chez le dentiste" "$P")
c 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume "${canaries[3]}" "$P" >/dev/null 2>&1
c 2026-03-05 "${S[@]}" lire "$P" >"$tmp/c7.S" 2>&1
c 2026-03-05 "${M[@]}" lire "$P" >/dev/null 2>&1
c 2026-03-05 "${ME[@]}" lire "$P" >/dev/null 2>&1
good=1
grep -q "${canaries[3]}" "$tmp/c7.S" || { echo "    texte témoin absent de la lecture"; good=0; }
[ "$(find "$XDG_STATE_HOME" -type f -name '*.memoire' | wc -l)" -ge 3 ] ||
    { echo "    moins de trois mémoires"; good=0; }
for k in "${canaries[@]}"; do
    for form in "$k" "$(printf %s "$k" | od -An -tx1 | tr -d ' \n')" "$(printf %s "$k" | base64 -w0)"; do
        if grep -rlaF -- "$form" "$XDG_STATE_HOME" >"$tmp/c7.hits"; then
            echo "    « $k » ($form) trouvé dans : $(cat "$tmp/c7.hits")"
            good=0
        fi
    done
done
tally "7. aucune donnée personnelle dans les mémoires (clair, hex, base64)" "$good"

# ------------------------------------------------------ 8. legitimate restore
# After an incident the file is put back from a backup: sofia, who wrote
# since, is refused (80) until she accepts the restore. `espace
# accepter-retour` lists what is lost and changes nothing; with
# --confirmer it journals the restore in the carnet and she works again. A
# copy whose administrator's key was replaced is still refused: it is not
# an older copy of the same workspace.
fresh
c 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-UN "$P" >/dev/null 2>&1
cp "$ws" "$tmp/sauvegarde.carnet"
c 2026-03-05 "${S[@]}" lire "$P" >/dev/null 2>&1
seen=$(sqlite3 "$tmp/sauvegarde.carnet" "SELECT max(seq) FROM audit WHERE carnet = (SELECT cid FROM carnet)")
c 2026-03-06 "${S[@]}" suivi point --date 2026-03-06 --resume POINT-DEUX "$P" >/dev/null 2>&1
c 2026-03-06 "${S[@]}" lire "$P" >/dev/null 2>&1
last=$(sqlite3 "$ws" "SELECT max(seq) FROM audit WHERE carnet = (SELECT cid FROM carnet)")
cp "$tmp/sauvegarde.carnet" "$ws"
good=1
refused r8-avant 2026-03-07 "${S[@]}" lire "$P" || good=0
c 2026-03-07 "${S[@]}" espace accepter-retour >"$tmp/r8-liste.out" 2>&1 ||
    { echo "    accepter-retour sans --confirmer : code $?"; good=0; }
says "$tmp/r8-liste.out" "carnet de $P : vous aviez vu l'enregistrement n°$last, l'espace s'arrête au n°$seen : $((last - seen)) enregistrement(s) perdus" || good=0
says "$tmp/r8-liste.out" "relancez la commande avec --confirmer" || good=0
refused r8-liste 2026-03-07 "${S[@]}" lire "$P" || good=0
c 2026-03-07 "${S[@]}" espace accepter-retour --confirmer >"$tmp/r8-ok.out" 2>&1 ||
    { echo "    accepter-retour --confirmer : code $?"; sed 's/^/      /' "$tmp/r8-ok.out"; good=0; }
says "$tmp/r8-ok.out" "Retour accepté" || good=0
c 2026-03-07 "${S[@]}" lire "$P" >"$tmp/r8-lire.out" 2>&1 ||
    { echo "    sofia toujours refusée après le retour accepté :"; sed 's/^/      /' "$tmp/r8-lire.out"; good=0; }
c 2026-03-07 "${ME[@]}" journal liste "$P" >"$tmp/r8-journal.out" 2>&1 ||
    { echo "    journal liste : code $?"; good=0; }
says "$tmp/r8-journal.out" "retour accepté à une copie antérieure" || good=0
c 2026-03-07 "${S[@]}" espace accepter-retour >"$tmp/r8-rien.out" 2>&1 || good=0
says "$tmp/r8-rien.out" "Rien à accepter" || good=0
# The administrator's key replaced (re-signed or not): still refused.
sqlite3 "$ws" "UPDATE principal SET pk_sign = (SELECT pk_sign FROM principal WHERE handle = 'marc')
    WHERE pid = (SELECT admin FROM deployment);" || good=0
c 2026-03-08 "${S[@]}" espace accepter-retour --confirmer >"$tmp/r8-admin.out" 2>&1
rc=$?
case $rc in 79 | 80) ;; *) echo "    r8 administrateur remplacé : code $rc, attendu 79 ou 80"; good=0 ;; esac
tally "8. retour légitime : la perte listée, acceptée avec --confirmer et journalisée ; sofia travaille de nouveau" "$good"

summary
