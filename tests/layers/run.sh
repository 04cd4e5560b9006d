#!/usr/bin/env bash
# tests/layers/run.sh - the layer rule of make lint bites: on a copy of
# core/src, each kind of violation is planted and tools/lint-layers.sh must
# name it; the copy as it is must pass.
# Prints "layers: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh" layers
cd "$root" || exit 1

copy=$tmp/src
cp -R core/src "$copy"
tools/lint-layers.sh "$copy" >"$tmp/clean.out" 2>&1
clean=$?
[ "$clean" -eq 0 ] || cat "$tmp/clean.out"
tally "core/src tel quel respecte ses couches" "$([ "$clean" -eq 0 ] && echo 1)"

# Plant one violation of each kind.
printf '%s\n' 'static void up(void) { (void)carnet__entry_write(NULL, NULL, NULL, NULL, NULL); }' \
    >>"$copy/directory/directory.c"
printf '%s\n' 'static void across(void) { (void)carnet__grant_load(NULL, NULL, 0, NULL); }' \
    >>"$copy/records/audit.c"
sed -i 's|#include "records/records.h"|#include "records/records.h"\n#include "keys/keyring.h"|' \
    "$copy/records/epochs.c"
printf '%s\n' 'static const char *q = "SELECT id FROM carnet";' >>"$copy/actions/member.c"
printf '%s\n' '#include <sqlite3.h>' >>"$copy/views/stats.c"
printf '%s\n' 'int stray(void);' >"$copy/stray.c"
printf '%s\n' 'int unlisted(void) { return 0; }' >"$copy/records/unlisted.c"

tools/lint-layers.sh "$copy" >"$tmp/bad.out" 2>&1
rc=$?
named() {
    grep -qF -- "$1" "$tmp/bad.out" || {
        echo "attendu : $1"
        return 1
    }
}
tally "la règle échoue sur les violations" "$([ "$rc" -ne 0 ] && echo 1)"
check "appel vers une couche au-dessus" named "directory.c appelle carnet__entry_write"
check "appel vers un fichier plus haut de la même couche" named "audit.c appelle carnet__grant_load"
check "inclusion d'une couche au-dessus" named "epochs.c inclut \"keys/keyring.h\""
check "SQL hors de store/" named "member.c contient du SQL hors de store/"
check "SQLite hors de store/" named "stats.c utilise SQLite hors de store/"
check "fichier hors de toute couche" named "stray.c est hors de toute couche"
check "fichier d'aucune couche" named "unlisted.c n'est dans aucune couche"

# The header rule (tools/lint-headers.sh) on its own copy: a public function
# defined in a file not named after its header, and two files of one name
# (in two layers of core/src, or in core/src and crypto/src: one archive).
hcopy=$tmp/hsrc
cp -R core/src "$hcopy"
cp -R core/include/carnet "$tmp/hinc"
cp -R crypto/src "$tmp/csrc"
others="base/src $tmp/csrc scenario/src"
# shellcheck disable=SC2086
tools/lint-headers.sh "$tmp/hinc" "$hcopy" $others >"$tmp/hclean.out" 2>&1
hclean=$?
[ "$hclean" -eq 0 ] || cat "$tmp/hclean.out"
tally "chaque en-tête public est défini dans ses fichiers" "$([ "$hclean" -eq 0 ] && echo 1)"
printf '%s\n' 'CARNET_API int carnet_stray_verb(void);' >>"$tmp/hinc/member.h"
printf '%s\n' 'int' 'carnet_stray_verb(void)' '{' '    return 0;' '}' >>"$hcopy/actions/orientation.c"
cp "$hcopy/records/audit.c" "$hcopy/views/audit.c"
cp "$tmp/csrc/audit_chain.c" "$tmp/csrc/grants.c"
# shellcheck disable=SC2086
tools/lint-headers.sh "$tmp/hinc" "$hcopy" $others >"$tmp/bad.out" 2>&1
rc=$?
tally "la règle des en-têtes échoue sur les violations" "$([ "$rc" -ne 0 ] && echo 1)"
check "fonction publique hors des fichiers de son en-tête" named \
    "member.h déclare carnet_stray_verb, défini dans $hcopy/actions/orientation.c"
check "deux fichiers du même nom" named "deux fichiers s'appellent audit.c"
check "deux fichiers du même nom dans core/src et crypto/src" named \
    "deux fichiers s'appellent grants.c"

summary
