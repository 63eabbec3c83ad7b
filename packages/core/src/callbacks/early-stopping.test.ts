import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { createLogger } from '../logging/logger.js';
import { createTrainingRun, type TrainingRunState } from '../training/training-run.js';
import type { EpochLogs, TrainingContext } from './callback.js';
import { EarlyStopping } from './early-stopping.js';

function epochLogs(epoch: number, metrics: Record<string, number>): EpochLogs {
  return { epoch, metrics, learningRate: 0.1, durationMs: 1 };
}

function readWeights(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

describe('EarlyStopping', () => {
  let model: tfl.LayersModel;
  let optimizer: tf.Optimizer;
  let context: TrainingContext;
  let state: TrainingRunState;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  beforeEach(() => {
    model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 1, inputShape: [2], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) })],
    });
    optimizer = tf.train.sgd(0.1);
    ({ context, state } = createTrainingRun({ runId: 'test', model, optimizer, seed: 1, logger: createLogger('test') }));
  });

  afterEach(() => {
    model.dispose();
    optimizer.dispose();
  });

  it('stops training after patience', () => {
    const callback = new EarlyStopping({ monitor: 'val_loss', patience: 1 });

    callback.onTrainBegin();
    callback.onEpochEnd(epochLogs(0, { val_loss: 1 }), context);
    callback.onEpochEnd(epochLogs(1, { val_loss: 2 }), context);

    expect(state.stopReason).toMatch(/^val_loss did not improve on 1 \(epoch 0\)/);
  });

  it('restores best weights on stop', () => {
    const callback = new EarlyStopping({ monitor: 'loss', patience: 0, restoreBestWeights: true });
    const best = readWeights(model);

    callback.onTrainBegin();
    callback.onEpochEnd(epochLogs(0, { loss: 1 }), context);
    const shifted = tf.tidy(() => model.getWeights().map((weight) => tf.add(weight, 1)));
    model.setWeights(shifted);
    tf.dispose(shifted);
    callback.onEpochEnd(epochLogs(1, { loss: 2 }), context);

    expect(readWeights(model)).toEqual(best);
  });

  it('frees weight copies at end', () => {
    const callback = new EarlyStopping({ monitor: 'loss', restoreBestWeights: true });
    const before = tf.memory().numTensors;

    callback.onTrainBegin();
    callback.onEpochEnd(epochLogs(0, { loss: 1 }), context);
    callback.onTrainEnd();

    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees weight copies on error', () => {
    const callback = new EarlyStopping({ monitor: 'loss', restoreBestWeights: true });
    const before = tf.memory().numTensors;

    callback.onTrainBegin();
    callback.onEpochEnd(epochLogs(0, { loss: 1 }), context);
    callback.onTrainError();

    expect(tf.memory().numTensors).toBe(before);
  });

  it('auto mode maximises accuracy', () => {
    const callback = new EarlyStopping({ monitor: 'val_accuracy', patience: 0 });

    callback.onEpochEnd(epochLogs(0, { val_accuracy: 0.5 }), context);
    callback.onEpochEnd(epochLogs(1, { val_accuracy: 0.6 }), context);

    expect(state.stopReason).toBeUndefined();
  });

  it('rejects missing metric', () => {
    const callback = new EarlyStopping();

    expect(() => callback.onEpochEnd(epochLogs(0, { loss: 1 }), context)).toThrow(
      /monitors 'val_loss', which the epoch logs do not contain; available metrics: loss/,
    );
  });

  it.each([
    { name: 'negative patience', options: { patience: -1 } },
    { name: 'unknown mode', options: { mode: 'lowest' } },
    { name: 'unknown option', options: { patient: 3 } },
  ])('rejects $name', ({ options }) => {
    expect(() => new EarlyStopping(options as never)).toThrow(ConfigError);
  });
});
