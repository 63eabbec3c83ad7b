import * as tf from '@tensorflow/tfjs-core';

import { EssenceError } from '../errors.js';
import type { MetricFactory } from './metric.js';
import { meanMetricFactory } from './streaming-mean.js';

/** Creates the `meanSquaredError` metric: the mean over examples of each example's mean squared error. */
export function meanSquaredErrorMetric(): MetricFactory {
  return meanMetricFactory('meanSquaredError', (yTrue, yPred) => {
    assertSameShape(yTrue, yPred, 'meanSquaredError');
    return meanPerExample(tf.squaredDifference(yTrue, yPred));
  });
}

/** Creates the `meanAbsoluteError` metric: the mean over examples of each example's mean absolute error. */
export function meanAbsoluteErrorMetric(): MetricFactory {
  return meanMetricFactory('meanAbsoluteError', (yTrue, yPred) => {
    assertSameShape(yTrue, yPred, 'meanAbsoluteError');
    return meanPerExample(tf.abs(tf.sub(yTrue, yPred)));
  });
}

function assertSameShape(yTrue: tf.Tensor, yPred: tf.Tensor, metricName: string): void {
  const same = yTrue.rank === yPred.rank && yTrue.shape.every((size, axis) => size === yPred.shape[axis]);
  if (same && yPred.rank >= 1) return;

  throw new EssenceError(
    'INVALID_METRIC_INPUT',
    `metric '${metricName}' expects targets shaped like the predictions [${yPred.shape.join(', ')}]; ` +
      `got targets shaped [${yTrue.shape.join(', ')}].`,
  );
}

// Reduces every axis but the batch axis, so each example counts once whatever its output size.
function meanPerExample(errors: tf.Tensor): tf.Tensor1D {
  const batch = errors.shape[0] ?? 0;
  if (batch === 0) return tf.zeros([0]);

  return tf.mean(tf.reshape(errors, [batch, -1]), 1) as tf.Tensor1D;
}
