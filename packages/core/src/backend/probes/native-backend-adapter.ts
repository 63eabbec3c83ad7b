import * as tf from '@tensorflow/tfjs-core';

import { summarizeError } from '../error-summary.js';
import { findInstalledPackage } from '../installed-package.js';
import { registerNativeFusedOptimizers } from './native-fused-optimizers.js';

/** npm package of Essence's own Node-API backend. */
export const NATIVE_PACKAGE = '@essence/backend-native';

/** Name under which `@essence/backend-native` registers its tfjs backend. */
export const NATIVE_BACKEND_NAME = 'native';

/**
 * Result of `loadNativeBackend()` as `@essence/backend-native` exports it. On success `register()`
 * registers the `native` tfjs backend and its kernels. On failure `reason` names what is missing (the
 * addon binary, OpenBLAS, ...) and `fix`, when present, is the command that builds it.
 */
export type NativeBackendLoadResult =
  | { readonly ok: true; register(): void }
  | { readonly ok: false; readonly reason: string; readonly fix?: string };

/** Outcome of loading `@essence/backend-native` through this adapter. */
export type NativeBackendLoad =
  | { readonly status: 'registered'; readonly version: string }
  | { readonly status: 'not-installed'; readonly reason: string }
  | { readonly status: 'unavailable'; readonly reason: string; readonly fix?: string; readonly version: string };

/**
 * Imports `@essence/backend-native`, calls its `loadNativeBackend()` and registers the `native` tfjs
 * backend, turning every failure into a reason instead of an exception.
 *
 * This file is the only one that imports the package, so a change to its exports is made here. The
 * backend is registered once per process, and later calls reuse the registration.
 */
export async function loadNativeBackendPackage(): Promise<NativeBackendLoad> {
  const installed = findInstalledPackage(NATIVE_PACKAGE);
  if (installed === undefined) return { status: 'not-installed', reason: `${NATIVE_PACKAGE} is not installed` };
  const unavailable = (reason: string, fix?: string): NativeBackendLoad => ({
    status: 'unavailable',
    reason: `${NATIVE_PACKAGE} ${installed.version} ${reason}`,
    fix,
    version: installed.version,
  });

  let exports: unknown;
  try {
    // A variable specifier keeps TypeScript from requiring the package's build output at compile time.
    const specifier: string = NATIVE_PACKAGE;
    exports = await import(specifier);
  } catch (error) {
    return unavailable(`failed to load (is it built?): ${summarizeError(error)}`);
  }

  const loader = readLoader(exports);
  if (loader === undefined) return unavailable('does not export a loadNativeBackend() function');

  const failure = registerWithLoader(loader);
  if (failure !== undefined) return unavailable(failure.reason, failure.fix);

  if (tf.findBackendFactory(NATIVE_BACKEND_NAME) == null) {
    return unavailable(`reported success but registered no '${NATIVE_BACKEND_NAME}' backend with tfjs-core`);
  }
  registerNativeFusedOptimizers(exports, NATIVE_BACKEND_NAME);
  return { status: 'registered', version: installed.version };
}

function readLoader(exports: unknown): (() => unknown) | undefined {
  if (typeof exports !== 'object' || exports === null || !('loadNativeBackend' in exports)) return undefined;
  const loader = exports.loadNativeBackend;
  return typeof loader === 'function' ? (loader as () => unknown) : undefined;
}

/** Calls the package's loader and its `register()`; returns why that failed, if it did. */
function registerWithLoader(loader: () => unknown): { reason: string; fix?: string } | undefined {
  let result: unknown;
  try {
    result = loader();
  } catch (error) {
    return { reason: `loadNativeBackend() threw: ${summarizeError(error)}` };
  }

  if (!isLoadResult(result)) {
    return { reason: 'loadNativeBackend() returned neither { ok: true, register } nor { ok: false, reason }' };
  }
  if (!result.ok) return { reason: `cannot load its addon: ${result.reason}`, fix: result.fix };
  if (tf.findBackendFactory(NATIVE_BACKEND_NAME) != null) return undefined;

  try {
    result.register();
  } catch (error) {
    return { reason: `register() threw: ${summarizeError(error)}` };
  }
  return undefined;
}

function isLoadResult(value: unknown): value is NativeBackendLoadResult {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'register' in value && typeof value.register === 'function';
  if (value.ok !== false || !('reason' in value) || typeof value.reason !== 'string') return false;
  return !('fix' in value) || value.fix === undefined || typeof value.fix === 'string';
}
