#!/usr/bin/env bash
# Installs the Debian packages pioneer-eval needs beyond JDK 17 and Maven, only those missing:
#   report     chromium (renders the report's PDF; the report's browser test)
#   notebooks  jupyter-notebook, jupyter-nbconvert, python3-ipykernel, jupyter-client (result notebooks)
# Usage: scripts/setup-machine.sh [report] [notebooks]   (no argument: all)
# Idempotent and quiet when everything is present; uses sudo when not run as root.
set -euo pipefail

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(report notebooks)

packages=()
for group in "${want[@]}"; do
  case "$group" in
    report) command -v chromium >/dev/null 2>&1 || packages+=(chromium) ;;
    notebooks)
      command -v jupyter >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1 \
        && jupyter kernelspec --version >/dev/null 2>&1 \
        || packages+=(jupyter-notebook jupyter-nbconvert python3-ipykernel jupyter-client) ;;
    *) echo "setup-machine: unknown group '$group' (known: report, notebooks)" >&2; exit 2 ;;
  esac
done
[ ${#packages[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-machine: missing ${packages[*]} and no apt-get here; install them with your package manager." >&2
  exit 4
fi
SUDO=()
[ "$(id -u)" -ne 0 ] && SUDO=(sudo)
echo "setup-machine: installing Debian packages: ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -qq update >&2
"${SUDO[@]}" apt-get -qq install -y --no-install-recommends "${packages[@]}" >&2
