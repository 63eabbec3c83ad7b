import type * as tf from '@tensorflow/tfjs-core';

/**
 * A streaming metric: `update` folds one batch in, `result` reads the value over every batch since
 * `reset`. `update` must not keep references to its tensors.
 */
export interface Metric {
  readonly name: string;
  reset(): void;
  update(yTrue: tf.Tensor, yPred: tf.Tensor): void;
  result(): number;
}

/** Creates fresh metric instances by name, because metrics carry state. */
export interface MetricFactory {
  readonly name: string;
  create(): Metric;
}
