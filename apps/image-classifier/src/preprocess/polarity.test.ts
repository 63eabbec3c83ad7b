import { describe, expect, it } from 'vitest';

import type { GrayImage } from './gray-image.js';
import { decidePolarity } from './polarity.js';

/** Returns a 10 × 10 image of `background` with a 3 × 3 block of `ink` in the middle. */
function blockImage(background: number, ink: number): GrayImage {
  const data = new Float32Array(100).fill(background);
  for (let y = 4; y < 7; y += 1) {
    for (let x = 4; x < 7; x += 1) {
      data[y * 10 + x] = ink;
    }
  }
  return { width: 10, height: 10, data };
}

describe('decidePolarity', () => {
  it.each([
    { background: 1, ink: 0, decision: 'dark-on-light' },
    { background: 0.85, ink: 0.3, decision: 'dark-on-light' },
    { background: 0, ink: 1, decision: 'light-on-dark' },
    { background: 0.2, ink: 0.7, decision: 'light-on-dark' },
    { background: 0.5, ink: 0.5, decision: 'blank' },
    { background: 0.95, ink: 0.9, decision: 'blank' },
  ])('detects $decision for background $background, ink $ink', ({ background, ink, decision }) => {
    const result = decidePolarity(blockImage(background, ink));

    expect(result.decision).toBe(decision);
  });

  it('reports background and ink levels', () => {
    const result = decidePolarity(blockImage(0.9, 0.1));

    expect(result.background).toBeCloseTo(0.9, 6);
    expect(result.ink).toBeCloseTo(0.1, 6);
  });

  it('explains blank decision', () => {
    const result = decidePolarity(blockImage(0.4, 0.45));

    expect(result.reason).toBe('contrast 0.050 is below the minimum 0.2');
  });

  it('uses border median despite ink on border', () => {
    const image = blockImage(1, 1);
    for (let x = 0; x < 4; x += 1) {
      image.data[x] = 0;
    }
    image.data[55] = 0;

    expect(decidePolarity(image).decision).toBe('dark-on-light');
  });
});
