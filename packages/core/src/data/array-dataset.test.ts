import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { resolveDatasetInput, type ArrayDataset } from './array-dataset.js';
import type { LabelledDataset } from './dataset.js';
import { summarizeTargets } from './target-summary.js';

const labelled: LabelledDataset = {
  x: new Float32Array(8),
  y: Int32Array.from([0, 1, 1, 0]),
  size: 4,
  exampleShape: [2],
  numClasses: 2,
  classNames: ['a', 'b'],
};

describe('resolveDatasetInput', () => {
  it('labelled data gets class-index targets', () => {
    const { dataset, indices } = resolveDatasetInput(labelled, 'training data');

    expect(dataset.targetShape).toEqual([]);
    expect(Array.from(indices)).toEqual([0, 1, 2, 3]);
  });

  it('subset keeps its indices', () => {
    const { indices } = resolveDatasetInput({ dataset: labelled, indices: [3, 1] }, 'validation data');

    expect(Array.from(indices)).toEqual([3, 1]);
  });

  it('rejects index out of range', () => {
    expect(() => resolveDatasetInput({ dataset: labelled, indices: [4] }, 'validation data')).toThrow(
      /validation data: example index 4 is outside \[0, 3\]/,
    );
  });

  it('rejects empty subset', () => {
    expect(() => resolveDatasetInput({ dataset: labelled, indices: [] }, 'training data')).toThrow(ConfigError);
  });

  it('rejects short x', () => {
    expect(() => resolveDatasetInput({ ...labelled, x: new Float32Array(7) }, 'training data')).toThrow(
      /x has 7 values; expected size 4 x example shape \[2\] = 8/,
    );
  });

  it('rejects short y', () => {
    const dataset: ArrayDataset = { x: new Float32Array(8), exampleShape: [2], y: new Float32Array(4), targetShape: [2], size: 4 };

    expect(() => resolveDatasetInput(dataset, 'training data')).toThrow(/y has 4 values/);
  });
});

describe('summarizeTargets', () => {
  it('integer labels', () => {
    const summary = summarizeTargets({ x: new Float32Array(0), exampleShape: [0], y: Int32Array.from([2, 0, 5]), targetShape: [], size: 3 });

    expect(summary).toEqual({ dtype: 'int32', shape: [], integerValued: true, min: 0, max: 5 });
  });

  it('real values over indices', () => {
    const dataset: ArrayDataset = { x: new Float32Array(0), exampleShape: [0], y: Float32Array.from([0.5, 9, -2]), targetShape: [], size: 3 };

    const summary = summarizeTargets(dataset, [0, 2]);

    expect(summary.integerValued).toBe(false);
    expect(summary.min).toBe(-2);
    expect(summary.max).toBe(0.5);
  });

  it('NaN target', () => {
    const dataset: ArrayDataset = { x: new Float32Array(0), exampleShape: [0], y: Float32Array.from([1, Number.NaN]), targetShape: [], size: 2 };

    expect(summarizeTargets(dataset).min).toBeNaN();
  });
});
