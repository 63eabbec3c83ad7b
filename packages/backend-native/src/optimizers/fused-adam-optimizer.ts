import * as tf from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { commitUpdate, tensorStorage, updateTarget, variableGradientPairs } from './tensor-storage.js';
import type { VariableGradients } from './tensor-storage.js';

declare module '../binding.js' {
  interface NativeBinding {
    /**
     * Applies one Adam step to value, m and v, writing valueOut, mOut and vOut (which may be the inputs themselves).
     * oneMinusAccBeta1/2 are the float32 bias corrections 1 - beta^t; decayFactor multiplies the value first
     * (1 - learningRate * weightDecay for AdamW, 1 for Adam).
     */
    adamUpdate(
      value: Float32Array,
      m: Float32Array,
      v: Float32Array,
      gradient: Float32Array,
      valueOut: Float32Array,
      mOut: Float32Array,
      vOut: Float32Array,
      beta1: number,
      beta2: number,
      oneMinusAccBeta1: number,
      oneMinusAccBeta2: number,
      epsilon: number,
      learningRate: number,
      decayFactor: number,
    ): void;
  }
}

/** Hyperparameters of {@link FusedAdamOptimizer}. */
export interface FusedAdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** Added to sqrt(v); tfjs uses the backend's epsilon (1e-7 for float32) when none is given. */
  epsilon: number;
  /** Decoupled weight decay (AdamW): each step first scales the value by 1 - learningRate * weightDecay. */
  weightDecay: number;
}

/** Optimizer state of one variable; the moment variables get engine-unique names, the weights use `<name>/m`. */
interface MomentSlots {
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * Adam (and AdamW with `weightDecay` > 0) that updates each variable and its two moments in one native call, writing
 * into the variable's own Float32Array when no other tensor shares it and copying otherwise.
 *
 * With `weightDecay` 0 the arithmetic is tfjs's AdamOptimizer operation by operation in float32, so trajectories
 * match `tf.train.adam` bit for bit, and `getWeights`/`setWeights` use its layout (iterations, then every `<name>/m`,
 * then every `<name>/v`), so checkpoints move between the two. Variables whose storage native code cannot use (other
 * backends, other dtypes) are updated with the same tfjs ops tfjs's optimizer uses.
 *
 * NOTE: an in-place update changes the array that an earlier `variable.dataSync()` returned, unlike tfjs's optimizer,
 * which gives the variable a new array each step.
 */
export class FusedAdamOptimizer extends tf.Optimizer {
  /** Serialization name; the tfjs 'Adam' class restores the same config and weights, without weight decay. */
  static get className(): string {
    return 'Adam';
  }

  private readonly config: FusedAdamConfig;

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
  private readonly slots = new Map<string, MomentSlots>();
  // Float32 values of beta^t, advanced exactly as tfjs advances its accBeta variables.
  private accBeta1: number;
  private accBeta2: number;

  /** Creates the optimizer; every hyperparameter must already be validated (see createFusedOptimizer). */
  constructor(config: FusedAdamConfig) {
    super();
    this.config = { ...config };
    this.accBeta1 = Math.fround(config.beta1);
    this.accBeta2 = Math.fround(config.beta2);
  }

  /** Applies one Adam step to every variable that has a gradient, then advances the bias corrections. */
  override applyGradients(variableGradients: VariableGradients): void {
    const oneMinusAccBeta1 = Math.fround(1 - this.accBeta1);
    const oneMinusAccBeta2 = Math.fround(1 - this.accBeta2);

    for (const { name, variable, gradient } of variableGradientPairs(variableGradients)) {
      const slots = this.slotsFor(name, variable);
      const fused = this.updateNatively(variable, slots, gradient, oneMinusAccBeta1, oneMinusAccBeta2);
      if (!fused) this.updateWithOps(variable, slots, gradient, oneMinusAccBeta1, oneMinusAccBeta2);
    }

    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.config.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.config.beta2));
    this.incrementIterations();
  }

  private slotsFor(name: string, variable: tf.Variable): MomentSlots {
    const existing = this.slots.get(name);
    if (existing !== undefined) return existing;

    const trainable = false;
    const created = tf.tidy(() => ({
      m: tf.variable(tf.zerosLike(variable), trainable),
      v: tf.variable(tf.zerosLike(variable), trainable),
    }));
    this.slots.set(name, created);
    return created;
  }

  private updateNatively(
    variable: tf.Variable,
    slots: MomentSlots,
    gradient: tf.Tensor,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
  ): boolean {
    const value = tensorStorage(variable);
    const m = tensorStorage(slots.m);
    const v = tensorStorage(slots.v);
    const g = tensorStorage(gradient);
    if (value === undefined || m === undefined || v === undefined || g === undefined) return false;

    const valueOut = updateTarget(value);
    const mOut = updateTarget(m);
    const vOut = updateTarget(v);
    const { beta1, beta2, epsilon, learningRate } = this.config;
    binding.adamUpdate(
      value.values,
      m.values,
      v.values,
      g.values,
      valueOut,
      mOut,
      vOut,
      beta1,
      beta2,
      oneMinusAccBeta1,
      oneMinusAccBeta2,
      epsilon,
      learningRate,
      this.decayFactor(),
    );
    commitUpdate(slots.m, m, mOut);
    commitUpdate(slots.v, v, vOut);
    commitUpdate(variable, value, valueOut);
    return true;
  }

  // Mirrors tfjs's AdamOptimizer graph for tensors native code cannot reach.
  private updateWithOps(
    variable: tf.Variable,
    slots: MomentSlots,
    gradient: tf.Tensor,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
  ): void {
    const { beta1, beta2, epsilon, learningRate } = this.config;
    tf.tidy(() => {
      const m = tf.add(tf.mul(slots.m, beta1), tf.mul(gradient, 1 - beta1));
      const v = tf.add(tf.mul(slots.v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
      const correctedM = tf.div(m, oneMinusAccBeta1);
      const correctedV = tf.div(v, oneMinusAccBeta2);
      slots.m.assign(m);
      slots.v.assign(v);
      const decayed = this.config.weightDecay === 0 ? variable : tf.mul(variable, this.decayFactor());
      const step = tf.mul(tf.div(correctedM, tf.add(tf.sqrt(correctedV), epsilon)), -learningRate);
      variable.assign(tf.add(step, decayed));
    });
  }

  private decayFactor(): number {
    return 1 - this.config.learningRate * this.config.weightDecay;
  }

  /** Disposes the moment variables. */
  override dispose(): void {
    super.dispose();
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const { m, v } of this.slots.values()) {
      m.dispose();
      v.dispose();
    }
    this.slots.clear();
  }

  /** Returns the iteration count, then every first moment, then every second moment, in tfjs Adam's layout. */
  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    const slots = [...this.slots.entries()];
    return [
      await this.saveIterations(),
      ...slots.map(([name, { m }]) => ({ name: `${name}/m`, tensor: m as tf.Tensor })),
      ...slots.map(([name, { v }]) => ({ name: `${name}/v`, tensor: v as tf.Tensor })),
    ];
  }

  /**
   * Restores the state written by {@link getWeights} or by tfjs's AdamOptimizer, recomputing the bias corrections
   * from the iteration count as tfjs does.
   *
   * @throws RangeError when the moments do not come in `<name>/m`, `<name>/v` pairs.
   */
  override async setWeights(weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    if (moments.length % 2 !== 0) {
      throw new RangeError(
        'Adam optimizer weights must hold the iteration count, then one first and one second moment per variable; ' +
          `got ${moments.length} moment tensors (odd). Pass the list that getWeights() returned.`,
      );
    }

    const count = moments.length / 2;
    const restored = new Map<string, MomentSlots>();
    for (let i = 0; i < count; i++) {
      const first = moments[i];
      const second = moments[i + count];
      if (first === undefined || second === undefined) continue;
      const name = first.name.replace(/\/m$/, '');
      restored.set(name, { m: tf.variable(first.tensor, false), v: tf.variable(second.tensor, false) });
    }
    this.disposeSlots();
    for (const [name, slots] of restored) this.slots.set(name, slots);
    this.accBeta1 = Math.fround(Math.pow(Math.fround(this.config.beta1), this.iterations + 1));
    this.accBeta2 = Math.fround(Math.pow(Math.fround(this.config.beta2), this.iterations + 1));
  }

  /** Returns the hyperparameters, with tfjs Adam's keys plus weightDecay. */
  override getConfig(): tf.serialization.ConfigDict {
    const { learningRate, beta1, beta2, epsilon, weightDecay } = this.config;
    return { learningRate, beta1, beta2, epsilon, weightDecay };
  }
}
