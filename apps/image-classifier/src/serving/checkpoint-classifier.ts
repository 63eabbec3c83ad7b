import path from 'node:path';

import { EssenceError, loadCheckpoint } from '@essence/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';

import { DIGIT_CLASS_COUNT, DIGIT_INPUT_SIZE, type DigitClassifier, type GoldenSamples } from '../http/digit-classifier.js';
import { inputShapeOf } from '../training/golden-samples.js';

/** A digit classifier backed by a loaded checkpoint; `dispose` frees the model's weights. */
export interface CheckpointClassifier extends DigitClassifier {
  readonly directory: string;
  /** Test accuracy recorded when the checkpoint was trained, when known. */
  readonly testAccuracy?: number;
  dispose(): void;
}

const goldenSchema = z.object({
  inputs: z.array(z.array(z.number()).length(DIGIT_INPUT_SIZE)),
  outputs: z.array(z.array(z.number()).length(DIGIT_CLASS_COUNT)),
});

/**
 * Loads a digit checkpoint saved by `trainDigitClassifier` (checksums verified) as the service's classifier.
 * The model id is the checkpoint folder name with the first 12 hex digits of its content hash.
 *
 * @throws CheckpointNotFoundError, CheckpointCorruptedError as `loadCheckpoint` does.
 * @throws EssenceError with code `INVALID_DIGIT_CHECKPOINT` when the model does not map 784 pixels to 10
 *   classes.
 */
export async function loadCheckpointClassifier(directory: string): Promise<CheckpointClassifier> {
  const loaded = await loadCheckpoint(directory);
  const model = loaded.model;
  const inputShape = inputShapeOf(model);
  const outputUnits = model.outputs[0]?.shape.at(-1);
  if (inputShape.reduce((product, size) => product * size, 1) !== DIGIT_INPUT_SIZE || outputUnits !== DIGIT_CLASS_COUNT) {
    model.dispose();
    throw new EssenceError(
      'INVALID_DIGIT_CHECKPOINT',
      `checkpoint ${loaded.directory} is not a digit classifier: expected input [28, 28, 1] or [784] and 10 outputs, ` +
        `got input [${inputShape.join(', ')}] and ${String(outputUnits)} outputs. Train one with 'essence train image'.`,
    );
  }

  const preprocessing = loaded.metadata.preprocessing ?? {};
  const golden = goldenSchema.safeParse(preprocessing.golden);
  const testAccuracy = typeof preprocessing.testAccuracy === 'number' ? preprocessing.testAccuracy : undefined;

  return {
    directory: loaded.directory,
    modelId: `${path.basename(loaded.directory)}@${loaded.hash.slice(0, 12)}`,
    golden: golden.success ? (golden.data satisfies GoldenSamples) : undefined,
    testAccuracy,
    async predict(batch: Float32Array, count: number): Promise<Float32Array> {
      const probabilities = tf.tidy(() => {
        const x = tf.tensor(batch.subarray(0, count * DIGIT_INPUT_SIZE), [count, ...inputShape]);
        return tf.softmax(model.predict(x) as tf.Tensor2D);
      });
      try {
        return (await probabilities.data()) as Float32Array;
      } finally {
        probabilities.dispose();
      }
    },
    dispose(): void {
      model.dispose();
    },
  };
}
