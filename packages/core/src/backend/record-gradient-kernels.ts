import '@tensorflow/tfjs-backend-cpu';
// The tfjs-layers bundle registers the gradient of every tfjs-core kernel, which variableGrads needs.
import '@tensorflow/tfjs-layers';

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { ConfigError } from '../errors.js';
import type { Loss } from '../losses/loss.js';

/** Backend the probe pass runs on: it registers every kernel of tfjs-core's ops, so no kernel is missing there. */
export const REFERENCE_BACKEND = 'cpu';

/** Options of {@link recordGradientKernels}. */
export interface RecordGradientKernelsOptions {
  readonly model: tfl.LayersModel;
  /** Loss whose kernels to include; without one, the objective is the mean of every model output. */
  readonly loss?: Loss;
  /**
   * Shape of one example without the batch dimension; defaults to the model's declared input shape.
   * Needed only for a single-input model whose input shape has unknown dimensions besides the batch.
   */
  readonly inputShape?: readonly number[];
}

/** Kernel names one training step dispatches, each listed once, in first-use order. */
export interface RecordedKernels {
  /** Kernels of the forward pass, including the loss when one is given. */
  readonly forward: readonly string[];
  /** Kernels that only the backward pass (the gradients of the trainable weights) dispatches. */
  readonly backward: readonly string[];
}

/**
 * Runs one forward and one forward-plus-backward pass on a batch of one all-zero example on the cpu
 * backend and returns the kernel names they dispatch, as recorded by `tf.profile`.
 *
 * tfjs ops and their gradients call kernels by name whatever the backend, so the names recorded on cpu
 * are the ones any backend must register. The pass runs in training mode, and the model's
 * non-trainable weights (such as batch-norm moving statistics) are restored afterwards. The previously
 * active backend is active again on return; the model's weights stay readable from it, because tfjs
 * moves tensor data between backends on use.
 *
 * NOTE: the optimizer's update step is not recorded; its kernels are elementwise ops.
 *
 * @throws ConfigError when an input shape has unknown dimensions besides the batch and `inputShape`
 *   does not supply them, or when `loss` is given for a model with several outputs.
 */
export async function recordGradientKernels(options: RecordGradientKernelsOptions): Promise<RecordedKernels> {
  const { model, loss } = options;
  const inputShapes = resolveInputShapes(model, options.inputShape);
  if (loss !== undefined && model.outputs.length !== 1) {
    throw new ConfigError(
      `kernel check: loss '${loss.name}' takes one output, but model '${model.name}' has ${model.outputs.length}; ` +
        'check the kernels without a loss or with a single-output model',
    );
  }

  const previous = tf.getBackend();
  await tf.setBackend(REFERENCE_BACKEND);
  const savedWeights = model.nonTrainableWeights.map((weight) => tf.clone(weight.read()));
  try {
    const objective = (): tf.Scalar => computeObjective(model, inputShapes, loss);
    const trainable = model.trainableWeights.map((weight) => weight.read() as tf.Variable);

    // tf.profile returns the engine's one profile object, which the next call resets, so the names are
    // copied before the second pass.
    const forwardProfile = await tf.profile(() => {
      tf.tidy(() => {
        objective();
      });
    });
    const forwardKernels = keepKernelNames(forwardProfile.kernelNames);
    const fullProfile = await tf.profile(() => {
      tf.tidy(() => {
        if (trainable.length > 0) tf.variableGrads(objective, trainable);
      });
    });
    const backwardKernels = keepKernelNames(fullProfile.kernelNames).filter((name) => !forwardKernels.includes(name));
    return { forward: forwardKernels, backward: backwardKernels };
  } finally {
    model.nonTrainableWeights.forEach((weight, index) => weight.write(savedWeights[index] as tf.Tensor));
    tf.dispose(savedWeights);
    if (previous != null && previous !== '' && previous !== REFERENCE_BACKEND) await tf.setBackend(previous);
  }
}

/** Drops names `tf.profile` records that are not kernels, such as the scope names of custom-gradient ops. */
function keepKernelNames(names: readonly string[]): string[] {
  return names.filter((name) => tf.getKernel(name, REFERENCE_BACKEND) !== undefined);
}

/** Returns each input's shape with a batch of one, or throws when other dimensions are unknown. */
function resolveInputShapes(model: tfl.LayersModel, inputShape: readonly number[] | undefined): number[][] {
  if (inputShape !== undefined) {
    if (model.inputs.length !== 1) {
      throw new ConfigError(
        `kernel check: inputShape [${inputShape.join(', ')}] describes one input, but model '${model.name}' ` +
          `has ${model.inputs.length}; leave inputShape out so each input's declared shape is used`,
      );
    }
    return [[1, ...inputShape]];
  }

  return model.inputs.map((input, index) => {
    const unknownAxis = input.shape.findIndex((dimension, axis) => axis > 0 && dimension == null);
    if (unknownAxis !== -1) {
      throw new ConfigError(
        `kernel check: input ${index} of model '${model.name}' has shape [${input.shape.join(', ')}] with an ` +
          `unknown dimension at axis ${unknownAxis}; pass inputShape with the shape of one example`,
      );
    }
    return input.shape.map((dimension) => dimension ?? 1);
  });
}

function computeObjective(model: tfl.LayersModel, inputShapes: readonly number[][], loss: Loss | undefined): tf.Scalar {
  const inputs = inputShapes.map((shape, index) => tf.zeros(shape, model.inputs[index]?.dtype ?? 'float32'));
  const applied = model.apply(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs, { training: true });
  const outputs = (Array.isArray(applied) ? applied : [applied]) as tf.Tensor[];

  if (loss !== undefined) {
    const prediction = outputs[0] as tf.Tensor;
    return loss.compute(makeTarget(loss, prediction.shape), prediction);
  }
  return tf.addN(outputs.map((output) => tf.mean(output))) as tf.Scalar;
}

/** Builds an all-zero target (class 0 for class targets) in the encoding the loss takes. */
function makeTarget(loss: Loss, predictionShape: readonly number[]): tf.Tensor {
  const batchShape = predictionShape.slice(0, -1);
  const classes = predictionShape[predictionShape.length - 1] ?? 1;

  switch (loss.targetFormat) {
    case 'class-index':
      return tf.zeros(batchShape, 'int32');
    case 'one-hot':
      return tf.cast(tf.oneHot(tf.zeros(batchShape, 'int32'), classes), 'float32');
    case 'real':
    case 'binary':
      return tf.zeros([...predictionShape]);
  }
}
