import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { binding } from '../src/index.js';
import { toGeometry } from '../src/kernels/convolution.js';
import { expectSameOnBothBackends, firstMismatch, registerNative, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

type Geometry = Parameters<typeof binding.conv2d>[2];
type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface ParallelCase {
  name: string;
  threads: number;
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: number;
  pad: Pad;
  dilation: number;
}

// Every case has at least 1e6 multiply-adds per pass, the addon's threshold for splitting a convolution.
const CASES: ParallelCase[] = [
  {
    name: 'batch 1 below threads',
    threads: 2,
    xShape: [1, 24, 24, 16],
    filterShape: [3, 3, 16, 24],
    strides: 1,
    pad: 'same',
    dilation: 1,
  },
  {
    name: 'batch 3 below threads',
    threads: 4,
    xShape: [3, 24, 24, 16],
    filterShape: [3, 3, 16, 24],
    strides: 1,
    pad: 'same',
    dilation: 1,
  },
  {
    name: 'batch 7 stride 2 valid',
    threads: 2,
    xShape: [7, 31, 29, 8],
    filterShape: [5, 5, 8, 16],
    strides: 2,
    pad: 'valid',
    dilation: 1,
  },
  {
    name: 'batch 3 dilation 2',
    threads: 2,
    xShape: [3, 20, 20, 12],
    filterShape: [3, 3, 12, 16],
    strides: 1,
    pad: 'same',
    dilation: 2,
  },
  {
    name: 'batch 7 pointwise',
    threads: 3,
    xShape: [7, 16, 16, 32],
    filterShape: [1, 1, 32, 32],
    strides: 1,
    pad: 'valid',
    dilation: 1,
  },
  {
    name: 'batch 3 explicit padding',
    threads: 2,
    xShape: [3, 17, 15, 8],
    filterShape: [3, 3, 8, 20],
    strides: 1,
    pad: [
      [0, 0],
      [2, 1],
      [0, 2],
      [0, 0],
    ],
    dilation: 1,
  },
];

// The thread count only changes which thread computes a piece, never the summation order, so the results agree
// far more closely than this.
const PARALLEL_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-5 };

function geometryOf(c: ParallelCase): Geometry {
  return toGeometry(backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, c.dilation, c.pad));
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((product, dim) => product * dim, 1);

/** Runs the forward pass (with bias and relu) and both gradients of `c` through the addon. */
function runPasses(c: ParallelCase): Record<'forward' | 'inputGradient' | 'filterGradient', Float32Array> {
  const g = geometryOf(c);
  const x = seededValues(sizeOf(c.xShape), 1);
  const filter = seededValues(sizeOf(c.filterShape), 2);
  const bias = seededValues(g.outChannels, 3);
  const dy = seededValues(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 4);
  return {
    forward: binding.conv2d(x, filter, g, bias, 'relu', 0, null),
    inputGradient: binding.conv2dBackpropInput(dy, filter, g),
    filterGradient: binding.conv2dBackpropFilter(x, dy, g),
  };
}

describe('parallel convolution', () => {
  let defaultLimit = 1;

  beforeAll(() => {
    registerNative();
    defaultLimit = binding.nativeInfo().maxThreads;
  });
  afterEach(() => {
    binding.setThreadLimit(defaultLimit);
  });

  it.each(CASES)('threads match one thread: $name', (c) => {
    binding.setThreadLimit(1);
    const serial = runPasses(c);
    binding.setThreadLimit(c.threads);
    const parallel = runPasses(c);

    expect(firstMismatch(parallel.forward, serial.forward, PARALLEL_TOLERANCE)).toBeUndefined();
    expect(firstMismatch(parallel.inputGradient, serial.inputGradient, PARALLEL_TOLERANCE)).toBeUndefined();
    expect(firstMismatch(parallel.filterGradient, serial.filterGradient, PARALLEL_TOLERANCE)).toBeUndefined();
  });

  it('large convolution uses workers', () => {
    binding.setThreadLimit(2);
    const before = binding.nativeInfo().parallelCalls;
    runPasses(CASES[2] as ParallelCase);

    // The forward pass, the input gradient (7 images) and the filter gradient each split across threads.
    expect(binding.nativeInfo().parallelCalls - before).toBe(3);
  });

  it('one thread uses no workers', () => {
    binding.setThreadLimit(1);
    const before = binding.nativeInfo().parallelCalls;
    runPasses(CASES[2] as ParallelCase);

    expect(binding.nativeInfo().parallelCalls).toBe(before);
  });

  it('small convolution stays serial', () => {
    binding.setThreadLimit(2);
    const before = binding.nativeInfo().parallelCalls;
    runPasses({ ...(CASES[0] as ParallelCase), xShape: [2, 8, 8, 4], filterShape: [3, 3, 4, 8] });

    expect(binding.nativeInfo().parallelCalls).toBe(before);
  });

  it('gradients match cpu on two threads', async () => {
    binding.setThreadLimit(2);
    const loss = (x: tf.Tensor, filter: tf.Tensor): tf.Scalar =>
      tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid')));
    const x = seededValues(3 * 26 * 26 * 8, 5);
    const filter = seededValues(3 * 3 * 8 * 16, 6);
    await expectSameOnBothBackends(() =>
      tf.grads(loss)([tf.tensor(x, [3, 26, 26, 8]), tf.tensor(filter, [3, 3, 8, 16])]),
    );
  });

  it('bad shape throws on two threads', () => {
    binding.setThreadLimit(2);
    const g = geometryOf(CASES[1] as ParallelCase);
    const dySize = g.batchSize * g.outHeight * g.outWidth * g.outChannels;
    const filter = new Float32Array(3 * 3 * 16 * 24);
    const call = (): unknown => binding.conv2dBackpropInput(new Float32Array(dySize - 1), filter, g);

    expect(call).toThrow(`dy has ${dySize - 1} elements; expected ${dySize}`);
  });

  it('setThreadLimit returns previous limit', () => {
    binding.setThreadLimit(3);

    expect(binding.setThreadLimit(1)).toBe(3);
    expect(binding.nativeInfo().maxThreads).toBe(1);
  });

  it.each([0, 65, 1.5])('setThreadLimit rejects %s', (threads) => {
    expect(() => binding.setThreadLimit(threads)).toThrow(/threads must be an integer in \[1, 64\]/);
  });
});
