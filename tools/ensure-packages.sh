#!/usr/bin/env bash
# tools/ensure-packages.sh <program> <package>…: installs the Debian packages when <program> is not on the PATH and this
# runs as root, quietly; does nothing when it is there. <program> may be a file's path instead (a font, which has no
# program). Without root or apt-get it names the packages and fails.
set -euo pipefail
program=$1
shift
if command -v "$program" >/dev/null || { [[ "$program" == /* ]] && [ -e "$program" ]; }; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "$program not found: install the packages $*." >&2
    exit 2
fi
echo "$program not found: installing $*…" >&2
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
