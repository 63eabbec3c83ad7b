import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { getLearningRate, setLearningRate } from './learning-rate.js';

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

describe('getLearningRate and setLearningRate', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const makers = [
    { name: 'sgd', make: () => tf.train.sgd(0.1) },
    { name: 'momentum', make: () => tf.train.momentum(0.1, 0.9) },
    { name: 'adam', make: () => tf.train.adam(0.1) },
    { name: 'rmsprop', make: () => tf.train.rmsprop(0.1) },
    { name: 'adagrad', make: () => tf.train.adagrad(0.1) },
    { name: 'adadelta', make: () => tf.train.adadelta(0.1) },
    { name: 'adamax', make: () => tf.train.adamax(0.1) },
  ];

  it.each(makers)('$name round-trips', ({ make }) => {
    const optimizer = make();
    try {
      expect(getLearningRate(optimizer)).toBe(0.1);
      setLearningRate(optimizer, 0.025);
      expect(getLearningRate(optimizer)).toBe(0.025);
    } finally {
      optimizer.dispose();
    }
  });

  it('sgd step uses new rate', () => {
    const optimizer = tf.train.sgd(0.1);
    setLearningRate(optimizer, 0.5);

    const [value] = stepOnce(optimizer, [1], [1]);

    expect(value).toBeCloseTo(0.5, 6);
    optimizer.dispose();
  });

  it('rejects non-positive rate', () => {
    const optimizer = tf.train.adam(0.1);

    expect(() => setLearningRate(optimizer, 0)).toThrow(ConfigError);
    expect(getLearningRate(optimizer)).toBe(0.1);
    optimizer.dispose();
  });
});
