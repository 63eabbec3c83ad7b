import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs Adam with decoupled weight decay (AdamW, Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", 2019).
 *
 * Before each Adam update, every variable that has a gradient is scaled by
 * `1 - learningRate * weightDecay`, as `torch.optim.AdamW` does, so the decay follows learning-rate
 * changes and never passes through the moment estimates. Biases are decayed too.
 */
export class AdamWOptimizer extends tf.AdamOptimizer {
  static override get className(): string {
    return 'AdamW';
  }

  constructor(
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number | undefined,
    readonly weightDecay: number,
  ) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.filter((entry) => entry.tensor != null).map((entry) => entry.name)
      : Object.keys(variableGradients).filter((name) => variableGradients[name] != null);
    const keep = 1 - this.learningRate * this.weightDecay;

    tf.tidy(() => {
      for (const name of names) {
        const variable = tf.engine().registeredVariables[name];
        if (variable !== undefined) variable.assign(tf.mul(variable, keep));
      }
    });

    super.applyGradients(variableGradients);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const create = cls as unknown as new (...args: unknown[]) => T;
    return new create(config.learningRate, config.beta1, config.beta2, config.epsilon, config.weightDecay);
  }
}
