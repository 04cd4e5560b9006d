#!/usr/bin/env bash
# setup.sh - build the base workspace of the CLI golden tests, through the
# command line only.
# SPDX-License-Identifier: MIT
#
# usage: tests/cli/setup.sh <carnet> <dir>
#
# Creates <dir>/espace.carnet: territory Nord (59), fast key derivation, the
# administrator "admin", four structures, five professionals and one person
# (created by claire, oriented to sofia with her agreement). Writes the
# person's generated handle to <dir>/personne. Every passphrase is
# "<handle>-phrase-de-test"; the person's is "personne-phrase-de-test".
# Runs in <dir>; stops at the first failing command.
set -eu

bin=$1
dir=$2
cd "$dir"

phrases() {
    printf '%s\n' "$@" >.phrases
}

c() {
    "$bin" --espace espace.carnet --date 2026-03-02 --phrase-fichier .phrases -q "$@"
}

p() {
    printf '%s-phrase-de-test' "$1"
}

phrases "$(p admin)"
c espace creer --territoire Nord --departement 59 --kdf fast >/dev/null

structure() {
    phrases "$(p admin)" "$(p "$1")"
    c --as admin structure creer "$@" >/dev/null
}
structure cd59 --nom "Conseil départemental du Nord" --type conseil_departemental \
    --code-postal 59000
structure ccas-roubaix --nom "CCAS de Roubaix" --type ccas --code-postal 59100
structure boulangerie --nom "Boulangerie du Vieux-Lille" --type employeur --code-postal 59800
structure spip-lille --nom "SPIP du Nord" --type spip --sensible --code-postal 59000

pro() {
    phrases "$(p "$2")" "$(p "$1")"
    c --as "$2" pro creer --role "$3" "$1" >/dev/null
}
pro claire cd59 charge_orientation
pro marc cd59 referent
pro sofia ccas-roubaix referent
pro paul boulangerie accompagnateur
pro jean spip-lille referent

phrases "$(p claire)" "$(p personne)"
person=$(c --as claire --json creer --prenom Marie --nom Martin --naissance 1990-04-12 2>/dev/null |
    sed -n 's/.*"personne":"\(p-[0-9a-z]*\)".*/\1/p')
[ -n "$person" ]
printf '%s\n' "$person" >personne

phrases "$(p claire)" "$(p personne)"
c --as claire orienter --structure ccas-roubaix --referent sofia --type social \
    --dispositif "Accompagnement social" --motif "Difficultés de logement" --accord "$person" \
    >/dev/null
rm -f .phrases
