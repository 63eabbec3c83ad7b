import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { ConfigError, type ModelSpec } from '@essence/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildMlp, mlpConfigSchema, mlpModelFactory } from './mlp.js';

const MNIST_SPEC: ModelSpec = { inputShape: [28, 28, 1], outputUnits: 10, seed: 42 };

// NOTE: this app does not list @tensorflow/tfjs-backend-cpu as a dependency, so the backend is loaded
// through @essence/core, which does and shares the same tfjs-core instance.
async function useCpuBackend(): Promise<void> {
  const coreRequire = createRequire(createRequire(import.meta.url).resolve('@essence/core'));
  await import(pathToFileURL(coreRequire.resolve('@tensorflow/tfjs-backend-cpu')).href);
  await tf.setBackend('cpu');
}

function withModel<T>(config: unknown, spec: ModelSpec, use: (model: tfl.Sequential) => T): T {
  const model = buildMlp(mlpConfigSchema.parse(config), spec);
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
  const result = mlpConfigSchema.safeParse(raw);
  if (result.success) {
    throw new Error(`mlp config schema accepted ${JSON.stringify(raw)}`);
  }
  return z.prettifyError(result.error);
}

describe('mlp', () => {
  beforeAll(useCpuBackend);

  it('declares name and logits', () => {
    expect(mlpModelFactory.name).toBe('mlp');
    expect(mlpModelFactory.output).toBe('logits');
  });

  it.each([
    { case: 'defaults on 28x28x1', config: {}, spec: MNIST_SPEC, params: 535_818 },
    { case: 'defaults on flat 784', config: {}, spec: { ...MNIST_SPEC, inputShape: [784] }, params: 535_818 },
    { case: 'no hidden layers', config: { hiddenUnits: [] }, spec: MNIST_SPEC, params: 784 * 10 + 10 },
    { case: 'one hidden layer', config: { hiddenUnits: [32] }, spec: MNIST_SPEC, params: 784 * 32 + 32 + 32 * 10 + 10 },
  ])('counts parameters for $case', ({ config, spec, params }) => {
    expect(withModel(config, spec, (model) => model.countParams())).toBe(params);
  });

  it('orders default layers', () => {
    const names = withModel({}, MNIST_SPEC, (model) => model.layers.map((layer) => layer.name));

    expect(names).toEqual(['input', 'flatten', 'hidden_1', 'dropout_1', 'hidden_2', 'dropout_2', 'logits']);
  });

  it('omits dropout at rate 0', () => {
    const names = withModel({ dropout: 0 }, MNIST_SPEC, (model) => model.layers.map((layer) => layer.name));

    expect(names).toEqual(['input', 'flatten', 'hidden_1', 'hidden_2', 'logits']);
  });

  it('adds l2 regularizer when set', () => {
    const regularizers = withModel({ l2: 1e-4 }, MNIST_SPEC, (model) =>
      model.layers.filter((layer) => layer.name.startsWith('hidden') || layer.name === 'logits')
        .map((layer) => layer.getConfig()['kernelRegularizer']),
    );

    expect(regularizers).toHaveLength(3);
    for (const regularizer of regularizers) {
      expect(regularizer).toMatchObject({ className: 'L1L2', config: { l2: 1e-4 } });
    }
  });

  it('outputs logits shaped [batch, 10]', () => {
    const shape = withModel({}, MNIST_SPEC, (model) =>
      tf.tidy(() => (model.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor).shape),
    );

    expect(shape).toEqual([3, 10]);
  });

  it('repeats weights for same seed', () => {
    const first = initialWeights({}, MNIST_SPEC);
    const second = initialWeights({}, MNIST_SPEC);

    expect(second).toHaveLength(first.length);
    first.forEach((weights, i) => expect(countDifferences(weights, second[i])).toBe(0));
  });

  it('changes weights with seed', () => {
    const [kernelA] = initialWeights({}, MNIST_SPEC);
    const [kernelB] = initialWeights({}, { ...MNIST_SPEC, seed: 43 });

    expect(countDifferences(kernelA, kernelB)).toBeGreaterThan(0);
  });

  it('seeds same-shaped layers differently', () => {
    const [hidden1] = initialWeights({ hiddenUnits: [16, 16] }, { inputShape: [16], outputUnits: 2, seed: 42 });
    const [, , hidden2] = initialWeights({ hiddenUnits: [16, 16] }, { inputShape: [16], outputUnits: 2, seed: 42 });

    expect(hidden1).toHaveLength(256);
    expect(hidden2).toHaveLength(256);
    expect(countDifferences(hidden1, hidden2)).toBeGreaterThan(0);
  });

  it('fills config defaults', () => {
    expect(mlpConfigSchema.parse({})).toEqual({ hiddenUnits: [512, 256], dropout: 0.2, l2: 0 });
  });

  it.each([
    { case: 'dropout above 1', raw: { dropout: 1.5 }, fragments: ['dropout is a drop probability and must be in [0, 1)', 'at dropout'] },
    { case: 'zero hidden units', raw: { hiddenUnits: [512, 0] }, fragments: ['hiddenUnits entries must be positive integers', 'at hiddenUnits[1]'] },
    { case: 'negative l2', raw: { l2: -1 }, fragments: ['l2 is a penalty factor and must be >= 0', 'at l2'] },
    { case: 'misspelt key', raw: { hiddenUnit: [64] }, fragments: ['Unrecognized key: "hiddenUnit"'] },
  ])('rejects $case', ({ raw, fragments }) => {
    const text = configError(raw);

    for (const fragment of fragments) {
      expect(text).toContain(fragment);
    }
  });

  it.each([
    { case: 'empty input shape', spec: { ...MNIST_SPEC, inputShape: [] }, message: 'needs an input shape of positive integers' },
    { case: 'zero output units', spec: { ...MNIST_SPEC, outputUnits: 0 }, message: 'needs a positive integer number of output units' },
    { case: 'fractional seed', spec: { ...MNIST_SPEC, seed: 1.5 }, message: 'needs an integer seed' },
  ])('rejects spec with $case', ({ spec, message }) => {
    const build = () => buildMlp(mlpConfigSchema.parse({}), spec);

    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });
});
