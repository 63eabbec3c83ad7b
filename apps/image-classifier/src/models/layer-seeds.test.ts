import { describe, expect, it } from 'vitest';

import { createLayerSeeds } from './layer-seeds.js';

function takeSeeds(modelSeed: number, count: number): number[] {
  const nextSeed = createLayerSeeds(modelSeed);
  return Array.from({ length: count }, () => nextSeed());
}

describe('createLayerSeeds', () => {
  it('repeats for same model seed', () => {
    expect(takeSeeds(42, 8)).toEqual(takeSeeds(42, 8));
  });

  it('gives each layer a distinct seed', () => {
    const seeds = takeSeeds(42, 100);

    expect(new Set(seeds).size).toBe(100);
  });

  it('differs between model seeds', () => {
    expect(takeSeeds(1, 4)).not.toEqual(takeSeeds(2, 4));
  });

  it.each([0, 1, -7, 2 ** 40, Number.MAX_SAFE_INTEGER])('stays in [1, 2^31 - 1] for %d', (modelSeed) => {
    for (const seed of takeSeeds(modelSeed, 50)) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(1);
      expect(seed).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });
});
