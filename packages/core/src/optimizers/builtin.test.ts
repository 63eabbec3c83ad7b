import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { AdamWOptimizer } from './adamw-optimizer.js';
import { adamOptimizer, builtinOptimizers, momentumOptimizer, rmspropOptimizer, sgdOptimizer } from './builtin.js';
import type { OptimizerFactory } from './optimizer-factory.js';

const cpu = { backend: 'cpu' };

/** Applies one step of `optimizer` to a fresh variable with the given gradient and returns the new value. */
function stepOnce(optimizer: tf.Optimizer, initial: number[], gradient: number[]): number[] {
  const variable = tf.tidy(() => tf.variable(tf.tensor1d(initial)));
  try {
    tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(gradient) }));
    return Array.from(variable.dataSync());
  } finally {
    variable.dispose();
  }
}

describe('built-in optimizers', () => {
  const created: tf.Optimizer[] = [];

  function create(factory: OptimizerFactory, options: Parameters<OptimizerFactory['create']>[0]): tf.Optimizer {
    const optimizer = factory.create(options, cpu);
    created.push(optimizer);
    return optimizer;
  }

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  afterEach(() => {
    for (const optimizer of created.splice(0)) optimizer.dispose();
  });

  it.each([
    { factory: sgdOptimizer, className: 'SGD' },
    { factory: momentumOptimizer, className: 'Momentum' },
    { factory: adamOptimizer, className: 'Adam' },
    { factory: rmspropOptimizer, className: 'RMSProp' },
  ])('$factory.name creates $className', ({ factory, className }) => {
    expect(create(factory, { learningRate: 0.01 }).getClassName()).toBe(className);
  });

  it('lists four names', () => {
    expect(builtinOptimizers().map((factory) => factory.name)).toEqual(['sgd', 'momentum', 'adam', 'rmsprop']);
  });

  it('momentum defaults to 0.9', () => {
    const optimizer = create(momentumOptimizer, { learningRate: 0.1 });

    expect(optimizer.getConfig().momentum).toBe(0.9);
  });

  it('adam with weightDecay is AdamW', () => {
    const optimizer = create(adamOptimizer, { learningRate: 0.1, weightDecay: 0.01 });

    expect(optimizer).toBeInstanceOf(AdamWOptimizer);
    expect(optimizer.getConfig().weightDecay).toBe(0.01);
  });

  it('AdamW decays weights without gradient signal', () => {
    const optimizer = create(adamOptimizer, { learningRate: 0.1, weightDecay: 0.5 });

    const [value] = stepOnce(optimizer, [2], [0]);

    // A zero gradient leaves the Adam step at 0, so only the decay 2 * (1 - 0.1 * 0.5) remains.
    expect(value).toBeCloseTo(1.9, 6);
  });

  it.each([
    { name: 'zero learning rate', options: { learningRate: 0 } },
    { name: 'infinite learning rate', options: { learningRate: Number.POSITIVE_INFINITY } },
    { name: 'momentum of 1', options: { learningRate: 0.1, momentum: 1 } },
    { name: 'negative weight decay', options: { learningRate: 0.1, weightDecay: -0.1 } },
  ])('rejects $name', ({ options }) => {
    expect(() => momentumOptimizer.create(options, cpu)).toThrow(ConfigError);
  });

  it('sgd rejects weightDecay', () => {
    expect(() => sgdOptimizer.create({ learningRate: 0.1, weightDecay: 0.01 }, cpu)).toThrow(/Use 'adam'/);
  });

  it('momentum dispose frees every tensor', () => {
    const before = tf.memory().numTensors;
    const optimizer = momentumOptimizer.create({ learningRate: 0.1 }, cpu);
    stepOnce(optimizer, [1, 2], [1, 1]);

    optimizer.dispose();

    expect(tf.memory().numTensors).toBe(before);
  });
});
