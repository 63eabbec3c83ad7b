import { ConfigError, EssenceError } from '@essence/core';

import { warpImage, type ImageSize } from './warp-image.js';

/** Options of `augmentDigits`. Every field is optional, and the defaults suit MNIST. */
export interface AugmentDigitsOptions {
  /** Whether to shift each image by a random offset. Default `true`. */
  readonly shift?: boolean;
  /** Maximum shift in pixels along each axis. Offsets are uniform in [-maxShift, maxShift). Default 2. */
  readonly maxShift?: number;
  /** Whether to rotate each image by a random angle about its centre. Default `true`. */
  readonly rotate?: boolean;
  /** Maximum rotation in degrees. Angles are uniform in [-maxRotationDegrees, maxRotationDegrees). Default 10. */
  readonly maxRotationDegrees?: number;
  /** Image height in pixels. Default 28. */
  readonly height?: number;
  /** Image width in pixels. Default 28. */
  readonly width?: number;
}

const DEFAULT_MAX_SHIFT = 2;
const DEFAULT_MAX_ROTATION_DEGREES = 10;
const MNIST_SIDE = 28;

/**
 * Augments the first `count` single-channel images of `x` in place with a random sub-pixel shift and a
 * random rotation about the centre, using bilinear sampling and zero fill.
 *
 * Pass a copy of the batch, because `x` is overwritten. `x` is row-major `[count, height, width]` (or
 * `[count, height, width, 1]`), and values stay within the input range extended to include 0. `rng`
 * returns uniform numbers in [0, 1). Per image it is called twice for the shift (x, then y) when `shift`
 * is on and once for the angle when `rotate` is on, so a seeded `rng` gives a reproducible batch. With
 * both off, `x` is left unchanged and `rng` is not called.
 *
 * @throws ConfigError when `count` is not a non-negative integer or an option is negative or not finite.
 * @throws EssenceError `SHAPE_MISMATCH` when `x` has fewer than `count * height * width` values.
 */
export function augmentDigits(
  x: Float32Array,
  count: number,
  rng: () => number,
  options: AugmentDigitsOptions = {},
): void {
  const settings = resolveOptions(options);
  const size: ImageSize = { height: settings.height, width: settings.width };
  const pixels = size.height * size.width;
  checkBatch(x, count, pixels, size);
  if (!settings.shift && !settings.rotate) {
    return;
  }

  const maxAngle = (settings.maxRotationDegrees * Math.PI) / 180;
  const scratch = new Float32Array(pixels);
  for (let image = 0; image < count; image++) {
    const shiftX = settings.shift ? symmetric(rng, settings.maxShift) : 0;
    const shiftY = settings.shift ? symmetric(rng, settings.maxShift) : 0;
    const angle = settings.rotate ? symmetric(rng, maxAngle) : 0;

    const target = x.subarray(image * pixels, (image + 1) * pixels);
    scratch.set(target);
    warpImage(scratch, target, size, { angle, shiftX, shiftY });
  }
}

function resolveOptions(options: AugmentDigitsOptions): Required<AugmentDigitsOptions> {
  const settings = {
    shift: options.shift ?? true,
    maxShift: options.maxShift ?? DEFAULT_MAX_SHIFT,
    rotate: options.rotate ?? true,
    maxRotationDegrees: options.maxRotationDegrees ?? DEFAULT_MAX_ROTATION_DEGREES,
    height: options.height ?? MNIST_SIDE,
    width: options.width ?? MNIST_SIDE,
  };

  for (const field of ['maxShift', 'maxRotationDegrees'] as const) {
    const value = settings[field];
    if (!Number.isFinite(value) || value < 0) {
      throw new ConfigError(`augmentation option ${field} must be a finite number >= 0; got ${value}.`);
    }
  }
  for (const field of ['height', 'width'] as const) {
    const value = settings[field];
    if (!Number.isInteger(value) || value < 1) {
      throw new ConfigError(`augmentation option ${field} must be a positive integer (pixels); got ${value}.`);
    }
  }
  return settings;
}

function checkBatch(x: Float32Array, count: number, pixels: number, size: ImageSize): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new ConfigError(`augmentDigits count must be a non-negative integer number of images; got ${count}.`);
  }
  if (x.length < count * pixels) {
    throw new EssenceError(
      'SHAPE_MISMATCH',
      `augmentDigits expects at least ${count} images of ${size.height}×${size.width} (${count * pixels} values); ` +
        `got ${x.length} values. Pass the batch size as count and set height and width for non-MNIST images.`,
    );
  }
}

function symmetric(rng: () => number, limit: number): number {
  return (2 * rng() - 1) * limit;
}
