import * as tf from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { commitUpdate, tensorStorage, updateTarget, variableGradientPairs } from './tensor-storage.js';
import type { VariableGradients } from './tensor-storage.js';

declare module '../binding.js' {
  interface NativeBinding {
    /** Writes value - learningRate * gradient into valueOut (which may be value itself). */
    sgdUpdate(value: Float32Array, gradient: Float32Array, valueOut: Float32Array, learningRate: number): void;
  }
}

/**
 * Plain SGD that updates each variable in one native call, in place when no other tensor shares its storage. The
 * arithmetic equals tfjs's SGDOptimizer in float32 (value += -learningRate * gradient), and `getWeights` holds only
 * the iteration count, as tfjs's does.
 *
 * NOTE: an in-place update changes the array that an earlier `variable.dataSync()` returned.
 */
export class FusedSgdOptimizer extends tf.Optimizer {
  /** Serialization name; the tfjs 'SGD' class restores the same config. */
  static get className(): string {
    return 'SGD';
  }

  /** Learning rate of the next step; schedules set it between steps, as on tfjs's SGDOptimizer. */
  learningRate: number;

  /** Creates the optimizer; the learning rate must already be validated (see createFusedOptimizer). */
  constructor(learningRate: number) {
    super();
    this.learningRate = learningRate;
  }

  /** Applies one SGD step to every variable that has a gradient. */
  override applyGradients(variableGradients: VariableGradients): void {
    for (const { variable, gradient } of variableGradientPairs(variableGradients)) {
      const value = tensorStorage(variable);
      const g = tensorStorage(gradient);
      if (value === undefined || g === undefined) {
        tf.tidy(() => variable.assign(tf.add(tf.mul(-this.learningRate, gradient), variable)));
        continue;
      }
      const valueOut = updateTarget(value);
      binding.sgdUpdate(value.values, g.values, valueOut, this.learningRate);
      commitUpdate(variable, value, valueOut);
    }
    this.incrementIterations();
  }

  /** Returns the iteration count, the only state plain SGD keeps. */
  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    return [await this.saveIterations()];
  }

  /** Restores the iteration count written by {@link getWeights}. */
  override async setWeights(weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length !== 0) {
      throw new RangeError(
        `SGD keeps no per-variable state; got ${rest.length} weight tensors after the iteration count. ` +
          'Pass the list that getWeights() returned.',
      );
    }
  }

  /** Returns the hyperparameters with tfjs SGD's keys. */
  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate };
  }
}
