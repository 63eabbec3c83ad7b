import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { Loss } from '../losses/loss.js';
import { countCorrect, type AccuracyKind } from './accuracy.js';
import { NonFiniteLossError } from './training-errors.js';

/** Everything one optimizer step needs. */
export interface TrainStepInput {
  readonly model: tfl.LayersModel;
  readonly loss: Loss;
  readonly optimizer: tf.Optimizer;
  /** The model's trainable variables, in a fixed order (tfjs optimizers key their slots by position). */
  readonly variables: readonly tf.Variable[];
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly accuracy: AccuracyKind | undefined;
  /** 0-based epoch and batch, for the error message. */
  readonly epoch: number;
  readonly batch: number;
}

/** Loss of the batch and how many of its examples were predicted correctly (0 without accuracy). */
export interface TrainStepResult {
  readonly loss: number;
  readonly correct: number;
}

/**
 * Runs one training step: forward pass in training mode, gradients, NaN/Inf check, weight update. Every
 * intermediate tensor is freed; `x` and `y` stay with the caller.
 *
 * This is `optimizer.minimize` split in two (`computeGradients`, then `applyGradients`) so the loss can be
 * checked before the update: a non-finite loss leaves the weights unchanged.
 *
 * @throws NonFiniteLossError when the batch loss is NaN or infinite.
 */
export function runTrainStep(input: TrainStepInput): TrainStepResult {
  let correct: tf.Scalar | undefined;

  try {
    const loss = tf.tidy(() => {
      const { value, grads } = input.optimizer.computeGradients(() => {
        const predictions = input.model.apply(input.x, { training: true }) as tf.Tensor;
        if (input.accuracy !== undefined) {
          // Kept so it survives the tidy scope that computeGradients opens around this function.
          correct = tf.keep(countCorrect(input.y, predictions, input.accuracy, input.loss.input));
        }
        return input.loss.compute(input.y, predictions);
      }, input.variables as tf.Variable[]);

      const lossValue = value.dataSync()[0] ?? Number.NaN;
      if (!Number.isFinite(lossValue)) throw new NonFiniteLossError(input.epoch, input.batch, lossValue);

      input.optimizer.applyGradients(grads);
      return lossValue;
    });

    return { loss, correct: correct?.dataSync()[0] ?? 0 };
  } finally {
    correct?.dispose();
  }
}
