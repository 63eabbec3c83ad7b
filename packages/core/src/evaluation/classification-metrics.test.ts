import { describe, expect, it } from 'vitest';

import { computeConfusionMatrixMetrics } from './classification-metrics.js';

const TOLERANCE = 1e-9;

describe('computeConfusionMatrixMetrics', () => {
  // Rows are true classes, columns predicted classes; 12 of 16 examples lie on the diagonal.
  const matrix = [
    [5, 1, 0],
    [2, 3, 1],
    [0, 0, 4],
  ];
  const metrics = computeConfusionMatrixMetrics(matrix, ['cat', 'dog', 'fox']);

  it('accuracy is the diagonal share', () => {
    expect(metrics.examples).toBe(16);
    expect(Math.abs(metrics.accuracy - 0.75)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each([
    // precision = diagonal / column sum, recall = diagonal / row sum, f1 = 2PR / (P + R)
    { label: 0, className: 'cat', precision: 5 / 7, recall: 5 / 6, f1: 10 / 13, support: 6 },
    { label: 1, className: 'dog', precision: 3 / 4, recall: 3 / 6, f1: 0.6, support: 6 },
    { label: 2, className: 'fox', precision: 4 / 5, recall: 1, f1: 8 / 9, support: 4 },
  ])('class $className', ({ label, className, precision, recall, f1, support }) => {
    const actual = metrics.perClass[label];

    expect(actual?.className).toBe(className);
    expect(Math.abs((actual?.precision ?? Number.NaN) - precision)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs((actual?.recall ?? Number.NaN) - recall)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs((actual?.f1 ?? Number.NaN) - f1)).toBeLessThanOrEqual(TOLERANCE);
    expect(actual?.support).toBe(support);
  });

  it.each([
    { name: 'macroPrecision', expected: (5 / 7 + 3 / 4 + 4 / 5) / 3 },
    { name: 'macroRecall', expected: (5 / 6 + 3 / 6 + 1) / 3 },
    { name: 'macroF1', expected: (10 / 13 + 0.6 + 8 / 9) / 3 },
  ] as const)('$name averages classes', ({ name, expected }) => {
    expect(Math.abs(metrics[name] - expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('zero denominators count as 0', () => {
    // Class 2 has no examples and is never predicted.
    const sparse = computeConfusionMatrixMetrics(
      [
        [2, 0, 0],
        [1, 0, 0],
        [0, 0, 0],
      ],
      ['a', 'b', 'c'],
    );

    expect(sparse.perClass[1]).toEqual({ className: 'b', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(sparse.perClass[2]).toEqual({ className: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('empty matrix has NaN accuracy', () => {
    const empty = computeConfusionMatrixMetrics(
      [
        [0, 0],
        [0, 0],
      ],
      ['a', 'b'],
    );

    expect(empty.accuracy).toBeNaN();
  });
});
