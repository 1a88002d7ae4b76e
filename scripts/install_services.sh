#!/usr/bin/env bash
# Installs Debian's PostgreSQL and Redis servers for the scaled profile (make run-scaled, its tests,
# make load), when missing. The project runs its own clusters under var/; the packages' default
# services are not used.
set -euo pipefail
missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installiert: ${missing[*]}"
