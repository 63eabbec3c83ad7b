import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../logging/logger.js';
import {
  type BestCheckpointRule,
  type BestCheckpointState,
  bestCheckpoint,
  decideBestCheckpoint,
  initialBestCheckpointState,
} from './best-checkpoint.js';
import type { EpochLogs, TrainingContext } from './callback.js';

describe('decideBestCheckpoint', () => {
  const minRule: BestCheckpointRule = { monitor: 'val_loss', mode: 'min', minDelta: 0 };
  const maxRule: BestCheckpointRule = { monitor: 'val_accuracy', mode: 'max', minDelta: 0.01 };
  const afterLoss: BestCheckpointState = { best: 0.5, bestEpoch: 2 };
  const afterAccuracy: BestCheckpointState = { best: 0.9, bestEpoch: 2 };

  it.each([
    { name: 'first finite value saves', state: initialBestCheckpointState(minRule), value: 0.7, rule: minRule, decision: 'save', best: 0.7 },
    { name: 'lower loss saves', state: afterLoss, value: 0.4, rule: minRule, decision: 'save', best: 0.4 },
    { name: 'equal loss skips', state: afterLoss, value: 0.5, rule: minRule, decision: 'skip', best: 0.5 },
    { name: 'higher loss skips', state: afterLoss, value: 0.6, rule: minRule, decision: 'skip', best: 0.5 },
    { name: 'NaN skips', state: afterLoss, value: Number.NaN, rule: minRule, decision: 'skip', best: 0.5 },
    { name: 'Infinity skips', state: afterLoss, value: Number.POSITIVE_INFINITY, rule: minRule, decision: 'skip', best: 0.5 },
    { name: '-Infinity skips in min mode', state: afterLoss, value: Number.NEGATIVE_INFINITY, rule: minRule, decision: 'skip', best: 0.5 },
    { name: 'accuracy above minDelta saves', state: afterAccuracy, value: 0.92, rule: maxRule, decision: 'save', best: 0.92 },
    { name: 'accuracy within minDelta skips', state: afterAccuracy, value: 0.905, rule: maxRule, decision: 'skip', best: 0.9 },
  ] as const)('$name', ({ state, value, rule, decision, best }) => {
    const outcome = decideBestCheckpoint(state, 3, value, rule);

    expect(outcome.decision).toBe(decision);
    expect(outcome.state.best).toBe(best);
    expect(outcome.reason).toContain(rule.monitor);
  });

  it('reason names old and new best', () => {
    const outcome = decideBestCheckpoint(afterLoss, 3, 0.4, minRule);

    expect(outcome.reason).toBe('val_loss improved from 0.5 (epoch 2) to 0.4 at epoch 3');
  });
});

describe('bestCheckpoint callback', () => {
  let root: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'essence-best-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function buildModel(): tfl.LayersModel {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ inputShape: [4], units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }));
    return model;
  }

  function createContext(model: tfl.LayersModel, optimizer: tf.Optimizer, history: EpochLogs[]): TrainingContext {
    return {
      runId: 'run-1',
      model,
      optimizer,
      seed: 42,
      history,
      logger: createLogger('test:best-checkpoint'),
      getLearningRate: () => 0.01,
      setLearningRate: () => undefined,
      stopTraining: () => undefined,
    };
  }

  function epochLogs(epoch: number, valLoss: number): EpochLogs {
    return { epoch, metrics: { loss: 1, val_loss: valLoss }, learningRate: 0.01, durationMs: 5 };
  }

  it('keeps best finite epoch', async () => {
    const model = buildModel();
    const optimizer = tf.train.adam(0.01);
    const history: EpochLogs[] = [];
    const context = createContext(model, optimizer, history);
    const directory = join(root, 'best');
    const callback = bestCheckpoint.create({
      directory,
      metadata: { preprocessing: { scale: 255 }, loss: 'categoricalCrossentropy' },
    });

    callback.onTrainBegin();
    for (const [epoch, valLoss] of [0.5, 0.4, Number.NaN, 0.45].entries()) {
      const logs = epochLogs(epoch, valLoss);
      history.push(logs);
      await callback.onEpochEnd(logs, context);
    }
    const loaded = await loadCheckpoint(directory);

    expect(loaded.metadata.best).toEqual({ monitor: 'val_loss', mode: 'min', value: 0.4, epoch: 1 });
    expect(loaded.metadata.training?.epoch).toBe(1);
    expect(loaded.metadata.training?.seed).toBe(42);
    expect(loaded.metadata.training?.history).toHaveLength(2);
    expect(loaded.metadata.preprocessing).toEqual({ scale: 255 });
    expect(loaded.optimizerState?.className).toBe('Adam');
    expect(callback.lastSaved?.hash).toBe(loaded.hash);
    expect(await readdir(root)).toEqual(['best']);
    model.dispose();
    optimizer.dispose();
    loaded.model.dispose();
  });

  it('appends current epoch missing from history', async () => {
    const model = buildModel();
    const optimizer = tf.train.sgd(0.01);
    const context = createContext(model, optimizer, []);
    const directory = join(root, 'best');
    const callback = bestCheckpoint.create({ directory, includeOptimizer: false });

    await callback.onEpochEnd(epochLogs(0, 0.5), context);
    const loaded = await loadCheckpoint(directory);

    expect(loaded.metadata.training?.history.map((logs) => logs.epoch)).toEqual([0]);
    expect(loaded.optimizerState).toBeUndefined();
    model.dispose();
    optimizer.dispose();
    loaded.model.dispose();
  });

  it('auto mode maximises accuracy', async () => {
    const model = buildModel();
    const optimizer = tf.train.sgd(0.01);
    const context = createContext(model, optimizer, []);
    const directory = join(root, 'best');
    const callback = bestCheckpoint.create({ directory, monitor: 'val_accuracy' });

    for (const [epoch, accuracy] of [0.6, 0.8, 0.7].entries()) {
      await callback.onEpochEnd({ epoch, metrics: { val_accuracy: accuracy }, learningRate: 0.01, durationMs: 1 }, context);
    }
    const loaded = await loadCheckpoint(directory);

    expect(loaded.metadata.best?.mode).toBe('max');
    expect(loaded.metadata.best?.value).toBe(0.8);
    model.dispose();
    optimizer.dispose();
    loaded.model.dispose();
  });

  it('non-finite weights skip the save', async () => {
    const model = buildModel();
    const optimizer = tf.train.sgd(0.01);
    const context = createContext(model, optimizer, []);
    const directory = join(root, 'best');
    const callback = bestCheckpoint.create({ directory });
    const healthy = model.getWeights().map((weight) => weight.clone());
    const poisoned = healthy.map((weight) => tf.fill(weight.shape, Number.NaN));

    model.setWeights(poisoned);
    await callback.onEpochEnd(epochLogs(0, 0.5), context);
    const afterPoisoned = await readdir(root);
    model.setWeights(healthy);
    await callback.onEpochEnd(epochLogs(1, 0.6), context);
    const loaded = await loadCheckpoint(directory);

    expect(afterPoisoned).toEqual([]);
    expect(loaded.metadata.best?.epoch).toBe(1);
    tf.dispose([...healthy, ...poisoned]);
    model.dispose();
    optimizer.dispose();
    loaded.model.dispose();
  });

  it('missing monitored metric fails', async () => {
    const model = buildModel();
    const optimizer = tf.train.sgd(0.01);
    const context = createContext(model, optimizer, []);
    const callback = bestCheckpoint.create({ directory: join(root, 'best') });

    const epochEnd = callback.onEpochEnd({ epoch: 0, metrics: { loss: 1 }, learningRate: 0.01, durationMs: 1 }, context);

    await expect(epochEnd).rejects.toBeInstanceOf(ConfigError);
    model.dispose();
    optimizer.dispose();
  });

  it('rejects options without directory', () => {
    expect(() => bestCheckpoint.create({} as never)).toThrow(/invalid options for callback 'bestCheckpoint'/);
  });
});
