import * as tf from '@tensorflow/tfjs-core';

import { EssenceError } from '../errors.js';
import type { Loss, LossInput, TargetFormat } from './loss.js';

/**
 * Base class of the built-in losses: a subclass implements `computePerExample` and inherits the shape
 * check and the mean over the batch.
 */
export abstract class BaseLoss implements Loss {
  constructor(
    readonly name: string,
    readonly targetFormat: TargetFormat,
    readonly input: LossInput,
  ) {}

  /**
   * Returns the mean loss over the batch as a scalar.
   *
   * @throws EssenceError with code `LOSS_SHAPE_MISMATCH` when the target shape does not fit the
   *   prediction shape for this loss's target format, because broadcasting would otherwise hide the error.
   */
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
    this.checkShapes(yTrue, yPred);

    return tf.tidy(() => tf.mean(this.computePerExample(yTrue, yPred)));
  }

  /**
   * Returns the loss of each example, shape `[batch]`.
   *
   * Called with shapes already checked: `yPred` is `[batch, ...outputShape]`, and `yTrue` is `[batch]` for
   * class-index targets or the same shape as `yPred` otherwise. Runs inside `tf.tidy`.
   */
  abstract computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;

  private checkShapes(yTrue: tf.Tensor, yPred: tf.Tensor): void {
    const expected = this.targetFormat === 'class-index' ? yPred.shape.slice(0, -1) : yPred.shape;
    if (sameShape(yTrue.shape, expected)) return;

    throw new EssenceError(
      'LOSS_SHAPE_MISMATCH',
      `loss '${this.name}' expects ${this.targetFormat} targets of shape [${expected.join(', ')}] for ` +
        `predictions of shape [${yPred.shape.join(', ')}]; got targets of shape [${yTrue.shape.join(', ')}]`,
    );
  }
}

/** Returns the mean of `values` over every axis but the first, giving one value per example. */
export function meanPerExample(values: tf.Tensor): tf.Tensor {
  if (values.rank <= 1) return values;

  const axes = Array.from({ length: values.rank - 1 }, (_, i) => i + 1);
  return tf.mean(values, axes);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}
