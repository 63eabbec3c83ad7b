import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { createLogger } from '../logging/logger.js';
import { createTrainingRun } from '../training/training-run.js';
import type { EpochLogs, TrainingContext } from './callback.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';

function epochLogs(epoch: number, metrics: Record<string, number>): EpochLogs {
  return { epoch, metrics, learningRate: 0.1, durationMs: 1 };
}

describe('ReduceLROnPlateau', () => {
  let model: tfl.LayersModel;
  let optimizer: tf.Optimizer;
  let context: TrainingContext;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  beforeEach(() => {
    model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    optimizer = tf.train.sgd(0.1);
    ({ context } = createTrainingRun({ runId: 'test', model, optimizer, seed: 1, logger: createLogger('test') }));
  });

  afterEach(() => {
    model.dispose();
    optimizer.dispose();
  });

  it('reduces optimizer learning rate', () => {
    const callback = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1 });

    callback.onEpochEnd(epochLogs(0, { loss: 1 }), context);
    callback.onEpochEnd(epochLogs(1, { loss: 1 }), context);

    expect(context.getLearningRate()).toBeCloseTo(0.05, 12);
  });

  it('restarts state on train begin', () => {
    const callback = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1 });

    callback.onEpochEnd(epochLogs(0, { loss: 1 }), context);
    callback.onTrainBegin();
    callback.onEpochEnd(epochLogs(0, { loss: 1 }), context);

    expect(context.getLearningRate()).toBe(0.1);
  });

  it.each([
    { name: 'factor of 1', options: { factor: 1 } },
    { name: 'negative cooldown', options: { cooldown: -1 } },
  ])('rejects $name', ({ options }) => {
    expect(() => new ReduceLROnPlateau(options)).toThrow(ConfigError);
  });
});
