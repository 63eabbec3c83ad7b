import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_ADDON_PATH,
  NATIVE_BUILD_FIX,
  NativeBackendError,
  binding,
  cpuKernel,
  loadNativeBackend,
} from '../src/index.js';
import type { NativeBackendAvailable, NativeBackendLoadResult, NativeBackendUnavailable } from '../src/index.js';

const tempDirs: string[] = [];

function buildDirWith(status: string | undefined): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'essence-native-loader-'));
  tempDirs.push(dir);
  mkdirSync(path.join(dir, 'Release'));
  if (status !== undefined) writeFileSync(path.join(dir, 'status.json'), status);
  return dir;
}

function expectUnavailable(result: NativeBackendLoadResult): NativeBackendUnavailable {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected the native backend to be unavailable');
  return result;
}

function expectAvailable(result: NativeBackendLoadResult): NativeBackendAvailable {
  if (!result.ok) throw new Error(`expected the native backend to load: ${result.reason}`);
  return result;
}

describe('loadNativeBackend', () => {
  afterAll(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  // Runs first: once an addon is loaded, Node keeps it for the life of the process.
  it('binding throws before loading', () => {
    expect(() => binding.nativeInfo()).toThrow(NativeBackendError);
  });

  it('missing status file', () => {
    const result = expectUnavailable(loadNativeBackend({ buildDir: buildDirWith(undefined) }));

    expect(result.reason).toMatch(/status\.json is missing/);
    expect(result.fix).toBe(NATIVE_BUILD_FIX);
  });

  it('failed build status', () => {
    const status = JSON.stringify({ ok: false, reason: 'no C++ compiler (g++) on PATH', fix: 'install g++' });
    const result = expectUnavailable(loadNativeBackend({ buildDir: buildDirWith(status) }));

    expect(result.reason).toBe('the native addon build failed: no C++ compiler (g++) on PATH');
    expect(result.fix).toBe('install g++');
  });

  it('malformed status file', () => {
    const result = expectUnavailable(loadNativeBackend({ buildDir: buildDirWith('{ not json') }));

    expect(result.reason).toMatch(/is not valid JSON/);
  });

  it('status without ok field', () => {
    const result = expectUnavailable(loadNativeBackend({ buildDir: buildDirWith('{"built": true}') }));

    expect(result.reason).toMatch(/does not contain a build status object/);
  });

  it('ok status without addon', () => {
    const result = expectUnavailable(loadNativeBackend({ buildDir: buildDirWith('{"ok": true}') }));

    expect(result.reason).toMatch(/essence_native\.node does not exist/);
  });

  it('addon that fails to load', () => {
    const dir = buildDirWith('{"ok": true}');
    const addonPath = path.join(dir, 'Release', 'essence_native.node');
    writeFileSync(addonPath, 'not a shared object');
    const result = expectUnavailable(loadNativeBackend({ buildDir: dir }));

    expect(result.reason).toMatch(/loading the native addon .* failed/);
  });

  it('built addon loads', () => {
    const result = expectAvailable(loadNativeBackend());

    expect(result.backendName).toBe('native');
    expect(result.threads.maxThreads).toBeGreaterThanOrEqual(1);
    expect(result.threads.blasConfig).toMatch(/OpenBLAS/);
  });

  it('thread override from environment', () => {
    // The addon reads ESSENCE_NATIVE_THREADS once per process, so a child process loads it with the override set.
    const script = `console.log(JSON.stringify(require(${JSON.stringify(DEFAULT_ADDON_PATH)}).nativeInfo()))`;
    const output = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, ESSENCE_NATIVE_THREADS: '1' },
      encoding: 'utf8',
    });
    const info = JSON.parse(output) as { maxThreads: number; threadsPinned: boolean };

    expect(info.maxThreads).toBe(1);
    expect(info.threadsPinned).toBe(true);
  });

  it('register is idempotent', async () => {
    const result = expectAvailable(loadNativeBackend());
    result.register();
    const kernelCount = tf.getKernelsForBackend('native').length;
    result.register();

    const nativeNames = new Set(tf.getKernelsForBackend('native').map((config) => config.kernelName));
    const missing = tf.getKernelsForBackend('cpu').filter((config) => !nativeNames.has(config.kernelName));

    expect(tf.getKernelsForBackend('native').length).toBe(kernelCount);
    expect(missing.map((config) => config.kernelName)).toEqual([]);
    expect(await tf.setBackend('native')).toBe(true);
    expect(tf.getBackend()).toBe('native');
  });

  it('register keeps default backend', () => {
    expect(tf.findBackendFactory('native')).toBeDefined();
    expect(tf.engine().registryFactory['native']?.priority).toBe(0);
  });

  it('cpu kernel lookup', () => {
    expect(cpuKernel('BatchMatMul')).toBe(tf.getKernel('BatchMatMul', 'cpu')?.kernelFunc);
    expect(() => cpuKernel('NoSuchKernel')).toThrow(/no cpu kernel 'NoSuchKernel'/);
  });
});
