import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { NonFiniteWeightsError } from './checkpoint-errors.js';

/** A tensor with its name, the element type of `Optimizer.getWeights()`, which tfjs-core does not export. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

/**
 * Checks that every floating-point tensor contains only finite values; integer and boolean tensors are
 * skipped. `owner` names where the tensors come from in the message, e.g. `model` or `optimizer`.
 *
 * @throws NonFiniteWeightsError naming the first tensor with a NaN or infinite entry.
 */
export async function assertFiniteTensors(tensors: readonly NamedTensor[], owner: string): Promise<void> {
  for (const { name, tensor } of tensors) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'complex64') continue;

    const values = (await tensor.data()) as Float32Array;
    let count = 0;
    let firstIndex = -1;
    for (let index = 0; index < values.length; index += 1) {
      if (Number.isFinite(values[index])) continue;
      if (firstIndex < 0) firstIndex = index;
      count += 1;
    }

    if (count > 0) {
      throw new NonFiniteWeightsError(
        name,
        count,
        `checkpoint not saved: ${owner} weight '${name}' contains ${count} non-finite value(s), ` +
          `the first ${String(values[firstIndex])} at flat index ${firstIndex}. Training has diverged; ` +
          'lower the learning rate or resume from an earlier checkpoint.',
      );
    }
  }
}

/**
 * Checks that every weight of `model` is finite.
 *
 * @throws NonFiniteWeightsError naming the first weight with a NaN or infinite entry.
 */
export async function assertFiniteModelWeights(model: tfl.LayersModel): Promise<void> {
  await assertFiniteTensors(
    model.weights.map((weight) => ({ name: weight.name, tensor: weight.read() })),
    'model',
  );
}
