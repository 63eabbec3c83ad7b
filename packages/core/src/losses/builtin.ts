import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy, SparseCategoricalCrossentropy } from './categorical-crossentropy.js';
import type { Loss } from './loss.js';
import { MeanAbsoluteError, MeanSquaredError } from './regression-losses.js';

/**
 * Returns the losses every composition root starts with: `sparseCategoricalCrossentropy`,
 * `categoricalCrossentropy` and `binaryCrossentropy` (all on logits), `meanSquaredError` and
 * `meanAbsoluteError`.
 */
export function builtinLosses(): Loss[] {
  return [
    new SparseCategoricalCrossentropy(),
    new CategoricalCrossentropy(),
    new BinaryCrossentropy(),
    new MeanSquaredError(),
    new MeanAbsoluteError(),
  ];
}
