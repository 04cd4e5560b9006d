#!/usr/bin/env bash
# run.sh - the bad-input table: each case feeds the command line something
# wrong (malformed, truncated or mistyped JSON, NUL bytes, invalid UTF-8,
# impossible dates, unknown codes, overlong fields, SQL metacharacters,
# wrong passphrase, unknown actor, missing or damaged files) and must get
# its documented exit code, a French message naming the fault, and leave the
# workspace byte-identical. Ends with "badinput: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: CARNET=build/carnet tests/badinput/run.sh
set -u

. "$(dirname "$0")/../lib.sh" badinput
unset CARNET_DB CARNET_DATE

mkdir "$tmp/base"
base_workspace "$tmp/base"
P=$(cat "$tmp/base/personne")

# ------------------------------------------------------------ the inputs
d=$tmp/data
mkdir "$d"
: >"$d/vide.json"
printf '{"services": [{"id": "a' >"$d/tronque.json"
printf 'bonjour\n' >"$d/pas-json.txt"
printf '{"services": [\0]}' >"$d/nul.json"
printf '{"services": [{"id": "a-1", "nom": "\xff\xfe", "structure": "S", "commune": "L", "thematiques": ["mobilite--preparer-un-permis"]}]}' >"$d/utf8.json"
printf '{"services": "tous"}' >"$d/types.json"
printf '{"services": [{"id": "a-1", "nom": "N", "structure": "S", "commune": "L", "thematiques": ["astrologie--theme-astral"]}]}' >"$d/enum.json"
printf '{"services": [{"id": "a-1", "nom": "%s", "structure": "S", "commune": "L", "thematiques": ["mobilite--preparer-un-permis"]}]}' "$(head -c 3000 /dev/zero | tr '\0' x)" >"$d/long.json"
printf '{"InfosFoyerRSA": 3}' >"$d/caf-types.json"
printf '{"IdentificationFlux": {"TYPEFLUX": "vrsb0801"}, "InfosFoyerRSA": [{"Personne": [{"Identification": {"NIR": "1850759100123", "NOMNAI": "X", "PRENOM": "Y", "DTNAI": "1985-02-30"}}]}]}' >"$d/caf-date.json"
printf '{"schema_version": 1, "nom": "R", "regles": [{"roles": ["referent"], "structures": ["*"], "sections": {"sante": "lire"}}]}' >"$d/regles-enum.json"
printf '{"schema_version": 1, "personne": 12}' >"$d/export-types.json"
printf '{"jour": 1}' >"$d/scenario-types.json"
printf '{"prenom": "Marie", "nom": "Martin", "date_naissance": "1990-02-30"}' >"$d/identite-date.json"
printf '{"prenom": "Marie", "nom": "Martin", "date_naissance": "1990-04-12", "nir": "2900459350042"}' >"$d/identite-nir.json"
printf '{"theme": "emploi", "commentaire": 42}' >"$d/axe-types.json"
# Duplicate keys, \u0000 in a string, nesting deeper than the parser allows
# (issue 17, points 1, 2 and 6): refused in every JSON input.
printf '{"theme": "emploi", "theme": "logement"}' >"$d/double-entree.json"
printf '{"prenom": "Marie", "nom": "Martin", "prenom": "Léa", "date_naissance": "1990-04-12"}' >"$d/double-identite.json"
printf '{"IdentificationFlux": {"TYPEFLUX": "vrsb0801"}, "InfosFoyerRSA": [{"IdentificationRSA": {"Organisme": {"MATRICULE": "123"}}, "Personne": [{"Identification": {"NOMNAI": "X", "PRENOM": "Y", "PRENOM": "Z", "DTNAI": "1985-02-10"}}]}]}' >"$d/double-flux.json"
printf '{"schema_version": 1, "schema_version": 1, "type": "carnet-export"}' >"$d/double-export.json"
printf '{"titre": "A", "titre": "B"}' >"$d/double-scenario.json"
printf '{"schema_version": 1, "nom": "R", "regles": [{"roles": ["referent"], "structures": ["*"], "sections": {}, "sections": {}}]}' >"$d/double-regles.json"
printf '{"services": [{"id": "a-1", "nom": "N", "nom": "M", "structure": "S", "commune": "L", "thematiques": ["mobilite--preparer-un-permis"]}]}' >"$d/double-catalogue.json"
printf '{"prenom": "Ma\\u0000rie", "nom": "Martin", "date_naissance": "1990-04-12"}' >"$d/nul-identite.json"
printf '{"theme": "emploi", "commentaire": "a\\u0000b"}' >"$d/nul-entree.json"
printf '{"IdentificationFlux": {"TYPEFLUX": "vrsb0801"}, "InfosFoyerRSA": [{"IdentificationRSA": {"Organisme": {"MATRICULE": "123"}}, "Personne": [{"Identification": {"NOMNAI": "X", "PRENOM": "Y\\u0000", "DTNAI": "1985-02-10"}}]}]}' >"$d/nul-flux.json"
printf '{"schema_version": 1, "type": "carnet-export", "espace": "N\\u0000"}' >"$d/nul-export.json"
printf '{"titre": "A", "act\\u0000eurs": []}' >"$d/nul-scenario.json"
printf '{"schema_version": 1, "nom": "R\\u0000", "regles": []}' >"$d/nul-regles.json"
head -c 1200 /dev/zero | tr '\0' '[' >"$d/profond.json"
head -c 1200 /dev/zero | tr '\0' ']' >>"$d/profond.json"
printf '{"IdentificationFlux": {"TYPEFLUX": "vrsb0801"}, "InfosFoyerRSA": [{"IdentificationRSA": {"Organisme": {"MATRICULE": "123"}}, "Personne": [{"Identification": {"NOMNAI": "X", "PRENOM": "Y", "DTNAI": 19850210}}]}]}' >"$d/type-flux.json"
printf '{"type_flux": "france_travail", "individus": [{"identifiant_unique_de": 12345, "prenom": "Y"}]}' >"$d/type-ft.json"
printf 'admin-phrase-de-test\n' >"$d/admin"
printf 'cd59-phrase-de-test\n' >"$d/cd59"
printf 'sofia-phrase-de-test\n' >"$d/sofia"
printf 'claire-phrase-de-test\n' >"$d/claire"
printf 'admin-phrase-de-test\nx-phrase-de-test\nx-phrase-de-test\n' >"$d/admin-x"
printf 'pas-la-bonne-phrase\n' >"$d/faux"
: >"$d/phrase-vide"
head -c 1000 "$tmp/base/espace.carnet" >"$d/tronque.carnet"
head -c 8192 /dev/urandom >"$d/aleatoire.carnet"
# An empty file and another application's SQLite database (issue 17, point 4).
: >"$d/vide.carnet"
sqlite3 "$d/autre.sqlite" "CREATE TABLE notes (texte TEXT); INSERT INTO notes VALUES ('à garder');"
sha256sum "$d/vide.carnet" "$d/autre.sqlite" >"$tmp/etrangers.avant"
long=$(head -c 300 /dev/zero | tr '\0' e)

# ------------------------------------------------------------ the runner

# The facts a refusal must leave as they were: entry count and the number
# of accepted journal records.
facts() {
    "$bin" --espace "$1" --json espace info | grep -o '"entrees":[0-9]*'
    "$bin" --espace "$1" --json journal liste "$P" | grep -o '"refuse":false' | wc -l
}

# expect <name> <exit code> <text the message must hold> <same> -- <carnet arguments...>
# Runs in a fresh copy of the base workspace, as of 2026-03-09. <same> is
# "octets" (the workspace stays byte-identical) or "journal" (a refused
# write may itself be audited, so the proof is on the facts: the same
# entries and the same accepted journal records as before).
expect() {
    local name=$1 want=$2 text=$3 same=$4 dir=$tmp/cas-$((passed + failed))
    shift 5
    mkdir "$dir"
    cp "$tmp/base/espace.carnet" "$dir/"
    (cd "$dir" && sha256sum espace.carnet* >avant)
    # The workspace and the date by the environment: a case may give --espace
    # itself (an option is given once).
    (cd "$dir" && CARNET_DB=espace.carnet CARNET_DATE=2026-03-09 "$bin" "$@" \
        </dev/null >sortie 2>erreurs)
    local rc=$? good=1
    [ "$rc" = "$want" ] || { echo "    code $rc, attendu $want"; good=0; }
    [ -z "$text" ] || grep -qF -- "$text" "$dir/erreurs" ||
        { echo "    message sans « $text » :"; sed 's/^/      /' "$dir/erreurs"; good=0; }
    (cd "$dir" && sha256sum espace.carnet* >apres)
    if [ "$same" = octets ]; then
        cmp -s "$dir/avant" "$dir/apres" || { echo "    l'espace de travail a changé"; good=0; }
    else
        [ "$(facts "$tmp/base/espace.carnet")" = "$(facts "$dir/espace.carnet")" ] ||
            { echo "    entrées ou journal changés au-delà du refus"; good=0; }
    fi
    tally "$name" "$good"
}

# fs_expect <name> <lecture-seule|plein> <KiB left> <exit code> <text> <same> -- <carnet arguments...>
# The same, on a small file system of its own (fs-case.sh): read-only or
# full. A refusal must leave the same entries and a workspace that still
# verifies, print nothing on standard output; <same> "octets" also wants it
# byte-identical.
if [ "$(id -u)" -eq 0 ]; then unshare=(unshare -m); else unshare=(unshare -rm); fi
# fs_probe: can this machine give a case a file system of its own? Prints
# nothing when it can, or why not (issue 17, point 9): a plain container
# without CAP_SYS_ADMIN, or a kernel without user namespaces, refuses
# unshare or mount, and the cases then fail saying so, never skipped.
fs_probe() {
    local m=$tmp/sonde out
    mkdir -p "$m"
    if ! out=$("${unshare[@]}" sh -c 'mount -t tmpfs -o size=1m tmpfs "$1" && umount "$1"' \
        sonde "$m" 2>&1); then
        printf '%s\n' "ce cas a besoin d'un système de fichiers à lui : « ${unshare[*]} » puis « mount -t tmpfs » ont été refusés ici (${out:-sans message}) ; il faut être root ou avoir les espaces de noms utilisateur, ce qu'un conteneur ordinaire n'accorde pas (en CI, il tourne)"
    fi
}
fs_why=$(fs_probe)
fs_expect() {
    local name=$1 mode=$2 left=$3 want=$4 text=$5 same=$6 dir=$tmp/cas-$((passed + failed))
    shift 7
    if [ -n "$fs_why" ]; then
        echo "    $fs_why"
        tally "$name" 0
        return
    fi
    mkdir -p "$dir/m"
    cp "$tmp/base/espace.carnet" "$dir/"
    "${unshare[@]}" "$here/fs-case.sh" "$bin" "$dir" "$mode" "$left" "$@" >"$dir/rapport" \
        2>"$dir/erreurs"
    local good=1
    grep -qx "code $want" "$dir/rapport" ||
        { echo "    attendu le code $want :"; sed 's/^/      /' "$dir/rapport" "$dir/erreurs"; good=0; }
    grep -qx "$(facts "$tmp/base/espace.carnet" | head -n 1)" "$dir/rapport" ||
        { echo "    entrées changées"; good=0; }
    grep -qx "espace vérifié" "$dir/rapport" || { echo "    l'espace ne se vérifie plus"; good=0; }
    if [ "$want" = 0 ]; then
        # A check that succeeds says so on standard output.
        grep -qF -- "$text" "$dir/sortie" ||
            { echo "    sortie sans « $text » :"; sed 's/^/      /' "$dir/sortie" "$dir/erreurs"; good=0; }
    else
        grep -qF -- "$text" "$dir/erreurs" ||
            { echo "    message sans « $text » :"; sed 's/^/      /' "$dir/erreurs"; good=0; }
        # Nothing is announced as done (no carnet, no activation code).
        [ ! -s "$dir/sortie" ] || { echo "    sortie non vide :"; sed 's/^/      /' "$dir/sortie"; good=0; }
    fi
    [ "$same" != octets ] || grep -qx "octets identiques" "$dir/rapport" ||
        { echo "    l'espace de travail a changé"; good=0; }
    tally "$name" "$good"
}

A=(--as admin --phrase-fichier "$d/admin")
S=(--as sofia --phrase-fichier "$d/sofia")

# Malformed, truncated, mistyped catalogues.
expect "catalogue vide" 65 "catalogue" octets -- "${A[@]}" offres importer "$d/vide.json"
expect "catalogue tronqué" 65 "JSON invalide" octets -- "${A[@]}" offres importer "$d/tronque.json"
expect "catalogue qui n'est pas du JSON" 65 "JSON invalide" octets -- "${A[@]}" offres importer "$d/pas-json.txt"
expect "catalogue avec un octet nul" 65 "octet nul" octets -- "${A[@]}" offres importer "$d/nul.json"
expect "catalogue en UTF-8 invalide" 65 "services[0].nom" octets -- "${A[@]}" offres importer "$d/utf8.json"
expect "catalogue mal typé" 65 "services : liste attendue" octets -- "${A[@]}" offres importer "$d/types.json"
expect "thématique inconnue" 65 "services[0].thematiques[0]" octets -- "${A[@]}" offres importer "$d/enum.json"
expect "nom de service trop long" 65 "services[0].nom" octets -- "${A[@]}" offres importer "$d/long.json"
# Flows.
expect "flux vide" 65 "flux" octets -- "${S[@]}" flux importer --type caf "$d/vide.json"
expect "flux tronqué" 65 "JSON invalide" octets -- "${S[@]}" flux importer --type caf "$d/tronque.json"
expect "flux mal typé" 65 "InfosFoyerRSA" octets -- "${S[@]}" flux importer --type caf "$d/caf-types.json"
expect "flux avec une date impossible" 65 "refusé" octets -- "${S[@]}" flux importer --type caf "$d/caf-date.json"
expect "flux avec un octet nul" 65 "octet nul" octets -- "${S[@]}" flux importer --type france_travail "$d/nul.json"
expect "type de flux inconnu" 64 "--type" octets -- "${S[@]}" flux importer --type msa "$d/vide.json"
# Rules, exports, scenarios, identities, entries.
expect "règles : valeur inconnue" 65 "regles[0].sections.sante" octets -- "${A[@]}" regles installer "$d/regles-enum.json"
expect "règles tronquées" 65 "JSON invalide" octets -- "${A[@]}" regles installer "$d/tronque.json"
expect "export mal typé" 65 "schema_version" octets -- "${S[@]}" importer --sans-personne "$d/export-types.json"
expect "export qui n'est pas du JSON" 65 "JSON invalide" octets -- "${S[@]}" importer --sans-personne "$d/pas-json.txt"
expect "scénario mal typé" 65 "racine" octets -- scenario verifier "$d/scenario-types.json"
expect "scénario avec un octet nul" 65 "octet nul" octets -- scenario verifier "$d/nul.json"
expect "identité : date impossible" 65 "date_naissance" octets -- --as claire --phrase-fichier "$d/claire" creer --identite "$d/identite-date.json" --sans-personne
expect "identité : le NIR est refusé" 65 "nir" octets -- --as claire --phrase-fichier "$d/claire" creer --identite "$d/identite-nir.json" --sans-personne
expect "entrée mal typée" 65 "commentaire" journal -- "${S[@]}" ecrire "$P" plan.axe "$d/axe-types.json"
expect "entrée qui n'est pas du JSON" 65 "JSON" octets -- "${S[@]}" ecrire "$P" plan.axe "$d/pas-json.txt"
expect "type d'entrée inconnu" 65 "type" octets -- "${S[@]}" ecrire "$P" plan.inconnu "$d/axe-types.json"
expect "entrée avec un octet nul" 65 "octet nul" octets -- "${S[@]}" ecrire "$P" plan.axe "$d/nul.json"
# Options.
expect "date impossible" 65 "champ « date »" journal -- "${S[@]}" suivi rdv --date 2026-02-30 --avec sofia "$P"
expect "mois 13" 65 "champ « date »" journal -- "${S[@]}" suivi rdv --date 2026-13-01 --avec sofia "$P"
expect "heure impossible" 65 "heure" journal -- "${S[@]}" suivi rdv --date 2026-03-10 --heure 25:00 --avec sofia "$P"
expect "statut inconnu" 65 "statut" journal -- "${S[@]}" suivi rdv --date 2026-03-10 --avec sofia --statut peut-etre "$P"
expect "type de structure inconnu" 64 "--type" octets -- "${A[@]}" structure creer --nom Cirque --type cirque cirque
expect "prénom trop long" 65 "prenom" octets -- --as claire --phrase-fichier "$d/claire" creer --prenom "$long" --nom Martin --naissance 1990-04-12 --sans-personne
expect "prénom en UTF-8 invalide" 65 "prenom" octets -- --as claire --phrase-fichier "$d/claire" creer --prenom $'\xff\xfe' --nom Martin --naissance 1990-04-12 --sans-personne
expect "métacaractères SQL dans un identifiant" 65 "identifiant" octets -- --as admin --phrase-fichier "$d/admin-x" structure creer --nom X --type ccas "x'; DROP TABLE carnet;--"
expect "objectif inexistant" 65 "objectif" journal -- "${S[@]}" plan action --objectif 999 --libre --libelle X --debut 2026-03-10 "$P"
# Dates that make no sense (issue 18, point 4): a rendez-vous or a point
# d'étape before the carnet was opened (2026-03-02).
expect "rendez-vous avant l'ouverture du carnet" 65 "le 2025-07-20 précède l'ouverture du carnet, le 2026-03-02" journal -- "${S[@]}" suivi rdv --date 2025-07-20 --avec sofia "$P"
expect "point d'étape avant l'ouverture du carnet" 65 "précède l'ouverture du carnet" journal -- "${S[@]}" suivi point --date 2026-03-01 --resume "Entretien" "$P"
# Who acts.
expect "mauvaise phrase de passe" 77 "déverrouillage" octets -- --as sofia --phrase-fichier "$d/faux" lire "$P"
expect "phrase de passe absente du fichier" 66 "phrase" octets -- --as sofia --phrase-fichier "$d/phrase-vide" lire "$P"
expect "descripteur de phrase absent" 66 "phrase" octets -- --as sofia --phrase-fd 99 lire "$P"
expect "descripteur de phrase invalide" 64 "--phrase-fd" octets -- --as sofia --phrase-fd trois lire "$P"
expect "acteur inconnu" 65 "zorro" octets -- --as zorro --phrase-fichier "$d/sofia" lire "$P"
expect "carnet inconnu" 65 "p-zzzzzzzz" octets -- "${S[@]}" lire p-zzzzzzzz
# Files.
expect "fichier absent" 66 "absent.json" octets -- "${S[@]}" flux importer --type caf absent.json
expect "espace de travail absent" 66 "absent.carnet" octets -- --espace absent.carnet liste
expect "espace de travail tronqué" 65 "tronque.carnet" octets -- --espace "$d/tronque.carnet" liste
expect "fichier qui n'est pas un espace" 65 "aleatoire.carnet" octets -- --espace "$d/aleatoire.carnet" liste
expect "fichier illisible (un répertoire)" 66 "$d" octets -- "${S[@]}" flux importer --type caf "$d"
# Read-only and full file systems: nothing committed is lost.
fs_expect "espace sur un système en lecture seule" lecture-seule 0 74 "lecture seule" octets -- "${S[@]}" lire "$P"
# A read-only workspace can still be verified (issue 17, point 5); a read,
# which must be journaled, is refused and the message says why (above).
fs_expect "espace verifier en lecture seule" lecture-seule 0 0 "espace de travail intègre" octets -- espace verifier
fs_expect "journal verifier en lecture seule" lecture-seule 0 0 "intègre" octets -- journal verifier "$P"
fs_expect "espace info en lecture seule" lecture-seule 0 0 "Espace de travail" octets -- espace info
fs_expect "écriture sur un système en lecture seule" lecture-seule 0 74 "lecture seule" octets -- "${S[@]}" suivi point --date 2026-03-09 --resume "Entretien" "$P"
fs_expect "disque plein à l'ouverture" plein 0 74 "disque plein" journal -- "${S[@]}" suivi point --date 2026-03-09 --resume "Entretien" "$P"
fs_expect "disque plein à la validation" plein 32 74 "disque plein" journal -- "${S[@]}" suivi point --date 2026-03-09 --resume "Entretien" "$P"
fs_expect "import de flux sur un disque plein" plein 32 74 "disque plein" journal -- "${S[@]}" flux importer --type caf "$root/fixtures/flows/caf-demo.json"
# Where unshare is refused, the reason is given (the probe itself, with an
# unshare that fails as it does in a plain container).
mkdir "$tmp/faux-unshare"
printf '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n' \
    >"$tmp/faux-unshare/unshare"
chmod +x "$tmp/faux-unshare/unshare"
sans_droits() {
    local why
    why=$(PATH=$tmp/faux-unshare:$PATH fs_probe)
    [[ $why == *"Operation not permitted"* && $why == *"root ou avoir les espaces de noms"* ]]
}
check "sans unshare : le cas dit pourquoi il ne peut pas tourner" sans_droits
# SQL metacharacters in searches are only text.
expect "métacaractères SQL dans une recherche" 0 "" octets -- offres chercher "'; DROP TABLE offre;--"
expect "joker SQL dans une recherche" 0 "" octets -- referentiel chercher "%' OR 1=1 --"
# Duplicate keys in each JSON input (issue 17, point 1).
expect "entrée : clé en double" 65 "clé « theme » en double à la racine" octets -- "${S[@]}" ecrire "$P" plan.axe "$d/double-entree.json"
expect "identité : clé en double" 65 "clé « prenom » en double" octets -- --as claire --phrase-fichier "$d/claire" creer --identite "$d/double-identite.json" --sans-personne
expect "flux : clé en double" 65 "clé « PRENOM » en double dans « InfosFoyerRSA[0].Personne[0].Identification »" octets -- "${S[@]}" flux importer --type caf "$d/double-flux.json"
expect "export : clé en double" 65 "clé « schema_version » en double" octets -- "${S[@]}" importer --sans-personne "$d/double-export.json"
expect "scénario : clé en double" 65 "clé « titre » en double" octets -- scenario verifier "$d/double-scenario.json"
expect "règles : clé en double" 65 "clé « sections » en double dans « regles[0] »" octets -- "${A[@]}" regles installer "$d/double-regles.json"
expect "catalogue : clé en double" 65 "clé « nom » en double dans « services[0] »" octets -- "${A[@]}" offres importer "$d/double-catalogue.json"
expect "modifier : clé en double dans une valeur" 65 "clé « a » en double" octets -- "${S[@]}" modifier "$P" 1 'adresse={"a": 1, "a": 2}'
# \u0000 in a string (issue 17, point 2).
expect "identité : \\u0000 dans le prénom" 65 "champ « prenom » : caractère nul (\\u0000) refusé" octets -- --as claire --phrase-fichier "$d/claire" creer --identite "$d/nul-identite.json" --sans-personne
expect "entrée : \\u0000 dans un texte" 65 "champ « commentaire » : caractère nul" octets -- "${S[@]}" ecrire "$P" plan.axe "$d/nul-entree.json"
expect "flux : \\u0000 dans un texte" 65 "champ « InfosFoyerRSA[0].Personne[0].Identification.PRENOM » : caractère nul" octets -- "${S[@]}" flux importer --type caf "$d/nul-flux.json"
expect "export : \\u0000 dans un texte" 65 "champ « espace » : caractère nul" octets -- "${S[@]}" importer --sans-personne "$d/nul-export.json"
expect "scénario : \\u0000 dans une clé" 65 "caractère nul (\\u0000) refusé dans une clé à la racine" octets -- scenario verifier "$d/nul-scenario.json"
expect "règles : \\u0000 dans un texte" 65 "champ « nom » : caractère nul" octets -- "${A[@]}" regles installer "$d/nul-regles.json"
expect "modifier : \\u0000 dans une valeur" 65 "champ « prenom » : caractère nul" octets -- "${S[@]}" modifier "$P" 1 'prenom="Ma\u0000rie"'
# A mistyped field, a document nested too deep (issue 17, point 6).
expect "flux : date de naissance en nombre" 65 "le champ « Identification.DTNAI » doit être une chaîne de caractères, pas un nombre" octets -- "${S[@]}" flux importer --type caf "$d/type-flux.json"
expect "flux : identifiant en nombre" 65 "le champ « identifiant_unique_de » doit être une chaîne de caractères, pas un nombre" octets -- "${S[@]}" flux importer --type france_travail "$d/type-ft.json"
expect "entrée trop imbriquée" 65 "JSON trop imbriqué : plus de 1000 niveaux" octets -- "${S[@]}" ecrire "$P" plan.axe "$d/profond.json"
expect "flux trop imbriqué" 65 "JSON trop imbriqué : plus de 1000 niveaux" octets -- "${S[@]}" flux importer --type caf "$d/profond.json"
# A single-valued option given twice (issue 17, point 3): the last one
# no longer wins, even for the actor.
expect "--as deux fois" 64 "l'option --as ne se donne qu'une fois" octets -- --as sofia --as claire --phrase-fichier "$d/claire" lire "$P"
expect "--as avant et après la commande" 64 "l'option --as ne se donne qu'une fois" octets -- --as claire lire --as sofia --phrase-fichier "$d/sofia" "$P"
expect "--sections deux fois" 64 "l'option --sections ne se donne qu'une fois" octets -- "${S[@]}" lire --sections plan --sections toutes "$P"
expect "--phrase-fichier deux fois" 64 "l'option --phrase-fichier ne se donne qu'une fois" octets -- --as sofia --phrase-fichier "$d/sofia" lire --phrase-fichier "$d/faux" "$P"
expect "option d'entrée deux fois" 64 "l'option --commentaire ne se donne qu'une fois" octets -- "${S[@]}" diagnostic pro --commentaire A --commentaire B "$P"
expect "--color deux fois" 64 "l'option --color ne se donne qu'une fois" octets -- --color=never --color=always version
# A new passphrase's prompt names the actor being created (issue 17,
# point 8); with --phrase-fichier, the message of a missing line shows it.
expect "invite : la structure nommée" 66 "Nouvelle phrase de passe pour la structure « cd60 »" octets -- "${A[@]}" structure creer --nom X --type ccas cd60
expect "invite : le professionnel nommé" 66 "Nouvelle phrase de passe pour le professionnel « lea »" octets -- --as cd59 --phrase-fichier "$d/cd59" pro creer --role referent lea

# An empty file or another application's database is never made a
# workspace, except by `espace creer` for an empty file (issue 17, point 4).
vide="le fichier est vide, ce n'est pas un espace de travail carnet (pour en créer un : carnet espace creer)"
autre="le fichier n'est pas un espace de travail carnet (base de données d'une autre application)"
expect "espace vide : liste" 65 "$vide" octets -- --espace "$d/vide.carnet" liste
expect "espace vide : espace verifier" 65 "$vide" octets -- --espace "$d/vide.carnet" espace verifier
expect "espace vide : lire" 65 "$vide" octets -- --espace "$d/vide.carnet" --as sofia --phrase-fichier "$d/sofia" lire "$P"
expect "autre base : espace verifier" 65 "$autre" octets -- --espace "$d/autre.sqlite" espace verifier
expect "autre base : espace info" 65 "$autre" octets -- --espace "$d/autre.sqlite" espace info
expect "autre base : import de flux" 65 "$autre" octets -- --espace "$d/autre.sqlite" "${S[@]}" flux importer --type caf "$root/fixtures/flows/caf-demo.json"
expect "autre base : espace creer" 65 "$autre" octets -- --espace "$d/autre.sqlite" --phrase-fichier "$d/admin" espace creer --territoire T --departement 59 --kdf fast

# The damaged files themselves were not touched, and nothing was created.
intact() {
    [ ! -e "$tmp/cas-41/absent.carnet" ] &&
        cmp -s "$d/tronque.carnet" <(head -c 1000 "$tmp/base/espace.carnet") &&
        sha256sum -c --quiet "$tmp/etrangers.avant" &&
        [ ! -e "$d/vide.carnet-wal" ] && [ ! -e "$d/autre.sqlite-wal" ] &&
        [ "$(sqlite3 "$d/autre.sqlite" 'SELECT texte FROM notes')" = "à garder" ]
}
check "fichiers endommagés, vides ou étrangers intacts, rien de créé" intact

summary
