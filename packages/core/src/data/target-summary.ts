import type { ArrayDataset } from './array-dataset.js';
import { elementCount } from './array-dataset.js';

/** Facts about a dataset's targets that the loss/target check needs. */
export interface TargetSummary {
  readonly dtype: 'int32' | 'float32';
  /** Shape of one target, without the batch dimension. */
  readonly shape: readonly number[];
  /** Whether every target value is a whole number. */
  readonly integerValued: boolean;
  readonly min: number;
  readonly max: number;
}

/**
 * Summarises the targets of the examples at `indices` (every example when omitted) by scanning them
 * once. `min` and `max` are `NaN` when a target is `NaN`.
 */
export function summarizeTargets(dataset: ArrayDataset, indices?: ArrayLike<number>): TargetSummary {
  const targetSize = elementCount(dataset.targetShape);
  const count = indices?.length ?? dataset.size;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integerValued = true;

  for (let i = 0; i < count; i++) {
    const example = indices === undefined ? i : (indices[i] as number);
    for (let j = example * targetSize; j < (example + 1) * targetSize; j++) {
      const value = dataset.y[j] as number;
      if (Number.isNaN(value)) return { ...describe(dataset), integerValued: false, min: Number.NaN, max: Number.NaN };

      if (value < min) min = value;
      if (value > max) max = value;
      if (integerValued && !Number.isInteger(value)) integerValued = false;
    }
  }

  return { ...describe(dataset), integerValued, min, max };
}

function describe(dataset: ArrayDataset): Pick<TargetSummary, 'dtype' | 'shape'> {
  return { dtype: dataset.y instanceof Int32Array ? 'int32' : 'float32', shape: dataset.targetShape };
}
