import type * as tfl from '@tensorflow/tfjs-layers';

import { ConfigError } from '../errors.js';

/** Shapes of one model input and one model output, without the batch dimension. */
export interface ModelIo {
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
}

/**
 * Returns the input and output shapes of a single-input, single-output model.
 *
 * @throws ConfigError when the model has several inputs or outputs, or a dimension other than the batch
 *   dimension is unknown.
 */
export function describeModelIo(model: tfl.LayersModel): ModelIo {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ConfigError(
      `the trainer needs a model with exactly one input and one output; model '${model.name}' has ` +
        `${model.inputs.length} input(s) and ${model.outputs.length} output(s)`,
    );
  }

  return {
    inputShape: withoutBatch(model.inputs[0]?.shape ?? [], `model '${model.name}' input`),
    outputShape: withoutBatch(model.outputs[0]?.shape ?? [], `model '${model.name}' output`),
  };
}

/**
 * Checks that the examples of a dataset have the model's input shape.
 *
 * @throws ConfigError naming the dataset (`what`) and both shapes.
 */
export function checkExampleShape(exampleShape: readonly number[], inputShape: readonly number[], what: string): void {
  const matches = exampleShape.length === inputShape.length && exampleShape.every((dim, i) => dim === inputShape[i]);
  if (matches) return;

  throw new ConfigError(
    `${what} has examples of shape [${exampleShape.join(', ')}], but the model input is ` +
      `[batch, ${inputShape.join(', ')}]. Reshape the data or build the model for this input shape.`,
  );
}

function withoutBatch(shape: readonly (number | null)[], what: string): number[] {
  const dims = shape.slice(1);
  if (dims.some((dim) => dim === null)) {
    const shown = shape.map((dim) => dim ?? 'null').join(', ');
    throw new ConfigError(
      `${what} has an unknown dimension in shape [${shown}]; only the batch dimension may be null. ` +
        `Give the input layer a fixed inputShape.`,
    );
  }

  return dims as number[];
}
