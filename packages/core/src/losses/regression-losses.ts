import * as tf from '@tensorflow/tfjs-core';

import { BaseLoss, meanPerExample } from './base-loss.js';

/** Computes the mean squared error between real-valued targets and predictions of the same shape. */
export class MeanSquaredError extends BaseLoss {
  constructor() {
    super('meanSquaredError', 'real', 'real');
  }

  computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const targets = yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');

    return meanPerExample(tf.squaredDifference(targets, yPred));
  }
}

/** Computes the mean absolute error between real-valued targets and predictions of the same shape. */
export class MeanAbsoluteError extends BaseLoss {
  constructor() {
    super('meanAbsoluteError', 'real', 'real');
  }

  computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const targets = yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');

    return meanPerExample(tf.abs(tf.sub(targets, yPred)));
  }
}
