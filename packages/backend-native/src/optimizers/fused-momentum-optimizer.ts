import * as tf from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { commitUpdate, tensorStorage, updateTarget, variableGradientPairs } from './tensor-storage.js';
import type { VariableGradients } from './tensor-storage.js';

declare module '../binding.js' {
  interface NativeBinding {
    /**
     * Applies one momentum step to value and accumulation, writing valueOut and accumulationOut (which may be the
     * inputs themselves).
     */
    momentumUpdate(
      value: Float32Array,
      accumulation: Float32Array,
      gradient: Float32Array,
      valueOut: Float32Array,
      accumulationOut: Float32Array,
      momentum: number,
      learningRate: number,
      useNesterov: boolean,
    ): void;
  }
}

/** Hyperparameters of {@link FusedMomentumOptimizer}. */
export interface FusedMomentumConfig {
  learningRate: number;
  momentum: number;
  useNesterov: boolean;
}

/**
 * SGD with momentum (optionally Nesterov) that updates each variable and its accumulation in one native call, in
 * place when no other tensor shares their storage and by copy otherwise.
 *
 * The arithmetic is tfjs's MomentumOptimizer operation by operation in float32 (accumulation = momentum * accumulation
 * + gradient, then value += -learningRate * accumulation, or -learningRate * (gradient + momentum * accumulation) with
 * Nesterov), so trajectories match `tf.train.momentum` bit for bit, and `getWeights`/`setWeights` use its layout
 * (iterations, then every `<name>/momentum`). Variables native code cannot reach are updated with tfjs ops.
 *
 * NOTE: an in-place update changes the array that an earlier `variable.dataSync()` returned.
 */
export class FusedMomentumOptimizer extends tf.Optimizer {
  /** Serialization name; the tfjs 'Momentum' class restores the same config and weights. */
  static get className(): string {
    return 'Momentum';
  }

  private readonly config: FusedMomentumConfig;

  /**
   * Learning rate of the next step. Learning-rate schedules and reduce-on-plateau set it between steps, as
   * they do the `learningRate` field of tfjs's own optimizers.
   */
  get learningRate(): number {
    return this.config.learningRate;
  }

  set learningRate(value: number) {
    this.config.learningRate = value;
  }
  private readonly accumulations = new Map<string, tf.Variable>();

  /** Creates the optimizer; every hyperparameter must already be validated (see createFusedOptimizer). */
  constructor(config: FusedMomentumConfig) {
    super();
    this.config = { ...config };
  }

  /** Applies one momentum step to every variable that has a gradient. */
  override applyGradients(variableGradients: VariableGradients): void {
    for (const { name, variable, gradient } of variableGradientPairs(variableGradients)) {
      const accumulation = this.accumulationFor(name, variable);
      if (!this.updateNatively(variable, accumulation, gradient)) this.updateWithOps(variable, accumulation, gradient);
    }
    this.incrementIterations();
  }

  private accumulationFor(name: string, variable: tf.Variable): tf.Variable {
    const existing = this.accumulations.get(name);
    if (existing !== undefined) return existing;

    const created = tf.tidy(() => tf.variable(tf.zerosLike(variable), false));
    this.accumulations.set(name, created);
    return created;
  }

  private updateNatively(variable: tf.Variable, accumulation: tf.Variable, gradient: tf.Tensor): boolean {
    const value = tensorStorage(variable);
    const acc = tensorStorage(accumulation);
    const g = tensorStorage(gradient);
    if (value === undefined || acc === undefined || g === undefined) return false;

    const valueOut = updateTarget(value);
    const accOut = updateTarget(acc);
    const { momentum, learningRate, useNesterov } = this.config;
    binding.momentumUpdate(value.values, acc.values, g.values, valueOut, accOut, momentum, learningRate, useNesterov);
    commitUpdate(accumulation, acc, accOut);
    commitUpdate(variable, value, valueOut);
    return true;
  }

  // Mirrors tfjs's MomentumOptimizer graph for tensors native code cannot reach.
  private updateWithOps(variable: tf.Variable, accumulation: tf.Variable, gradient: tf.Tensor): void {
    const { momentum, learningRate, useNesterov } = this.config;
    tf.tidy(() => {
      const next = tf.add(tf.mul(momentum, accumulation), gradient);
      const direction = useNesterov ? tf.add(gradient, tf.mul(next, momentum)) : next;
      accumulation.assign(next);
      variable.assign(tf.add(tf.mul(-learningRate, direction), variable));
    });
  }

  /** Disposes the accumulation variables. */
  override dispose(): void {
    super.dispose();
    this.disposeAccumulations();
  }

  private disposeAccumulations(): void {
    for (const accumulation of this.accumulations.values()) accumulation.dispose();
    this.accumulations.clear();
  }

  /** Returns the iteration count, then every accumulation, in tfjs Momentum's layout. */
  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    const accumulations = [...this.accumulations.entries()].map(([name, accumulation]) => ({
      name: `${name}/momentum`,
      tensor: accumulation as tf.Tensor,
    }));
    return [await this.saveIterations(), ...accumulations];
  }

  /** Restores the state written by {@link getWeights} or by tfjs's MomentumOptimizer. */
  override async setWeights(weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const accumulations = await this.extractIterations(weightValues);
    this.disposeAccumulations();
    for (const { name, tensor } of accumulations) {
      this.accumulations.set(name.replace(/\/momentum$/, ''), tf.variable(tensor, false));
    }
  }

  /** Returns the hyperparameters with tfjs Momentum's keys. */
  override getConfig(): tf.serialization.ConfigDict {
    const { learningRate, momentum, useNesterov } = this.config;
    return { learningRate, momentum, useNesterov };
  }
}
