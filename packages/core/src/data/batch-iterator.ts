import * as tf from '@tensorflow/tfjs-core';

import { ConfigError } from '../errors.js';
import { elementCount, type ArrayDataset } from './array-dataset.js';
import type { Augmentation } from './augmentation.js';
import type { Random } from './random.js';

/** Batch order, batch size and tensor options of `iterateBatches`. */
export interface BatchOptions {
  /** Example indices in the order to visit them, e.g. a seeded shuffle. */
  readonly order: ArrayLike<number>;
  readonly batchSize: number;
  /** Dtype of the `y` tensor; defaults to the dtype of `dataset.y`. */
  readonly targetDtype?: 'int32' | 'float32';
  /**
   * Shape of one target in the `y` tensor, e.g. `[1]` to feed `[]`-shaped targets to a one-unit output;
   * must have as many elements as `dataset.targetShape`. Defaults to `dataset.targetShape`.
   */
  readonly targetShape?: readonly number[];
  /** Applied to a copy of each batch's `x` before the tensor is built. */
  readonly augment?: Augmentation;
  /** Generator passed to `augment`; required with it. */
  readonly random?: Random;
}

/**
 * One batch as tensors: `x` is `[size, ...exampleShape]` float32 and `y` is `[size, ...targetShape]`.
 * The consumer owns both tensors and must dispose them.
 */
export interface TensorBatch {
  /** 0-based position of the batch in the epoch. */
  readonly index: number;
  readonly size: number;
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
}

/** Returns the number of batches `count` examples give, counting a last partial batch. */
export function batchCount(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/**
 * Yields the examples of `options.order` in batches of `batchSize` (the last may be smaller), copying
 * rows out of the flat arrays and building one `x` and one `y` tensor per batch.
 *
 * @throws ConfigError when `batchSize` is not a positive integer, `targetShape` does not match the
 *   dataset's target size, or `augment` is given without `random`.
 */
export function* iterateBatches(dataset: ArrayDataset, options: BatchOptions): Generator<TensorBatch> {
  const targetShape = options.targetShape ?? dataset.targetShape;
  checkBatchOptions(dataset, options, targetShape);

  const TargetArray = (options.targetDtype ?? dtypeOf(dataset.y)) === 'int32' ? Int32Array : Float32Array;
  const exampleSize = elementCount(dataset.exampleShape);
  const targetSize = elementCount(targetShape);
  const total = options.order.length;

  for (let start = 0, index = 0; start < total; start += options.batchSize, index++) {
    const size = Math.min(options.batchSize, total - start);
    const x = new Float32Array(size * exampleSize);
    const y = new TargetArray(size * targetSize);

    for (let row = 0; row < size; row++) {
      const example = options.order[start + row] as number;
      x.set(dataset.x.subarray(example * exampleSize, (example + 1) * exampleSize), row * exampleSize);
      y.set(dataset.y.subarray(example * targetSize, (example + 1) * targetSize), row * targetSize);
    }
    if (options.augment !== undefined && options.random !== undefined) {
      options.augment(x, dataset.exampleShape, options.random);
    }

    yield {
      index,
      size,
      x: tf.tensor(x, [size, ...dataset.exampleShape], 'float32'),
      y: tf.tensor(y, [size, ...targetShape], TargetArray === Int32Array ? 'int32' : 'float32'),
    };
  }
}

function checkBatchOptions(dataset: ArrayDataset, options: BatchOptions, targetShape: readonly number[]): void {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new ConfigError(`batchSize must be a positive integer; got ${options.batchSize}`);
  }
  if (elementCount(targetShape) !== elementCount(dataset.targetShape)) {
    throw new ConfigError(
      `targetShape [${targetShape.join(', ')}] does not have as many elements as the dataset's target ` +
        `shape [${dataset.targetShape.join(', ')}]`,
    );
  }
  if (options.augment !== undefined && options.random === undefined) {
    throw new ConfigError('augment needs a seeded random generator; pass options.random');
  }
}

function dtypeOf(values: Float32Array | Int32Array): 'int32' | 'float32' {
  return values instanceof Int32Array ? 'int32' : 'float32';
}
