#!/usr/bin/env bash
# Installs the Debian packages named as arguments with apt-get (as root, or through sudo),
# after refreshing the package lists; nothing when none are named. The project's scripts
# decide what is missing and call this, so every install is done one way.
set -euo pipefail
[ $# -gt 0 ] || exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "$(basename "${0%.sh}"): installing $* with apt-get"
# An install cut short (a killed test run) leaves dpkg needing this before any other.
$SUDO dpkg --configure -a
$SUDO apt-get update -qq -o DPkg::Lock::Timeout=600
# Waits for the package lock rather than failing: the test script's Docker test may install
# while another script does.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@" >/dev/null
