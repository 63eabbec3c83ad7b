#!/usr/bin/env bash
# Opts this checkout in to the `tensorflow` backend (libtensorflow with CUDA) on a Linux x86_64 host with
# an NVIDIA GPU.
#
# @tensorflow/tfjs-node-gpu is an optional dependency of @essence/core, but the workspace lists it in
# pnpm's ignoredBuiltDependencies, so `pnpm install` never runs its install script and the package fails
# to import. This script runs that install step itself, in the installed package's folder inside
# node_modules/.pnpm. For tfjs-node-gpu 4.22.0 the step is `node scripts/install.js gpu download`, which
#   1. downloads the libtensorflow 2.9.1 GPU build for linux-x86_64 from storage.googleapis.com into the
#      package's deps/ folder (set TFJS_NODE_CDN_STORAGE or TFJS_NODE_BASE_URI to use a mirror), then
#   2. runs `node-pre-gyp install --fallback-to-build`, which downloads the prebuilt tfjs_binding.node addon
#      into lib/napi-v<N>/ or, when none matches this Node.js, compiles it with node-gyp (needs python3,
#      make and g++).
# Afterwards the script loads the package once to check the result and prints `essence doctor`.
#
# Usage: bash tooling/scripts/enable-tensorflow-gpu.sh
# Rerun it whenever `pnpm install` reinstalls @tensorflow/tfjs-node-gpu, because a fresh copy has no
# deps/ or lib/ folder.
set -euo pipefail

PNPM_VERSION=10.34.9
PACKAGE=@tensorflow/tfjs-node-gpu

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
core_dir="$repo_root/packages/core"

fail() {
  echo "enable-tensorflow-gpu: $*" >&2
  exit 1
}

# install.js ships GPU builds only for linux-x86_64 and windows-x86_64, and this script is bash.
if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  fail "the libtensorflow GPU build exists for Linux x86_64 only; this host is $(uname -s) $(uname -m). Use --backend native, wasm or cpu."
fi
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "enable-tensorflow-gpu: warning: nvidia-smi is not on PATH; without an NVIDIA driver and CUDA, libtensorflow runs on the CPU only." >&2
fi

# Resolve the package the way @essence/core does; require.resolve returns the real path inside node_modules/.pnpm.
package_dir="$(cd "$core_dir" && node -e "
  const path = require('node:path');
  try {
    process.stdout.write(path.dirname(require.resolve('$PACKAGE/package.json')));
  } catch {
    process.exit(1);
  }
")" || fail "$PACKAGE is not installed under packages/core; run \`npx --yes pnpm@$PNPM_VERSION install\` first (it is an optionalDependency of @essence/core)."

install_command="$(cd "$package_dir" && node -p "require('./package.json').scripts?.install ?? ''")"
[[ -n "$install_command" ]] || fail "$package_dir/package.json declares no install script."

# install.js rewrites package.json while it runs. pnpm may hard-link that file to its content store, so
# write a private copy first and leave the store untouched.
cp "$package_dir/package.json" "$package_dir/package.json.essence-tmp"
mv "$package_dir/package.json.essence-tmp" "$package_dir/package.json"

echo "enable-tensorflow-gpu: running \`$install_command\` in $package_dir"
# npm would put the package's own node_modules/.bin (node-pre-gyp) on PATH for an install script; do the same.
(cd "$package_dir" && PATH="$package_dir/node_modules/.bin:$PATH" bash -c "$install_command")

echo "enable-tensorflow-gpu: checking that $PACKAGE loads"
load_status=0
(cd "$core_dir" && node -e "require('$PACKAGE')") || load_status=$?

echo
if [[ -f "$repo_root/apps/cli/dist/main.js" ]]; then
  node "$repo_root/apps/cli/dist/main.js" doctor
elif [[ -f "$core_dir/dist/backend/doctor.js" ]]; then
  node --input-type=module -e "
    const { runDoctor } = await import('$core_dir/dist/backend/doctor.js');
    const { formatDoctorReport } = await import('$core_dir/dist/backend/format-doctor-report.js');
    process.stdout.write(formatDoctorReport(await runDoctor()));
  "
else
  echo "enable-tensorflow-gpu: build the CLI to see the doctor report: npx --yes pnpm@$PNPM_VERSION --filter @essence/cli... build" >&2
fi

if [[ "$load_status" -ne 0 ]]; then
  fail "$PACKAGE still fails to load (see the error above); the doctor report shows the reason."
fi
echo "enable-tensorflow-gpu: $PACKAGE loads; the tensorflow backend comes first in the default order."
