import { decodeImage } from './decode-image.js';
import { decideAlphaBackground, toGrayImage } from './flatten-alpha.js';
import type { ImageLimits } from './image-limits.js';
import { normalizeDigit, type DigitResult, type NormalizeDigitOptions } from './normalize-digit.js';
import { parsePixelGrid } from './pixel-input.js';

/**
 * Decodes an uploaded image (PNG, JPEG or another raster format sharp reads) and normalizes its digit to MNIST form.
 *
 * Transparent pixels are flattened onto white, or onto black when the visible content is light.
 * @throws {ImageInputError} when the image is over a limit, unidentifiable or corrupt (see `decodeImage`).
 */
export async function preprocessImage(
  bytes: Uint8Array,
  limits: ImageLimits,
  options?: NormalizeDigitOptions,
): Promise<DigitResult> {
  const rgba = await decodeImage(bytes, limits);
  const background = decideAlphaBackground(rgba);
  return normalizeDigit(toGrayImage(rgba, background.decision), options);
}

/**
 * Validates JSON pixel values and normalizes their digit the same way as an uploaded image.
 *
 * An input that is already MNIST-like comes out nearly unchanged, re-cropped and re-centred.
 * @throws {ImageInputError} `INVALID_PIXELS` for a wrong shape or value (see `parsePixelGrid`).
 */
export function preprocessPixels(value: unknown, name?: string, options?: NormalizeDigitOptions): DigitResult {
  return normalizeDigit(parsePixelGrid(value, name), options);
}
