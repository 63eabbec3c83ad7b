import { ConfigError } from '@essence/core';

import { augmentDigits, type AugmentDigitsOptions } from './augment-digits.js';

/** Options of `createDigitAugmentation`: those of `augmentDigits` except the image size. */
export type DigitAugmentationOptions = Omit<AugmentDigitsOptions, 'height' | 'width'>;

/**
 * Batch hook with the same signature as the `Augmentation` type in packages/core/src/data/augmentation.ts.
 * It changes a batch copy `x` of row-major `[batchSize, ...exampleShape]` examples in place.
 */
export type DigitAugmentation = (x: Float32Array, exampleShape: readonly number[], random: () => number) => void;

/**
 * Creates a batch hook that applies `augmentDigits` with `options`, reading the image size and batch size
 * from `exampleShape` and `x`.
 *
 * The hook throws ConfigError when `exampleShape` is not `[height, width]` or `[height, width, 1]`, or when
 * `x.length` is not a whole number of examples.
 */
export function createDigitAugmentation(options: DigitAugmentationOptions = {}): DigitAugmentation {
  return (x, exampleShape, random) => {
    const [height, width, channels = 1] = exampleShape;
    if (height === undefined || width === undefined || channels !== 1 || exampleShape.length > 3) {
      throw new ConfigError(
        `digit augmentation needs single-channel images shaped [height, width] or [height, width, 1]; ` +
          `got [${exampleShape.join(', ')}]. Turn augmentation off for other datasets.`,
      );
    }

    const pixels = height * width;
    if (x.length % pixels !== 0) {
      throw new ConfigError(
        `digit augmentation got ${x.length} values, not a whole number of ${height}×${width} images. ` +
          'Pass the batch copy and the exampleShape of the same dataset.',
      );
    }
    augmentDigits(x, x.length / pixels, random, { ...options, height, width });
  };
}
