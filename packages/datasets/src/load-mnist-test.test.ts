import { beforeAll, describe, expect, it } from 'vitest';

import type { LoadedDataset } from './loaded-dataset.js';
import { loadMnistTest } from './load-mnist-test.js';

const EXPECTED_LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function countLabels(y: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of y) {
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

describe('loadMnistTest', () => {
  let dataset: LoadedDataset;

  beforeAll(async () => {
    dataset = await loadMnistTest();
  });

  it('contains 10,000 examples', () => {
    expect(dataset.size).toBe(10_000);
    expect(dataset.y.length).toBe(10_000);
    expect(dataset.x.length).toBe(10_000 * 784);
  });

  it('describes MNIST shape and classes', () => {
    expect(dataset.exampleShape).toEqual([28, 28, 1]);
    expect(dataset.numClasses).toBe(10);
    expect(dataset.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(dataset.name).toBe('mnist-test');
    expect(dataset.source).toContain('CC BY-SA 3.0');
  });

  it('matches official label counts', () => {
    expect(countLabels(dataset.y, 10)).toEqual(EXPECTED_LABEL_COUNTS);
  });

  it('keeps official first labels', () => {
    expect(Array.from(dataset.y.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('scales pixels to unit range', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const value of dataset.x) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    expect(min).toBe(0);
    expect(max).toBe(1);
  });
});
