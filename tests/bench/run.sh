#!/usr/bin/env bash
# run.sh - a smoke run of the benchmark (N=5): it completes, prints its
# table and writes a JSON file with every ratio and its inputs. Never a
# timing assertion: only that the figures exist and are sane.
# Ends with "bench-smoke: N passed, N failed".
# SPDX-License-Identifier: MIT
#
# usage: tests/bench/run.sh <build/bench directory>
set -u

. "$(dirname "$0")/../lib.sh" bench-smoke
dir=${1:-build/bench}
cp "$dir/bench-plain" "$dir/bench-sqlcipher" "$tmp/" || exit 1
json=$tmp/results.json

check "le banc d'essai tourne (N=5)" \
    sh -c '"$1" --n 5 --dir "$2" --out "$3" >"$2/table.txt" 2>"$2/err.txt"' sh "$dir/bench" "$tmp" "$json"
check "le tableau nomme chaque figure" grep -q 'import carnet / (plain + crypto floor)' "$tmp/table.txt"

ratio_ok() { # a ratio is present, positive, with both inputs
    grep -F "{\"name\": \"$1\"" "$json" |
        grep -Eq '"value": [0-9.e+-]+, "numerator": [0-9.e+-]+, .*"denominator": [0-9.e+-]+' &&
        ! grep -F "{\"name\": \"$1\"" "$json" | grep -Eq '"(value|numerator|denominator)": (0,|-)'
}
for r in 'import carnet / plain' 'import carnet / sqlcipher' \
    'import carnet / (plain + crypto floor)' 'open p99 / its floor' \
    'audit verify / ed25519 floor' 'memory 5N / N' 'cost per carnet 5N / N' \
    'bytes per carnet carnet / plain' 'portfolio / its floor' 'revocation p50 / its floor' \
    'change of référent p50 / its floor' 'state: one more head / (plain upsert + floor)' \
    'state: one more head, large / small' 'state: check one head / (plain select + floor)' \
    'state: bytes per head / plain'; do
    check "ratio « $r »" ratio_ok "$r"
done

calls() { # calls of one primitive during the import
    grep -F "{\"name\": \"$1\"" "$json" | sed 's/.*"calls": \([0-9]*\).*/\1/'
}
for p in aead_encrypt ed25519_sign ed25519_verify blake2b box_seal argon2id; do
    check "primitive $p comptée" test "$(calls "$p")" -gt 0
done
# The plain stores write the same entries as carnet: 5 persons, 60 each.
check "mêmes entrées (carnet, plain, sqlcipher)" \
    test "$(grep -o '"entry": [0-9]*' "$json" | head -3 | sort -u)" = '"entry": 300'
# A second open of a carnet in the same handle verifies only the records
# added since the first: none, the first open's journal records being the
# handle's own (adopted); the first verified the whole chain.
reopen() { # a field of the "reopen" object
    grep -F '"reopen":' "$json" | sed "s/.*\"$1\": \([0-9]*\).*/\1/"
}
check "la première ouverture vérifie toute la chaîne" \
    test "$(reopen first_history)" -ge "$(reopen chain_records)" -a "$(reopen chain_records)" -gt 0
check "la deuxième ouverture vérifie moins que la première" \
    test "$(reopen second_history)" -lt "$(reopen first_history)"
check "la deuxième ouverture ne vérifie aucun enregistrement du carnet" \
    test "$(reopen second_history)" -eq 0
# The référent's next session, her memory attached, checks no signature of
# what her first session verified (issue 15: a head verified before).
check "session suivante avec sa mémoire : aucune signature vérifiée à nouveau" \
    test "$(reopen session_history)" -eq 0
# The actor's memory (figure 9): 1,000 carnet heads at N = 5, then 20
# single-head updates; the file exists, holds them all and stays small.
state() { # a field of the "state" object
    grep -F '"state":' "$json" | sed "s/.*\"$1\": \([0-9]*\).*/\1/"
}
check "mémoire locale : 1 000 têtes puis 20 mises à jour" \
    test "$(state heads)" -eq 1000 -a "$(state samples)" -eq 20 -a "$(state rows)" -eq 1020
check "mémoire locale : même nombre de lignes que la table de référence" \
    test "$(state plain_rows)" -eq "$(state rows)"
check "mémoire locale : fichier écrit, moins de 400 octets par tête" \
    test "$(state bytes)" -gt 0 -a "$(state bytes)" -lt $((400 * $(state rows)))
check "mémoire locale : répertoire de mesure supprimé" test ! -e "$tmp/etat-bench"
summary
