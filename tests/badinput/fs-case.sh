#!/usr/bin/env bash
# fs-case.sh - one bad-input case on a small file system of its own: run by
# tests/badinput/run.sh inside a private mount namespace (unshare -m, or
# unshare -rm when not root), so the mount disappears with it.
# SPDX-License-Identifier: MIT
#
# usage: fs-case.sh <carnet> <case directory> <lecture-seule|plein> <KiB left> <arguments...>
# The case directory holds espace.carnet (a copy of the base workspace). A
# 2 MiB tmpfs is mounted on <case directory>/m and the workspace copied
# there; "lecture-seule" remounts it read-only, "plein" fills it until only
# <KiB left> remain. The command runs there (its standard output goes to
# <case directory>/sortie), then the file system is made
# whole again and the report says: the exit code, whether the workspace is
# byte-identical, its entry count and whether `espace verifier` passes.
set -u
bin=$1
dir=$2
mode=$3
left=$4
shift 4
m=$dir/m
mount -t tmpfs -o size=2m,mode=0700 tmpfs "$m" || exit 71
cp "$dir/espace.carnet" "$m/"
avant=$(sha256sum <"$m/espace.carnet")
case $mode in
lecture-seule) mount -o remount,ro "$m" || exit 71 ;;
plein)
    dd if=/dev/zero of="$m/remplissage" bs=4k 2>/dev/null
    truncate -s "-${left}k" "$m/remplissage"
    ;;
esac
(cd "$m" && "$bin" --espace espace.carnet --date 2026-03-09 "$@" </dev/null >"$dir/sortie")
echo "code $?"
case $mode in
lecture-seule) mount -o remount,rw "$m" ;;
plein) rm -f "$m/remplissage" ;;
esac
[ "$(sha256sum <"$m/espace.carnet")" = "$avant" ] && echo "octets identiques"
"$bin" --espace "$m/espace.carnet" --json espace info 2>&1 | grep -o '"entrees":[0-9]*'
"$bin" --espace "$m/espace.carnet" espace verifier >/dev/null 2>&1 && echo "espace vérifié"
umount "$m"
