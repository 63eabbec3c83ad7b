import { describe, expect, it } from 'vitest';

import type { RgbaImage } from './decode-image.js';
import { decideAlphaBackground, toGrayImage } from './flatten-alpha.js';

/** Returns a 1 × n image from RGBA tuples. */
function rgba(pixels: Array<[number, number, number, number]>): RgbaImage {
  return { width: pixels.length, height: 1, data: Uint8Array.from(pixels.flat()) };
}

describe('decideAlphaBackground', () => {
  it.each([
    { name: 'opaque image', pixels: [[255, 255, 255, 255], [0, 0, 0, 255]], decision: 'none' },
    { name: 'dark ink on transparent', pixels: [[0, 0, 0, 255], [0, 0, 0, 0], [0, 0, 0, 0]], decision: 'white' },
    { name: 'light ink on transparent', pixels: [[255, 255, 255, 255], [0, 0, 0, 0]], decision: 'black' },
    { name: 'fully transparent', pixels: [[255, 255, 255, 0], [0, 0, 0, 0]], decision: 'white' },
  ] as Array<{ name: string; pixels: Array<[number, number, number, number]>; decision: string }>)(
    'chooses $decision for $name',
    ({ pixels, decision }) => {
      expect(decideAlphaBackground(rgba(pixels)).decision).toBe(decision);
    },
  );
});

describe('toGrayImage', () => {
  it.each([
    { background: 'white', expected: [0, 1, 0.8] },
    { background: 'black', expected: [0, 0, 0] },
  ] as const)('composites onto $background', ({ background, expected }) => {
    const image = rgba([
      [0, 0, 0, 255],
      [0, 0, 0, 0],
      [0, 0, 0, 51],
    ]);

    const gray = toGrayImage(image, background);

    expected.forEach((value, index) => expect(gray.data[index]).toBeCloseTo(value, 2));
  });

  it('ignores alpha when opaque', () => {
    const gray = toGrayImage(rgba([[255, 0, 0, 0]]), 'none');

    expect(gray.data[0]).toBeCloseTo(0.299, 4);
  });
});
