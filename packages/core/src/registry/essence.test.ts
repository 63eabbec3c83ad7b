import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { UnknownComponentError } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { createEssence } from './essence.js';

describe('createEssence', () => {
  it('registers the built-in components', async () => {
    const essence = createEssence();

    expect(essence.losses.names()).toContain('sparseCategoricalCrossentropy');
    expect(essence.optimizers.names()).toEqual(['adam', 'momentum', 'rmsprop', 'sgd']);
    expect(essence.metrics.names()).toContain('accuracy');
    expect(essence.callbacks.names()).toContain('bestCheckpoint');
    expect(essence.models.names()).toEqual([]);
    await essence.dispose();
  });

  it('registers a custom loss in one call', async () => {
    const essence = createEssence();
    const huber: Loss = {
      name: 'huber',
      targetFormat: 'real',
      input: 'real',
      compute: (yTrue, yPred) => tf.losses.huberLoss(yTrue, yPred) as tf.Scalar,
    };

    essence.losses.register(huber);

    expect(essence.losses.resolve('huber')).toBe(huber);
    await essence.dispose();
  });

  it('keeps roots independent', async () => {
    const first = createEssence();
    const second = createEssence();

    first.losses.register({ name: 'only-first', targetFormat: 'real', input: 'real', compute: () => tf.scalar(0) });

    expect(() => second.losses.resolve('only-first')).toThrow(UnknownComponentError);
    await first.dispose();
    await second.dispose();
  });

  it('unknown model lists registered models', async () => {
    const essence = createEssence();

    expect(() => essence.models.resolve('resnet')).toThrow("unknown model 'resnet'; registered models: (none)");
    await essence.dispose();
  });
});
