#!/usr/bin/env bash
# The main job: install and build, then train (or reuse) the default digit classifier on the bundled MNIST
# digits, evaluate it on the official test set, record the run and serve it. Extra arguments go to
# `essence main`, e.g. `--no-serve` to stop after the evaluation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/tooling/scripts/setup.sh"
cd "$ROOT"
exec node apps/cli/dist/main.js main "$@"
