import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadCheckpoint } from '../src/checkpoint/load-checkpoint.js';
import { restoreOptimizer } from '../src/checkpoint/optimizer-state.js';
import { saveCheckpoint } from '../src/checkpoint/save-checkpoint.js';

const SEED = 11;
const LEARNING_RATE = 0.05;
const STEPS_BEFORE_SAVE = 4;
const STEPS_AFTER_SAVE = 4;
const TOLERANCE = 1e-6;

interface Batch {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
}

function buildModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      inputShape: [4],
      units: 8,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: SEED }),
    }),
  );
  model.add(tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: SEED + 1 }) }));
  return model;
}

// Deterministic batches of 4 examples: the label is the index of the largest of the first three features.
function makeBatches(count: number): Batch[] {
  const batches: Batch[] = [];
  for (let batch = 0; batch < count; batch += 1) {
    const features: number[] = [];
    const labels: number[] = [];
    for (let example = 0; example < 4; example += 1) {
      const row = [0, 1, 2, 3].map((feature) => Math.sin(batch * 7.1 + example * 3.3 + feature * 1.7));
      features.push(...row);
      labels.push(row.slice(0, 3).indexOf(Math.max(...row.slice(0, 3))));
    }
    batches.push({ x: tf.tensor2d(features, [4, 4]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3) as tf.Tensor2D });
  }
  return batches;
}

function trainSteps(model: tfl.LayersModel, optimizer: tf.Optimizer, batches: readonly Batch[]): number[] {
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return batches.map(({ x, y }) => {
    const cost = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
      variables,
    );
    if (cost === null) throw new Error('minimize returned no cost');
    const value = cost.dataSync()[0] ?? Number.NaN;
    cost.dispose();
    return value;
  });
}

describe('checkpoint resume', () => {
  let root: string;
  let batches: Batch[];
  let uninterrupted: number[];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'essence-resume-'));
    batches = makeBatches(STEPS_BEFORE_SAVE + STEPS_AFTER_SAVE);

    const model = buildModel();
    const optimizer = tf.train.adam(LEARNING_RATE);
    uninterrupted = trainSteps(model, optimizer, batches);
    model.dispose();
    optimizer.dispose();
  });

  afterAll(async () => {
    for (const { x, y } of batches) tf.dispose([x, y]);
    await rm(root, { recursive: true, force: true });
  });

  async function trainSaveAndResume(options: { restoreState: boolean }): Promise<number[]> {
    const directory = join(root, options.restoreState ? 'with-state' : 'without-state');
    const model = buildModel();
    const optimizer = tf.train.adam(LEARNING_RATE);
    trainSteps(model, optimizer, batches.slice(0, STEPS_BEFORE_SAVE));
    await saveCheckpoint(directory, { model, optimizer });
    model.dispose();
    optimizer.dispose();

    const loaded = await loadCheckpoint(directory);
    const resumed = tf.train.adam(LEARNING_RATE);
    if (options.restoreState) {
      if (loaded.optimizerState === undefined) throw new Error('checkpoint has no optimizer state');
      await restoreOptimizer(resumed, loaded.optimizerState);
    }
    const losses = trainSteps(loaded.model, resumed, batches.slice(STEPS_BEFORE_SAVE));
    loaded.model.dispose();
    resumed.dispose();
    return losses;
  }

  it('restored optimizer matches uninterrupted losses', async () => {
    const resumed = await trainSaveAndResume({ restoreState: true });

    resumed.forEach((loss, step) => {
      const expected = uninterrupted[STEPS_BEFORE_SAVE + step] ?? Number.NaN;
      expect(Math.abs(loss - expected), `step ${STEPS_BEFORE_SAVE + step}`).toBeLessThanOrEqual(TOLERANCE);
    });
  });

  it('fresh optimizer diverges from uninterrupted losses', async () => {
    const resumed = await trainSaveAndResume({ restoreState: false });

    const lastStep = STEPS_AFTER_SAVE - 1;
    const expected = uninterrupted[STEPS_BEFORE_SAVE + lastStep] ?? Number.NaN;
    expect(Math.abs((resumed[lastStep] ?? Number.NaN) - expected)).toBeGreaterThan(TOLERANCE);
  });
});
