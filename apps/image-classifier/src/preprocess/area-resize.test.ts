import { describe, expect, it } from 'vitest';

import { resizeArea } from './area-resize.js';
import type { GrayImage } from './gray-image.js';

function image(width: number, height: number, values: number[]): GrayImage {
  return { width, height, data: Float32Array.from(values) };
}

function mean(data: Float32Array): number {
  return data.reduce((sum, value) => sum + value, 0) / data.length;
}

describe('resizeArea', () => {
  it('keeps same-size image', () => {
    const source = image(2, 2, [0.1, 0.2, 0.3, 0.4]);

    expect(Array.from(resizeArea(source, 2, 2).data)).toEqual(Array.from(source.data));
  });

  it('averages 2x2 blocks when halving', () => {
    const source = image(4, 2, [0, 1, 1, 1, 0, 1, 0, 0]);

    const result = resizeArea(source, 2, 1);

    expect(result.data[0]).toBeCloseTo(0.5, 6);
    expect(result.data[1]).toBeCloseTo(0.5, 6);
  });

  it('weights partial pixels by overlap', () => {
    const source = image(3, 1, [0, 1, 0]);

    const result = resizeArea(source, 2, 1);

    // Output pixel 0 covers source [0, 1.5): 1/1.5 of pixel 0 and 0.5/1.5 of pixel 1.
    expect(result.data[0]).toBeCloseTo(1 / 3, 6);
    expect(result.data[1]).toBeCloseTo(1 / 3, 6);
  });

  it.each([
    { from: [7, 5], to: [3, 2] },
    { from: [40, 30], to: [20, 15] },
    { from: [13, 17], to: [5, 20] },
  ])('preserves mean from $from to $to', ({ from, to }) => {
    const [width = 0, height = 0] = from;
    const values = Array.from({ length: width * height }, (_, index) => ((index * 37) % 11) / 10);

    const result = resizeArea(image(width, height, values), to[0] ?? 0, to[1] ?? 0);

    expect(mean(result.data)).toBeCloseTo(mean(Float32Array.from(values)), 4);
  });

  it('repeats pixels when enlarging', () => {
    const result = resizeArea(image(2, 1, [0, 1]), 4, 1);

    expect(Array.from(result.data)).toEqual([0, 0, 1, 1]);
  });

  it.each([
    [0, 2],
    [2, 1.5],
  ])('rejects target %sx%s', (width, height) => {
    expect(() => resizeArea(image(1, 1, [0]), width, height)).toThrow(RangeError);
  });
});
