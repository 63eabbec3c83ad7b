import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/** Float32 storage of a tensor on a cpu-family backend (cpu or native), and whether the tensor owns it alone. */
export interface TensorStorage {
  values: Float32Array;
  /**
   * True when no other tensor shares the storage (backend refCount 1 and the array spans its whole buffer), so
   * writing it in place is safe.
   *
   * NOTE: the refCount does not count a slice taken from the tensor earlier and still alive, which is a view of this
   * storage, so an in-place update changes that slice too. tfjs-layers disposes its weight slices within the step.
   */
  exclusive: boolean;
}

/**
 * Returns the tensor's own float32 storage on the active backend, or undefined when native code cannot use it. That
 * is the case when the active backend does not store tensors as TypedArrays, when the tensor lives on another
 * backend, and when its dtype is not float32 or its storage is another array type.
 */
export function tensorStorage(tensor: tf.Tensor): TensorStorage | undefined {
  const backend = tf.backend();
  if (!(backend instanceof MathBackendCPU) || tensor.dtype !== 'float32' || !backend.data.has(tensor.dataId)) {
    return undefined;
  }

  const data = backend.data.get(tensor.dataId);
  const values = data.values;
  if (!(values instanceof Float32Array)) return undefined;
  // The cpu Slice kernel returns subarray views, so a tensor created from a slice shares its buffer with the
  // sliced tensor under another dataId. Only an array spanning its whole buffer can be owned alone.
  const wholeBuffer = values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
  return { values, exclusive: data.refCount === 1 && wholeBuffer };
}

/**
 * Returns the array an update of a variable writes into: the variable's own storage when it owns it alone, else a
 * new array (copy-on-write), which {@link commitUpdate} then assigns.
 */
export function updateTarget(storage: TensorStorage): Float32Array {
  return storage.exclusive ? storage.values : new Float32Array(storage.values.length);
}

/** Makes `variable` hold `values`; does nothing when `values` already is the variable's storage (in-place update). */
export function commitUpdate(variable: tf.Variable, storage: TensorStorage, values: Float32Array): void {
  if (values === storage.values) return;

  const replacement = tf.tensor(values, variable.shape, 'float32');
  try {
    variable.assign(replacement);
  } finally {
    replacement.dispose();
  }
}

/** Gradients as `tf.Optimizer.applyGradients` receives them: a map by variable name or a list of named tensors. */
export type VariableGradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** Lists (variable, gradient) pairs in the order tfjs optimizers visit them, skipping missing gradients. */
export function variableGradientPairs(
  variableGradients: VariableGradients,
): { name: string; variable: tf.Variable; gradient: tf.Tensor }[] {
  const entries = Array.isArray(variableGradients)
    ? variableGradients.map(({ name, tensor }) => ({ name, gradient: tensor }))
    : Object.entries(variableGradients).map(([name, gradient]) => ({ name, gradient }));
  const registered = tf.engine().registeredVariables;

  const pairs: { name: string; variable: tf.Variable; gradient: tf.Tensor }[] = [];
  for (const { name, gradient } of entries) {
    const variable = registered[name];
    // tfjs optimizers skip a null gradient; a variable that is not registered cannot be updated either.
    if (gradient == null || variable === undefined) continue;
    pairs.push({ name, variable, gradient });
  }
  return pairs;
}
