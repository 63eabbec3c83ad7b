import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { expectSameOnBothBackends, registerNative, runOn, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** Elementwise results round once per operation on both backends, so they agree to float32 rounding. */
const ELEMENTWISE_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-5 };

type BinaryOp = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const OPS: { name: string; op: BinaryOp }[] = [
  { name: 'add', op: tf.add },
  { name: 'sub', op: tf.sub },
  { name: 'mul', op: tf.mul },
  { name: 'div', op: tf.div },
  { name: 'maximum', op: tf.maximum },
  { name: 'minimum', op: tf.minimum },
  { name: 'squaredDifference', op: tf.squaredDifference },
  { name: 'pow', op: tf.pow },
  { name: 'prelu', op: (a, b) => tf.prelu(a, b) },
  { name: 'greater', op: tf.greater },
  { name: 'greaterEqual', op: tf.greaterEqual },
  { name: 'less', op: tf.less },
  { name: 'lessEqual', op: tf.lessEqual },
  { name: 'equal', op: tf.equal },
  { name: 'notEqual', op: tf.notEqual },
];

const SHAPES: { name: string; aShape: number[]; bShape: number[] }[] = [
  { name: 'same shape', aShape: [3, 4], bShape: [3, 4] },
  { name: 'scalar left', aShape: [], bShape: [2, 3] },
  { name: 'scalar right', aShape: [2, 3], bShape: [] },
  { name: 'row vector', aShape: [2, 5], bShape: [5] },
  { name: 'vector left', aShape: [5], bShape: [2, 5] },
  { name: 'both broadcast', aShape: [2, 3, 1], bShape: [1, 3, 4] },
  { name: 'column times row', aShape: [4, 1], bShape: [1, 5] },
  { name: 'middle axis', aShape: [3, 1, 7], bShape: [3, 5, 7] },
  { name: 'batch 1', aShape: [1, 7], bShape: [1, 7] },
  { name: 'odd rank 4', aShape: [2, 1, 5, 3], bShape: [3, 1, 1] },
  { name: 'empty', aShape: [0, 3], bShape: [3] },
  { name: 'empty broadcast', aShape: [2, 0], bShape: [2, 1] },
];

const CASES = OPS.flatMap(({ name, op }) => SHAPES.map((shape) => ({ ...shape, opName: name, op })));

const SPECIAL_VALUES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1, 2.5, -0.5];

function tensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  // A positive range keeps pow real-valued. The signed cases below cover negative operands.
  return tf.tensor(seededValues(size, seed, 0.1, 3), shape);
}

function signedTensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed, -3, 3), shape);
}

describe('native elementwise', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('binary kernels run natively', async () => {
    const add = vi.spyOn(binding, 'add');
    const greater = vi.spyOn(binding, 'greater');
    await tf.setBackend('native');
    tf.tidy(() => {
      tf.add(tensorFrom([2, 3], 1), tensorFrom([3], 2));
      tf.greater(tensorFrom([2, 3], 1), tensorFrom([3], 2));
    });

    expect(add).toHaveBeenCalledTimes(1);
    expect(greater).toHaveBeenCalledTimes(1);
  });

  it.each(CASES)('$opName $name', async ({ op, aShape, bShape }) => {
    await expectSameOnBothBackends(() => op(tensorFrom(aShape, 3), tensorFrom(bShape, 4)), ELEMENTWISE_TOLERANCE);
  });

  it.each(OPS)('$name signed inputs', async ({ op }) => {
    await expectSameOnBothBackends(
      () => op(signedTensorFrom([4, 6], 5), signedTensorFrom([6], 6)),
      ELEMENTWISE_TOLERANCE,
    );
  });

  it.each(OPS)('$name NaN and infinity', async ({ op }) => {
    const count = SPECIAL_VALUES.length;
    await expectSameOnBothBackends(
      () => op(tf.tensor(SPECIAL_VALUES, [count, 1]), tf.tensor(SPECIAL_VALUES, [1, count])),
      ELEMENTWISE_TOLERANCE,
    );
  });

  it('comparison returns bool', async () => {
    const [result] = await runOn('native', () => tf.cast(tf.less(tf.tensor([1, 5]), tf.tensor([3, 3])), 'int32'));

    expect(Array.from(result?.values ?? [])).toEqual([1, 0]);
  });

  it('comparison dtype is bool', async () => {
    await tf.setBackend('native');
    const result = tf.tidy(() => tf.equal(tf.tensor([1, 2]), tf.tensor([1, 3])).dtype);

    expect(result).toBe('bool');
  });

  it('int32 add uses cpu', async () => {
    const add = vi.spyOn(binding, 'add');
    await expectSameOnBothBackends(() => tf.add(tf.tensor([1, 2, 3], [3], 'int32'), tf.tensor([4], [1], 'int32')));

    expect(add).not.toHaveBeenCalled();
  });

  it.each([
    { name: 'same shape', condition: [2, 3], values: [2, 3] },
    { name: 'broadcast condition', condition: [3], values: [2, 3] },
    { name: 'broadcast values', condition: [2, 3], values: [1, 3] },
    { name: 'empty', condition: [0, 3], values: [0, 3] },
  ])('where $name', async ({ condition, values }) => {
    await expectSameOnBothBackends(
      () =>
        tf.where(
          tf.greater(signedTensorFrom(condition, 7), 0),
          signedTensorFrom(values, 8),
          signedTensorFrom(values, 9),
        ),
      ELEMENTWISE_TOLERANCE,
    );
  });

  it('where runs natively', async () => {
    const select = vi.spyOn(binding, 'select');
    await tf.setBackend('native');
    tf.tidy(() => tf.where(tf.tensor([1, 0], [2], 'bool'), tf.tensor([1, 2]), tf.tensor([3, 4])));

    expect(select).toHaveBeenCalledTimes(1);
  });

  it.each([
    { name: 'three inputs', count: 3, shape: [4, 5] },
    { name: 'one input', count: 1, shape: [7] },
    { name: 'empty', count: 2, shape: [0, 2] },
  ])('addN $name', async ({ count, shape }) => {
    await expectSameOnBothBackends(
      () => tf.addN(Array.from({ length: count }, (_, i) => signedTensorFrom(shape, 10 + i))),
      ELEMENTWISE_TOLERANCE,
    );
  });

  it('add rejects short a', () => {
    const call = (): void => binding.add(new Float32Array(3), [2, 2], new Float32Array(4), [2, 2], new Float32Array(4));
    expect(call).toThrow(/a has 3 elements; expected 4/);
  });

  it('add rejects incompatible shapes', () => {
    const call = (): void => binding.add(new Float32Array(6), [2, 3], new Float32Array(4), [2, 2], new Float32Array(6));
    expect(call).toThrow(/cannot be broadcast/);
  });

  it('add rejects short out', () => {
    const call = (): void => binding.add(new Float32Array(6), [2, 3], new Float32Array(3), [3], new Float32Array(5));
    expect(call).toThrow(/out has 5 elements; expected 6/);
  });

  it('add rejects plain arrays', () => {
    const call = (): unknown =>
      (binding.add as (...args: unknown[]) => unknown)([1, 2], [2], new Float32Array(2), [2], new Float32Array(2));
    expect(call).toThrow(TypeError);
  });

  it('add rejects negative sizes', () => {
    const call = (): void => binding.add(new Float32Array(0), [-1], new Float32Array(0), [0], new Float32Array(0));
    expect(call).toThrow(RangeError);
  });

  it('greater rejects float out', () => {
    const call = (): unknown =>
      (binding.greater as (...args: unknown[]) => unknown)(
        new Float32Array(2),
        [2],
        new Float32Array(2),
        [2],
        new Float32Array(2),
      );
    expect(call).toThrow(/must be a Uint8Array/);
  });

  it('select rejects short e', () => {
    const call = (): void =>
      binding.select(new Uint8Array(2), new Float32Array(4), new Float32Array(3), new Float32Array(4), 2);
    expect(call).toThrow(/e has 3 elements; expected 4/);
  });

  it('addN rejects mismatched inputs', () => {
    const call = (): void => binding.addN([new Float32Array(3), new Float32Array(2)], new Float32Array(3));
    expect(call).toThrow(/inputs\[1\] has 2 elements; expected 3/);
  });
});
