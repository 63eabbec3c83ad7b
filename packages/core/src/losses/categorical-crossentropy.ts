import * as tf from '@tensorflow/tfjs-core';

import { BaseLoss } from './base-loss.js';

/**
 * Computes the cross-entropy of logits against class-index targets: `yTrue` is `[batch]` (int32, or
 * float32 containing integers) and `yPred` is `[batch, classes]` logits. Uses `tf.logSoftmax`, which
 * subtracts the row maximum, so large logits do not overflow.
 */
export class SparseCategoricalCrossentropy extends BaseLoss {
  constructor() {
    super('sparseCategoricalCrossentropy', 'class-index', 'logits');
  }

  computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const classes = yPred.shape[yPred.rank - 1] ?? 0;
    const labels = yTrue.dtype === 'int32' ? yTrue : tf.cast(yTrue, 'int32');
    const oneHot = tf.cast(tf.oneHot(labels as tf.Tensor1D, classes), 'float32');

    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(yPred)), -1));
  }
}

/**
 * Computes the cross-entropy of logits against one-hot (or soft) targets: `yTrue` and `yPred` are both
 * `[batch, classes]`, each `yTrue` row summing to 1. Uses `tf.logSoftmax` for numerical stability.
 */
export class CategoricalCrossentropy extends BaseLoss {
  constructor() {
    super('categoricalCrossentropy', 'one-hot', 'logits');
  }

  computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const targets = yTrue.dtype === 'float32' ? yTrue : tf.cast(yTrue, 'float32');

    return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(yPred)), -1));
  }
}
