import * as tf from '@tensorflow/tfjs-core';

import { ConfigError } from '../errors.js';
import { trueClassIndices } from './class-labels.js';
import type { MetricFactory } from './metric.js';
import { meanMetricFactory } from './streaming-mean.js';

/**
 * Creates the `accuracy` metric: the fraction of examples whose highest-scoring class (the first one on a
 * tie) is the true class. Works on logits and probabilities alike.
 */
export function accuracyMetric(): MetricFactory {
  return meanMetricFactory('accuracy', (yTrue, yPred) => {
    const labels = trueClassIndices(yTrue, yPred, 'accuracy');
    return tf.cast(tf.equal(tf.argMax(yPred, -1), labels), 'float32') as tf.Tensor1D;
  });
}

/**
 * Creates the `top<k>Accuracy` metric: the fraction of examples whose true class is among the `k`
 * highest-scoring classes. On a tie at the k-th score, `tf.topk` keeps the lower class indices.
 *
 * @throws ConfigError when `k` is not a positive integer.
 */
export function topKAccuracyMetric(k: number): MetricFactory {
  if (!Number.isInteger(k) || k < 1) {
    throw new ConfigError(`top-k accuracy needs a positive integer k; got ${k}. Use e.g. 5 for top-5 accuracy.`);
  }

  const name = `top${k}Accuracy`;
  return meanMetricFactory(name, (yTrue, yPred) => {
    const labels = trueClassIndices(yTrue, yPred, name);
    const classes = yPred.shape[1] ?? 0;
    const { indices } = tf.topk(yPred, Math.min(k, classes));
    const hits = tf.equal(indices, tf.expandDims(labels, 1));
    return tf.cast(tf.any(hits, 1), 'float32') as tf.Tensor1D;
  });
}
