import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DEFAULT_ADDON_PATH, loadBinding } from './binding.js';
import type { NativeInfo } from './binding.js';
import { NATIVE_BACKEND_NAME, registerNativeBackend } from './backend.js';

/** Command that installs the prerequisites and rebuilds the addon, shown whenever the addon is unavailable. */
export const NATIVE_BUILD_FIX =
  'apt-get install -y libopenblas-dev g++ make python3, then ' +
  'npx --yes pnpm@10.34.9 --filter @essence/backend-native build';

/** Result of a successful load: the backend can be registered and selected. */
export interface NativeBackendAvailable {
  ok: true;
  backendName: typeof NATIVE_BACKEND_NAME;
  /** Registers the backend and its kernels with tfjs; calling it again does nothing. */
  register(): void;
  /** Thread policy of the loaded addon. */
  threads: NativeInfo;
}

/** Result of a failed load: why the addon is unavailable and the command that fixes it. */
export interface NativeBackendUnavailable {
  ok: false;
  reason: string;
  fix: string;
}

/** Outcome of {@link loadNativeBackend}. */
export type NativeBackendLoadResult = NativeBackendAvailable | NativeBackendUnavailable;

/** Locations the loader reads; tests point them at a temporary folder. */
export interface LoadNativeBackendOptions {
  /** Folder holding status.json written by scripts/build-addon.mjs; defaults to the package's build/. */
  buildDir?: string;
  /** Compiled addon; defaults to build/Release/essence_native.node inside `buildDir`. */
  addonPath?: string;
}

interface BuildStatus {
  ok: boolean;
  reason?: string;
  fix?: string;
}

function readBuildStatus(statusPath: string): BuildStatus | string {
  if (!existsSync(statusPath)) {
    return `${statusPath} is missing, so the native addon was never built`;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(statusPath, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as BuildStatus).ok === 'boolean') {
      return parsed as BuildStatus;
    }
    return `${statusPath} does not contain a build status object { ok: boolean }`;
  } catch (error) {
    return `${statusPath} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Checks the addon's build status and loads it, returning either a handle that registers the 'native' backend or
 * the reason it is unavailable with the command that fixes it. Never throws, so a resolver can fall back to
 * another backend.
 */
export function loadNativeBackend(options: LoadNativeBackendOptions = {}): NativeBackendLoadResult {
  const buildDir = options.buildDir ?? path.dirname(path.dirname(DEFAULT_ADDON_PATH));
  const addonPath = options.addonPath ?? path.join(buildDir, 'Release', 'essence_native.node');

  const status = readBuildStatus(path.join(buildDir, 'status.json'));
  if (typeof status === 'string') return { ok: false, reason: status, fix: NATIVE_BUILD_FIX };
  if (!status.ok) {
    return {
      ok: false,
      reason: `the native addon build failed: ${status.reason ?? 'no reason recorded'}`,
      fix: status.fix ?? NATIVE_BUILD_FIX,
    };
  }

  try {
    const threads = loadBinding(addonPath).nativeInfo();
    return { ok: true, backendName: NATIVE_BACKEND_NAME, register: registerNativeBackend, threads };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error), fix: NATIVE_BUILD_FIX };
  }
}
