import * as tf from '@tensorflow/tfjs-core';

import { meanPerExample } from '../losses/base-loss.js';
import type { Loss } from '../losses/loss.js';

/**
 * Rule that scores a prediction as right or wrong: argmax against a class index, argmax against a one-hot
 * row, or each unit thresholded against a 0/1 target.
 */
export type AccuracyKind = 'class-index' | 'one-hot' | 'binary';

/** Returns how accuracy is computed for `loss`, or `undefined` for real-valued targets, which have none. */
export function accuracyKindOf(loss: Pick<Loss, 'targetFormat'>): AccuracyKind | undefined {
  return loss.targetFormat === 'real' ? undefined : loss.targetFormat;
}

/**
 * Returns the number of correctly predicted examples in the batch as a float32 scalar. An example with
 * several positions (binary multi-label, or class indices per pixel) counts as the fraction of its
 * positions that are right.
 *
 * Binary predictions are thresholded at 0 for logits and at 0.5 for probabilities or real outputs.
 */
export function countCorrect(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  kind: AccuracyKind,
  input: Loss['input'],
): tf.Scalar {
  return tf.tidy(() => {
    const hits = compareWithTargets(yTrue, yPred, kind, input);
    return tf.sum(meanPerExample(tf.cast(hits, 'float32')));
  });
}

function compareWithTargets(yTrue: tf.Tensor, yPred: tf.Tensor, kind: AccuracyKind, input: Loss['input']): tf.Tensor {
  switch (kind) {
    case 'class-index':
      return tf.equal(tf.argMax(yPred, -1), tf.cast(yTrue, 'int32'));
    case 'one-hot':
      return tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1));
    case 'binary': {
      const threshold = input === 'logits' ? 0 : 0.5;
      return tf.equal(tf.greater(yPred, threshold), tf.greater(yTrue, 0.5));
    }
  }
}
