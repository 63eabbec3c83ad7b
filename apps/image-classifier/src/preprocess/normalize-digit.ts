import { placeByCentreOfMass } from './centre-of-mass.js';
import type { GrayImage } from './gray-image.js';
import { decidePolarity, DEFAULT_POLARITY_OPTIONS, type PolarityOptions } from './polarity.js';
import { resizeArea } from './area-resize.js';

/** Side of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
/** Side of the box that MNIST scales each digit into, preserving its aspect ratio. */
export const DIGIT_BOX_SIDE = 20;
/**
 * Target of the centre of mass, in pixel-index coordinates.
 *
 * MNIST centred each digit by mass in the 28 × 28 field. This preprocessing puts the centre at pixel (14, 14).
 */
export const MNIST_CENTRE = { x: 14, y: 14 } as const;

/** Reason sent for an image without a digit. */
export const NO_DIGIT_REASON = 'no digit found: the image is blank';

/** A 28 × 28 MNIST-style input (784 values in 0..1, light digit on black), or why there is none. */
export type DigitResult = { digitFound: true; pixels: Float32Array } | { digitFound: false; reason: typeof NO_DIGIT_REASON };

/** Options of {@link normalizeDigit}. */
export interface NormalizeDigitOptions extends PolarityOptions {
  /** Level, after contrast stretching to 0..1, above which a pixel counts as ink for the bounding box. */
  inkThreshold: number;
}

/** Default options: contrast at least 0.2, ink above 0.1 of the stretched range. */
export const DEFAULT_NORMALIZE_DIGIT_OPTIONS: NormalizeDigitOptions = { ...DEFAULT_POLARITY_OPTIONS, inkThreshold: 0.1 };

/**
 * Turns a grayscale image of one digit into an MNIST-style 28 × 28 input, following the steps that built MNIST.
 *
 * Steps:
 * 1. Detect the polarity by comparing the border with the darkest and lightest pixels.
 * 2. Stretch the contrast so the background is 0 and the ink 1. This also inverts a dark-on-light digit.
 * 3. Crop to the bounding box of the pixels above `inkThreshold`.
 * 4. Scale the longer side to 20 px with area averaging, preserving the aspect ratio.
 * 5. Place the result in 28 × 28 with its centre of mass at (14, 14).
 *
 * Returns `digitFound: false` when the image has too little contrast or no ink above the threshold.
 */
export function normalizeDigit(
  image: GrayImage,
  options: NormalizeDigitOptions = DEFAULT_NORMALIZE_DIGIT_OPTIONS,
): DigitResult {
  const polarity = decidePolarity(image, options);
  if (polarity.decision === 'blank') {
    return noDigit();
  }

  const stretched = stretchContrast(image, polarity.background, polarity.ink);
  const box = inkBoundingBox(stretched, options.inkThreshold);
  if (box === undefined) {
    return noDigit();
  }

  const cropped = crop(stretched, box);
  const scale = DIGIT_BOX_SIDE / Math.max(cropped.width, cropped.height);
  const scaled = resizeArea(
    cropped,
    Math.max(1, Math.round(cropped.width * scale)),
    Math.max(1, Math.round(cropped.height * scale)),
  );
  const placed = placeByCentreOfMass(scaled, MNIST_SIDE, MNIST_CENTRE);
  return { digitFound: true, pixels: clampUnit(placed.data) };
}

function noDigit(): DigitResult {
  return { digitFound: false, reason: NO_DIGIT_REASON };
}

/** Maps `background` to 0 and `ink` to 1, clamping to 0..1; works for both polarities. */
function stretchContrast(image: GrayImage, background: number, ink: number): GrayImage {
  const range = ink - background;
  const data = new Float32Array(image.data.length);
  for (let index = 0; index < data.length; index += 1) {
    const value = ((image.data[index] ?? 0) - background) / range;
    data[index] = Math.min(1, Math.max(0, value));
  }
  return { width: image.width, height: image.height, data };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function inkBoundingBox(image: GrayImage, threshold: number): Box | undefined {
  let left = image.width;
  let top = image.height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      if ((image.data[y * image.width + x] ?? 0) > threshold) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  if (right < 0) {
    return undefined;
  }
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

function crop(image: GrayImage, box: Box): GrayImage {
  const data = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y += 1) {
    const start = (box.top + y) * image.width + box.left;
    data.set(image.data.subarray(start, start + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data };
}

function clampUnit(data: Float32Array): Float32Array {
  return data.map((value) => Math.min(1, Math.max(0, value)));
}
