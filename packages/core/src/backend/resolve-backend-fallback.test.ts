import * as tf from '@tensorflow/tfjs-core';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';

import { resolveBackend } from './resolve-backend.js';

// Stands in for a machine where the native addon is not built, which this machine may or may not be.
vi.mock('@essence/backend-native', () => ({
  loadNativeBackend: () => ({ ok: false, reason: 'build/status.json is missing', fix: 'build the addon' }),
}));

const silent = pino({ level: 'silent' });

describe('resolveBackend without native addon', () => {
  it('default order selects wasm', async () => {
    const resolution = await resolveBackend({ env: {}, logger: silent });

    expect(resolution.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('native candidate carries loader reason', async () => {
    const resolution = await resolveBackend({ env: {}, logger: silent });
    const native = resolution.candidates.find((candidate) => candidate.name === 'native');

    expect(native?.status).toBe('unavailable');
    expect(native?.reason).toMatch(/cannot load its addon: build\/status\.json is missing$/);
  });

  it('explicit native request names the fix', async () => {
    await expect(resolveBackend({ requested: 'native', env: {}, logger: silent })).rejects.toThrow(
      /^backend 'native' requested by the --backend flag is unusable: .*To fix it: build the addon\. Available backends: 'wasm', 'cpu'/,
    );
  });
});
