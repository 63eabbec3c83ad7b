import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { createLogger } from '../logging/logger.js';
import { createTrainingRun } from '../training/training-run.js';
import { LearningRateScheduler } from './learning-rate-scheduler.js';

describe('LearningRateScheduler', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('sets rate per epoch', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    const optimizer = tf.train.momentum(0.5, 0.9);
    const { context } = createTrainingRun({ runId: 'test', model, optimizer, seed: 1, logger: createLogger('test') });
    const callback = new LearningRateScheduler({
      schedule: { kind: 'step', initialLearningRate: 0.2, decayEvery: 2, decayRate: 0.5 },
    });
    const rates: number[] = [];

    for (const epoch of [0, 1, 2, 3, 4]) {
      callback.onEpochBegin(epoch, context);
      rates.push(context.getLearningRate());
    }

    expect(rates).toEqual([0.2, 0.2, 0.1, 0.1, 0.05]);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects invalid schedule', () => {
    expect(() => new LearningRateScheduler({ schedule: { kind: 'constant' } })).toThrow(ConfigError);
  });
});
