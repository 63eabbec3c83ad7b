import type * as tf from '@tensorflow/tfjs-core';

import { NativeBackendError } from '../native-backend-error.js';
import { FusedAdamOptimizer } from './fused-adam-optimizer.js';
import { FusedMomentumOptimizer } from './fused-momentum-optimizer.js';
import { FusedSgdOptimizer } from './fused-sgd-optimizer.js';

export { FusedAdamOptimizer } from './fused-adam-optimizer.js';
export type { FusedAdamConfig } from './fused-adam-optimizer.js';
export { FusedMomentumOptimizer } from './fused-momentum-optimizer.js';
export type { FusedMomentumConfig } from './fused-momentum-optimizer.js';
export { FusedSgdOptimizer } from './fused-sgd-optimizer.js';

/**
 * Options of {@link createFusedOptimizer}, field for field the core's OptimizerOptions plus `useNesterov`; each
 * optimizer reads the fields it uses and ignores the rest.
 */
export interface FusedOptimizerOptions {
  readonly learningRate: number;
  /** Momentum factor of 'momentum' (default 0.9). */
  readonly momentum?: number;
  /** Nesterov momentum for 'momentum' (default false). */
  readonly useNesterov?: boolean;
  /** First-moment decay of 'adam' and 'adamw' (default 0.9). */
  readonly beta1?: number;
  /** Second-moment decay of 'adam' and 'adamw' (default 0.999). */
  readonly beta2?: number;
  /** Term added to sqrt(v) by 'adam' and 'adamw' (default 1e-7, tfjs's float32 backend epsilon). */
  readonly epsilon?: number;
  /**
   * Decoupled weight decay per step as a fraction of the learning rate: the value is first scaled by
   * 1 - learningRate * weightDecay. Read by 'adamw' (default 0.01) and 'adam' (default 0).
   */
  readonly weightDecay?: number;
}

/** Names {@link createFusedOptimizer} accepts. */
export const fusedOptimizerNames = ['sgd', 'momentum', 'adam', 'adamw'] as const;

/** One of {@link fusedOptimizerNames}. */
export type FusedOptimizerName = (typeof fusedOptimizerNames)[number];

// tfjs's backend epsilon for float32 backends (KernelBackend.epsilon()), which tf.train.adam uses by default.
const FLOAT32_EPSILON = 1e-7;

function invalidOption(name: string, field: string, value: unknown, expected: string): NativeBackendError {
  return new NativeBackendError(
    'INVALID_CONFIG',
    `optimizer '${name}' option ${field} must be ${expected}; got ${String(value)}. Fix the value in the optimizer options.`,
  );
}

function checkRange(name: string, field: string, value: number, min: number, max: number, expected: string): number {
  if (!Number.isFinite(value) || value < min || value > max) throw invalidOption(name, field, value, expected);
  return value;
}

function isFusedOptimizerName(name: string): name is FusedOptimizerName {
  return (fusedOptimizerNames as readonly string[]).includes(name);
}

function createAdam(name: 'adam' | 'adamw', options: FusedOptimizerOptions): FusedAdamOptimizer {
  const below1 = 'a finite number in [0, 1)';
  const beta1 = checkRange(name, 'beta1', options.beta1 ?? 0.9, 0, 1 - Number.EPSILON, below1);
  const beta2 = checkRange(name, 'beta2', options.beta2 ?? 0.999, 0, 1 - Number.EPSILON, below1);
  const epsilon = checkRange(name, 'epsilon', options.epsilon ?? FLOAT32_EPSILON, 0, Infinity, 'a finite number >= 0');
  const weightDecay = checkRange(
    name,
    'weightDecay',
    options.weightDecay ?? (name === 'adamw' ? 0.01 : 0),
    0,
    Infinity,
    'a finite number >= 0',
  );
  return new FusedAdamOptimizer({ learningRate: options.learningRate, beta1, beta2, epsilon, weightDecay });
}

/**
 * Creates a tf.Optimizer whose update runs as one native call per variable: 'sgd', 'momentum' (optionally
 * Nesterov), 'adam' or 'adamw'. Without weight decay the updates equal tfjs's optimizers of the same name bit for bit,
 * and the optimizer weights use their layout, so checkpoints move between the two.
 *
 * Use it on the 'native' backend after loadNativeBackend() succeeded; on other backends the optimizers still work but
 * fall back to tfjs ops.
 *
 * @throws NativeBackendError with code 'UNKNOWN_COMPONENT' for a name not in {@link fusedOptimizerNames}, and with
 * code 'INVALID_CONFIG' for an out-of-range option.
 */
export function createFusedOptimizer(name: string, options: FusedOptimizerOptions): tf.Optimizer {
  if (!isFusedOptimizerName(name)) {
    throw new NativeBackendError(
      'UNKNOWN_COMPONENT',
      `no fused optimizer '${name}'; fused optimizers: ${fusedOptimizerNames.map((n) => `'${n}'`).join(', ')}.`,
    );
  }
  const learningRate = checkRange(name, 'learningRate', options.learningRate, 0, Infinity, 'a finite number >= 0');

  switch (name) {
    case 'sgd':
      return new FusedSgdOptimizer(learningRate);
    case 'momentum': {
      const momentum = checkRange(name, 'momentum', options.momentum ?? 0.9, 0, Infinity, 'a finite number >= 0');
      return new FusedMomentumOptimizer({ learningRate, momentum, useNesterov: options.useNesterov ?? false });
    }
    case 'adam':
    case 'adamw':
      return createAdam(name, { ...options, learningRate });
  }
}
