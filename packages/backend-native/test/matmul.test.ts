import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import {
  SUM_TOLERANCE,
  expectSameOnBothBackends,
  firstMismatch,
  registerNative,
  runOn,
  seededValues,
} from './compare-backends.js';

interface MatMulCase {
  name: string;
  aShape: number[];
  bShape: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const MATMUL_CASES: MatMulCase[] = [
  { name: 'square 2d', aShape: [8, 8], bShape: [8, 8] },
  { name: 'odd sizes', aShape: [7, 13], bShape: [13, 5] },
  { name: 'transposeA', aShape: [13, 7], bShape: [13, 5], transposeA: true },
  { name: 'transposeB', aShape: [7, 13], bShape: [5, 13], transposeB: true },
  { name: 'both transposed', aShape: [13, 7], bShape: [5, 13], transposeA: true, transposeB: true },
  { name: 'batch 1', aShape: [1, 3, 4], bShape: [1, 4, 2] },
  { name: 'batched', aShape: [3, 5, 6], bShape: [3, 6, 4] },
  { name: 'broadcast b', aShape: [4, 5, 6], bShape: [6, 3] },
  { name: 'broadcast b transposed', aShape: [4, 6, 5], bShape: [3, 6], transposeA: true, transposeB: true },
  { name: 'broadcast a', aShape: [5, 6], bShape: [4, 6, 3] },
  { name: 'rank 4 broadcast', aShape: [2, 3, 4, 5], bShape: [1, 1, 5, 2] },
  { name: 'vector row', aShape: [1, 9], bShape: [9, 1] },
  { name: 'large gemm', aShape: [128, 200], bShape: [200, 160] },
  { name: 'empty rows', aShape: [0, 4], bShape: [4, 3] },
  { name: 'empty inner', aShape: [3, 0], bShape: [0, 2] },
  { name: 'empty batch', aShape: [0, 2, 3], bShape: [0, 3, 2] },
];

type Activation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'prelu';

interface FusedCase {
  name: string;
  activation: Activation;
  biasShape?: number[];
  preluShape?: number[];
  transposeB?: boolean;
}

const FUSED_CASES: FusedCase[] = [
  { name: 'no bias linear', activation: 'linear' },
  { name: 'bias linear', activation: 'linear', biasShape: [5] },
  { name: 'bias relu', activation: 'relu', biasShape: [5] },
  { name: 'bias relu6', activation: 'relu6', biasShape: [1, 5] },
  { name: 'bias elu', activation: 'elu', biasShape: [5] },
  { name: 'bias sigmoid', activation: 'sigmoid', biasShape: [5], transposeB: true },
  { name: 'bias leakyrelu', activation: 'leakyrelu', biasShape: [5] },
  { name: 'prelu per column', activation: 'prelu', biasShape: [5], preluShape: [5] },
  { name: 'scalar bias', activation: 'relu', biasShape: [] },
  { name: 'bias per row falls back', activation: 'relu', biasShape: [6, 1] },
  { name: 'full bias falls back', activation: 'linear', biasShape: [6, 5] },
];

function tensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed, -2, 2), shape);
}

describe('native matMul', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('kernels run natively', async () => {
    const plain = vi.spyOn(binding, 'batchMatMul');
    const fused = vi.spyOn(binding, 'fusedMatMul');
    await tf.setBackend('native');
    tf.tidy(() => {
      tf.matMul(tensorFrom([2, 3], 1), tensorFrom([3, 2], 2));
      const a = tensorFrom([2, 3], 1) as tf.Tensor2D;
      const b = tensorFrom([3, 2], 2) as tf.Tensor2D;
      tf.fused.matMul({ a, b, bias: tf.ones([2]) });
    });

    expect(plain).toHaveBeenCalledTimes(1);
    expect(fused).toHaveBeenCalledTimes(1);
  });

  it.each(MATMUL_CASES)('BatchMatMul $name', async ({ aShape, bShape, transposeA, transposeB }) => {
    await expectSameOnBothBackends(() =>
      tf.matMul(tensorFrom(aShape, 1), tensorFrom(bShape, 2), transposeA ?? false, transposeB ?? false),
    );
  });

  it('BatchMatMul mixed broadcast', async () => {
    // The cpu kernel maps batches by flat index modulo, which is only right when one side has a single batch, so the
    // reference multiplies explicitly tiled operands.
    const reference = (): tf.Tensor =>
      tf.matMul(tf.tile(tensorFrom([2, 1, 3, 4], 3), [1, 3, 1, 1]), tf.tile(tensorFrom([1, 3, 4, 2], 4), [2, 1, 1, 1]));
    const broadcast = (): tf.Tensor => tf.matMul(tensorFrom([2, 1, 3, 4], 3), tensorFrom([1, 3, 4, 2], 4));
    const [expected] = await runOn('cpu', reference);
    const [actual] = await runOn('native', broadcast);

    expect(actual?.shape).toEqual([2, 3, 3, 2]);
    const mismatch = firstMismatch(
      actual?.values ?? new Float32Array(),
      expected?.values ?? new Float32Array(),
      SUM_TOLERANCE,
    );
    expect(mismatch).toBeUndefined();
  });

  it('BatchMatMul propagates NaN and Inf', async () => {
    const a = [1, Number.NaN, 2, 3, Number.POSITIVE_INFINITY, 1, 0, 1, -1];
    const b = [1, 2, 3, 4, 5, 6, 0, 1, 2];
    await expectSameOnBothBackends(() => tf.matMul(tf.tensor2d(a, [3, 3]), tf.tensor2d(b, [3, 3])));
  });

  it('BatchMatMul int32 uses cpu', async () => {
    const plain = vi.spyOn(binding, 'batchMatMul');
    await expectSameOnBothBackends(() =>
      tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32')),
    );

    expect(plain).not.toHaveBeenCalled();
  });

  it.each(FUSED_CASES)('_FusedMatMul $name', async ({ activation, biasShape, preluShape, transposeB }) => {
    await expectSameOnBothBackends(() =>
      tf.fused.matMul({
        a: tensorFrom([6, 7], 5),
        b: tensorFrom(transposeB === true ? [5, 7] : [7, 5], 6),
        transposeB: transposeB ?? false,
        bias: biasShape === undefined ? undefined : tensorFrom(biasShape, 7),
        activation,
        preluActivationWeights: preluShape === undefined ? undefined : tensorFrom(preluShape, 8),
        leakyreluAlpha: 0.3,
      }),
    );
  });

  it('_FusedMatMul gradients match cpu', async () => {
    const loss = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor): tf.Scalar =>
      tf.sum(tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation: 'relu' }));
    await expectSameOnBothBackends(() =>
      tf.grads(loss)([tensorFrom([6, 7], 9), tensorFrom([7, 5], 10), tensorFrom([5], 11)]),
    );
  });

  it('batchMatMul rejects mismatched sizes', () => {
    expect(() => binding.batchMatMul(new Float32Array(5), [2, 3], new Float32Array(6), [3, 2], false, false)).toThrow(
      /a has 5 elements; expected 6/,
    );
  });

  it('batchMatMul rejects inner mismatch', () => {
    expect(() => binding.batchMatMul(new Float32Array(6), [2, 3], new Float32Array(8), [4, 2], false, false)).toThrow(
      /inner dimensions differ/,
    );
  });

  it('batchMatMul rejects wrong types', () => {
    const untyped = binding.batchMatMul as (...args: unknown[]) => unknown;
    const call = (): unknown => untyped([1, 2], [1, 2], new Float32Array(2), [2, 1], false, false);
    expect(call).toThrow(TypeError);
  });

  it('fusedMatMul rejects bias length', () => {
    const call = (): unknown =>
      binding.fusedMatMul(
        new Float32Array(6),
        [2, 3],
        new Float32Array(6),
        [3, 2],
        false,
        false,
        new Float32Array(3),
        'relu',
        0.2,
        null,
      );
    expect(call).toThrow(/bias has 3 elements; expected 1 or the output's last dimension 2/);
  });
});
