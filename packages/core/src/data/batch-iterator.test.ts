import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import type { ArrayDataset } from './array-dataset.js';
import { batchCount, iterateBatches, type TensorBatch } from './batch-iterator.js';
import { createRandom } from './random.js';

/** Five examples of shape [2]: example i is [i, 10 + i] with label i % 3. */
const dataset: ArrayDataset = {
  x: Float32Array.from([0, 10, 1, 11, 2, 12, 3, 13, 4, 14]),
  exampleShape: [2],
  y: Int32Array.from([0, 1, 2, 0, 1]),
  targetShape: [],
  size: 5,
};

interface ReadBatch {
  readonly size: number;
  readonly x: number[];
  readonly y: number[];
  readonly xShape: number[];
  readonly yShape: number[];
  readonly yDtype: string;
}

function readAndDispose(batches: Iterable<TensorBatch>): ReadBatch[] {
  const read: ReadBatch[] = [];
  for (const batch of batches) {
    read.push({
      size: batch.size,
      x: Array.from(batch.x.dataSync()),
      y: Array.from(batch.y.dataSync()),
      xShape: batch.x.shape,
      yShape: batch.y.shape,
      yDtype: batch.y.dtype,
    });
    tf.dispose([batch.x, batch.y]);
  }
  return read;
}

describe('iterateBatches', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('follows order with partial batch', () => {
    const batches = readAndDispose(iterateBatches(dataset, { order: [4, 0, 2], batchSize: 2 }));

    expect(batches.map((batch) => batch.size)).toEqual([2, 1]);
    expect(batches[0]?.x).toEqual([4, 14, 0, 10]);
    expect(batches[0]?.y).toEqual([1, 0]);
    expect(batches[1]?.x).toEqual([2, 12]);
  });

  it('shapes include batch', () => {
    const [batch] = readAndDispose(iterateBatches(dataset, { order: [0, 1, 2], batchSize: 3 }));

    expect(batch?.xShape).toEqual([3, 2]);
    expect(batch?.yShape).toEqual([3]);
    expect(batch?.yDtype).toBe('int32');
  });

  it('casts and reshapes targets', () => {
    const [batch] = readAndDispose(
      iterateBatches(dataset, { order: [1, 2], batchSize: 2, targetDtype: 'float32', targetShape: [1] }),
    );

    expect(batch?.yDtype).toBe('float32');
    expect(batch?.yShape).toEqual([2, 1]);
    expect(batch?.y).toEqual([1, 2]);
  });

  it('augments copy only', () => {
    const negate = (x: Float32Array): void => {
      for (let i = 0; i < x.length; i++) x[i] = -(x[i] as number);
    };

    const [batch] = readAndDispose(
      iterateBatches(dataset, { order: [1], batchSize: 1, augment: negate, random: createRandom(1) }),
    );

    expect(batch?.x).toEqual([-1, -11]);
    expect(dataset.x[2]).toBe(1);
  });

  it('augmentation sees example shape', () => {
    const seen: { length: number; shape: readonly number[] }[] = [];

    readAndDispose(
      iterateBatches(dataset, {
        order: [0, 1, 2, 3, 4],
        batchSize: 4,
        augment: (x, shape) => seen.push({ length: x.length, shape }),
        random: createRandom(1),
      }),
    );

    expect(seen).toEqual([
      { length: 8, shape: [2] },
      { length: 2, shape: [2] },
    ]);
  });

  it('leaves only yielded tensors', () => {
    const before = tf.memory().numTensors;

    readAndDispose(iterateBatches(dataset, { order: [0, 1, 2, 3, 4], batchSize: 2 }));

    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    { name: 'zero batch size', options: { order: [0], batchSize: 0 } },
    { name: 'fractional batch size', options: { order: [0], batchSize: 1.5 } },
    { name: 'target size mismatch', options: { order: [0], batchSize: 1, targetShape: [2] } },
    { name: 'augment without random', options: { order: [0], batchSize: 1, augment: () => undefined } },
  ])('rejects $name', ({ options }) => {
    expect(() => iterateBatches(dataset, options).next()).toThrow(ConfigError);
  });
});

describe('batchCount', () => {
  it.each([
    { count: 10, batchSize: 5, expected: 2 },
    { count: 11, batchSize: 5, expected: 3 },
    { count: 1, batchSize: 32, expected: 1 },
  ])('$count examples by $batchSize', ({ count, batchSize, expected }) => {
    expect(batchCount(count, batchSize)).toBe(expected);
  });
});
