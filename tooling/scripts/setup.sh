#!/usr/bin/env bash
# Installs everything Essence needs on a machine with Node 20 and npm: the Debian libraries of the native
# backend where they are missing (when run as root with apt-get), the workspace dependencies through pnpm,
# and a build of every package. Safe to run again; each step skips work already done.
set -euo pipefail

PNPM_VERSION=10.34.9
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "essence setup: Node $(node --version) is too old; install Node 20 or newer." >&2
  exit 1
fi

# The native backend needs OpenBLAS and a C++ toolchain. Without them the build falls back to wasm/cpu and
# `essence doctor` says why, so a machine where apt-get is not available still gets a working install.
missing=()
for package in libopenblas-dev g++ make python3; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "essence setup: installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "essence setup: ${missing[*]} not installed; the native backend will be skipped." >&2
    echo "essence setup: to enable it, run: sudo apt-get install -y ${missing[*]}" >&2
  fi
fi

pnpm() { npx --yes "pnpm@$PNPM_VERSION" "$@"; }

pnpm install --frozen-lockfile
pnpm turbo run build
