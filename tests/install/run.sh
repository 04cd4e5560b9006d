#!/usr/bin/env bash
# run.sh - make install and the installed library as another program sees it.
#
# A staged install (DESTDIR, PREFIX=/usr) holds exactly the expected files,
# modes and links, and make uninstall removes them all. An install under a
# temporary PREFIX is then used like a system one: tests/install/extern.c is
# compiled with `pkg-config --cflags --libs carnet` (and once statically with
# --static), run, and libcarnet.so is checked: its soname, and a dynamic
# symbol table that holds every function of the installed headers and nothing
# else (no carnet__ helper, no sc_ function of the scenario engine).
# SPDX-License-Identifier: MIT
#
# usage: MAKE=make CC=cc tests/install/run.sh
# Ends with "install: N passed, N failed".
set -u

. "$(dirname "$0")/../lib.sh" install
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
stage=$tmp/stage
prefix=$tmp/prefix
version=$(sed -n 's/.*define CARNET_VERSION "\(.*\)".*/\1/p' "$root/core/include/carnet/carnet.h")
major=${version%%.*}
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR LD_LIBRARY_PATH

# shellcheck disable=SC2086 # $MAKE may carry arguments
mk() {
    $MAKE -C "$root" --no-print-directory "$@" >"$tmp/make.log" 2>&1 || {
        cat "$tmp/make.log"
        return 1
    }
}

# Every file and link under $1, with its mode or its target, sorted.
tree() {
    (cd "$1" && find . \( -type f -printf '%m %p\n' \) -o \( -type l -printf '%p -> %l\n' \)) |
        LC_ALL=C sort
}

# What make install must write under a prefix: the program, both libraries
# and the links of the shared one, every public header, each pkg-config file
# (one per <dir>/*.pc.in of the tree), the manual page, the bash completion.
expected() {
    {
        echo "755 ./bin/carnet"
        echo "644 ./lib/libcarnet.a"
        echo "644 ./lib/libcarnet-scenario.a"
        echo "644 ./lib/libcarnet.so.$version"
        echo "./lib/libcarnet.so.$major -> libcarnet.so.$version"
        echo "./lib/libcarnet.so -> libcarnet.so.$major"
        for h in "$root"/*/include/carnet/*.h; do
            echo "644 ./include/carnet/${h##*/}"
        done
        for pc in "$root"/*/*.pc.in; do
            pc=${pc##*/}
            echo "644 ./lib/pkgconfig/${pc%.in}"
        done
        echo "644 ./share/man/man1/carnet.1"
        echo "644 ./share/bash-completion/completions/carnet"
    } | LC_ALL=C sort
}

same_files() {
    expected >"$tmp/expected"
    tree "$stage/usr" >"$tmp/installed"
    diff -u "$tmp/expected" "$tmp/installed"
}

same_content() {
    for h in "$root"/*/include/carnet/*.h; do
        cmp "$h" "$stage/usr/include/carnet/${h##*/}" || return 1
    done
    cmp "$root/cli/carnet.1" "$stage/usr/share/man/man1/carnet.1" &&
        "$stage/usr/bin/carnet" completion bash |
        cmp - "$stage/usr/share/bash-completion/completions/carnet"
}

staged_pc() {
    pc=$stage/usr/lib/pkgconfig/carnet.pc
    grep -qx 'prefix=/usr' "$pc" && grep -qx 'libdir=${prefix}/lib' "$pc" &&
        grep -qx 'includedir=${prefix}/include' "$pc" && grep -qx "Version: $version" "$pc" &&
        grep -qx 'Requires.private: sqlite3 libsodium libcjson' "$pc"
}

nothing_left() {
    left=$(cd "$stage" && find . ! -type d)
    [ -z "$left" ] || {
        echo "$left"
        return 1
    }
}

# ------------------------------------------------------------ staged install

check "make install DESTDIR=… PREFIX=/usr" mk install DESTDIR="$stage" PREFIX=/usr
check "fichiers, modes et liens installés" same_files
check "en-têtes, page de manuel et complétion bash identiques" same_content
check "carnet.pc : préfixe /usr, version $version, dépendances privées" staged_pc
check "make uninstall ne laisse aucun fichier" mk uninstall DESTDIR="$stage" PREFIX=/usr
check "plus rien sous DESTDIR" nothing_left

# ------------------------------------------- an install used by a program

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
lib=$prefix/lib/libcarnet.so.$version
check "make install PREFIX=<temporaire>" mk install PREFIX="$prefix"

pc_version() {
    [ "$($PKG_CONFIG --modversion carnet)" = "$version" ]
}
check "pkg-config --modversion carnet : $version" pc_version

# cc_extern <output> <flags...>: extern.c with those flags; the first
# lines of the compiler's messages on failure.
cc_extern() {
    out=$1
    shift
    $CC -std=c11 -Wall -Wextra -pedantic -Werror -o "$tmp/$out" "$root/tests/install/extern.c" \
        "$@" >"$tmp/cc.log" 2>&1 || {
        head -n 5 "$tmp/cc.log"
        return 1
    }
}

compile() {
    # shellcheck disable=SC2046 # pkg-config prints several words
    cc_extern extern $($PKG_CONFIG --cflags --libs carnet)
}
check "un programme externe compile avec pkg-config --cflags --libs carnet" compile

expected_out() {
    printf 'carnet %s\nespace Nord (59), administrateur admin, 0 carnet(s)\nvérification : ok\n' \
        "$version"
}

runs() {
    expected_out >"$tmp/extern.expected"
    rm -f "$tmp/$1.carnet"
    LD_LIBRARY_PATH=$prefix/lib "$tmp/$1" "$tmp/$1.carnet" >"$tmp/$1.out" &&
        diff -u "$tmp/extern.expected" "$tmp/$1.out"
}
check "il crée, décrit et vérifie un espace de travail" runs extern

needs_soname() {
    readelf -d "$tmp/extern" | grep -q "(NEEDED).*\[libcarnet\.so\.$major\]"
}
check "il dépend de libcarnet.so.$major (le soname)" needs_soname

loads_installed() {
    LD_TRACE_LOADED_OBJECTS=1 LD_LIBRARY_PATH=$prefix/lib "$tmp/extern" |
        grep -q "libcarnet\.so\.$major => $prefix/lib/libcarnet\.so\.$major "
}
check "il charge la bibliothèque installée" loads_installed

soname() {
    readelf -d "$lib" | grep -q "(SONAME).*\[libcarnet\.so\.$major\]"
}
check "soname de libcarnet.so.$version : libcarnet.so.$major" soname

# list <what> <file>: the first names of a list and how many there are; fails.
list() {
    echo "$(wc -l <"$2") symboles $1 : $(head -n 8 "$2" | tr '\n' ' ')…"
    return 1
}

exported() {
    nm -D --defined-only "$lib" | awk '{ print $NF }' | LC_ALL=C sort -u
}

only_api() {
    exported | grep -v '^carnet_[a-z0-9][a-z0-9_]*$' >"$tmp/bad"
    [ ! -s "$tmp/bad" ] || list "hors API" "$tmp/bad"
}
check "nm -D : seulement des carnet_* (aucun carnet__*, sc_* ni autre)" only_api

# The functions declared by the installed headers, from the preprocessor.
# scenario.h is not libcarnet's: its engine becomes libcarnet-scenario
# (issue 14), so its declarations are not expected in libcarnet.so.
declared() {
    for h in "$prefix"/include/carnet/*.h; do
        [ "${h##*/}" = scenario.h ] || echo "#include <carnet/${h##*/}>"
    done >"$tmp/all.c"
    # shellcheck disable=SC2046
    $CC -E -P -DCARNET_SCENARIO_H $($PKG_CONFIG --cflags carnet) "$tmp/all.c" |
        grep -oE '\bcarnet_[a-z0-9_]+[[:space:]]*\(' | sed 's/[[:space:]]*($//' | LC_ALL=C sort -u
}

every_declared_exported() {
    declared >"$tmp/declared" && exported >"$tmp/exported" && [ -s "$tmp/declared" ] || return 1
    LC_ALL=C comm -23 "$tmp/declared" "$tmp/exported" >"$tmp/missing"
    [ ! -s "$tmp/missing" ] || list "déclarés, non exportés" "$tmp/missing"
}
check "chaque fonction des en-têtes installés est exportée" every_declared_exported

every_exported_declared() {
    LC_ALL=C comm -13 "$tmp/declared" "$tmp/exported" >"$tmp/extra"
    [ ! -s "$tmp/extra" ] || list "exportés, non déclarés" "$tmp/extra"
}
check "chaque fonction exportée est déclarée dans un en-tête installé" every_exported_declared

compile_static() {
    # shellcheck disable=SC2046
    cc_extern extern-static $($PKG_CONFIG --cflags carnet) \
        $($PKG_CONFIG --static --libs carnet | sed 's/-lcarnet\b/-l:libcarnet.a/') &&
        ! readelf -d "$tmp/extern-static" | grep -q 'libcarnet'
}
check "lié à libcarnet.a avec pkg-config --static --libs carnet" compile_static
check "la version statique fait de même" runs extern-static

summary
