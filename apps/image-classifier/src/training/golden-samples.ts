import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { GoldenSamples } from '../http/digit-classifier.js';

/** Number of test digits recorded with a checkpoint and replayed when the service warms up. */
export const GOLDEN_SAMPLE_COUNT = 16;

/**
 * Records the first `count` examples of `x` (784 values each, in 0..1) and the class probabilities the
 * model gives them now, so a service that loads the checkpoint can check it predicts the same.
 */
export function recordGoldenSamples(model: tfl.LayersModel, x: Float32Array, count = GOLDEN_SAMPLE_COUNT): GoldenSamples {
  const pixels = 784;
  const available = Math.min(count, Math.floor(x.length / pixels));
  const inputs: number[][] = [];
  for (let index = 0; index < available; index += 1) {
    inputs.push(Array.from(x.subarray(index * pixels, (index + 1) * pixels)));
  }

  const probabilities = tf.tidy(() => {
    const batch = tf.tensor(x.subarray(0, available * pixels), [available, ...inputShapeOf(model)]);
    return tf.softmax(model.predict(batch) as tf.Tensor2D).arraySync() as number[][];
  });
  return { inputs, outputs: probabilities };
}

/** Returns the model's input shape without the batch dimension, e.g. `[28, 28, 1]`. */
export function inputShapeOf(model: tfl.LayersModel): number[] {
  const shape = model.inputs[0]?.shape ?? [];
  return shape.slice(1).map((dimension) => dimension ?? 1);
}
