import * as tf from '@tensorflow/tfjs-core';

import { EssenceError } from '../errors.js';

/**
 * Returns the true class index of each example as an int32 tensor `[batch]`. `yPred` contains class scores
 * `[batch, classes]`; `yTrue` contains class indices `[batch]` or `[batch, 1]`, or one-hot rows
 * `[batch, classes]`. Call it inside `tf.tidy`.
 *
 * @throws EssenceError with code `INVALID_METRIC_INPUT` naming `metricName` when the shapes do not fit.
 */
export function trueClassIndices(yTrue: tf.Tensor, yPred: tf.Tensor, metricName: string): tf.Tensor1D {
  const [batch, classes] = yPred.shape;
  if (yPred.rank !== 2 || batch === undefined || classes === undefined || classes < 2) {
    throw new EssenceError(
      'INVALID_METRIC_INPUT',
      `metric '${metricName}' expects class scores shaped [batch, classes] with at least 2 classes; ` +
        `got predictions shaped [${yPred.shape.join(', ')}]. Use it on a classifier's output.`,
    );
  }

  if (yTrue.rank === 1 && yTrue.shape[0] === batch) return tf.cast(yTrue, 'int32') as tf.Tensor1D;
  if (yTrue.rank === 2 && yTrue.shape[0] === batch && yTrue.shape[1] === 1) {
    return tf.cast(tf.reshape(yTrue, [batch]), 'int32') as tf.Tensor1D;
  }
  if (yTrue.rank === 2 && yTrue.shape[0] === batch && yTrue.shape[1] === classes) return tf.argMax(yTrue, -1);

  throw new EssenceError(
    'INVALID_METRIC_INPUT',
    `metric '${metricName}' expects targets shaped [${batch}] (class indices) or [${batch}, ${classes}] (one-hot) ` +
      `for predictions shaped [${batch}, ${classes}]; got targets shaped [${yTrue.shape.join(', ')}].`,
  );
}
