import { existsSync } from 'node:fs';
import path from 'node:path';

import { activateBackend } from '../activate-backend.js';
import type { BackendProbe, BackendStatus } from '../backend-status.js';
import { summarizeError } from '../error-summary.js';
import { findInstalledPackage } from '../installed-package.js';

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
/** The plain (no SIMD, no threads) binary; `setWasmPaths` looks for all variants in the same folder. */
const WASM_BINARY = 'tfjs-backend-wasm.wasm';
const REINSTALL_FIX =
  `reinstall the workspace dependencies with \`npx --yes pnpm@10.34.9 install\`; ` +
  `${WASM_PACKAGE} is a dependency of @essence/core`;

/**
 * Probes the WebAssembly backend, loading its `.wasm` binaries from the installed package's `dist`
 * folder so nothing is fetched over the network.
 */
export const probeWasm: BackendProbe = async () => {
  const installed = findInstalledPackage(WASM_PACKAGE);
  if (installed === undefined) {
    const reason = `${WASM_PACKAGE} is not installed`;
    return { name: 'wasm', status: 'not-installed', reason, fix: REINSTALL_FIX, packageName: WASM_PACKAGE };
  }
  const unavailable = (reason: string): BackendStatus => ({
    name: 'wasm',
    status: 'unavailable',
    reason,
    fix: REINSTALL_FIX,
    packageName: WASM_PACKAGE,
    version: installed.version,
  });

  // setWasmPaths treats its argument as a prefix, so without the trailing separator the file names are
  // glued onto "dist" and setBackend('wasm') quietly returns false.
  const binaryDirectory = path.join(installed.directory, 'dist') + path.sep;
  if (!existsSync(path.join(binaryDirectory, WASM_BINARY))) {
    return unavailable(`${WASM_PACKAGE} ${installed.version} has no ${WASM_BINARY} in ${binaryDirectory}`);
  }

  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Throws only after an earlier initialization of the wasm backend failed in this process.
    wasm.setWasmPaths(binaryDirectory);
  } catch (error) {
    return unavailable(`${WASM_PACKAGE} ${installed.version} failed to load: ${summarizeError(error)}`);
  }

  const failure = await activateBackend('wasm');
  if (failure !== undefined) return unavailable(`${failure} (binaries from ${binaryDirectory})`);

  return {
    name: 'wasm',
    status: 'available',
    reason: `${WASM_PACKAGE} ${installed.version} loaded with binaries from ${binaryDirectory}`,
    packageName: WASM_PACKAGE,
    version: installed.version,
  };
};
