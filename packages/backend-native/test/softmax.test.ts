import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { expectSameOnBothBackends, registerNative, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** expf may differ from Math.exp by one unit in the last place, which the normalisation carries through. */
const SOFTMAX_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-7 };

function tensorFrom(shape: number[], seed: number, scale = 5): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed, -scale, scale), shape);
}

describe('native softmax', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('softmax runs natively', async () => {
    const softmax = vi.spyOn(binding, 'softmax');
    await tf.setBackend('native');
    tf.tidy(() => tf.softmax(tensorFrom([2, 3], 1)));

    expect(softmax).toHaveBeenCalledTimes(1);
  });

  it.each([
    { name: 'matrix', shape: [6, 10] },
    { name: 'vector', shape: [7] },
    { name: 'rank 3', shape: [2, 3, 5] },
    { name: 'batch 1', shape: [1, 10] },
    { name: 'single class', shape: [4, 1] },
    { name: 'empty batch', shape: [0, 10] },
  ])('softmax $name', async ({ shape }) => {
    await expectSameOnBothBackends(() => tf.softmax(tensorFrom(shape, 2)), SOFTMAX_TOLERANCE);
  });

  it('softmax large logits', async () => {
    await expectSameOnBothBackends(() => tf.softmax(tensorFrom([3, 8], 3, 500)), SOFTMAX_TOLERANCE);
  });

  it('softmax NaN and infinity', async () => {
    const values = [1, Number.NaN, 2, Number.POSITIVE_INFINITY, 0, 1, Number.NEGATIVE_INFINITY, 0, 1, 3, 4, 5];
    await expectSameOnBothBackends(() => tf.softmax(tf.tensor(values, [4, 3])), SOFTMAX_TOLERANCE);
  });

  it('logSoftmax matches cpu', async () => {
    await expectSameOnBothBackends(() => tf.logSoftmax(tensorFrom([5, 7], 4)), SOFTMAX_TOLERANCE);
  });

  it('softmax gradient matches cpu', async () => {
    await expectSameOnBothBackends(
      () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.softmax(x), tensorFrom([5, 7], 5))))(tensorFrom([5, 7], 6)),
      SOFTMAX_TOLERANCE,
    );
  });

  it('softmax cross-entropy matches cpu', async () => {
    const labels = (): tf.Tensor => tf.oneHot(tf.tensor1d([0, 3, 2, 1], 'int32'), 4);
    await expectSameOnBothBackends(
      () => tf.losses.softmaxCrossEntropy(labels(), tensorFrom([4, 4], 7)),
      SOFTMAX_TOLERANCE,
    );
  });

  it('softmax rejects short out', () => {
    expect(() => binding.softmax(new Float32Array(6), 2, 3, new Float32Array(5))).toThrow(
      /out has 5 elements; expected 6/,
    );
  });

  it('softmax rejects mismatched rows', () => {
    expect(() => binding.softmax(new Float32Array(6), 3, 3, new Float32Array(6))).toThrow(
      /logits has 6 elements; expected 9/,
    );
  });
});
