import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MissingKernelError } from '../src/backend/backend-errors.js';
import { probeWasm } from '../src/backend/probes/wasm-probe.js';
import type { Callback } from '../src/callbacks/callback.js';
import { train } from '../src/training/trainer.js';

function buildConvModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [6, 6, 1],
        filters: 2,
        kernelSize: 3,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
}

describe('train kernel check', () => {
  beforeAll(async () => {
    expect((await probeWasm()).status).toBe('available');
    await tf.setBackend('wasm');
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('conv model on wasm fails before the first step', async () => {
    const model = buildConvModel();
    const optimizer = tf.train.adam(0.01);
    const seen: string[] = [];
    const recorder: Callback = {
      name: 'recorder',
      onTrainBegin: () => void seen.push('begin'),
      onTrainError: (error) => void seen.push(`error:${error.name}`),
    };
    const data = {
      x: new Float32Array(4 * 36),
      y: new Int32Array([0, 1, 0, 1]),
      size: 4,
      exampleShape: [6, 6, 1],
      numClasses: 2,
      classNames: ['a', 'b'],
    };

    const training = train({
      model,
      modelOutput: 'logits',
      loss: 'sparseCategoricalCrossentropy',
      optimizer,
      epochs: 1,
      batchSize: 2,
      seed: 1,
      train: data,
      callbacks: [recorder],
    });

    await expect(training).rejects.toThrow(MissingKernelError);
    await expect(training).rejects.toThrow('Conv2DBackpropFilter');
    expect(seen).toEqual(['error:MissingKernelError']);
    optimizer.dispose();
    model.dispose();
  });
});
