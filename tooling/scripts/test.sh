#!/usr/bin/env bash
# Every check CI runs: install and build, lint, typecheck, then every package's tests. Prints one closing
# line with the total counts of passed and failed tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/tooling/scripts/setup.sh"
cd "$ROOT"

export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm() { npx --yes pnpm@10.34.9 "$@"; }

pnpm turbo run lint typecheck
find . -name test-results.json -not -path '*/node_modules/*' -delete
status=0
pnpm turbo run test --concurrency=1 || status=$?
node tooling/scripts/sum-test-results.mjs
exit "$status"
