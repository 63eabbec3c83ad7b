import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { EssenceError } from '../errors.js';
import { accuracyMetric, topKAccuracyMetric } from './accuracy.js';
import { builtinMetrics } from './builtin.js';
import type { Metric } from './metric.js';
import { meanAbsoluteErrorMetric, meanSquaredErrorMetric } from './regression-metrics.js';

const TOLERANCE = 1e-6;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function feed(metric: Metric, yTrue: tf.Tensor, yPred: tf.Tensor): void {
  metric.update(yTrue, yPred);
  tf.dispose([yTrue, yPred]);
}

describe('builtin metrics', () => {
  it('registers names', () => {
    expect(builtinMetrics().map((metric) => metric.name)).toEqual([
      'accuracy',
      'top5Accuracy',
      'meanSquaredError',
      'meanAbsoluteError',
    ]);
  });
});

describe('accuracy', () => {
  it('streams over batches', () => {
    const metric = accuracyMetric().create();

    feed(metric, tf.tensor1d([1, 1], 'int32'), tf.tensor2d([[0.1, 0.9], [0.8, 0.2]]));
    feed(metric, tf.tensor2d([[0, 1]]), tf.tensor2d([[-2, 3]]));

    expect(metric.result()).toBeCloseTo(2 / 3, 6);
  });

  it.each([
    { name: 'class indices', yTrue: () => tf.tensor1d([0, 2, 1], 'int32') },
    { name: 'column of indices', yTrue: () => tf.tensor2d([[0], [2], [1]]) },
    { name: 'one-hot rows', yTrue: () => tf.tensor2d([[1, 0, 0], [0, 0, 1], [0, 1, 0]]) },
  ])('accepts $name', ({ yTrue }) => {
    const metric = accuracyMetric().create();

    feed(metric, yTrue(), tf.tensor2d([[5, 1, 0], [0, 1, 2], [3, 1, 0]]));

    expect(metric.result()).toBeCloseTo(2 / 3, 6);
  });

  it('reset empties the mean', () => {
    const metric = accuracyMetric().create();
    feed(metric, tf.tensor1d([0], 'int32'), tf.tensor2d([[1, 0]]));

    metric.reset();

    expect(metric.result()).toBeNaN();
  });

  it('rejects mismatched targets', () => {
    const metric = accuracyMetric().create();
    const yTrue = tf.tensor1d([0, 1, 1], 'int32');
    const yPred = tf.tensor2d([[1, 0], [0, 1]]);

    expect(() => metric.update(yTrue, yPred)).toThrow(EssenceError);
    expect(() => metric.update(yTrue, yPred)).toThrow(/expects targets shaped \[2\]/);
    tf.dispose([yTrue, yPred]);
  });

  it('update leaks no tensors', () => {
    const metric = accuracyMetric().create();
    const yTrue = tf.tensor1d([0, 1], 'int32');
    const yPred = tf.tensor2d([[1, 0], [0, 1]]);
    const before = tf.memory().numTensors;

    metric.update(yTrue, yPred);

    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([yTrue, yPred]);
  });
});

describe('top-k accuracy', () => {
  // Scores per row rank the classes; the label sits at rank 1, 2, 3 and 1.
  const scores = [
    [0.7, 0.2, 0.1],
    [0.2, 0.5, 0.3],
    [0.6, 0.3, 0.1],
    [0.1, 0.1, 0.8],
  ];
  const labels = [0, 2, 2, 2];

  it.each([
    { k: 1, expected: 0.5 },
    { k: 2, expected: 0.75 },
    { k: 3, expected: 1 },
    { k: 5, expected: 1 },
  ])('top-$k accuracy is $expected', ({ k, expected }) => {
    const metric = topKAccuracyMetric(k).create();

    feed(metric, tf.tensor1d(labels, 'int32'), tf.tensor2d(scores));

    expect(Math.abs(metric.result() - expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('names the metric after k', () => {
    expect(topKAccuracyMetric(3).name).toBe('top3Accuracy');
  });

  it('rejects non-integer k', () => {
    expect(() => topKAccuracyMetric(1.5)).toThrow(/positive integer k; got 1.5/);
  });
});

describe('regression metrics', () => {
  it.each([
    // Per-example errors: (0 + 1) / 2 = 0.5 and (4 + 9) / 2 = 6.5 squared; (0 + 1) / 2 and (2 + 3) / 2 absolute.
    { factory: meanSquaredErrorMetric, expected: 3.5 },
    { factory: meanAbsoluteErrorMetric, expected: 1.5 },
  ])('$factory.name over two batches', ({ factory, expected }) => {
    const metric = factory().create();

    feed(metric, tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 1]]));
    feed(metric, tf.tensor2d([[3, 4]]), tf.tensor2d([[1, 1]]));

    expect(Math.abs(metric.result() - expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('rejects mismatched shapes', () => {
    const metric = meanSquaredErrorMetric().create();
    const yTrue = tf.tensor1d([1, 2]);
    const yPred = tf.tensor2d([[1, 2]]);

    expect(() => metric.update(yTrue, yPred)).toThrow(/expects targets shaped like the predictions \[1, 2\]/);
    tf.dispose([yTrue, yPred]);
  });
});
