import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { NativeBackend } from '../src/index.js';
import type { StoragePoolStats } from '../src/index.js';
import { firstMismatch, registerNative, seededValues } from './compare-backends.js';

// [64, 512] contains 32,768 floats, above the pool's 16,384-element minimum.
const SHAPE = [64, 512];
const SIZE = 64 * 512;
const EXACT = { rtol: 0, atol: 0 };

function nativeBackend(): NativeBackend {
  const backend = tf.backend();
  if (!(backend instanceof NativeBackend)) throw new Error(`active backend is ${tf.getBackend()}, not native`);
  return backend;
}

function poolStats(): StoragePoolStats {
  return nativeBackend().storagePool.stats();
}

/** Runs a few same-sized ops and disposes their results, so freed arrays get handed out again. */
function churn(seed: number): void {
  const y = tf.tensor(seededValues(SIZE, seed), SHAPE);
  for (let i = 0; i < 4; i++) tf.tidy(() => tf.exp(tf.neg(tf.relu(y))));
  y.dispose();
}

/** Trains a small CNN whose activations exceed the pool minimum for `steps` Adam steps and returns the losses. */
async function trainCnn(backendName: string, steps: number): Promise<number[]> {
  await tf.setBackend(backendName);
  const model = tfl.sequential();
  const init = (seed: number): ReturnType<typeof tfl.initializers.glorotUniform> =>
    tfl.initializers.glorotUniform({ seed });
  model.add(
    tfl.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(1),
    }),
  );
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: init(3) }));
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });

  const batch = 8;
  const labels = new Float32Array(batch * 4).map((_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0));
  const x = tf.tensor(seededValues(batch * 28 * 28, 7), [batch, 28, 28, 1]);
  const y = tf.tensor(labels, [batch, 4]);
  try {
    const losses: number[] = [];
    for (let step = 0; step < steps; step++) losses.push((await model.trainOnBatch(x, y)) as number);
    return losses;
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}

describe('native storage pool', () => {
  beforeAll(registerNative);
  beforeEach(async () => {
    await tf.setBackend('native');
  });

  it('reuses disposed kernel outputs', () => {
    const before = poolStats().reused;
    churn(1);

    expect(poolStats().reused).toBeGreaterThan(before);
  });

  it('dataSync array stays valid', () => {
    const t = tf.relu(tf.tensor(seededValues(SIZE, 2), SHAPE));
    const values = t.dataSync();
    const snapshot = Float32Array.from(values);
    t.dispose();
    churn(3);

    expect(firstMismatch(values as Float32Array, snapshot, EXACT)).toBeUndefined();
  });

  it('data array stays valid', async () => {
    const t = tf.relu(tf.tensor(seededValues(SIZE, 4), SHAPE));
    const values = await t.data();
    const snapshot = Float32Array.from(values);
    t.dispose();
    churn(5);

    expect(firstMismatch(values as Float32Array, snapshot, EXACT)).toBeUndefined();
  });

  it('slice view stays valid', () => {
    const t = tf.relu(tf.tensor(seededValues(SIZE, 6), SHAPE));
    // The cpu Slice kernel returns a subarray of t's storage for a contiguous slice.
    const head = tf.slice(t, [0, 0], [32, 512]);
    const expected = tf.tidy(() => tf.slice(tf.relu(tf.tensor(seededValues(SIZE, 6), SHAPE)), [0, 0], [32, 512]));
    const expectedValues = Float32Array.from(expected.dataSync());
    tf.dispose([t, expected]);
    churn(7);

    expect(firstMismatch(head.dataSync() as Float32Array, expectedValues, EXACT)).toBeUndefined();
    head.dispose();
  });

  it('reshaped tensor keeps storage', () => {
    const t = tf.relu(tf.tensor(seededValues(SIZE, 8), SHAPE));
    const reshaped = tf.reshape(t, [SIZE]);
    t.dispose();
    churn(9);
    const expected = tf.tidy(() => tf.relu(tf.tensor(seededValues(SIZE, 8), [SIZE])));

    expect(firstMismatch(reshaped.dataSync() as Float32Array, expected.dataSync() as Float32Array, EXACT)).toBe(
      undefined,
    );
    tf.dispose([reshaped, expected]);
  });

  it('moved tensor keeps storage', async () => {
    const t = tf.relu(tf.tensor(seededValues(SIZE, 10), SHAPE));
    const expected = Float32Array.from(tf.tidy(() => tf.relu(tf.tensor(seededValues(SIZE, 10), SHAPE))).dataSync());
    await tf.setBackend('cpu');
    // Reading on cpu moves the data from native to cpu.
    const moved = tf.add(t, 0);
    await tf.setBackend('native');
    churn(11);

    expect(firstMismatch(t.dataSync() as Float32Array, expected, EXACT)).toBeUndefined();
    tf.dispose([t, moved]);
  });

  it('pooled CNN training matches cpu', async () => {
    const steps = 4;
    const cpuLosses = await trainCnn('cpu', steps);
    const reusedBefore = (await tf.setBackend('native')) ? poolStats().reused : 0;
    const nativeLosses = await trainCnn('native', steps);
    await tf.setBackend('native');

    expect(poolStats().reused).toBeGreaterThan(reusedBefore);
    nativeLosses.forEach((loss, step) => {
      const expected = cpuLosses[step] ?? Number.NaN;
      expect(Math.abs(loss - expected)).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(expected));
    });
  });
});
