import { createHash } from 'node:crypto';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LabelledDataset } from '../data/dataset.js';
import { ConfigError, EssenceError } from '../errors.js';
import { evaluateClassifier } from './evaluate-classifier.js';
import type { EvaluationProtocol } from './evaluation-report.js';

const TOLERANCE = 1e-6;

// Class probabilities of five examples; the model below reproduces them exactly up to float32 rounding.
const rows = [
  [0.7, 0.2, 0.1],
  [0.1, 0.8, 0.1],
  [0.3, 0.3, 0.4],
  [0.6, 0.3, 0.1],
  [0.2, 0.2, 0.6],
];
const labels = [0, 1, 2, 1, 0];

// A dense layer with an identity kernel and no bias outputs its input, so feeding log-probabilities as
// inputs makes the logits' softmax equal the rows above.
function buildIdentityModel(activation: 'linear' | 'softmax'): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [3], units: 3, useBias: false, activation }));
  const identity = tf.eye(3);
  model.setWeights([identity]);
  identity.dispose();
  return model;
}

const dataset: LabelledDataset = {
  x: Float32Array.from(rows.flat().map((probability) => Math.log(probability))),
  y: Int32Array.from(labels),
  size: rows.length,
  exampleShape: [3],
  numClasses: 3,
  classNames: ['cat', 'dog', 'fox'],
};

const protocol: EvaluationProtocol = {
  datasetName: 'toy',
  split: 'test',
  seed: 1234,
  splitSizes: { train: 20, test: 5 },
};

describe('evaluateClassifier', () => {
  let logitsModel: tfl.LayersModel;
  let softmaxModel: tfl.LayersModel;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    logitsModel = buildIdentityModel('linear');
    softmaxModel = buildIdentityModel('softmax');
  });

  afterAll(() => {
    logitsModel.dispose();
    softmaxModel.dispose();
  });

  it('scores hand-computed table', async () => {
    const report = await evaluateClassifier({ model: logitsModel, dataset, output: 'logits', protocol });

    // Predictions: 0, 1, 2, 0, 2 against labels 0, 1, 2, 1, 0.
    expect(report.confusionMatrix).toEqual([
      [1, 0, 1],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(Math.abs(report.accuracy - 3 / 5)).toBeLessThanOrEqual(TOLERANCE);
    const expectedLogLoss = -(Math.log(0.7) + Math.log(0.8) + Math.log(0.4) + Math.log(0.3) + Math.log(0.2)) / 5;
    expect(Math.abs(report.logLoss - expectedLogLoss)).toBeLessThanOrEqual(TOLERANCE);
    // Bins hold {0.4}, {0.6 wrong, 0.6 wrong}, {0.7} and {0.8}, the last two correct.
    const expectedEce = (1 / 5) * 0.6 + (2 / 5) * 0.6 + (1 / 5) * 0.3 + (1 / 5) * 0.2;
    expect(Math.abs(report.expectedCalibrationError - expectedEce)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('ragged batches match one batch', async () => {
    const whole = await evaluateClassifier({ model: logitsModel, dataset, output: 'logits', protocol });
    const ragged = await evaluateClassifier({ model: logitsModel, dataset, output: 'logits', protocol, batchSize: 2 });

    expect(ragged.confusionMatrix).toEqual(whole.confusionMatrix);
    expect(Math.abs(ragged.logLoss - whole.logLoss)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('probability output needs no softmax', async () => {
    const fromLogits = await evaluateClassifier({ model: logitsModel, dataset, output: 'logits', protocol });
    const fromProbabilities = await evaluateClassifier({
      model: softmaxModel,
      dataset,
      output: 'probabilities',
      protocol,
    });

    expect(fromProbabilities.confusionMatrix).toEqual(fromLogits.confusionMatrix);
    expect(Math.abs(fromProbabilities.logLoss - fromLogits.logLoss)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('records protocol with data hashes', async () => {
    const report = await evaluateClassifier({ model: logitsModel, dataset, output: 'logits', protocol });

    expect(report.protocol.datasetName).toBe('toy');
    expect(report.protocol.split).toBe('test');
    expect(report.protocol.seed).toBe(1234);
    expect(report.protocol.splitSizes).toEqual({ train: 20, test: 5 });
    expect(report.protocol.size).toBe(5);
    expect(report.protocol.exampleShape).toEqual([3]);
    expect(report.protocol.xSha256).toBe(createHash('sha256').update(Buffer.from(dataset.x.buffer)).digest('hex'));
    expect(report.protocol.ySha256).toBe(createHash('sha256').update(Buffer.from(dataset.y.buffer)).digest('hex'));
    expect(report.classNames).toEqual(['cat', 'dog', 'fox']);
    expect(report.perClass.map((metrics) => metrics.className)).toEqual(['cat', 'dog', 'fox']);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;

    await evaluateClassifier({ model: logitsModel, dataset, output: 'logits', protocol, batchSize: 2 });

    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects logits declared as probabilities', async () => {
    const evaluation = evaluateClassifier({ model: logitsModel, dataset, output: 'probabilities', protocol });

    await expect(evaluation).rejects.toBeInstanceOf(EssenceError);
    await expect(evaluation).rejects.toThrow(/output: 'logits'/);
  });

  it('rejects output units unlike classes', async () => {
    const evaluation = evaluateClassifier({
      model: logitsModel,
      dataset: { ...dataset, numClasses: 4, classNames: ['a', 'b', 'c', 'd'] },
      output: 'logits',
      protocol,
    });

    await expect(evaluation).rejects.toThrow(/expects model output shaped \[batch, 4\]/);
  });

  it('rejects inconsistent dataset', async () => {
    const evaluation = evaluateClassifier({ model: logitsModel, dataset: { ...dataset, size: 6 }, output: 'logits', protocol });

    await expect(evaluation).rejects.toBeInstanceOf(ConfigError);
  });
});
