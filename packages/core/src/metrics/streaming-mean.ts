import * as tf from '@tensorflow/tfjs-core';

import type { Metric, MetricFactory } from './metric.js';

/**
 * Computes one value per example from a batch, e.g. 1 for a correct prediction and 0 otherwise. Runs
 * inside `tf.tidy`, so it may create intermediate tensors freely.
 */
export type PerExampleValues = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D;

/**
 * Streaming mean of a per-example value over every example since `reset`. Sums are kept as JavaScript
 * numbers (float64), so the mean does not drift with the number of batches. `result` is NaN before the
 * first update.
 */
export class StreamingMeanMetric implements Metric {
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    private readonly perExample: PerExampleValues,
  ) {}

  reset(): void {
    this.sum = 0;
    this.count = 0;
  }

  update(yTrue: tf.Tensor, yPred: tf.Tensor): void {
    let examples = 0;
    const total = tf.tidy(() => {
      const values = this.perExample(yTrue, yPred);
      examples = values.size;
      return tf.sum(tf.cast(values, 'float32'));
    });

    try {
      this.sum += total.dataSync()[0] ?? 0;
      this.count += examples;
    } finally {
      total.dispose();
    }
  }

  result(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }
}

/** Creates a factory of streaming-mean metrics named `name`. */
export function meanMetricFactory(name: string, perExample: PerExampleValues): MetricFactory {
  return { name, create: () => new StreamingMeanMetric(name, perExample) };
}
