#!/bin/sh
# deps.sh - make sure the Debian packages a make target needs are installed.
#
# usage: tools/deps.sh <group>...
# Groups: build test lint valgrind fuzz bench browser.
# As root, missing packages are installed with apt-get (after apt-get update);
# otherwise the exact command to run is printed and the script fails.
set -eu

pkgs_for() {
    case "$1" in
    build) echo "gcc make pkg-config libsqlite3-dev libsodium-dev libcjson-dev" ;;
    test) echo "libcmocka-dev mandoc expect sqlite3" ;;
    lint) echo "clang-format clang-tidy cppcheck mandoc" ;;
    valgrind) echo "valgrind" ;;
    fuzz) echo "clang libclang-rt-14-dev" ;;
    bench) echo "libsqlcipher-dev" ;;
    browser) echo "chromium graphviz fonts-dejavu-core" ;;
    *) echo "tools/deps.sh: groupe inconnu '$1'" >&2; exit 64 ;;
    esac
}

want=""
for group in "$@"; do
    want="$want $(pkgs_for "$group")"
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "carnet: dpkg-query est absent ; installez à la main :$want" >&2
    exit 0
fi

missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "carnet: installation des paquets manquants :$missing" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "carnet: paquets Debian manquants :$missing" >&2
    echo "carnet: lancez : sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
