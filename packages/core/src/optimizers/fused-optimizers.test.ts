import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { adamOptimizer, momentumOptimizer, sgdOptimizer } from './builtin.js';
import { registerFusedOptimizer } from './fused-optimizers.js';

const cpu = { backend: 'cpu' };

describe('fused optimizer registry', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('factory prefers fused optimizer', () => {
    const fused = tf.train.sgd(0.5);
    const unregister = registerFusedOptimizer('native-test', 'adam', () => fused);
    try {
      expect(adamOptimizer.create({ learningRate: 0.1 }, { backend: 'native-test' })).toBe(fused);
    } finally {
      unregister();
      fused.dispose();
    }
  });

  it('other backends keep tfjs optimizer', () => {
    const fused = tf.train.sgd(0.5);
    const unregister = registerFusedOptimizer('native-test', 'adam', () => fused);
    const optimizer = adamOptimizer.create({ learningRate: 0.1 }, cpu);
    try {
      expect(optimizer.getClassName()).toBe('Adam');
    } finally {
      unregister();
      fused.dispose();
      optimizer.dispose();
    }
  });

  it('fused creator receives validated options', () => {
    let received: unknown;
    const unregister = registerFusedOptimizer('native-test', 'momentum', (options) => {
      received = options;
      return tf.train.sgd(options.learningRate);
    });
    try {
      momentumOptimizer.create({ learningRate: 0.2, momentum: 0.8 }, { backend: 'native-test' }).dispose();
      expect(received).toEqual({ learningRate: 0.2, momentum: 0.8 });
    } finally {
      unregister();
    }
  });

  it('unregister restores default', () => {
    const unregister = registerFusedOptimizer('native-test', 'sgd', () => tf.train.adam(0.1));
    unregister();

    const optimizer = sgdOptimizer.create({ learningRate: 0.1 }, { backend: 'native-test' });

    expect(optimizer.getClassName()).toBe('SGD');
    optimizer.dispose();
  });
});
