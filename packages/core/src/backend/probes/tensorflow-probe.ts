import * as tf from '@tensorflow/tfjs-core';

import { activateBackend } from '../activate-backend.js';
import type { BackendProbe } from '../backend-status.js';
import { summarizeError } from '../error-summary.js';
import { findInstalledPackage, type InstalledPackage } from '../installed-package.js';

/** Packages that register the `tensorflow` backend, GPU build first. */
const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

const ENABLE_GPU_FIX =
  'on a Linux x86_64 host with an NVIDIA GPU and CUDA, run `bash tooling/scripts/enable-tensorflow-gpu.sh`, ' +
  "which runs @tensorflow/tfjs-node-gpu's install step (it downloads libtensorflow and the native addon); " +
  'without such a host, use the native, wasm or cpu backend';
const INSTALL_FIX =
  'on a Linux x86_64 host with an NVIDIA GPU and CUDA, add @tensorflow/tfjs-node-gpu 4.22.0 to the ' +
  'optionalDependencies of @essence/core, run `npx --yes pnpm@10.34.9 install`, then ' +
  '`bash tooling/scripts/enable-tensorflow-gpu.sh`';

/**
 * Probes the libtensorflow backend of `@tensorflow/tfjs-node-gpu`, then of `@tensorflow/tfjs-node`.
 *
 * Both are optional and their install scripts download libtensorflow, so an installed package whose
 * download never ran fails to import (`tfjs_binding.node can not be found` or `ERR_DLOPEN_FAILED`).
 * That failure is reported as `unavailable` with the import error. A failed import leaves tfjs-core
 * usable: both packages share the one tfjs-core engine, and the backend is registered only after the
 * addon loads.
 */
export const probeTensorflow: BackendProbe = async () => {
  const findings: string[] = [];
  let firstInstalled: InstalledPackage | undefined;

  for (const packageName of TENSORFLOW_PACKAGES) {
    const installed = findInstalledPackage(packageName);
    if (installed === undefined) {
      findings.push(`${packageName} is not installed`);
      continue;
    }
    firstInstalled ??= installed;

    const failure = await loadTensorflowPackage(packageName);
    if (failure !== undefined) {
      findings.push(`${packageName} ${installed.version} is installed but unusable: ${failure}`);
      continue;
    }
    return {
      name: 'tensorflow',
      status: 'available',
      reason: `${packageName} ${installed.version} loaded libtensorflow`,
      packageName,
      version: installed.version,
    };
  }

  if (firstInstalled === undefined) {
    return {
      name: 'tensorflow',
      status: 'not-installed',
      reason: findings.join('; '),
      fix: INSTALL_FIX,
      packageName: TENSORFLOW_PACKAGES[0],
    };
  }
  return {
    name: 'tensorflow',
    status: 'unavailable',
    reason: findings.join('; '),
    fix: ENABLE_GPU_FIX,
    packageName: firstInstalled.name,
    version: firstInstalled.version,
  };
};

/** Imports one tfjs-node package and activates its backend; returns why that failed, if it did. */
async function loadTensorflowPackage(packageName: string): Promise<string | undefined> {
  try {
    // A variable specifier keeps TypeScript from requiring the optional package at compile time.
    const specifier: string = packageName;
    await import(specifier);
  } catch (error) {
    return summarizeError(error);
  }

  if (tf.findBackendFactory('tensorflow') == null) {
    return `it loaded but registered no 'tensorflow' backend with the tfjs-core ${tf.version_core} that Essence uses`;
  }
  return activateBackend('tensorflow');
}
