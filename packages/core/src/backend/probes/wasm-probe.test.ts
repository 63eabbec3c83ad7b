import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { probeWasm } from './wasm-probe.js';

describe('probeWasm', () => {
  it('activates wasm from package binaries', async () => {
    const status = await probeWasm();

    expect(status.status).toBe('available');
    expect(tf.getBackend()).toBe('wasm');
    expect(status.reason).toContain(`${path.sep}tfjs-backend-wasm${path.sep}dist${path.sep}`);
  });

  it('wasm backend computes matmul', async () => {
    await probeWasm();

    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).arraySync());

    expect(product).toEqual([[11]]);
  });

  it('second probe stays available', async () => {
    await probeWasm();

    const again = await probeWasm();

    expect(again.status).toBe('available');
  });
});
