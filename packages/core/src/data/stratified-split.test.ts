import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { stratifiedSplit } from './stratified-split.js';

/** Labels with 50 examples of class 0, 30 of class 1 and 20 of class 2, interleaved. */
function unevenLabels(): Int32Array {
  const labels: number[] = [];
  for (let i = 0; i < 100; i++) {
    const position = i % 10;
    if (position < 5) labels.push(0);
    else if (position < 8) labels.push(1);
    else labels.push(2);
  }
  return Int32Array.from(labels);
}

const dataset = { y: unevenLabels(), numClasses: 3 };

describe('stratifiedSplit', () => {
  it('keeps class proportions', () => {
    const split = stratifiedSplit(dataset, { validationFraction: 0.2, testFraction: 0.1, seed: 7 });

    expect(split.classCounts.validation).toEqual([10, 6, 4]);
    expect(split.classCounts.test).toEqual([5, 3, 2]);
    expect(split.classCounts.train).toEqual([35, 21, 14]);
  });

  it('counts match labels', () => {
    const split = stratifiedSplit(dataset, { validationFraction: 0.2, testFraction: 0.1, seed: 7 });
    const countLabel = (indices: Int32Array, label: number): number =>
      Array.from(indices).filter((index) => dataset.y[index] === label).length;

    for (const label of [0, 1, 2]) {
      expect(countLabel(split.validation, label)).toBe(split.classCounts.validation[label]);
      expect(countLabel(split.test, label)).toBe(split.classCounts.test[label]);
    }
  });

  it('partitions every index once', () => {
    const split = stratifiedSplit(dataset, { validationFraction: 0.2, testFraction: 0.1, seed: 7 });
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);

    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('same seed same split', () => {
    const first = stratifiedSplit(dataset, { validationFraction: 0.25, seed: 11 });
    const second = stratifiedSplit(dataset, { validationFraction: 0.25, seed: 11 });

    expect(second.validation).toEqual(first.validation);
    expect(second.train).toEqual(first.train);
  });

  it('other seed other split', () => {
    const first = stratifiedSplit(dataset, { validationFraction: 0.25, seed: 11 });
    const second = stratifiedSplit(dataset, { validationFraction: 0.25, seed: 12 });

    expect(second.validation).not.toEqual(first.validation);
  });

  it('indices are sorted', () => {
    const split = stratifiedSplit(dataset, { validationFraction: 0.2, seed: 3 });

    expect(Array.from(split.train)).toEqual(Array.from(split.train).sort((a, b) => a - b));
  });

  it('test defaults to empty', () => {
    const split = stratifiedSplit(dataset, { validationFraction: 0.2, seed: 3 });

    expect(split.test.length).toBe(0);
  });

  it.each([
    { name: 'negative fraction', options: { validationFraction: -0.1, seed: 1 } },
    { name: 'fraction of 1', options: { validationFraction: 1, seed: 1 } },
    { name: 'fractions summing to 1', options: { validationFraction: 0.5, testFraction: 0.5, seed: 1 } },
  ])('rejects $name', ({ options }) => {
    expect(() => stratifiedSplit(dataset, options)).toThrow(ConfigError);
  });

  it('rejects label outside classes', () => {
    expect(() => stratifiedSplit({ y: Int32Array.from([0, 3]), numClasses: 3 }, { validationFraction: 0.5, seed: 1 })).toThrow(
      /label 3 of example 1 is outside \[0, 2\]/,
    );
  });
});
