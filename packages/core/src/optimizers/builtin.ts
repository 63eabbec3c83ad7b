import * as tf from '@tensorflow/tfjs-core';

import { ConfigError } from '../errors.js';
import { AdamWOptimizer } from './adamw-optimizer.js';
import { findFusedOptimizer } from './fused-optimizers.js';
import { DisposableMomentumOptimizer } from './momentum-optimizer.js';
import type { OptimizerContext, OptimizerFactory, OptimizerOptions } from './optimizer-factory.js';
import { parseOptimizerOptions } from './optimizer-options.js';

/** Default `momentum` of the `momentum` optimizer. */
export const DEFAULT_MOMENTUM = 0.9;

const DEFAULT_BETA1 = 0.9;
const DEFAULT_BETA2 = 0.999;

/**
 * Creates an optimizer factory that validates the options, then prefers a fused optimizer registered for
 * the context's backend and otherwise calls `createDefault`.
 *
 * Set `supportsWeightDecay` when `createDefault` applies `weightDecay`. Factories without it reject a
 * non-zero value instead of ignoring it.
 */
function createOptimizerFactory(
  name: string,
  createDefault: (options: OptimizerOptions) => tf.Optimizer,
  supportsWeightDecay = false,
): OptimizerFactory {
  return {
    name,
    create(options: OptimizerOptions, context: OptimizerContext): tf.Optimizer {
      const parsed = parseOptimizerOptions(name, options);
      if (!supportsWeightDecay && (parsed.weightDecay ?? 0) > 0) {
        throw new ConfigError(
          `optimizer '${name}' does not apply weightDecay; got weightDecay ${parsed.weightDecay}. ` +
            `Use 'adam' for decoupled weight decay (AdamW) or remove the option.`,
        );
      }

      const fused = findFusedOptimizer(context.backend, name);
      return fused !== undefined ? fused(parsed) : createDefault(parsed);
    },
  };
}

/** Plain stochastic gradient descent: `w -= learningRate * g`. */
export const sgdOptimizer = createOptimizerFactory('sgd', (options) => tf.train.sgd(options.learningRate));

/** SGD with (non-Nesterov) momentum; `momentum` defaults to 0.9. */
export const momentumOptimizer = createOptimizerFactory(
  'momentum',
  (options) => new DisposableMomentumOptimizer(options.learningRate, options.momentum ?? DEFAULT_MOMENTUM),
);

/**
 * Adam (`beta1` 0.9, `beta2` 0.999, `epsilon` the backend's default); a positive `weightDecay` gives
 * AdamW with decoupled weight decay.
 */
export const adamOptimizer = createOptimizerFactory(
  'adam',
  (options) => {
    const beta1 = options.beta1 ?? DEFAULT_BETA1;
    const beta2 = options.beta2 ?? DEFAULT_BETA2;
    const weightDecay = options.weightDecay ?? 0;
    if (weightDecay > 0) {
      return new AdamWOptimizer(options.learningRate, beta1, beta2, options.epsilon, weightDecay);
    }
    return tf.train.adam(options.learningRate, beta1, beta2, options.epsilon);
  },
  true,
);

/** RMSProp with tfjs defaults (decay 0.9) and the given `momentum` (default 0). */
export const rmspropOptimizer = createOptimizerFactory('rmsprop', (options) =>
  tf.train.rmsprop(options.learningRate, 0.9, options.momentum ?? 0, options.epsilon),
);

/** Returns the optimizers every composition root starts with: `sgd`, `momentum`, `adam`, `rmsprop`. */
export function builtinOptimizers(): OptimizerFactory[] {
  return [sgdOptimizer, momentumOptimizer, adamOptimizer, rmspropOptimizer];
}
