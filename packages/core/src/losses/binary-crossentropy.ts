import * as tf from '@tensorflow/tfjs-core';

import { BaseLoss, meanPerExample } from './base-loss.js';

/**
 * Computes the binary cross-entropy of logits against targets in [0, 1] of the same shape, averaged over
 * the output units of each example.
 *
 * Computes `max(x, 0) - x * z + log(1 + exp(-|x|))`, the form `tf.nn.sigmoid_cross_entropy_with_logits`
 * uses, which never takes the exponential of a large positive number.
 */
export class BinaryCrossentropy extends BaseLoss {
  constructor() {
    super('binaryCrossentropy', 'binary', 'logits');
  }

  computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const targets = yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');
    const elementwise = tf.add(
      tf.sub(tf.relu(yPred), tf.mul(yPred, targets)),
      tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))),
    );

    return meanPerExample(elementwise);
  }
}
