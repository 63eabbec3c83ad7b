import { ConfigError } from '../errors.js';
import type { LabelledDataset } from './dataset.js';

/**
 * Examples and targets in flat, row-major typed arrays: `x` contains `size` examples of `exampleShape`
 * and `y` contains `size` targets of `targetShape`.
 *
 * `targetShape` is `[]` for one class index per example, `[classes]` for one-hot targets and the model's
 * output shape for real-valued targets.
 */
export interface ArrayDataset {
  readonly x: Float32Array;
  readonly exampleShape: readonly number[];
  readonly y: Float32Array | Int32Array;
  readonly targetShape: readonly number[];
  readonly size: number;
}

/** A dataset and the indices of the examples to use from it, e.g. one part of a `stratifiedSplit`. */
export interface DatasetSubset {
  readonly dataset: ArrayDataset | LabelledDataset;
  readonly indices: ArrayLike<number>;
}

/** Any form the trainer takes data in: a whole dataset or a subset of one. */
export type DatasetInput = ArrayDataset | LabelledDataset | DatasetSubset;

/** An `ArrayDataset` and the example indices to read from it. */
export interface ResolvedDataset {
  readonly dataset: ArrayDataset;
  readonly indices: Int32Array;
}

/** Returns the number of elements of a tensor of `shape`; 1 for a scalar shape `[]`. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** Returns a labelled dataset as an `ArrayDataset` with class-index targets, sharing its arrays. */
export function toArrayDataset(dataset: ArrayDataset | LabelledDataset): ArrayDataset {
  if ('targetShape' in dataset) return dataset;

  return { x: dataset.x, exampleShape: dataset.exampleShape, y: dataset.y, targetShape: [], size: dataset.size };
}

/**
 * Resolves any `DatasetInput` to an `ArrayDataset` and its example indices, checking that array lengths
 * match the shapes and that every index is in range.
 *
 * @throws ConfigError naming the dataset (`what`, e.g. `training data`), the array and the lengths.
 */
export function resolveDatasetInput(input: DatasetInput, what: string): ResolvedDataset {
  const subset = 'indices' in input ? input : undefined;
  const dataset = toArrayDataset(subset?.dataset ?? (input as ArrayDataset | LabelledDataset));
  checkArrayLengths(dataset, what);

  const indices = subset === undefined ? allIndices(dataset.size) : Int32Array.from(subset.indices);
  const outOfRange = indices.find((index) => index < 0 || index >= dataset.size);
  if (outOfRange !== undefined) {
    throw new ConfigError(`${what}: example index ${outOfRange} is outside [0, ${dataset.size - 1}]`);
  }
  if (indices.length === 0) {
    throw new ConfigError(`${what} is empty; give at least one example`);
  }

  return { dataset, indices };
}

function checkArrayLengths(dataset: ArrayDataset, what: string): void {
  const expectedX = dataset.size * elementCount(dataset.exampleShape);
  if (dataset.x.length !== expectedX) {
    throw new ConfigError(
      `${what}: x has ${dataset.x.length} values; expected size ${dataset.size} x example shape ` +
        `[${dataset.exampleShape.join(', ')}] = ${expectedX}`,
    );
  }

  const expectedY = dataset.size * elementCount(dataset.targetShape);
  if (dataset.y.length !== expectedY) {
    throw new ConfigError(
      `${what}: y has ${dataset.y.length} values; expected size ${dataset.size} x target shape ` +
        `[${dataset.targetShape.join(', ')}] = ${expectedY}`,
    );
  }
}

function allIndices(count: number): Int32Array {
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  return indices;
}
