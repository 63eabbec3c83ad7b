import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { NativeBackendError } from './native-backend-error.js';

/** Thread policy of the loaded addon, as reported by its `nativeInfo()` function. */
export interface NativeInfo {
  /** OpenBLAS build description, e.g. "OpenBLAS 0.3.21 ... MAX_THREADS=64". */
  blasConfig: string;
  /**
   * Thread limit of OpenBLAS and of the addon's own loops. It starts at ESSENCE_NATIVE_THREADS when that is a
   * positive integer, else at the core count (at most 64), and `binding.setThreadLimit` changes it.
   */
  maxThreads: number;
  /** True when ESSENCE_NATIVE_THREADS fixes the thread count for every call. */
  threadsPinned: boolean;
  /** Minimum GEMM size in multiply-adds (M*N*K) for OpenBLAS to run on more than one thread. */
  blasParallelWork: number;
  /** Minimum of M and N for OpenBLAS to run on more than one thread. */
  blasParallelMinDim: number;
  /** Minimum convolution size in multiply-adds (output rows * patch size * output channels) for several threads. */
  convParallelWork: number;
  /** Number of calls so far that ran on the worker threads as well as the calling thread. */
  parallelCalls: number;
}

/**
 * Functions exported by the compiled addon (build/Release/essence_native.node).
 *
 * Every function validates its arguments and throws a JavaScript Error or TypeError on a bad call. Kernel files
 * declare the functions they add by augmenting this interface next to their own code:
 * `declare module '../binding.js' { interface NativeBinding { add(...): Float32Array } }`.
 */
export interface NativeBinding {
  /** Returns the addon's thread policy. */
  nativeInfo(): NativeInfo;
  /**
   * Sets the thread limit (an integer from 1 to 64) for OpenBLAS and the addon's own loops in this process and
   * returns the previous limit. Tests and benchmarks use it to compare thread counts without a new process.
   */
  setThreadLimit(threads: number): number;
}

/** Default location of the compiled addon, resolved from both src/ (tests) and dist/ (published build). */
export const DEFAULT_ADDON_PATH = fileURLToPath(new URL('../build/Release/essence_native.node', import.meta.url));

function rejectUnloaded(): never {
  throw new NativeBackendError(
    'NATIVE_ADDON_NOT_LOADED',
    'the native addon was called before it was loaded. Call loadNativeBackend() and check that it returned ' +
      "{ ok: true } before using the 'native' backend.",
  );
}

const unloadedBinding = new Proxy({} as NativeBinding, { get: () => rejectUnloaded });

/**
 * Contains the loaded addon's functions; until {@link loadBinding} succeeds, calling any of them throws a
 * NativeBackendError. ES module importers see the loaded value through the live binding.
 */
export let binding: NativeBinding = unloadedBinding;

/**
 * Loads the compiled addon from `addonPath` once and makes it available as {@link binding}. Later calls check that
 * `addonPath` exists and return the addon loaded first, because Node cannot unload an addon.
 *
 * @throws NativeBackendError when the file is missing or Node cannot load it (wrong Node ABI, missing
 * libopenblas.so at run time).
 */
export function loadBinding(addonPath: string = DEFAULT_ADDON_PATH): NativeBinding {
  if (!existsSync(addonPath)) {
    throw new NativeBackendError('NATIVE_ADDON_MISSING', `the native addon ${addonPath} does not exist.`);
  }
  if (binding !== unloadedBinding) return binding;

  let loaded: NativeBinding;
  try {
    loaded = createRequire(import.meta.url)(addonPath) as NativeBinding;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NativeBackendError(
      'NATIVE_ADDON_LOAD_FAILED',
      `loading the native addon ${addonPath} failed: ${message}`,
      { cause: error },
    );
  }
  if (typeof loaded.nativeInfo !== 'function') {
    throw new NativeBackendError(
      'NATIVE_ADDON_INVALID',
      `the native addon ${addonPath} does not export nativeInfo(), so it was built from other sources. ` +
        'Rebuild it with `node scripts/build-addon.mjs --force`.',
    );
  }

  binding = loaded;
  return binding;
}
