import { describe, expect, it } from 'vitest';

import { mnistLikeRows } from '../../test/fixtures/digit-images.js';
import { centreOfMass } from './centre-of-mass.js';
import type { GrayImage } from './gray-image.js';
import { NO_DIGIT_REASON, normalizeDigit } from './normalize-digit.js';
import { parsePixelGrid } from './pixel-input.js';

/** Returns a `width` × `height` image of `background` with a filled rectangle of `ink`. */
function rectangleImage(options: {
  width: number;
  height: number;
  background: number;
  ink: number;
  rect: { left: number; top: number; width: number; height: number };
}): GrayImage {
  const data = new Float32Array(options.width * options.height).fill(options.background);
  for (let y = options.rect.top; y < options.rect.top + options.rect.height; y += 1) {
    for (let x = options.rect.left; x < options.rect.left + options.rect.width; x += 1) {
      data[y * options.width + x] = options.ink;
    }
  }
  return { width: options.width, height: options.height, data };
}

function pixelsOf(result: ReturnType<typeof normalizeDigit>): Float32Array {
  if (!result.digitFound) {
    throw new Error(`expected a digit, got: ${result.reason}`);
  }
  return result.pixels;
}

/** Returns the width and height of the region above `threshold` in a 28 × 28 image. */
function inkExtent(pixels: Float32Array, threshold = 0.1): { width: number; height: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  pixels.forEach((value, index) => {
    if (value > threshold) {
      xs.push(index % 28);
      ys.push(Math.floor(index / 28));
    }
  });
  return { width: Math.max(...xs) - Math.min(...xs) + 1, height: Math.max(...ys) - Math.min(...ys) + 1 };
}

describe('normalizeDigit', () => {
  const tall = { left: 10, top: 5, width: 12, height: 40 };

  it('returns 784 values in 0..1', () => {
    const pixels = pixelsOf(normalizeDigit(rectangleImage({ width: 60, height: 60, background: 0, ink: 1, rect: tall })));

    expect(pixels.length).toBe(784);
    expect(Math.min(...pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
  });

  it('scales longer side to 20', () => {
    const pixels = pixelsOf(normalizeDigit(rectangleImage({ width: 60, height: 60, background: 0, ink: 1, rect: tall })));

    expect(inkExtent(pixels)).toEqual({ width: 6, height: 20 });
  });

  it.each([
    { name: 'tall', rect: tall },
    { name: 'wide', rect: { left: 3, top: 40, width: 50, height: 9 } },
    { name: 'corner', rect: { left: 50, top: 50, width: 9, height: 9 } },
  ])('centres $name digit within 0.5 px', ({ rect }) => {
    const pixels = pixelsOf(normalizeDigit(rectangleImage({ width: 60, height: 60, background: 0, ink: 1, rect })));
    const centre = centreOfMass({ width: 28, height: 28, data: pixels });

    expect(Math.abs((centre?.x ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((centre?.y ?? 0) - 14)).toBeLessThanOrEqual(0.5);
  });

  it('inverts dark-on-light digit', () => {
    const light = normalizeDigit(rectangleImage({ width: 60, height: 60, background: 0, ink: 1, rect: tall }));
    const dark = normalizeDigit(rectangleImage({ width: 60, height: 60, background: 1, ink: 0, rect: tall }));

    expect(pixelsOf(dark)).toEqual(pixelsOf(light));
  });

  it('stretches grey levels to full range', () => {
    const grey = normalizeDigit(rectangleImage({ width: 60, height: 60, background: 0.8, ink: 0.3, rect: tall }));
    const crisp = normalizeDigit(rectangleImage({ width: 60, height: 60, background: 0, ink: 1, rect: tall }));

    const difference = Math.max(...pixelsOf(grey).map((value, index) => Math.abs(value - (pixelsOf(crisp)[index] ?? 0))));
    expect(difference).toBeLessThan(1e-5);
  });

  it.each([
    { name: 'uniform white', background: 1, ink: 1 },
    { name: 'uniform black', background: 0, ink: 0 },
    { name: 'faint smudge', background: 0.9, ink: 0.85 },
  ])('reports $name as no digit', ({ background, ink }) => {
    const result = normalizeDigit(rectangleImage({ width: 30, height: 30, background, ink, rect: tall }));

    expect(result).toEqual({ digitFound: false, reason: NO_DIGIT_REASON });
  });

  it('keeps MNIST-like input close', () => {
    const source = parsePixelGrid(mnistLikeRows());

    const pixels = pixelsOf(normalizeDigit(source));

    const sourceExtent = inkExtent(source.data);
    expect(inkExtent(pixels).height).toBe(20);
    expect(sourceExtent.height).toBe(18);
    const centre = centreOfMass({ width: 28, height: 28, data: pixels });
    expect(Math.abs((centre?.x ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((centre?.y ?? 0) - 14)).toBeLessThanOrEqual(0.5);
  });
});
