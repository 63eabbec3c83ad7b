import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { ConfigError, type ModelSpec } from '@essence/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildCnn, cnnConfigSchema, cnnModelFactory } from './cnn.js';

const MNIST_SPEC: ModelSpec = { inputShape: [28, 28, 1], outputUnits: 10, seed: 42 };

// NOTE: this app does not list @tensorflow/tfjs-backend-cpu as a dependency, so the backend is loaded
// through @essence/core, which does and shares the same tfjs-core instance.
async function useCpuBackend(): Promise<void> {
  const coreRequire = createRequire(createRequire(import.meta.url).resolve('@essence/core'));
  await import(pathToFileURL(coreRequire.resolve('@tensorflow/tfjs-backend-cpu')).href);
  await tf.setBackend('cpu');
}

function withModel<T>(config: unknown, spec: ModelSpec, use: (model: tfl.Sequential) => T): T {
  const model = buildCnn(cnnConfigSchema.parse(config), spec);
  try {
    return use(model);
  } finally {
    model.dispose();
  }
}

function initialWeights(config: unknown, spec: ModelSpec): Float32Array[] {
  return withModel(config, spec, (model) => model.getWeights().map((weight) => weight.dataSync() as Float32Array));
}

/** Returns how many elements of `a` and `b` differ, counting a length difference as all extra elements. */
function countDifferences(a: Float32Array | undefined, b: Float32Array | undefined): number {
  const left = a ?? new Float32Array();
  const right = b ?? new Float32Array();
  let differences = Math.abs(left.length - right.length);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) {
      differences++;
    }
  }
  return differences;
}

function configError(raw: unknown): string {
  const result = cnnConfigSchema.safeParse(raw);
  if (result.success) {
    throw new Error(`cnn config schema accepted ${JSON.stringify(raw)}`);
  }
  return z.prettifyError(result.error);
}

describe('cnn', () => {
  beforeAll(useCpuBackend);

  it('declares name and logits', () => {
    expect(cnnModelFactory.name).toBe('cnn');
    expect(cnnModelFactory.output).toBe('logits');
  });

  // Defaults: conv 3*3*1*32+32, conv 3*3*32*64+64, dense 12*12*64*128+128, logits 128*10+10.
  // Batch norm drops the 96 convolution biases and adds 4 values per channel (gamma, beta, moving mean, variance).
  it.each([
    { case: 'defaults', config: {}, params: 1_199_882 },
    { case: 'batch norm', config: { batchNorm: true }, params: 1_199_882 - 96 + 4 * 96 },
    { case: 'one 8-filter conv', config: { filters: [8] }, params: 3 * 3 * 8 + 8 + 13 * 13 * 8 * 128 + 128 + 1290 },
  ])('counts parameters for $case', ({ config, params }) => {
    expect(withModel(config, MNIST_SPEC, (model) => model.countParams())).toBe(params);
  });

  it('orders default layers', () => {
    const names = withModel({}, MNIST_SPEC, (model) => model.layers.map((layer) => layer.name));

    expect(names).toEqual(['input', 'conv_1', 'conv_2', 'pool', 'pool_dropout', 'flatten', 'dense', 'dense_dropout', 'logits']);
  });

  it('inserts batch norm after convs', () => {
    const names = withModel({ batchNorm: true, poolDropout: 0, denseDropout: 0 }, MNIST_SPEC, (model) =>
      model.layers.map((layer) => layer.name),
    );

    expect(names).toEqual([
      'input',
      'conv_1',
      'conv_1_bn',
      'conv_1_relu',
      'conv_2',
      'conv_2_bn',
      'conv_2_relu',
      'pool',
      'flatten',
      'dense',
      'logits',
    ]);
  });

  it.each([
    { case: 'defaults', config: {} },
    { case: 'batch norm', config: { batchNorm: true } },
  ])('outputs [batch, 10] with $case', ({ config }) => {
    const shape = withModel(config, MNIST_SPEC, (model) =>
      tf.tidy(() => (model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor).shape),
    );

    expect(shape).toEqual([2, 10]);
  });

  it('repeats weights for same seed', () => {
    const first = initialWeights({ batchNorm: true }, MNIST_SPEC);
    const second = initialWeights({ batchNorm: true }, MNIST_SPEC);

    expect(second).toHaveLength(first.length);
    first.forEach((weights, i) => expect(countDifferences(weights, second[i])).toBe(0));
  });

  it('changes weights with seed', () => {
    const [kernelA] = initialWeights({}, MNIST_SPEC);
    const [kernelB] = initialWeights({}, { ...MNIST_SPEC, seed: 43 });

    expect(countDifferences(kernelA, kernelB)).toBeGreaterThan(0);
  });

  it('fills config defaults', () => {
    expect(cnnConfigSchema.parse({})).toEqual({
      filters: [32, 64],
      batchNorm: false,
      poolDropout: 0.25,
      denseUnits: 128,
      denseDropout: 0.5,
      l2: 0,
    });
  });

  it.each([
    { case: 'no filters', raw: { filters: [] }, fragments: ['filters needs at least one convolution', 'at filters'] },
    { case: 'batchNorm string', raw: { batchNorm: 'yes' }, fragments: ['expected boolean, received string', 'at batchNorm'] },
    { case: 'poolDropout of 1', raw: { poolDropout: 1 }, fragments: ['poolDropout is a drop probability', 'at poolDropout'] },
    { case: 'fractional denseUnits', raw: { denseUnits: 12.5 }, fragments: ['denseUnits must be a positive integer', 'at denseUnits'] },
  ])('rejects $case', ({ raw, fragments }) => {
    const text = configError(raw);

    for (const fragment of fragments) {
      expect(text).toContain(fragment);
    }
  });

  it.each([
    { case: 'flat input', spec: { ...MNIST_SPEC, inputShape: [784] }, message: 'needs images shaped [height, width, channels]' },
    { case: 'image too small', spec: { ...MNIST_SPEC, inputShape: [5, 5, 1] }, message: 'needs images of at least 6×6 pixels; got 5×5' },
    { case: 'zero output units', spec: { ...MNIST_SPEC, outputUnits: 0 }, message: 'needs a positive integer number of output units' },
  ])('rejects spec with $case', ({ spec, message }) => {
    const build = () => buildCnn(cnnConfigSchema.parse({}), spec);

    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });
});
