import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';

import { CheckpointCorruptedError, OptimizerStateError } from './checkpoint-errors.js';
import { CHECKPOINT_FILES } from './checkpoint-layout.js';
import { type NamedTensor, assertFiniteTensors } from './finite-weights.js';
import { readCheckpointFile, readCheckpointJson } from './read-checkpoint-file.js';

/**
 * An optimizer's class, config and slot values (iteration count, moments), detached from any tensor, so it
 * can be written to disk and restored into a fresh optimizer of the same class.
 */
export interface OptimizerState {
  /** tfjs class name, e.g. `Adam`. */
  readonly className: string;
  /** `optimizer.getConfig()` at capture time, e.g. learning rate and betas. */
  readonly config: tf.serialization.ConfigDict;
  /** Manifest of the tensors from `optimizer.getWeights()`, in that order. */
  readonly weightSpecs: readonly tf.io.WeightsManifestEntry[];
  /** Values of those tensors, concatenated in manifest order. */
  readonly weightData: ArrayBuffer;
}

const optimizerJsonSchema = z.object({
  className: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(
    z.looseObject({
      name: z.string(),
      shape: z.array(z.number().int().nonnegative()),
      dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
    }),
  ),
});

/**
 * Copies the state of `optimizer` with `await optimizer.getWeights()`.
 *
 * @throws OptimizerStateError when the optimizer does not implement `getWeights`.
 * @throws NonFiniteWeightsError when a slot value is NaN or infinite.
 */
export async function captureOptimizerState(optimizer: tf.Optimizer): Promise<OptimizerState> {
  const className = optimizer.getClassName();

  let weights: NamedTensor[];
  try {
    weights = await optimizer.getWeights();
  } catch (error) {
    throw new OptimizerStateError(
      `cannot save the state of optimizer '${className}': getWeights() failed with "${(error as Error).message}". ` +
        'Save the checkpoint without the optimizer, or implement getWeights() and setWeights() in the optimizer class.',
      { cause: error },
    );
  }

  try {
    assertUniqueNames(weights, className);
    await assertFiniteTensors(weights, 'optimizer');
    const encoded = await tf.io.encodeWeights(weights);
    return { className, config: optimizer.getConfig(), weightSpecs: encoded.specs, weightData: encoded.data };
  } finally {
    // getWeights() returns the optimizer's live slot variables plus a new iteration-count scalar, and only
    // that scalar belongs to the caller.
    for (const { tensor } of weights) {
      if (!(tensor instanceof tf.Variable)) tensor.dispose();
    }
  }
}

/**
 * Restores `state` into `optimizer` with `setWeights`, so training resumes with the saved iteration count
 * and moments. Call it on a new optimizer of the saved class, before its first step: tfjs 4.22 optimizers
 * replace their slot variables without disposing the old ones. The learning rate and other config values
 * stay as `optimizer` was created.
 *
 * NOTE: tfjs matches slot values to model variables by position, and `setWeights` does not check their
 * count or shapes. State saved for a different model fails or misbehaves at the first step.
 *
 * @throws OptimizerStateError when the class differs from the saved one or `setWeights` fails.
 */
export async function restoreOptimizer(optimizer: tf.Optimizer, state: OptimizerState): Promise<void> {
  const className = optimizer.getClassName();
  if (className !== state.className) {
    throw new OptimizerStateError(
      `cannot restore optimizer state saved from a '${state.className}' optimizer into a '${className}' optimizer. ` +
        `Create a ${state.className} optimizer (saved config ${JSON.stringify(state.config)}) and restore into it.`,
    );
  }

  const decoded = tf.io.decodeWeights(state.weightData, [...state.weightSpecs]);
  try {
    const weights = state.weightSpecs.map((spec) => ({ name: spec.name, tensor: decoded[spec.name] as tf.Tensor }));
    await optimizer.setWeights(weights);
  } catch (error) {
    throw new OptimizerStateError(
      `cannot restore the state of optimizer '${className}': setWeights() failed with "${(error as Error).message}".`,
      { cause: error },
    );
  } finally {
    // setWeights() copies each tensor into a new variable, so the decoded tensors can go.
    tf.dispose(Object.values(decoded));
  }
}

function assertUniqueNames(weights: readonly NamedTensor[], className: string): void {
  const seen = new Set<string>();
  for (const { name } of weights) {
    if (seen.has(name)) {
      throw new OptimizerStateError(
        `cannot save the state of optimizer '${className}': getWeights() returned two tensors named '${name}', ` +
          'so they could not be told apart on load. Give the optimizer variables unique names.',
      );
    }
    seen.add(name);
  }
}

/** Encodes `state` as the contents of `optimizer.json` and `optimizer.bin`. */
export function encodeOptimizerStateFiles(state: OptimizerState): { json: string; weights: Uint8Array } {
  const json = JSON.stringify({ className: state.className, config: state.config, weightSpecs: state.weightSpecs });
  return { json, weights: new Uint8Array(state.weightData) };
}

/**
 * Reads `optimizer.json` and `optimizer.bin` from a checkpoint directory.
 *
 * @throws CheckpointCorruptedError when a file is missing or malformed, or the manifest names a tensor twice.
 */
export async function readOptimizerStateFiles(directory: string): Promise<OptimizerState> {
  const parsed = await readCheckpointJson(directory, CHECKPOINT_FILES.optimizer, optimizerJsonSchema, 'optimizer state');
  const bytes = await readCheckpointFile(directory, CHECKPOINT_FILES.optimizerWeights);

  const names = new Set(parsed.weightSpecs.map((spec) => spec.name));
  if (names.size !== parsed.weightSpecs.length) {
    throw new CheckpointCorruptedError(
      CHECKPOINT_FILES.optimizer,
      `checkpoint file '${CHECKPOINT_FILES.optimizer}' in '${directory}' names an optimizer tensor twice. ` +
        'Save the checkpoint again.',
    );
  }

  return {
    className: parsed.className,
    config: parsed.config as tf.serialization.ConfigDict,
    weightSpecs: parsed.weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}
