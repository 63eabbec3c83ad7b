import type * as tf from '@tensorflow/tfjs-core';

import type { OptimizerOptions } from './optimizer-factory.js';

/** Creates a backend-specific optimizer from the same options the built-in factory takes. */
export type FusedOptimizerCreator = (options: OptimizerOptions) => tf.Optimizer;

// A process-wide map on purpose: a backend package registers its fused kernels once when it loads,
// the way tfjs backends register their kernels.
const fusedOptimizers = new Map<string, FusedOptimizerCreator>();

function keyOf(backend: string, name: string): string {
  return `${backend}/${name}`;
}

/**
 * Registers a fused optimizer for one backend, e.g. a native `adam` that updates weights and moments in
 * one kernel. The built-in factories of that name (`sgd`, `momentum`, `adam`, `rmsprop`) call `create`
 * instead of the tfjs optimizer when `OptimizerContext.backend` equals `backend`. Registering the same
 * backend and name again replaces the earlier entry.
 *
 * Returns a function that removes the registration (if it has not been replaced since).
 */
export function registerFusedOptimizer(backend: string, name: string, create: FusedOptimizerCreator): () => void {
  const key = keyOf(backend, name);
  fusedOptimizers.set(key, create);

  return () => {
    if (fusedOptimizers.get(key) === create) fusedOptimizers.delete(key);
  };
}

/** Returns the fused optimizer registered for `backend` and `name`, or `undefined`. */
export function findFusedOptimizer(backend: string, name: string): FusedOptimizerCreator | undefined {
  return fusedOptimizers.get(keyOf(backend, name));
}
