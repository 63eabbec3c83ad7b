import type { GrayImage } from './gray-image.js';

/** Whether the ink is lighter or darker than the background, or the image contains no ink. */
export type Polarity = 'light-on-dark' | 'dark-on-light' | 'blank';

/** Detected polarity with the levels it was decided from. */
export interface PolarityDecision {
  decision: Polarity;
  reason: string;
  /** Median of the border pixels, 0..1. */
  background: number;
  /** The extreme (min or max) farther from the background, 0..1. */
  ink: number;
}

/** Options of {@link decidePolarity}. */
export interface PolarityOptions {
  /** Minimum difference between the darkest and the lightest pixel for the image to contain a digit. */
  minContrast: number;
}

/**
 * Default minimum contrast: 0.2 of the full range. This is an estimate, chosen above JPEG noise on a blank page
 * (a few levels of 255) and below the contrast of a faint pencil stroke.
 */
export const DEFAULT_POLARITY_OPTIONS: PolarityOptions = { minContrast: 0.2 };

/**
 * Decides whether the digit is light on dark (as in MNIST) or dark on light, by comparing the border median
 * (the background) with the darkest and lightest pixels.
 *
 * The ink is the extreme farther from the background. An image whose contrast is below `minContrast` is blank.
 */
export function decidePolarity(image: GrayImage, options: PolarityOptions = DEFAULT_POLARITY_OPTIONS): PolarityDecision {
  const background = borderMedian(image);
  let darkest = Number.POSITIVE_INFINITY;
  let lightest = Number.NEGATIVE_INFINITY;
  for (const value of image.data) {
    darkest = Math.min(darkest, value);
    lightest = Math.max(lightest, value);
  }

  const contrast = lightest - darkest;
  if (!(contrast >= options.minContrast)) {
    return {
      decision: 'blank',
      reason: `contrast ${contrast.toFixed(3)} is below the minimum ${options.minContrast}`,
      background,
      ink: background,
    };
  }
  if (background - darkest > lightest - background) {
    return {
      decision: 'dark-on-light',
      reason: `the background (${background.toFixed(2)}) is closer to the lightest pixel (${lightest.toFixed(2)})`,
      background,
      ink: darkest,
    };
  }
  return {
    decision: 'light-on-dark',
    reason: `the background (${background.toFixed(2)}) is closer to the darkest pixel (${darkest.toFixed(2)})`,
    background,
    ink: lightest,
  };
}

/** Returns the median of a border ring 5 % of the shorter side wide (at least one pixel). */
function borderMedian(image: GrayImage): number {
  const ring = Math.max(1, Math.round(0.05 * Math.min(image.width, image.height)));
  const values: number[] = [];
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const onBorder = x < ring || y < ring || x >= image.width - ring || y >= image.height - ring;
      if (onBorder) {
        values.push(image.data[y * image.width + x] ?? 0);
      }
    }
  }
  values.sort((a, b) => a - b);
  const middle = values.length >> 1;
  if (values.length % 2 === 1) {
    return values[middle] ?? 0;
  }
  return ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
}
