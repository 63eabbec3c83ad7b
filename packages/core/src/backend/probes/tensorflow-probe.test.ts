import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import type { BackendStatus } from '../backend-status.js';
import { probeTensorflow } from './tensorflow-probe.js';
import { probeWasm } from './wasm-probe.js';

describe('probeTensorflow without libtensorflow', () => {
  let status: BackendStatus;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    status = await probeTensorflow();
  });

  it('reports installed package unusable', () => {
    expect(status.status).toBe('unavailable');
    expect(status.packageName).toBe('@tensorflow/tfjs-node-gpu');
    expect(status.version).toBe('4.22.0');
  });

  it('reason carries the import error', () => {
    expect(status.reason).toMatch(/^@tensorflow\/tfjs-node-gpu 4\.22\.0 is installed but unusable: /);
    expect(status.reason).toMatch(/tfjs_binding\.node\) can not be found|libtensorflow/);
  });

  it('reason reports tfjs-node missing', () => {
    expect(status.reason).toMatch(/; @tensorflow\/tfjs-node is not installed$/);
  });

  it('fix names the enable script', () => {
    expect(status.fix).toMatch(/bash tooling\/scripts\/enable-tensorflow-gpu\.sh/);
  });

  it('second probe gives same status', async () => {
    const again = await probeTensorflow();

    expect(again).toEqual(status);
  });

  it('failed import keeps active backend', () => {
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.engine().backendNames()).not.toContain('tensorflow');
  });

  it('failed import leaves tfjs-core usable', () => {
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());

    expect(sum).toEqual([4, 6]);
  });

  it('failed import leaves tfjs-layers usable', () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'ones', useBias: false })],
    });

    const output = tf.tidy(() => (model.predict(tf.tensor2d([[1, 2]])) as tf.Tensor).arraySync());
    model.dispose();

    expect(output).toEqual([[3]]);
  });

  it('failed import leaves wasm loadable', async () => {
    const wasm = await probeWasm();

    expect(wasm.status).toBe('available');
    expect(tf.getBackend()).toBe('wasm');
  });
});
