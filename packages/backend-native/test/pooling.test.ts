import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { expectSameOnBothBackends, registerNative, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** Pool outputs pick or average float32 inputs with double sums on both backends. */
const POOL_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-6 };

type Padding = 'valid' | 'same' | number;

interface PoolCase {
  name: string;
  shape: [number, number, number, number];
  filter: [number, number];
  strides: [number, number];
  pad: Padding;
  rounding?: 'floor' | 'round' | 'ceil';
}

const CASES: PoolCase[] = [
  { name: '2x2 stride 2 valid', shape: [2, 6, 6, 3], filter: [2, 2], strides: [2, 2], pad: 'valid' },
  { name: '3x3 stride 1 same', shape: [2, 5, 5, 2], filter: [3, 3], strides: [1, 1], pad: 'same' },
  { name: '3x3 stride 2 same odd', shape: [1, 7, 7, 4], filter: [3, 3], strides: [2, 2], pad: 'same' },
  { name: '2x3 strides 1x2', shape: [2, 6, 7, 1], filter: [2, 3], strides: [1, 2], pad: 'valid' },
  { name: 'overlapping 3x3 stride 2 valid', shape: [1, 9, 8, 5], filter: [3, 3], strides: [2, 2], pad: 'valid' },
  { name: 'numeric pad ceil', shape: [1, 6, 6, 2], filter: [3, 3], strides: [2, 2], pad: 1, rounding: 'ceil' },
  { name: 'batch 1 one channel', shape: [1, 4, 4, 1], filter: [2, 2], strides: [2, 2], pad: 'same' },
  { name: '1x1 identity', shape: [1, 3, 3, 2], filter: [1, 1], strides: [1, 1], pad: 'valid' },
  { name: 'empty batch', shape: [0, 4, 4, 2], filter: [2, 2], strides: [2, 2], pad: 'valid' },
];

function tensorFrom(shape: number[], seed: number): tf.Tensor4D {
  const size = shape.reduce((product, dim) => product * dim, 1);
  const tensor: tf.Tensor = tf.tensor(seededValues(size, seed, -2, 2), shape);
  return tensor as tf.Tensor4D;
}

function maxPool(x: tf.Tensor, c: PoolCase): tf.Tensor4D {
  return tf.maxPool(x as tf.Tensor4D, c.filter, c.strides, c.pad, c.rounding);
}

function avgPool(x: tf.Tensor, c: PoolCase): tf.Tensor4D {
  return tf.avgPool(x as tf.Tensor4D, c.filter, c.strides, c.pad, c.rounding);
}

function maxPool2x2(x: tf.Tensor): tf.Tensor4D {
  return tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
}

function avgPool2x2(x: tf.Tensor): tf.Tensor4D {
  return tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid');
}

describe('native pooling', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('pool kernels run natively', async () => {
    const spies = [
      vi.spyOn(binding, 'maxPool'),
      vi.spyOn(binding, 'avgPool'),
      vi.spyOn(binding, 'maxPoolGrad'),
      vi.spyOn(binding, 'avgPoolGrad'),
    ];
    await tf.setBackend('native');
    tf.tidy(() => {
      const x = tensorFrom([1, 4, 4, 1], 1);
      tf.grad((input: tf.Tensor) => tf.sum(maxPool2x2(input)))(x);
      tf.grad((input: tf.Tensor) => tf.sum(avgPool2x2(input)))(x);
    });

    for (const spy of spies) expect(spy).toHaveBeenCalledTimes(1);
  });

  it.each(CASES)('maxPool $name', async (c) => {
    await expectSameOnBothBackends(() => maxPool(tensorFrom(c.shape, 2), c), POOL_TOLERANCE);
  });

  it.each(CASES)('avgPool $name', async (c) => {
    await expectSameOnBothBackends(() => avgPool(tensorFrom(c.shape, 3), c), POOL_TOLERANCE);
  });

  it.each(CASES)('maxPool gradient $name', async (c) => {
    await expectSameOnBothBackends(() => {
      const weights = tensorFrom(maxPool(tf.zeros(c.shape), c).shape, 4);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(maxPool(x, c), weights)))(tensorFrom(c.shape, 5));
    }, POOL_TOLERANCE);
  });

  it.each(CASES)('avgPool gradient $name', async (c) => {
    await expectSameOnBothBackends(() => {
      const weights = tensorFrom(avgPool(tf.zeros(c.shape), c).shape, 6);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(avgPool(x, c), weights)))(tensorFrom(c.shape, 7));
    }, POOL_TOLERANCE);
  });

  it('maxPool ties pick first', async () => {
    const x = (): tf.Tensor4D => tf.tensor4d([1, 1, 1, 1, 2, 2, 0, 2, 3, 3, 3, 3, 0, 0, 0, 0], [1, 4, 4, 1]);
    await expectSameOnBothBackends(() => tf.grad((input: tf.Tensor) => tf.sum(maxPool2x2(input)))(x()));
  });

  it('pooling NaN and infinity', async () => {
    const values = [
      Number.NaN, 1, Number.NaN, Number.NaN,
      2, 3, Number.NaN, Number.NaN,
      Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0,
      Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 5,
    ];
    const x = (): tf.Tensor4D => tf.tensor4d(values, [1, 4, 4, 1]);
    await expectSameOnBothBackends(() => [
      maxPool2x2(x()),
      avgPool2x2(x()),
      tf.grad((input: tf.Tensor) => tf.sum(maxPool2x2(input)))(x()),
    ]);
  });

  it('maxPool rejects short geometry', () => {
    expect(() => binding.maxPool(new Float32Array(4), [1, 2, 2, 1], new Float32Array(1))).toThrow(
      /geometry must hold 12 sizes/,
    );
  });

  it('maxPool rejects zero stride', () => {
    const geometry = [1, 2, 2, 1, 1, 1, 2, 2, 0, 2, 0, 0];
    expect(() => binding.maxPool(new Float32Array(4), geometry, new Float32Array(1))).toThrow(/at least 1/);
  });

  it('avgPool rejects short x', () => {
    const geometry = [1, 2, 2, 1, 1, 1, 2, 2, 2, 2, 0, 0];
    expect(() => binding.avgPool(new Float32Array(3), geometry, new Float32Array(1))).toThrow(
      /x has 3 elements; expected 4/,
    );
  });

  it('maxPoolGrad rejects short dy', () => {
    const geometry = [1, 2, 2, 1, 1, 1, 2, 2, 2, 2, 0, 0];
    expect(() =>
      binding.maxPoolGrad(new Float32Array(0), new Float32Array(4), geometry, new Float32Array(4)),
    ).toThrow(/dy has 0 elements; expected 1/);
  });
});
