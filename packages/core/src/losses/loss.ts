import type * as tf from '@tensorflow/tfjs-core';

/** The target encoding a loss takes. */
export type TargetFormat = 'class-index' | 'one-hot' | 'real' | 'binary';

/** The prediction form a loss takes: raw scores, normalised probabilities, or any real values. */
export type LossInput = 'logits' | 'probabilities' | 'real';

/**
 * A training objective. `compute` returns the mean loss over the batch as a scalar and must not keep
 * references to its inputs.
 */
export interface Loss {
  readonly name: string;
  readonly targetFormat: TargetFormat;
  readonly input: LossInput;
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar;
}
