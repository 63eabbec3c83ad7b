import type * as tf from '@tensorflow/tfjs-core';

/** Options shared by the built-in optimizers; each factory reads the ones it uses. */
export interface OptimizerOptions {
  readonly learningRate: number;
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Decoupled weight decay (AdamW-style) per step, as a fraction of the learning rate. */
  readonly weightDecay?: number;
}

/** Where an optimizer will run, so a factory can pick a fused implementation for the backend. */
export interface OptimizerContext {
  readonly backend: string;
}

/** Creates a `tf.Optimizer` by name, e.g. `sgd`, `momentum`, `adam`, `rmsprop`. */
export interface OptimizerFactory {
  readonly name: string;
  create(options: OptimizerOptions, context: OptimizerContext): tf.Optimizer;
}
