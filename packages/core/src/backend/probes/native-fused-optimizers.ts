import type * as tf from '@tensorflow/tfjs-core';

import { registerFusedOptimizer } from '../../optimizers/fused-optimizers.js';
import type { OptimizerOptions } from '../../optimizers/optimizer-factory.js';

type CreateFusedOptimizer = (name: string, options: OptimizerOptions) => tf.Optimizer;

/**
 * Registers the native backend's fused optimizers (one native call updates a variable and its moments in
 * place) under the core's optimizer names, so `sgd`, `momentum` and `adam` use them whenever training runs
 * on `native`. `adam` with a weight decay maps to the native `adamw`. Does nothing when the package
 * exports no `createFusedOptimizer`.
 */
export function registerNativeFusedOptimizers(exports: unknown, backend: string): void {
  if (typeof exports !== 'object' || exports === null || !('createFusedOptimizer' in exports)) return;
  if (typeof exports.createFusedOptimizer !== 'function') return;
  const create = exports.createFusedOptimizer as CreateFusedOptimizer;

  registerFusedOptimizer(backend, 'sgd', (options) => create('sgd', options));
  registerFusedOptimizer(backend, 'momentum', (options) => create('momentum', options));
  registerFusedOptimizer(backend, 'adam', (options) =>
    create((options.weightDecay ?? 0) > 0 ? 'adamw' : 'adam', options),
  );
}
