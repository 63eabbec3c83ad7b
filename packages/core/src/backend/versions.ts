import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs-core';
import { version_layers as tfjsLayersVersion } from '@tensorflow/tfjs-layers';

import { findInstalledPackage } from './installed-package.js';

/** Packages that provide tfjs backends, whose versions are recorded when installed. */
const BACKEND_PACKAGES = [
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-node',
  '@essence/backend-native',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
] as const;

/** Versions of everything that affects a training run's numbers, stored with each run. */
export interface VersionInfo {
  /** Version of `@essence/core`. */
  readonly essenceCore: string;
  /** Node.js version without the leading `v`, e.g. `20.19.0`. */
  readonly node: string;
  readonly tfjsCore: string;
  readonly tfjsLayers: string;
  /** Active tfjs backend, or null when none has been set yet. */
  readonly backend: string | null;
  /** Installed version of each backend package, keyed by npm name; packages that are not installed are left out. */
  readonly backendPackages: Readonly<Record<string, string>>;
}

/** Collects the versions of Essence, Node.js, tfjs and every installed backend package, plus the active backend. */
export function collectVersions(): VersionInfo {
  const backendPackages: Record<string, string> = {};
  for (const name of BACKEND_PACKAGES) {
    const installed = findInstalledPackage(name);
    if (installed !== undefined) backendPackages[name] = installed.version;
  }

  return {
    essenceCore: readCoreVersion(),
    node: process.versions.node,
    tfjsCore: tf.version_core,
    tfjsLayers: tfjsLayersVersion,
    backend: readActiveBackend(),
    backendPackages,
  };
}

/** Reads `@essence/core`'s own package.json, which sits two folders above both `src/backend` and `dist/backend`. */
function readCoreVersion(): string {
  const manifestUrl = new URL('../../package.json', import.meta.url);
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

function readActiveBackend(): string | null {
  // tf.getBackend() is typed as string but returns null before any backend is set.
  const name: string | null | undefined = tf.getBackend();
  return name == null || name === '' ? null : name;
}
