import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, EssenceError } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { MissingKernelError } from './backend-errors.js';
import { checkGradientKernels } from './check-gradient-kernels.js';
import { probeNative } from './probes/native-probe.js';
import { probeWasm } from './probes/wasm-probe.js';

const SEED = 7;
const init = (): ReturnType<typeof tfl.initializers.glorotUniform> => tfl.initializers.glorotUniform({ seed: SEED });

function buildConvModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, kernelInitializer: init() }),
    ],
  });
}

function buildMlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [8], units: 4, activation: 'relu', kernelInitializer: init() }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
}

/** Mean squared error through `tf.squaredDifference`, a kernel no layer of the test models uses. */
const squaredDifferenceLoss: Loss = {
  name: 'squaredDifference',
  targetFormat: 'real',
  input: 'real',
  compute: (yTrue, yPred) => tf.mean(tf.squaredDifference(yTrue, yPred)) as tf.Scalar,
};

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('checkGradientKernels', () => {
  beforeAll(async () => {
    expect((await probeWasm()).status).toBe('available');
  });

  it('conv model on wasm is rejected', async () => {
    const model = buildConvModel();

    const error = await captureError(checkGradientKernels({ model, backend: 'wasm' }));
    model.dispose();

    expect(error).toBeInstanceOf(MissingKernelError);
    expect((error as MissingKernelError).code).toBe('MISSING_KERNEL');
    expect((error as MissingKernelError).missing).toContainEqual({ kernel: 'Conv2DBackpropFilter', pass: 'backward' });
  });

  it('conv rejection suggests cpu', async () => {
    const model = buildConvModel();

    const error = (await captureError(checkGradientKernels({ model, backend: 'wasm' }))) as MissingKernelError;
    model.dispose();

    expect(error.alternatives).toContain('cpu');
    expect(error.alternatives).not.toContain('wasm');
    expect(error.message).toMatch(/^backend 'wasm' has no kernel 'Conv2DBackpropFilter' \(backward pass\), which model '\S+' needs/);
    expect(error.message).toContain(`Train with --backend ${error.alternatives[0] ?? ''} (or ESSENCE_BACKEND=`);
  });

  it('mlp on wasm passes', async () => {
    const model = buildMlp();

    const report = await checkGradientKernels({ model, backend: 'wasm' });
    model.dispose();

    expect(report.backend).toBe('wasm');
    expect(report.forward).toContain('Softmax');
    expect(report.backward.length).toBeGreaterThan(0);
  });

  it('conv model on cpu passes', async () => {
    const model = buildConvModel();

    const report = await checkGradientKernels({ model, backend: 'cpu' });
    model.dispose();

    expect(report.forward).toContain('FusedConv2D');
    expect(report.backward).toContain('Conv2DBackpropFilter');
  });

  it('check restores active backend', async () => {
    await tf.setBackend('wasm');
    const model = buildMlp();

    await checkGradientKernels({ model, backend: 'wasm' });
    model.dispose();

    expect(tf.getBackend()).toBe('wasm');
  });

  it('check leaks no tensors', async () => {
    const model = buildConvModel();
    const before = tf.memory().numTensors;

    await captureError(checkGradientKernels({ model, backend: 'wasm' }));
    await checkGradientKernels({ model, backend: 'cpu' });
    const after = tf.memory().numTensors;
    model.dispose();

    expect(after).toBe(before);
  });

  it('batch norm statistics are restored', async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, kernelInitializer: init() }), tfl.layers.batchNormalization()],
    });
    const before = model.nonTrainableWeights.map((weight) => Array.from(weight.read().dataSync()));

    await checkGradientKernels({ model, backend: 'wasm' });
    const after = model.nonTrainableWeights.map((weight) => Array.from(weight.read().dataSync()));
    model.dispose();

    expect(after).toEqual(before);
  });

  it('loss kernels are checked', async () => {
    const model = buildMlp();

    const withLoss = await checkGradientKernels({ model, backend: 'wasm', loss: squaredDifferenceLoss });
    const withoutLoss = await checkGradientKernels({ model, backend: 'wasm' });
    model.dispose();

    expect(withLoss.forward).toContain('SquaredDifference');
    expect(withoutLoss.forward).not.toContain('SquaredDifference');
  });

  it('unregistered backend is rejected', async () => {
    const model = buildMlp();

    const error = await captureError(checkGradientKernels({ model, backend: 'webgpu' }));
    model.dispose();

    expect(error).toBeInstanceOf(EssenceError);
    expect((error as EssenceError).code).toBe('BACKEND_NOT_REGISTERED');
  });

  it('unknown input dimension needs inputShape', async () => {
    const input = tfl.input({ shape: [null, 3] });
    const output = tfl.layers.dense({ units: 2, kernelInitializer: init() }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });

    const error = await captureError(checkGradientKernels({ model, backend: 'wasm' }));
    const report = await checkGradientKernels({ model, backend: 'wasm', inputShape: [5, 3] });
    model.dispose();

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/unknown dimension at axis 1; pass inputShape/);
    expect(report.forward.length).toBeGreaterThan(0);
  });

  it('rejection prefers loaded native backend', async (context) => {
    // The native addon is built by a separate package, so this machine may or may not have it.
    if ((await probeNative()).status !== 'available') context.skip();
    const model = buildConvModel();

    const error = (await captureError(checkGradientKernels({ model, backend: 'wasm' }))) as MissingKernelError;
    model.dispose();

    expect(error.alternatives).toEqual(['native', 'cpu']);
  });
});
