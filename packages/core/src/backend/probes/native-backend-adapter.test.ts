import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { NativeBackendLoad } from './native-backend-adapter.js';

const registerFakeNative = (): void => {
  tf.registerBackend('native', () => new MathBackendCPU(), 0);
};

function reasonOf(load: NativeBackendLoad): string {
  return load.status === 'registered' ? '' : load.reason;
}

/** Loads the adapter against a stand-in for `@essence/backend-native` that exports `exports`. */
async function loadWith(exports: Record<string, unknown>): Promise<NativeBackendLoad> {
  vi.resetModules();
  vi.doMock('@essence/backend-native', () => exports);
  const adapter = await import('./native-backend-adapter.js');
  return adapter.loadNativeBackendPackage();
}

describe('loadNativeBackendPackage', () => {
  afterEach(() => {
    vi.doUnmock('@essence/backend-native');
    if (tf.findBackendFactory('native') != null) tf.removeBackend('native');
  });

  it('ok result registers backend', async () => {
    const register = vi.fn(registerFakeNative);

    const load = await loadWith({ loadNativeBackend: () => ({ ok: true, register }) });

    expect(load.status).toBe('registered');
    expect(register).toHaveBeenCalledTimes(1);
    expect(tf.findBackendFactory('native')).not.toBeNull();
  });

  it('registered backend skips register', async () => {
    registerFakeNative();
    const register = vi.fn(registerFakeNative);

    const load = await loadWith({ loadNativeBackend: () => ({ ok: true, register }) });

    expect(load.status).toBe('registered');
    expect(register).not.toHaveBeenCalled();
  });

  it('failed result keeps reason and fix', async () => {
    const load = await loadWith({
      loadNativeBackend: () => ({ ok: false, reason: 'libopenblas.so.0 not found', fix: 'apt-get install libopenblas-dev' }),
    });

    expect(load).toEqual({
      status: 'unavailable',
      reason: expect.stringMatching(/cannot load its addon: libopenblas\.so\.0 not found$/) as unknown,
      fix: 'apt-get install libopenblas-dev',
      version: expect.any(String) as unknown,
    });
  });

  it('failed import is unavailable', async () => {
    vi.resetModules();
    vi.doMock('@essence/backend-native', () => {
      throw new Error('Cannot find module dist/index.js');
    });
    const adapter = await import('./native-backend-adapter.js');

    const load = await adapter.loadNativeBackendPackage();

    // vitest replaces the factory's error with its own mocking error, so only the prefix is stable.
    expect(load.status).toBe('unavailable');
    expect(reasonOf(load)).toMatch(/^@essence\/backend-native \S+ failed to load \(is it built\?\): /);
  });

  it('missing loader export is unavailable', async () => {
    const load = await loadWith({ registerNativeBackend: registerFakeNative });

    expect(load.status).toBe('unavailable');
    expect(reasonOf(load)).toMatch(/does not export a loadNativeBackend\(\) function$/);
  });

  it('throwing loader is unavailable', async () => {
    const load = await loadWith({
      loadNativeBackend: () => {
        throw new Error('addon ABI mismatch');
      },
    });

    expect(load.status).toBe('unavailable');
    expect(reasonOf(load)).toMatch(/loadNativeBackend\(\) threw: addon ABI mismatch$/);
  });

  it('malformed result is unavailable', async () => {
    const load = await loadWith({ loadNativeBackend: () => true });

    expect(load.status).toBe('unavailable');
    expect(reasonOf(load)).toMatch(/returned neither/);
  });

  it('success without registration is unavailable', async () => {
    const load = await loadWith({ loadNativeBackend: () => ({ ok: true, register: () => undefined }) });

    expect(load.status).toBe('unavailable');
    expect(reasonOf(load)).toMatch(/registered no 'native' backend/);
  });

  it('throwing register is unavailable', async () => {
    const load = await loadWith({
      loadNativeBackend: () => ({
        ok: true,
        register: () => {
          throw new Error('kernel already registered');
        },
      }),
    });

    expect(load.status).toBe('unavailable');
    expect(reasonOf(load)).toMatch(/register\(\) threw: kernel already registered$/);
  });
});
