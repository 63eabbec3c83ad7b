import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { reductionLayout } from '../src/kernels/reduction.js';
import { expectSameOnBothBackends, registerNative, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** Both backends accumulate in double in the same order, so reductions agree to float32 rounding. */
const REDUCTION_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-6 };

type Reduce = (x: tf.Tensor, axis: number | number[] | undefined, keepDims: boolean) => tf.Tensor;

const OPS: { name: string; op: Reduce }[] = [
  { name: 'sum', op: tf.sum },
  { name: 'mean', op: tf.mean },
  { name: 'prod', op: tf.prod },
  { name: 'max', op: tf.max },
  { name: 'min', op: tf.min },
];

const AXES: { name: string; shape: number[]; axis: number | number[] | undefined }[] = [
  { name: 'all axes', shape: [4, 5], axis: undefined },
  { name: 'innermost', shape: [4, 5], axis: 1 },
  { name: 'negative axis', shape: [4, 5], axis: -1 },
  { name: 'outermost', shape: [6, 7], axis: 0 },
  { name: 'middle', shape: [3, 4, 5], axis: 1 },
  { name: 'two inner', shape: [3, 4, 5], axis: [1, 2] },
  { name: 'two outer', shape: [3, 4, 5], axis: [0, 1] },
  { name: 'skips size 1', shape: [3, 1, 5], axis: [0, 2] },
  { name: 'non-adjacent', shape: [3, 4, 5], axis: [0, 2] },
  { name: 'batch 1', shape: [1, 9], axis: 1 },
  { name: 'vector', shape: [11], axis: 0 },
  { name: 'empty outer', shape: [0, 3], axis: 1 },
];

const CASES = OPS.flatMap(({ name, op }) =>
  AXES.flatMap((axes) => [false, true].map((keepDims) => ({ ...axes, opName: name, op, keepDims }))),
);

function tensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed, 0.5, 1.5), shape);
}

describe('native reduction', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sum runs natively', async () => {
    const reduceSum = vi.spyOn(binding, 'reduceSum');
    await tf.setBackend('native');
    tf.tidy(() => tf.sum(tensorFrom([3, 4], 1), 0));

    expect(reduceSum).toHaveBeenCalledTimes(1);
  });

  it('non-adjacent axes use cpu', async () => {
    const reduceSum = vi.spyOn(binding, 'reduceSum');
    await tf.setBackend('native');
    tf.tidy(() => tf.sum(tensorFrom([3, 4, 5], 1), [0, 2]));

    expect(reduceSum).not.toHaveBeenCalled();
  });

  it.each(CASES)('$opName $name keepDims $keepDims', async ({ op, shape, axis, keepDims }) => {
    await expectSameOnBothBackends(() => op(tensorFrom(shape, 2), axis, keepDims), REDUCTION_TOLERANCE);
  });

  it.each(OPS)('$name empty reduced axis', async ({ op }) => {
    await expectSameOnBothBackends(() => op(tf.zeros([3, 0]), 1, false), REDUCTION_TOLERANCE);
  });

  it.each(OPS)('$name NaN and infinity', async ({ op }) => {
    const values = [1, Number.NaN, 2, Number.POSITIVE_INFINITY, -1, 3, Number.NEGATIVE_INFINITY, 0, 4, 5, 6, Number.NaN];
    await expectSameOnBothBackends(() => [
      op(tf.tensor(values, [4, 3]), 1, false),
      op(tf.tensor(values, [4, 3]), 0, false),
    ]);
  });

  it.each([
    { name: 'argMax innermost', op: tf.argMax, shape: [5, 7], axis: 1 },
    { name: 'argMax outermost', op: tf.argMax, shape: [5, 7], axis: 0 },
    { name: 'argMax middle', op: tf.argMax, shape: [3, 4, 5], axis: 1 },
    { name: 'argMin innermost', op: tf.argMin, shape: [5, 7], axis: -1 },
    { name: 'argMin vector', op: tf.argMin, shape: [9], axis: 0 },
  ])('$name', async ({ op, shape, axis }) => {
    await expectSameOnBothBackends(() => op(tensorFrom(shape, 3), axis));
  });

  it('argMax ties and NaN', async () => {
    const values = [2, 5, 5, 1, Number.NaN, 3, 3, Number.NaN, 0, -1, -1, Number.POSITIVE_INFINITY];
    await expectSameOnBothBackends(() => [
      tf.argMax(tf.tensor(values, [3, 4]), 1),
      tf.argMin(tf.tensor(values, [3, 4]), 1),
    ]);
  });

  it('sum gradient matches cpu', async () => {
    await expectSameOnBothBackends(() =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.mean(x, 0), tf.max(x, 0))))(tensorFrom([4, 6], 4)),
    );
  });

  it.each([
    { shape: [2, 3, 4], axes: [1], expected: { outer: 2, reduce: 3, inner: 4 } },
    { shape: [2, 3, 4], axes: [0, 1, 2], expected: { outer: 1, reduce: 24, inner: 1 } },
    { shape: [2, 1, 4], axes: [0, 2], expected: { outer: 1, reduce: 8, inner: 1 } },
    { shape: [2, 3, 1], axes: [2], expected: { outer: 6, reduce: 1, inner: 1 } },
    { shape: [2, 3, 4], axes: [0, 2], expected: undefined },
  ])('reductionLayout $shape over $axes', ({ shape, axes, expected }) => {
    expect(reductionLayout(shape, axes)).toEqual(expected);
  });

  it('reduceSum rejects short x', () => {
    expect(() => binding.reduceSum(new Float32Array(5), 2, 3, 1, new Float32Array(2))).toThrow(
      /x has 5 elements; expected 6/,
    );
  });

  it('reduceMax rejects short out', () => {
    expect(() => binding.reduceMax(new Float32Array(6), 2, 3, 1, new Float32Array(1))).toThrow(
      /out has 1 elements; expected 2/,
    );
  });

  it('argMax rejects float out', () => {
    const call = (): unknown =>
      (binding.argMax as (...args: unknown[]) => unknown)(new Float32Array(6), 2, 3, 1, new Float32Array(2));
    expect(call).toThrow(/must be a Int32Array/);
  });

  it('reduceSum rejects fractional sizes', () => {
    expect(() => binding.reduceSum(new Float32Array(6), 2, 1.5, 2, new Float32Array(4))).toThrow(RangeError);
  });
});
