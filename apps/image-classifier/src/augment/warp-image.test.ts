import { describe, expect, it } from 'vitest';

import { warpImage, type ImageSize } from './warp-image.js';

const SIZE_5: ImageSize = { height: 5, width: 5 };

function imageWithPixel(size: ImageSize, row: number, col: number): Float32Array {
  const image = new Float32Array(size.height * size.width);
  image[row * size.width + col] = 1;
  return image;
}

describe('warpImage', () => {
  it('copies exactly without transform', () => {
    const source = Float32Array.from({ length: 25 }, (_, i) => i / 25);
    const target = new Float32Array(25);

    warpImage(source, target, SIZE_5, { angle: 0, shiftX: 0, shiftY: 0 });

    expect(Array.from(target)).toEqual(Array.from(source));
  });

  it.each([
    { case: 'right by 1', shiftX: 1, shiftY: 0, row: 2, col: 3 },
    { case: 'down by 2', shiftX: 0, shiftY: 2, row: 4, col: 2 },
    { case: 'up-left by 1', shiftX: -1, shiftY: -1, row: 1, col: 1 },
  ])('shifts pixel $case', ({ shiftX, shiftY, row, col }) => {
    const target = new Float32Array(25);

    warpImage(imageWithPixel(SIZE_5, 2, 2), target, SIZE_5, { angle: 0, shiftX, shiftY });

    expect(target[row * 5 + col]).toBe(1);
    expect(target.reduce((sum, value) => sum + value, 0)).toBe(1);
  });

  it('splits half-pixel shift evenly', () => {
    const target = new Float32Array(25);

    warpImage(imageWithPixel(SIZE_5, 2, 2), target, SIZE_5, { angle: 0, shiftX: 0.5, shiftY: 0 });

    expect(target[2 * 5 + 2]).toBeCloseTo(0.5, 6);
    expect(target[2 * 5 + 3]).toBeCloseTo(0.5, 6);
  });

  it('rotates quarter turn clockwise on screen', () => {
    const target = new Float32Array(25);

    // Offset (u, v) = (+2, 0) from the centre goes to (0, +2): from the right edge to the bottom edge.
    warpImage(imageWithPixel(SIZE_5, 2, 4), target, SIZE_5, { angle: Math.PI / 2, shiftX: 0, shiftY: 0 });

    expect(target[4 * 5 + 2]).toBeCloseTo(1, 6);
    expect(target.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
  });

  it('fills uncovered pixels with zero', () => {
    const source = new Float32Array(25).fill(1);
    const target = new Float32Array(25);

    warpImage(source, target, SIZE_5, { angle: 0, shiftX: 2, shiftY: 0 });

    for (let row = 0; row < 5; row++) {
      expect(Array.from(target.subarray(row * 5, row * 5 + 5))).toEqual([0, 0, 1, 1, 1]);
    }
  });
});
