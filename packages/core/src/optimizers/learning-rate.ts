import type * as tf from '@tensorflow/tfjs-core';

import { ConfigError, EssenceError } from '../errors.js';

// Every tfjs 4.22 optimizer stores its step size in a `learningRate` field. Most read that field on each
// `applyGradients`, but `SGDOptimizer` and its subclass `MomentumOptimizer` read a cached scalar tensor
// `-learningRate`, which only their `setLearningRate` method refreshes.
interface LearningRateFields {
  learningRate?: unknown;
  setLearningRate?: unknown;
}

/**
 * Returns the learning rate of any tfjs optimizer.
 *
 * @throws EssenceError with code `LEARNING_RATE_UNAVAILABLE` when the optimizer has no numeric
 *   `learningRate` field.
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const { learningRate } = optimizer as unknown as LearningRateFields;
  if (typeof learningRate !== 'number') {
    throw new EssenceError(
      'LEARNING_RATE_UNAVAILABLE',
      `optimizer '${optimizer.getClassName()}' has no numeric learningRate field; got ${typeof learningRate}`,
    );
  }

  return learningRate;
}

/**
 * Sets the learning rate of any tfjs optimizer; the next `applyGradients` uses it.
 *
 * @throws ConfigError when `learningRate` is not a positive finite number.
 * @throws EssenceError with code `LEARNING_RATE_UNAVAILABLE` when the optimizer has no `learningRate`
 *   field to set.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new ConfigError(`learning rate must be a positive finite number; got ${learningRate}`);
  }
  getLearningRate(optimizer);

  const fields = optimizer as unknown as LearningRateFields;
  if (typeof fields.setLearningRate === 'function') {
    (fields.setLearningRate as (value: number) => void).call(optimizer, learningRate);
    return;
  }
  fields.learningRate = learningRate;
}
