#!/usr/bin/env bash
# run.sh - attacks on a carnet's history through the file: an attacker who can
# write the workspace (the sqlite3 shell, triggers dropped) but holds no key
# deletes, renumbers or forges entry rows, deletes a revocation record or
# clears a revocation's columns. Each attack must give the integrity status
# (exit 79, a message naming « historique rompu ») and no plaintext where a
# read is attempted, or, for the cleared revocation, give the revoked reader
# nothing written after his revocation. Then each clear table of a carnet:
# an edit of the référent or the groupe de suivi is an integrity fault
# (and spares no former référent, lets nobody invite); an edit of the other
# clear rows changes no decision and no verification result. Ends with
# "integrity: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/integrity/run.sh
#
# On the code before the history (914ec60), every attack case fails (the
# control passes): see the comment of each case.
set -u

. "$(dirname "$0")/../lib.sh" integrity
unset CARNET_DB CARNET_DATE

mkdir "$tmp/base"
base_workspace "$tmp/base"
P=$(cat "$tmp/base/personne")

d=$tmp/data
mkdir "$d"
for who in sofia marc personne admin ccas-roubaix; do
    printf '%s-phrase-de-test\n' "$who" >"$d/$who"
done

# c <dir> <date> <carnet arguments...>
c() {
    local dir=$1 date=$2
    shift 2
    "$bin" --espace "$dir/espace.carnet" --date "$date" </dev/null "$@"
}
S=(--as sofia --phrase-fichier "$d/sofia")
M=(--as marc --phrase-fichier "$d/marc")
ME=(--as "$P" --phrase-fichier "$d/personne")
A=(--as admin --phrase-fichier "$d/admin")

# ------------------------------------------------------------ the base
# Entries 1-2 are the creation's (identity: Marie Martin) and the
# orientation's; sofia adds three points d'étape (3, 4, 5), the person
# authorises marc on suivi (n°3) and revokes it.
{
    c "$tmp/base" 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-UN "$P" &&
        c "$tmp/base" 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-DEUX "$P" &&
        c "$tmp/base" 2026-03-05 "${S[@]}" suivi point --date 2026-03-05 --resume POINT-TROIS "$P" &&
        c "$tmp/base" 2026-03-05 "${ME[@]}" autorisation accorder --sections suivi marc &&
        c "$tmp/base" 2026-03-06 "${ME[@]}" autorisation revoquer 3
} >"$tmp/base.log" 2>&1 || {
    cat "$tmp/base.log"
    echo "integrity: 0 passed, 1 failed"
    exit 1
}

# ------------------------------------------------------------ the runner

# attack <sql>: a fresh copy of the base edited with the sqlite3 shell,
# every append-only trigger dropped first. Sets dir to the copy's directory.
n=0
attack() {
    n=$((n + 1))
    dir=$tmp/cas-$n
    mkdir "$dir"
    cp "$tmp/base/espace.carnet" "$dir/"
    sqlite3 "$dir/espace.carnet" "DROP TRIGGER IF EXISTS entry_no_delete;
        DROP TRIGGER IF EXISTS entry_append_only; DROP TRIGGER IF EXISTS audit_no_delete;
        DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS registry_no_delete;
        DROP TRIGGER IF EXISTS registry_no_update; $1" || tally "cas $n : la modification par sqlite3" 0
}

# broken <dir> <label> <carnet arguments...>: the command exits 79, names
# « historique rompu » on standard error and prints no plaintext of the carnet
# (no marker, not the person's name). Prints the reasons; fails if any.
broken() {
    local dir=$1 label=$2 good=0
    shift 2
    c "$dir" 2026-03-09 "$@" >"$dir/$label.out" 2>"$dir/$label.err"
    local rc=$?
    [ "$rc" = 79 ] || { echo "    $label : code $rc, attendu 79"; good=1; }
    grep -q "historique rompu" "$dir/$label.err" ||
        { echo "    $label : message sans « historique rompu » :"; sed 's/^/      /' "$dir/$label.err"; good=1; }
    if grep -qE 'POINT-|Marie|Martin' "$dir/$label.out"; then
        echo "    $label : texte en clair affiché :"
        grep -E 'POINT-|Marie|Martin' "$dir/$label.out" | sed 's/^/      /'
        good=1
    fi
    return $good
}

# ------------------------------------------------------------ control
# An untouched copy reads fine. (Passes on the old code too.)
attack ""
c "$dir" 2026-03-09 "${ME[@]}" lire "$P" >"$dir/lire.out" 2>"$dir/lire.err"
rc=$?
good=1
[ "$rc" = 0 ] || { echo "    code $rc :"; sed 's/^/      /' "$dir/lire.err"; good=0; }
grep -q POINT-DEUX "$dir/lire.out" || { echo "    POINT-DEUX absent de la lecture"; good=0; }
c "$dir" 2026-03-09 espace verifier >"$dir/verifier.out" 2>&1 ||
    { echo "    espace verifier :"; sed 's/^/      /' "$dir/verifier.out"; good=0; }
tally "témoin : un espace intact se lit (code 0) et se vérifie" "$good"

# ------------------------------------------------------------ the attacks

# 1. A middle entry deleted. Old code: FAILS (lire exits 0, gap unseen).
attack "DELETE FROM entry WHERE no = 4;"
check "1. entrée du milieu supprimée : lire donne 79" broken "$dir" lire "${ME[@]}" lire "$P"

# 2. The last entry deleted. Old code: FAILS (lire exits 0).
attack "DELETE FROM entry WHERE no = (SELECT max(no) FROM entry);"
check "2. dernière entrée supprimée : lire donne 79" broken "$dir" lire "${ME[@]}" lire "$P"

# 3. Two entries' numbers swapped through a temporary number. Old code:
# FAILS (the number is not signed; lire exits 0).
attack "UPDATE entry SET no = 1000 WHERE no = 3; UPDATE entry SET no = 3 WHERE no = 4;
    UPDATE entry SET no = 4 WHERE no = 1000;"
check "3. numéros de deux entrées échangés : lire donne 79" broken "$dir" lire "${ME[@]}" lire "$P"

# 4. The revocation's record deleted from the chain. Old code: FAILS (lire
# does not walk the chain; exits 0).
attack "DELETE FROM audit WHERE action = 'revoke';"
check "4. enregistrement de révocation supprimé : lire donne 79" broken "$dir" lire "${ME[@]}" lire "$P"

# 5. The revocation's columns cleared; the person then makes an ordinary
# grant to paul from now on (--historique maintenant: a new suivi key, sealed
# to every current reader; a grant with the whole history only wraps the
# current key and would rotate nothing), and sofia writes a new point. marc
# must read nothing of it, and expliquer must say he may not read.
# Old code: FAILS (marc receives the new epoch key and reads the marker;
# expliquer says « oui »).
attack "UPDATE consent SET revoked_at = NULL, revoke_sig = NULL WHERE no = 3;"
good=1
c "$dir" 2026-03-10 "${ME[@]}" autorisation accorder --historique maintenant \
    --sections suivi paul >"$dir/accord.log" 2>&1 ||
    { echo "    l'autorisation à paul a échoué :"; sed 's/^/      /' "$dir/accord.log"; good=0; }
c "$dir" 2026-03-11 "${S[@]}" suivi point --date 2026-03-11 --resume APRES-REVOCATION-7f3a "$P" \
    >"$dir/ecrire.log" 2>&1 ||
    { echo "    l'écriture de sofia a échoué :"; sed 's/^/      /' "$dir/ecrire.log"; good=0; }
c "$dir" 2026-03-12 "${M[@]}" lire "$P" >"$dir/marc.out" 2>"$dir/marc.err"
if grep -q APRES-REVOCATION-7f3a "$dir/marc.out" "$dir/marc.err"; then
    echo "    marc lit l'entrée écrite après sa révocation :"
    grep APRES-REVOCATION-7f3a "$dir/marc.out" "$dir/marc.err" | sed 's/^/      /'
    good=0
fi
c "$dir" 2026-03-12 --json expliquer marc "$P" suivi >"$dir/expliquer.out" 2>&1
if ! grep -q '"autorise":false' "$dir/expliquer.out" || grep -q '"autorise":true' "$dir/expliquer.out"; then
    echo "    expliquer ne dit pas que marc n'est pas autorisé :"
    sed 's/^/      /' "$dir/expliquer.out"
    good=0
fi
tally "5. révocation effacée des colonnes : marc ne lit rien d'écrit ensuite" "$good"

# 6. A forged entry: entry 4 copied to a new number (a new id, the id being
# unique). Old code: FAILS (espace verifier says intact; lire refuses only
# that entry and exits 0).
attack "CREATE TEMP TABLE forge AS SELECT * FROM entry WHERE no = 4;
    UPDATE forge SET no = (SELECT max(no) + 1 FROM entry), id = randomblob(16);
    INSERT INTO entry SELECT * FROM forge;"
c "$dir" 2026-03-09 espace verifier >"$dir/verifier.out" 2>&1
rc=$?
good=1
[ "$rc" != 0 ] || { echo "    espace verifier dit l'espace intègre :"; sed 's/^/      /' "$dir/verifier.out"; good=0; }
tally "6a. entrée forgée : espace verifier ne dit pas l'espace intègre" "$good"
check "6b. entrée forgée : lire donne 79" broken "$dir" lire "${ME[@]}" lire "$P"

# ------------------------------------------------- the workspace's registry
# A second base: sofia deactivated by her structure, then narrower rules
# installed by the administrator (référents may no longer write in suivi),
# so that the deactivation is not the registry's last record: cutting the
# last records off is a rollback, which only a head remembered outside the
# file detects (issue 16, docs/security.md §5).
cp -r "$tmp/base" "$tmp/base2"
sed -e '0,/"plan": "ecriture", "suivi": "ecriture"/s//"plan": "ecriture", "suivi": "lecture"/' \
    -e 's/"nom": "Règles par défaut de carnet"/"nom": "Règles restreintes"/' \
    "$root/fixtures/rules/default.json" >"$d/restreintes.json"
{
    c "$tmp/base2" 2026-03-07 --as ccas-roubaix --phrase-fichier "$d/ccas-roubaix" \
        pro desactiver sofia &&
        c "$tmp/base2" 2026-03-07 "${A[@]}" regles installer "$d/restreintes.json"
} >"$tmp/base2.log" 2>&1 || { sed 's/^/    /' "$tmp/base2.log"; tally "base du registre" 0; }

# attack2 <sql>: as attack, on the second base.
cp "$tmp/base/espace.carnet" "$tmp/base1.carnet"
attack2() {
    cp "$tmp/base2/espace.carnet" "$tmp/base/espace.carnet"
    attack "$1"
    cp "$tmp/base1.carnet" "$tmp/base/espace.carnet"
}

# verifier79 <dir> <label>: espace verifier exits 79 and names the fault.
verifier79() {
    c "$1" 2026-03-09 espace verifier >"$1/$2.out" 2>&1
    local rc=$?
    [ "$rc" = 79 ] && return 0
    echo "    espace verifier : code $rc, attendu 79 :"
    sed 's/^/      /' "$1/$2.out"
    return 1
}

# 7. A deactivation cleared from the columns. Old code: FAILS (sofia reads
# the carnet again and writes in it; espace verifier says intact).
attack2 "UPDATE principal SET deactivated_at = NULL, deactivated_by = NULL,
    deactivate_sig = NULL WHERE handle = 'sofia';"
good=1
c "$dir" 2026-03-09 "${S[@]}" lire "$P" >"$dir/sofia.out" 2>"$dir/sofia.err" &&
    { echo "    sofia, désactivée, lit le carnet (code 0)"; good=0; }
grep -qE 'POINT-|Marie|Martin' "$dir/sofia.out" && { echo "    sofia lit du texte en clair"; good=0; }
c "$dir" 2026-03-09 "${S[@]}" suivi point --date 2026-03-09 --resume APRES-DESACTIVATION "$P" \
    >"$dir/ecrire.log" 2>&1 && { echo "    sofia, désactivée, écrit (code 0)"; good=0; }
verifier79 "$dir" verifier || good=0
grep -q "désactivation" "$dir/verifier.out" || { echo "    le défaut n'est pas nommé"; good=0; }
tally "7. désactivation effacée des colonnes : sofia ne lit ni n'écrit, verifier donne 79" "$good"

# 8. The older, wider rules re-activated in the table. Old code: FAILS
# (the default rules are back in force: regles montrer names them).
attack2 "UPDATE rules SET active = CASE id WHEN 1 THEN 1 ELSE 0 END;"
good=1
c "$dir" 2026-03-09 --json regles montrer >"$dir/regles.out" 2>&1
grep -q "Règles restreintes" "$dir/regles.out" ||
    { echo "    les règles en vigueur ne sont plus les restreintes :"; head -c 300 "$dir/regles.out" | sed 's/^/      /'; good=0; }
verifier79 "$dir" verifier || good=0
tally "8. anciennes règles réactivées dans la table : les restreintes restent en vigueur, verifier donne 79" "$good"

# 9. The deactivation's record deleted from the registry. Old code: FAILS
# (there is no registry; the column still says deactivated, so this case
# deletes both, as an attacker would).
attack2 "DELETE FROM registry WHERE action = 'deactivate';
    UPDATE principal SET deactivated_at = NULL, deactivated_by = NULL,
    deactivate_sig = NULL WHERE handle = 'sofia';"
good=1
c "$dir" 2026-03-09 "${S[@]}" lire "$P" >"$dir/sofia.out" 2>"$dir/sofia.err"
rc=$?
[ "$rc" = 79 ] || { echo "    sofia lire : code $rc, attendu 79"; good=0; }
grep -q "registre de l'espace rompu" "$dir/sofia.err" ||
    { echo "    message :"; sed 's/^/      /' "$dir/sofia.err"; good=0; }
grep -qE 'POINT-|Marie|Martin' "$dir/sofia.out" && { echo "    sofia lit du texte en clair"; good=0; }
verifier79 "$dir" verifier || good=0
tally "9. enregistrement de désactivation supprimé du registre : tout refuse (79)" "$good"

# 10. A certificate's record deleted from the registry (paul's): nothing
# opens either. Old code: FAILS (no registry).
attack2 "DELETE FROM registry WHERE object = (SELECT pid FROM principal WHERE handle = 'paul')
    AND action = 'certify';"
check "10. certification supprimée du registre : espace verifier donne 79" verifier79 "$dir" verifier

# ------------------------------------------------------------- migration
# 11. A workspace of schema 3 (no registry), written by carnet 9e2aa01
# (fixtures/workspaces/schema3), refuses every operation with a message
# naming « carnet espace migrer »; the administrator migrates it; it then
# reads and verifies, sofia's deactivation kept. Old code: FAILS (no such
# command).
dir=$tmp/schema3
mkdir "$dir"
cp "$root/fixtures/workspaces/schema3/espace.carnet" "$dir/"
P3=$(cat "$root/fixtures/workspaces/schema3/personne")
ME=(--as "$P3" --phrase-fichier "$d/personne")
good=1
c "$dir" 2026-03-09 "${ME[@]}" lire "$P3" >"$dir/avant.out" 2>"$dir/avant.err"
rc=$?
[ "$rc" = 79 ] || { echo "    lire avant migration : code $rc, attendu 79"; good=0; }
grep -q "carnet espace migrer" "$dir/avant.err" ||
    { echo "    message sans la commande :"; sed 's/^/      /' "$dir/avant.err"; good=0; }
c "$dir" 2026-03-09 "${A[@]}" --json espace migrer >"$dir/migrer.out" 2>&1 ||
    { echo "    espace migrer :"; sed 's/^/      /' "$dir/migrer.out"; good=0; }
grep -q '"structures":4,"professionnels":5,"desactivations":1,"regles":1' "$dir/migrer.out" ||
    { echo "    bilan de la migration :"; sed 's/^/      /' "$dir/migrer.out"; good=0; }
c "$dir" 2026-03-09 "${ME[@]}" lire "$P3" >"$dir/apres.out" 2>&1 ||
    { echo "    lire après migration :"; sed 's/^/      /' "$dir/apres.out"; good=0; }
grep -q POINT-DEUX "$dir/apres.out" || { echo "    POINT-DEUX absent après migration"; good=0; }
c "$dir" 2026-03-09 "${S[@]}" lire "$P3" >"$dir/sofia.out" 2>&1 &&
    { echo "    sofia, désactivée, lit après migration"; good=0; }
c "$dir" 2026-03-09 --json espace verifier >"$dir/verifier.out" 2>&1 ||
    { echo "    espace verifier après migration :"; sed 's/^/      /' "$dir/verifier.out"; good=0; }
grep -q '"registre_attestes":1[0-9]' "$dir/verifier.out" ||
    { echo "    verifier ne compte pas les enregistrements attestés"; good=0; }
c "$dir" 2026-03-09 "${A[@]}" espace migrer >"$dir/migrer2.out" 2>&1 &&
    { echo "    une seconde migration passe"; good=0; }
# Schema 5 rebuilt the audit table: the same as a fresh workspace's.
[ "$(sqlite3 "$dir/espace.carnet" .schema\ audit)" = "$(sqlite3 "$tmp/base/espace.carnet" .schema\ audit)" ] ||
    { echo "    table audit migrée différente de celle d'un espace neuf"; good=0; }
sqlite3 "$dir/espace.carnet" .schema\ audit | grep -q "'restore'" ||
    { echo "    table audit migrée sans l'action restore"; good=0; }
tally "11. espace de schéma 3 : refusé en nommant « espace migrer », puis migré et vérifié" "$good"

# ------------------------------------------------------------ clear rows
# Each clear table is either checked against the history (an edit is a
# fault: 79) or harmless (an edit changes no decision and no verification
# result). marc, a référent of cd59 whose authorisation n°3 was revoked,
# holds no key of the carnet. On the code before the référent and the
# groupe de suivi were replayed from the history (c4cba1b), cases 12 and 13
# fail and cases 14-18 pass: they show what an edit there does not change.
ME=(--as "$P" --phrase-fichier "$d/personne")
J=(--as jean --phrase-fichier "$d/jean")
printf 'jean-phrase-de-test\n' >"$d/jean"

# nothing_for_marc <dir>: marc reads no plaintext (lire says no entry is
# readable, or refuses with 79) and expliquer does not let him read suivi
# (says no, or refuses with 79).
nothing_for_marc() {
    local good=0 rc
    c "$1" 2026-03-12 "${M[@]}" lire "$P" >"$1/marc.out" 2>"$1/marc.err"
    rc=$?
    if [ "$rc" = 0 ]; then
        grep -q "(aucune entrée lisible)" "$1/marc.out" ||
            { echo "    marc lit des entrées :"; sed 's/^/      /' "$1/marc.out"; good=1; }
    elif [ "$rc" != 79 ]; then
        echo "    marc lire : code $rc"
        good=1
    fi
    grep -qE 'POINT-|Marie|Martin|MARQUEUR' "$1/marc.out" && { echo "    marc lit du texte en clair"; good=1; }
    c "$1" 2026-03-12 --json expliquer marc "$P" suivi >"$1/expliquer.out" 2>&1
    rc=$?
    if [ "$rc" != 79 ] && ! grep -q '"autorise":false' "$1/expliquer.out"; then
        echo "    expliquer ne refuse pas marc :"
        sed 's/^/      /' "$1/expliquer.out"
        good=1
    fi
    return $good
}

# harmless <dir>: nothing_for_marc, sofia still reads (POINT-DEUX) and
# espace verifier still says intact.
harmless() {
    local good=0
    nothing_for_marc "$1" || good=1
    c "$1" 2026-03-12 "${S[@]}" lire "$P" >"$1/sofia.out" 2>&1 ||
        { echo "    sofia ne lit plus :"; sed 's/^/      /' "$1/sofia.out"; good=1; }
    grep -q POINT-DEUX "$1/sofia.out" || { echo "    POINT-DEUX absent de la lecture de sofia"; good=1; }
    c "$1" 2026-03-12 espace verifier >"$1/verifier.out" 2>&1 ||
        { echo "    espace verifier :"; sed 's/^/      /' "$1/verifier.out"; good=1; }
    return $good
}

# 12. carnet.referent and carnet.structure made marc's: the person then
# changes her référent to jean, revoking the former one's authorisations,
# and writes a new point. The former référent is sofia: she must read
# nothing of it. Old code: FAILS (the row's référent, marc, is "revoked";
# sofia keeps her key and reads the marker; espace verifier says intact).
attack "UPDATE carnet SET referent = (SELECT pid FROM principal WHERE handle = 'marc'),
    structure = (SELECT pid FROM principal WHERE handle = 'cd59');"
good=1
c "$dir" 2026-03-10 "${ME[@]}" referent changer --sections suivi --retirer-ancien "$P" jean \
    >"$dir/changer.log" 2>&1
c "$dir" 2026-03-11 "${ME[@]}" suivi point --date 2026-03-11 --resume MARQUEUR-REFERENT "$P" \
    >"$dir/ecrire.log" 2>&1
c "$dir" 2026-03-12 "${S[@]}" lire "$P" >"$dir/sofia.out" 2>&1
grep -q MARQUEUR-REFERENT "$dir/sofia.out" &&
    { echo "    sofia, ancienne référente, lit le point écrit après le changement"; good=0; }
nothing_for_marc "$dir" || good=0
verifier79 "$dir" verifier || good=0
grep -q "référent du carnet" "$dir/verifier.out" || { echo "    le défaut n'est pas nommé"; good=0; }
tally "12. référent du carnet remplacé par marc : sofia n'est pas épargnée, verifier donne 79" "$good"

# 13. marc added to the groupe de suivi in the membership table: he may
# not invite paul (only the person and members invite). Old code: FAILS
# (the invitation passes, signed by marc; espace verifier says intact).
attack "INSERT INTO membership (carnet, member, role, started_at, started_by)
    SELECT cid, (SELECT pid FROM principal WHERE handle = 'marc'), 'accompagnateur',
    created_at, person FROM carnet;"
good=1
c "$dir" 2026-03-10 "${M[@]}" equipe inviter "$P" paul >"$dir/inviter.log" 2>&1 &&
    { echo "    marc invite paul (code 0)"; good=0; }
nothing_for_marc "$dir" || good=0
verifier79 "$dir" verifier || good=0
grep -q "groupe de suivi" "$dir/verifier.out" || { echo "    le défaut n'est pas nommé"; good=0; }
tally "13. marc ajouté au groupe de suivi : il n'invite personne, verifier donne 79" "$good"

# 14. A pending réorientation request inserted, as if marc had asked for
# one. The request records commit to their rows (cdb/v2/reorientation-commit):
# the forged row closes the carnet (79, naming the request), so claire, a
# chargé d'orientation, cannot decide a réorientation nobody asked for.
# Before the commitments (211b97d): FAILS (verifier said intègre; claire
# decided).
attack "INSERT INTO reorientation (carnet, no, requested_by, requested_at, request_entry, status)
    SELECT cid, 1, (SELECT pid FROM principal WHERE handle = 'marc'), created_at, 2, 'pending'
    FROM carnet;"
good=1
c "$dir" 2026-03-09 --json espace verifier >"$dir/verifier.out" 2>&1
rc=$?
[ "$rc" = 79 ] || { echo "    espace verifier : code $rc, attendu 79"; good=0; }
grep -q "réorientation n°1" "$dir/verifier.out" ||
    { echo "    verifier ne nomme pas la demande :"; sed 's/^/      /' "$dir/verifier.out"; good=0; }
printf 'claire-phrase-de-test\npersonne-phrase-de-test\n' >"$dir/phrases"
c "$dir" 2026-03-09 --as claire --phrase-fichier "$dir/phrases" reorientation decider --maintenir \
    --motif "rien" "$P" >"$dir/decider.out" 2>&1
rc=$?
[ "$rc" = 79 ] || { echo "    claire décide : code $rc, attendu 79"; sed 's/^/      /' "$dir/decider.out"; good=0; }
tally "14. demande de réorientation forgée : l'espace ne vérifie plus (79), personne ne la décide" "$good"

# 15. Indicator facts altered: an exit, a rating, another orientation. The
# indicators change (they are only as true as the file) but no decision or
# verification does.
attack "INSERT INTO fact (carnet, entry, root, kind, at, code, value)
    SELECT cid, 3, 3, 'sortie', created_at, 'emploi_durable', 0 FROM carnet;
    INSERT INTO fact (carnet, entry, root, kind, at, code, value)
    SELECT cid, 4, 4, 'evaluation', created_at, NULL, 1 FROM carnet;
    UPDATE fact SET code = 'pro' WHERE kind = 'orientation';"
good=1
harmless "$dir" || good=0
c "$dir" 2026-03-12 --json indicateurs >"$dir/indicateurs.out" 2>&1
grep -q 'emploi_durable' "$dir/indicateurs.out" ||
    { echo "    l'indicateur de sortie n'a pas bougé (le test ne montre rien)"; good=0; }
tally "15. faits des indicateurs modifiés : les indicateurs bougent, rien d'autre" "$good"

# 16. Lookup rows pointing at the carnet (forged tags) and 17. a service
# added to the catalogue: harmless.
attack "INSERT INTO lookup (tag, carnet, kind) SELECT randomblob(32), cid, 'caf' FROM carnet;
    INSERT INTO lookup (tag, carnet, kind) SELECT randomblob(32), cid, 'record' FROM carnet;"
check "16. index des flux modifié : sans effet sur les décisions ni la vérification" harmless "$dir"
attack "INSERT INTO offre (id, name, structure, commune, postcode, themes, publics, modes, fees,
    zone, description) VALUES ('faux', 'Service forgé', 'marc', 'Lille', '59000', '[]', '[]',
    '[]', 'gratuit', 'commune', 'ajouté dans le fichier');"
check "17. catalogue des offres modifié : sans effet sur les décisions ni la vérification" \
    harmless "$dir"

# 18. The carnet's status and dates edited (closed, no follow-up since
# long): harmless for decisions and verification; the indicators follow.
attack "UPDATE carnet SET status = 'clos', last_entry_at = 0;"
check "18. statut et dates du carnet modifiés : sans effet sur les décisions ni la vérification" \
    harmless "$dir"

# 19. A flow's index row pointed at another carnet. sofia imports a CAF
# household (Léa Durand: a carnet is created); the attacker points its
# lookup rows at the base person's carnet, where sofia may write; the next
# flow for Léa must write nothing there: the record is refused (each row
# is bound to its carnet under the index key). Old code (b69576b): FAILS,
# Léa's identity and rights are written into the other person's carnet.
flow() { # <ETATDOSRSA>: one household, one person
    printf '{"IdentificationFlux": {"TYPEFLUX": "vrsb0801", "DTCREAFLUX": "2026-03-02"},'
    printf ' "InfosFoyerRSA": [{"IdentificationRSA": {"Organisme": {"MATRICULE": "7000001"}},'
    printf ' "Personne": [{"Identification": {"NIR": "2900459350042", "NOMNAI": "DURAND",'
    printf ' "PRENOM": "LEA", "DTNAI": "1990-04-12"},'
    printf ' "MontantCalculDroitRSAPersonne": {"TOPPERSDRODEVORSA": "1"}}],'
    printf ' "PrestationRSA": {"SituationDossierRSA": {"EtatDossierRSA": {"ETATDOSRSA": "%s"}}}}]}\n' "$1"
}
flow 2 >"$d/flux-1.json"
flow 4 >"$d/flux-2.json"
mkdir "$tmp/base-flux"
cp "$tmp/base/espace.carnet" "$tmp/base-flux/"
c "$tmp/base-flux" 2026-03-07 "${S[@]}" -q flux importer --type caf "$d/flux-1.json" \
    >"$tmp/base-flux/import.out" 2>&1 || sed 's/^/    /' "$tmp/base-flux/import.out"
# entries <dir>: the base person's carnet's entry count
entries() {
    sqlite3 "$1/espace.carnet" "SELECT count(*) FROM entry e JOIN carnet c ON c.cid = e.carnet
        JOIN principal p ON p.pid = c.person WHERE p.handle = '$P'"
}
# redirected <dir> <text> <flow>: the flow refused naming <text>, nothing
# written into the base person's carnet, nothing of Léa readable there.
redirected() {
    local dir=$1 text=$2 flow=$3 before good=0
    before=$(entries "$dir")
    c "$dir" 2026-03-08 "${S[@]}" flux importer --type caf "$flow" \
        >"$dir/flux.out" 2>"$dir/flux.err"
    local rc=$?
    [ "$rc" = 65 ] || { echo "    import : code $rc, attendu 65 (enregistrement refusé)"; good=1; }
    grep -qF "$text" "$dir/flux.err" ||
        { echo "    message sans « $text » :"; sed 's/^/      /' "$dir/flux.err"; good=1; }
    [ "$(entries "$dir")" = "$before" ] ||
        { echo "    entrées écrites dans le carnet d'une autre personne"; good=1; }
    c "$dir" 2026-03-09 "${ME[@]}" lire "$P" >"$dir/lire.out" 2>&1
    if grep -qiE 'durand|lea' "$dir/lire.out"; then
        echo "    les données de Léa se lisent dans le carnet de $P"
        good=1
    fi
    return $good
}
n=$((n + 1))
dir=$tmp/cas-$n
mkdir "$dir"
cp "$tmp/base-flux/espace.carnet" "$dir/"
sqlite3 "$dir/espace.carnet" "UPDATE lookup SET carnet = (SELECT c.cid FROM carnet c
    JOIN principal p ON p.pid = c.person WHERE p.handle = '$P')"
check "19. index des flux pointé vers un autre carnet : l'enregistrement est refusé" \
    redirected "$dir" "index des flux altéré" "$d/flux-2.json"

# 20. Rows written before binds (schema 6), as an old workspace has them:
# they lead nowhere (the same flow again is refused, not "unchanged") until
# the administrator binds them (espace migrer); then the same flow is found
# unchanged. Old code: there are no binds.
n=$((n + 1))
dir=$tmp/cas-$n
mkdir "$dir"
cp "$tmp/base-flux/espace.carnet" "$dir/"
sqlite3 "$dir/espace.carnet" "UPDATE lookup SET bind = NULL"
good=1
redirected "$dir" "ligne sans lien vers son carnet" "$d/flux-1.json" || good=0
c "$dir" 2026-03-08 "${A[@]}" espace migrer >"$dir/migrer.out" 2>&1 ||
    { echo "    espace migrer :"; sed 's/^/      /' "$dir/migrer.out"; good=0; }
grep -q "2 ligne(s) reliée(s)" "$dir/migrer.out" ||
    { echo "    migration :"; sed 's/^/      /' "$dir/migrer.out"; good=0; }
c "$dir" 2026-03-08 "${S[@]}" flux importer --type caf "$d/flux-1.json" >"$dir/flux1.out" 2>&1 ||
    { echo "    import après migration :"; sed 's/^/      /' "$dir/flux1.out"; good=0; }
grep -q "1 inchangé(s), 0 refusé(s)" "$dir/flux1.out" ||
    { echo "    import après migration :"; sed 's/^/      /' "$dir/flux1.out"; good=0; }
tally "20. index écrit avant les liens : refusé, puis relié par espace migrer" "$good"

summary
