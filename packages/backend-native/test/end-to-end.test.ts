import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { registerNative, seededValues } from './compare-backends.js';

const STEPS = 6;
const LOSS_TOLERANCE = { rtol: 1e-3, atol: 1e-5 };

interface TrainingData {
  x: Float32Array;
  xShape: number[];
  labels: Float32Array;
  classes: number;
}

/** Returns seeded inputs and one-hot labels that depend on the inputs, so the loss can fall. */
function makeData(xShape: number[], classes: number, seed: number): TrainingData {
  const [batch = 0, ...rest] = xShape;
  const features = rest.reduce((product, dim) => product * dim, 1);
  const x = seededValues(batch * features, seed);
  const labels = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) {
    const label = Math.floor(((x[i * features] ?? 0) + 1) * 0.5 * classes) % classes;
    labels[i * classes + label] = 1;
  }
  return { x, xShape, labels, classes };
}

function seeded(seed: number): ReturnType<typeof tfl.initializers.glorotUniform> {
  return tfl.initializers.glorotUniform({ seed });
}

function buildMlp(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [20], units: 16, activation: 'relu', kernelInitializer: seeded(1) }));
  model.add(tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: seeded(2) }));
  model.add(tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: seeded(3) }));
  return model;
}

function buildCnn(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    tfl.layers.conv2d({
      inputShape: [10, 10, 1],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seeded(4),
    }),
  );
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(
    tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: seeded(5) }),
  );
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(6) }));
  return model;
}

/**
 * Trains a fresh model for STEPS batches on `backendName`, disposes it, and returns the losses and the tensor counts
 * after the first step (when the optimizer's slot variables exist) and after the last step.
 */
async function train(
  backendName: string,
  build: () => tfl.LayersModel,
  data: TrainingData,
): Promise<{ losses: number[]; tensorsAfterFirstStep: number; tensorsAfterLastStep: number }> {
  await tf.setBackend(backendName);
  const model = build();
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor(data.x, data.xShape);
  const y = tf.tensor2d(data.labels, [data.xShape[0] ?? 0, data.classes]);
  const losses: number[] = [];
  let tensorsAfterFirstStep = 0;
  try {
    for (let step = 0; step < STEPS; step++) {
      losses.push((await model.trainOnBatch(x, y)) as number);
      if (step === 0) tensorsAfterFirstStep = tf.memory().numTensors;
    }
    const tensorsAfterLastStep = tf.memory().numTensors;
    return { losses, tensorsAfterFirstStep, tensorsAfterLastStep };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}

async function compareTraining(build: () => tfl.LayersModel, data: TrainingData): Promise<void> {
  const cpu = await train('cpu', build, data);
  const before = tf.memory().numTensors;
  const native = await train('native', build, data);

  expect(native.losses).toHaveLength(STEPS);
  native.losses.forEach((loss, step) => {
    const expected = cpu.losses[step] ?? Number.NaN;
    const allowed = LOSS_TOLERANCE.atol + LOSS_TOLERANCE.rtol * Math.abs(expected);
    expect(Math.abs(loss - expected)).toBeLessThanOrEqual(allowed);
  });
  expect(native.losses.at(-1)).toBeLessThan(native.losses[0] ?? 0);
  expect(native.tensorsAfterLastStep).toBe(native.tensorsAfterFirstStep);
  expect(tf.memory().numTensors).toBe(before);
}

describe('native training end to end', () => {
  beforeAll(registerNative);

  it('MLP matches cpu losses', async () => {
    await compareTraining(buildMlp, makeData([32, 20], 4, 21));
  });

  it('CNN matches cpu losses', async () => {
    await compareTraining(buildCnn, makeData([8, 10, 10, 1], 3, 22));
  });
});
