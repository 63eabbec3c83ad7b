import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DigitClassifier, GoldenSamples } from '../src/http/digit-classifier.js';
import { DEFAULT_IMAGE_LIMITS } from '../src/preprocess/image-limits.js';
import { preprocessImage } from '../src/preprocess/preprocess-image.js';
import { digitPng, mnistLikeRows } from './fixtures/digit-images.js';
import { startClassifierService, type PredictResponseBody, type RunningClassifierService } from './fixtures/service-harness.js';

// NOTE: this app does not list @tensorflow/tfjs-backend-cpu as a dependency, so the backend is loaded
// through @essence/core, which does and shares the same tfjs-core instance.
async function useCpuBackend(): Promise<void> {
  const coreRequire = createRequire(createRequire(import.meta.url).resolve('@essence/core'));
  await import(pathToFileURL(coreRequire.resolve('@tensorflow/tfjs-backend-cpu')).href);
  await tf.setBackend('cpu');
}

/** Builds a 784 → 10 softmax model with seeded weights, standing in for a trained checkpoint. */
function buildTinyModel(seed: number): tfl.Sequential {
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      inputShape: [784],
      units: 10,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      biasInitializer: 'zeros',
    }),
  );
  return model;
}

function predictWithModel(model: tfl.LayersModel, batch: Float32Array, count: number): Promise<Float32Array> {
  const output = tf.tidy(() => model.predict(tf.tensor2d(batch, [count, 784])) as tf.Tensor);
  return output.data<'float32'>().finally(() => output.dispose());
}

function tfjsClassifier(model: tfl.LayersModel, golden: GoldenSamples): DigitClassifier {
  return { modelId: 'tiny-dense', golden, predict: (batch, count) => predictWithModel(model, batch, count) };
}

/** Records golden samples from a model, as the trainer does when it saves a checkpoint. */
async function recordGolden(model: tfl.LayersModel): Promise<GoldenSamples> {
  const inputs = [mnistLikeRows().flat().map((value) => value / 255), Array.from({ length: 784 }, (_, index) => (index % 7) / 6)];
  const probabilities = await predictWithModel(model, Float32Array.from(inputs.flat()), inputs.length);
  const outputs = inputs.map((_, sample) => Array.from(probabilities.subarray(sample * 10, sample * 10 + 10)));
  return { inputs, outputs };
}

let model: tfl.Sequential;
let running: RunningClassifierService;

beforeAll(async () => {
  await useCpuBackend();
  model = buildTinyModel(7);
  running = await startClassifierService({ classifier: tfjsClassifier(model, await recordGolden(model)) });
  await running.service.warmUp;
});

afterAll(async () => {
  await running.close();
  model.dispose();
});

describe('service with tfjs model', () => {
  it('becomes ready after golden check', async () => {
    const response = await fetch(`${running.url}/readyz`);

    expect(response.status).toBe(200);
  });

  it('returns model probabilities for PNG', async () => {
    const png = await digitPng();
    const digit = await preprocessImage(png, DEFAULT_IMAGE_LIMITS);
    const expected = digit.digitFound ? await predictWithModel(model, digit.pixels, 1) : new Float32Array(10);
    const expectedTop = Math.max(...expected);

    const response = await fetch(`${running.url}/v1/predict?topK=1`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
    const body = (await response.json()) as PredictResponseBody;
    const prediction = body.predictions[0];
    const top = prediction?.digitFound ? prediction.topK[0] : undefined;

    expect(response.status).toBe(200);
    expect(top?.label).toBe(String(expected.indexOf(expectedTop)));
    expect(Math.abs((top?.probability ?? 0) - expectedTop)).toBeLessThanOrEqual(1e-6);
  });

  it('leaks no tensors across requests', async () => {
    const png = await digitPng();
    const before = tf.memory().numTensors;

    for (let request = 0; request < 3; request += 1) {
      await fetch(`${running.url}/v1/predict`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
    }

    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects checkpoint with other weights', async () => {
    const other = buildTinyModel(8);
    const mismatched = await startClassifierService({ classifier: tfjsClassifier(other, await recordGolden(model)) });
    try {
      const status = await mismatched.service.warmUp;

      expect(status.ready).toBe(false);
      expect(status.ready ? '' : status.reason).toMatch(/failed the golden check: .*max abs difference .* exceeds the tolerance 0\.0001/);
    } finally {
      await mismatched.close();
      other.dispose();
    }
  });
});
