import type { Random } from './random.js';

/**
 * Changes a batch of training examples in place, e.g. random shifts and rotations of images.
 *
 * `x` is a copy of the batch, row-major `[batchSize, ...exampleShape]`, so the batch size is
 * `x.length / product(exampleShape)`. The hook may overwrite any value but must not keep `x`. `random` is
 * seeded per epoch from the run seed, so augmented runs are reproducible.
 */
export type Augmentation = (x: Float32Array, exampleShape: readonly number[], random: Random) => void;
