import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { expectSameOnBothBackends, registerNative, seededValues } from './compare-backends.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface ConvCase {
  name: string;
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides?: number;
  pad: Pad;
  dilation?: number;
}

const CONV_CASES: ConvCase[] = [
  { name: '3x3 same stride 1', xShape: [2, 8, 8, 3], filterShape: [3, 3, 3, 4], pad: 'same' },
  { name: '3x3 valid stride 1', xShape: [2, 8, 8, 3], filterShape: [3, 3, 3, 4], pad: 'valid' },
  { name: '3x3 same stride 2', xShape: [2, 9, 7, 2], filterShape: [3, 3, 2, 5], strides: 2, pad: 'same' },
  { name: '3x3 valid stride 2', xShape: [1, 9, 9, 2], filterShape: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  { name: 'dilation 2 same', xShape: [2, 10, 10, 2], filterShape: [3, 3, 2, 3], pad: 'same', dilation: 2 },
  { name: 'dilation 2 valid', xShape: [1, 11, 9, 3], filterShape: [3, 3, 3, 2], pad: 'valid', dilation: 2 },
  { name: '1x1 pointwise', xShape: [3, 5, 5, 7], filterShape: [1, 1, 7, 4], pad: 'valid' },
  { name: '1x1 stride 2', xShape: [2, 6, 6, 3], filterShape: [1, 1, 3, 4], strides: 2, pad: 'same' },
  { name: '5x5 same odd sizes', xShape: [1, 13, 11, 3], filterShape: [5, 5, 3, 6], pad: 'same' },
  { name: '5x5 valid batch 1', xShape: [1, 7, 7, 1], filterShape: [5, 5, 1, 2], pad: 'valid' },
  {
    name: 'explicit padding',
    xShape: [2, 6, 5, 2],
    filterShape: [3, 3, 2, 3],
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  { name: 'single channel mnist-like', xShape: [4, 28, 28, 1], filterShape: [3, 3, 1, 8], pad: 'same' },
];

const GRADIENT_CASES = CONV_CASES.filter((c) => (c.dilation ?? 1) === 1);

function tensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed), shape);
}

function conv(c: ConvCase, x: tf.Tensor, filter: tf.Tensor): tf.Tensor4D {
  return tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides ?? 1, c.pad, 'NHWC', c.dilation ?? 1);
}

describe('native conv2d', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('kernels run natively', async () => {
    const forward = vi.spyOn(binding, 'conv2d');
    const backpropInput = vi.spyOn(binding, 'conv2dBackpropInput');
    const backpropFilter = vi.spyOn(binding, 'conv2dBackpropFilter');
    const loss = (x: tf.Tensor, filter: tf.Tensor): tf.Scalar =>
      tf.sum(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'));
    await tf.setBackend('native');
    tf.dispose(tf.tidy(() => tf.grads(loss)([tensorFrom([1, 4, 4, 2], 1), tensorFrom([3, 3, 2, 2], 2)])));

    expect(forward).toHaveBeenCalledTimes(1);
    expect(backpropInput).toHaveBeenCalledTimes(1);
    expect(backpropFilter).toHaveBeenCalledTimes(1);
  });

  it.each(CONV_CASES)('Conv2D $name', async (c) => {
    await expectSameOnBothBackends(() => conv(c, tensorFrom(c.xShape, 1), tensorFrom(c.filterShape, 2)));
  });

  it.each(GRADIENT_CASES)('Conv2D gradients $name', async (c) => {
    const loss = (x: tf.Tensor, filter: tf.Tensor): tf.Scalar => tf.sum(tf.square(conv(c, x, filter)));
    await expectSameOnBothBackends(() => tf.grads(loss)([tensorFrom(c.xShape, 3), tensorFrom(c.filterShape, 4)]));
  });

  it.each(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const)(
    'FusedConv2D bias %s',
    async (activation) => {
      await expectSameOnBothBackends(() =>
        tf.fused.conv2d({
          x: tensorFrom([2, 7, 7, 3], 5) as tf.Tensor4D,
          filter: tensorFrom([3, 3, 3, 4], 6) as tf.Tensor4D,
          strides: 1,
          pad: 'same',
          bias: tensorFrom([4], 7),
          activation,
          leakyreluAlpha: 0.1,
        }),
      );
    },
  );

  it('FusedConv2D prelu per channel', async () => {
    await expectSameOnBothBackends(() =>
      tf.fused.conv2d({
        x: tensorFrom([1, 6, 6, 2], 8) as tf.Tensor4D,
        filter: tensorFrom([3, 3, 2, 4], 9) as tf.Tensor4D,
        strides: 2,
        pad: 'valid',
        activation: 'prelu',
        preluActivationWeights: tensorFrom([4], 10),
      }),
    );
  });

  it('FusedConv2D gradients with bias', async () => {
    const loss = (x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor): tf.Scalar =>
      tf.sum(
        tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: filter as tf.Tensor4D,
          strides: 1,
          pad: 'same',
          bias,
          activation: 'relu',
        }),
      );
    await expectSameOnBothBackends(() =>
      tf.grads(loss)([tensorFrom([2, 6, 6, 3], 11), tensorFrom([3, 3, 3, 4], 12), tensorFrom([4], 13)]),
    );
  });

  it('Conv2D propagates NaN and Inf', async () => {
    const x = seededValues(2 * 5 * 5, 14);
    x[3] = Number.NaN;
    x[30] = Number.POSITIVE_INFINITY;
    await expectSameOnBothBackends(() =>
      tf.conv2d(tf.tensor4d(x, [1, 5, 5, 2]), tensorFrom([3, 3, 2, 2], 15) as tf.Tensor4D, 1, 'same'),
    );
  });

  it('Conv2D empty batch', async () => {
    await expectSameOnBothBackends(() =>
      tf.conv2d(tf.zeros([0, 4, 4, 2]) as tf.Tensor4D, tensorFrom([3, 3, 2, 3], 16) as tf.Tensor4D, 1, 'same'),
    );
  });

  it('Conv2D NCHW uses cpu', async () => {
    const forward = vi.spyOn(binding, 'conv2d');
    // The cpu backend implements NCHW forward convolution only, so no gradient is compared here.
    await expectSameOnBothBackends(() =>
      tf.conv2d(
        tensorFrom([1, 2, 6, 6], 17) as tf.Tensor4D,
        tensorFrom([3, 3, 2, 3], 18) as tf.Tensor4D,
        1,
        'same',
        'NCHW',
      ),
    );

    expect(forward).not.toHaveBeenCalled();
  });

  it.each([
    { name: 'multiplier 1 same', xShape: [2, 7, 7, 3], filterShape: [3, 3, 3, 1], strides: 1, pad: 'same' },
    { name: 'multiplier 2 stride 2', xShape: [1, 8, 9, 2], filterShape: [3, 3, 2, 2], strides: 2, pad: 'valid' },
    { name: 'dilation 2', xShape: [1, 9, 9, 4], filterShape: [3, 3, 4, 1], strides: 1, pad: 'same', dilation: 2 },
    { name: '5x5 batch 1', xShape: [1, 6, 6, 1], filterShape: [5, 5, 1, 3], strides: 1, pad: 'same' },
  ] as const)('DepthwiseConv2dNative $name', async (c) => {
    const depthwise = vi.spyOn(binding, 'depthwiseConv2d');
    await expectSameOnBothBackends(() =>
      tf.depthwiseConv2d(
        tensorFrom([...c.xShape], 19) as tf.Tensor4D,
        tensorFrom([...c.filterShape], 20) as tf.Tensor4D,
        c.strides,
        c.pad,
        'NHWC',
        'dilation' in c ? c.dilation : 1,
      ),
    );

    expect(depthwise).toHaveBeenCalledTimes(1);
  });

  it('conv2d rejects wrong input size', () => {
    const geometry = {
      batchSize: 1,
      inHeight: 4,
      inWidth: 4,
      inChannels: 2,
      outHeight: 4,
      outWidth: 4,
      outChannels: 3,
      filterHeight: 3,
      filterWidth: 3,
      strideHeight: 1,
      strideWidth: 1,
      dilationHeight: 1,
      dilationWidth: 1,
      padTop: 1,
      padLeft: 1,
    };
    const call = (): unknown =>
      binding.conv2d(new Float32Array(31), new Float32Array(54), geometry, null, 'linear', 0, null);
    expect(call).toThrow(/x has 31 elements; expected 32/);
  });

  it('conv2d rejects invalid geometry', () => {
    const geometry = { batchSize: 1, inHeight: 4, inWidth: 4, inChannels: 1, outHeight: 4, outWidth: 4 };
    const call = (): unknown =>
      (binding.conv2d as (...args: unknown[]) => unknown)(
        new Float32Array(16),
        new Float32Array(9),
        geometry,
        null,
        'linear',
        0,
        null,
      );
    expect(call).toThrow(/geometry.outChannels must be an integer/);
  });

  it('conv2dBackpropFilter rejects wrong dy size', () => {
    const geometry = {
      batchSize: 1,
      inHeight: 3,
      inWidth: 3,
      inChannels: 1,
      outHeight: 3,
      outWidth: 3,
      outChannels: 1,
      filterHeight: 1,
      filterWidth: 1,
      strideHeight: 1,
      strideWidth: 1,
      dilationHeight: 1,
      dilationWidth: 1,
      padTop: 0,
      padLeft: 0,
    };
    expect(() => binding.conv2dBackpropFilter(new Float32Array(9), new Float32Array(8), geometry)).toThrow(
      /dy has 8 elements; expected 9/,
    );
  });
});
