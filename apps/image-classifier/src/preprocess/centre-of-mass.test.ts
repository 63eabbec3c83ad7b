import { describe, expect, it } from 'vitest';

import { centreOfMass, placeByCentreOfMass } from './centre-of-mass.js';
import type { GrayImage } from './gray-image.js';

function blank(width: number, height: number): GrayImage {
  return { width, height, data: new Float32Array(width * height) };
}

describe('centreOfMass', () => {
  it('finds single pixel', () => {
    const image = blank(5, 4);
    image.data[2 * 5 + 3] = 0.7;

    expect(centreOfMass(image)).toEqual({ x: 3, y: 2 });
  });

  it('weights by intensity', () => {
    const image = blank(4, 1);
    image.data[0] = 1;
    image.data[3] = 0.5;

    expect(centreOfMass(image)?.x).toBeCloseTo(1, 6);
  });

  it('returns undefined for empty image', () => {
    expect(centreOfMass(blank(3, 3))).toBeUndefined();
  });
});

describe('placeByCentreOfMass', () => {
  it.each([
    { width: 20, height: 20, fill: [[0, 0]] },
    { width: 7, height: 20, fill: [[1, 3], [6, 19]] },
    { width: 20, height: 9, fill: [[0, 8], [19, 8], [10, 4]] },
  ])('centres $width x $height patch within 0.5 px', ({ width, height, fill }) => {
    const patch = blank(width, height);
    for (const [x = 0, y = 0] of fill) {
      patch.data[y * width + x] = 1;
    }

    const placed = placeByCentreOfMass(patch, 28, { x: 14, y: 14 });
    const centre = centreOfMass(placed);

    expect(Math.abs((centre?.x ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((centre?.y ?? 0) - 14)).toBeLessThanOrEqual(0.5);
  });

  it('keeps total ink when patch fits', () => {
    const patch = blank(10, 10);
    patch.data.fill(0.5);

    const placed = placeByCentreOfMass(patch, 28, { x: 14, y: 14 });

    expect(placed.data.reduce((sum, value) => sum + value, 0)).toBeCloseTo(50, 4);
  });

  it('drops pixels pushed off canvas', () => {
    const patch = blank(20, 1);
    patch.data[0] = 1;
    patch.data[19] = 0.01;

    const placed = placeByCentreOfMass(patch, 28, { x: 14, y: 14 });

    expect(placed.data.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
  });
});
