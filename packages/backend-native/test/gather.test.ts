import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { expectSameOnBothBackends, registerNative, runOn, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** Gather copies values; segment sums add in double in row order on both backends. */
const GATHER_TOLERANCE: Tolerance = { rtol: 1e-6, atol: 1e-6 };

function tensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed, -2, 2), shape);
}

describe('native gather', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('embedding lookup runs natively', async () => {
    const gather = vi.spyOn(binding, 'gather');
    const segmentSum = vi.spyOn(binding, 'unsortedSegmentSum');
    await tf.setBackend('native');
    tf.tidy(() => tf.grad((table: tf.Tensor) => tf.sum(tf.gather(table, [1, 0, 1])))(tensorFrom([3, 4], 1)));

    expect(gather).toHaveBeenCalledTimes(1);
    expect(segmentSum).toHaveBeenCalledTimes(1);
  });

  it.each([
    { name: 'rows', shape: [5, 3], indices: [4, 0, 2, 2], axis: 0 },
    { name: 'columns', shape: [3, 6], indices: [5, 1], axis: 1 },
    { name: 'middle axis', shape: [2, 4, 3], indices: [3, 3, 0], axis: 1 },
    { name: 'negative axis', shape: [2, 4, 3], indices: [2, 0], axis: -1 },
    { name: '2d indices', shape: [6, 2], indices: [[0, 5], [3, 1]], axis: 0 },
    { name: 'scalar index', shape: [4, 3], indices: 2, axis: 0 },
    { name: 'no indices', shape: [4, 3], indices: [], axis: 0 },
    { name: 'empty slices', shape: [4, 0], indices: [1, 2], axis: 0 },
  ])('gather $name', async ({ shape, indices, axis }) => {
    await expectSameOnBothBackends(
      () => tf.gather(tensorFrom(shape, 2), tf.tensor(indices, undefined, 'int32'), axis),
      GATHER_TOLERANCE,
    );
  });

  it('gather int32 values', async () => {
    await expectSameOnBothBackends(() =>
      tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([2, 0], 'int32')),
    );
  });

  it('gather NaN and infinity', async () => {
    const table = [Number.NaN, 1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    await expectSameOnBothBackends(() => tf.gather(tf.tensor2d(table, [2, 2]), tf.tensor1d([1, 0, 1], 'int32')));
  });

  it('gather batchDims 1 uses cpu', async () => {
    const gather = vi.spyOn(binding, 'gather');
    await expectSameOnBothBackends(() =>
      tf.gather(tensorFrom([2, 3, 2], 3), tf.tensor2d([2, 0, 1, 1], [2, 2], 'int32'), 1, 1),
    );

    expect(gather).not.toHaveBeenCalled();
  });

  it('gather rejects out-of-range index', async () => {
    await expect(runOn('native', () => tf.gather(tensorFrom([3, 2], 4), tf.tensor1d([0, 3], 'int32')))).rejects.toThrow(
      /index value 3 is not in \[0, 2\]/,
    );
  });

  it.each([
    { name: 'rows', shape: [6, 3], ids: [0, 2, 2, 1, 0, 4], segments: 5 },
    { name: 'vector', shape: [5], ids: [1, 1, 0, 3, 1], segments: 4 },
    { name: 'out-of-range ids skipped', shape: [4, 2], ids: [0, -1, 7, 1], segments: 2 },
    { name: 'rank 3 values', shape: [3, 2, 2], ids: [1, 0, 1], segments: 2 },
    { name: 'no rows', shape: [0, 3], ids: [], segments: 3 },
  ])('unsortedSegmentSum $name', async ({ shape, ids, segments }) => {
    await expectSameOnBothBackends(
      () => tf.unsortedSegmentSum(tensorFrom(shape, 5), tf.tensor1d(ids, 'int32'), segments),
      GATHER_TOLERANCE,
    );
  });

  it('gather gradient matches cpu', async () => {
    await expectSameOnBothBackends(
      () =>
        tf.grad((table: tf.Tensor) => tf.sum(tf.mul(tf.gather(table, tf.tensor1d([3, 0, 3, 1], 'int32'), 1), 2)))(
          tensorFrom([2, 5, 3], 6),
        ),
      GATHER_TOLERANCE,
    );
  });

  it('gather rejects mismatched out type', () => {
    const call = (): unknown =>
      (binding.gather as (...args: unknown[]) => unknown)(
        new Float32Array(4),
        1,
        2,
        2,
        new Int32Array([1]),
        new Int32Array(2),
      );
    expect(call).toThrow(/both be Float32Array or both be Int32Array/);
  });

  it('gather rejects short x', () => {
    expect(() => binding.gather(new Float32Array(3), 1, 2, 2, new Int32Array([0]), new Float32Array(2))).toThrow(
      /x has 3 elements; expected 4/,
    );
  });

  it('gather rejects negative index', () => {
    expect(() => binding.gather(new Float32Array(4), 1, 2, 2, new Int32Array([-1]), new Float32Array(2))).toThrow(
      RangeError,
    );
  });

  it('unsortedSegmentSum rejects short out', () => {
    const call = (): void =>
      binding.unsortedSegmentSum(new Float32Array(4), new Int32Array([0, 1]), 3, 2, new Float32Array(4));
    expect(call).toThrow(/out has 4 elements; expected 6/);
  });
});
