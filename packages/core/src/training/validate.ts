import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { ResolvedDataset } from '../data/array-dataset.js';
import { iterateBatches } from '../data/batch-iterator.js';
import type { Loss } from '../losses/loss.js';
import { countCorrect, type AccuracyKind } from './accuracy.js';
import type { TargetPlan } from './check-targets.js';

/** Inputs of `validate`: the model, the loss, the data and the plan for its target tensors. */
export interface ValidationInput {
  readonly model: tfl.LayersModel;
  readonly loss: Loss;
  readonly data: ResolvedDataset;
  readonly plan: TargetPlan;
  readonly batchSize: number;
  readonly accuracy: AccuracyKind | undefined;
}

/** Mean loss over the validation examples, and accuracy when the targets have one. */
export interface ValidationResult {
  readonly loss: number;
  readonly accuracy?: number;
}

/**
 * Computes the mean loss (and accuracy) of the model over the validation data in inference mode, batch by
 * batch under `tf.tidy`, reading back one small tensor per batch.
 */
export function validate(input: ValidationInput): ValidationResult {
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  const batches = iterateBatches(input.data.dataset, {
    order: input.data.indices,
    batchSize: input.batchSize,
    targetDtype: input.plan.dtype,
    targetShape: input.plan.shape,
  });

  for (const batch of batches) {
    try {
      const [batchLoss = 0, batchCorrect = 0] = tf.tidy(() => {
        const predictions = input.model.apply(batch.x, { training: false }) as tf.Tensor;
        const loss = tf.mul(input.loss.compute(batch.y, predictions), batch.size);
        const hits =
          input.accuracy === undefined
            ? tf.scalar(0)
            : countCorrect(batch.y, predictions, input.accuracy, input.loss.input);
        return tf.stack([loss, hits]).dataSync();
      });
      lossSum += batchLoss;
      correct += batchCorrect;
      seen += batch.size;
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
  }

  const loss = lossSum / seen;
  return input.accuracy === undefined ? { loss } : { loss, accuracy: correct / seen };
}
