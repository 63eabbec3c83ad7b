import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { expectSameOnBothBackends, registerNative, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** Float32 libm functions (exp, log, tanh) may differ from Math.* by one unit in the last place. */
const UNARY_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };

type UnaryOp = (x: tf.Tensor) => tf.Tensor;

const OPS: { name: string; op: UnaryOp }[] = [
  { name: 'relu', op: tf.relu },
  { name: 'relu6', op: tf.relu6 },
  { name: 'elu', op: tf.elu },
  { name: 'sigmoid', op: tf.sigmoid },
  { name: 'tanh', op: tf.tanh },
  { name: 'exp', op: tf.exp },
  { name: 'log', op: tf.log },
  { name: 'log1p', op: tf.log1p },
  { name: 'neg', op: tf.neg },
  { name: 'sqrt', op: tf.sqrt },
  { name: 'rsqrt', op: tf.rsqrt },
  { name: 'square', op: tf.square },
  { name: 'abs', op: tf.abs },
  { name: 'reciprocal', op: tf.reciprocal },
  { name: 'floor', op: tf.floor },
  { name: 'softplus', op: tf.softplus },
  { name: 'leakyRelu', op: (x) => tf.leakyRelu(x, 0.3) },
  { name: 'step', op: (x) => tf.step(x, 0.25) },
  { name: 'clipByValue', op: (x) => tf.clipByValue(x, -0.5, 0.9999999) },
];

const SHAPES: { name: string; shape: number[] }[] = [
  { name: 'matrix', shape: [7, 9] },
  { name: 'scalar', shape: [] },
  { name: 'batch 1', shape: [1, 13] },
  { name: 'empty', shape: [0, 4] },
];

const CASES = OPS.flatMap(({ name, op }) => SHAPES.map(({ name: shapeName, shape }) => ({ name, shapeName, op, shape })));

const SPECIAL_VALUES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  1,
  -1,
  6,
  7.5,
  -20,
  20,
  1e-30,
  -1e-30,
  100,
];

function tensorFrom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tf.tensor(seededValues(size, seed, -8, 8), shape);
}

describe('native unary', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('unary kernels run natively', async () => {
    const relu = vi.spyOn(binding, 'relu');
    const step = vi.spyOn(binding, 'step');
    await tf.setBackend('native');
    tf.tidy(() => {
      tf.relu(tensorFrom([3], 1));
      tf.step(tensorFrom([3], 1));
    });

    expect(relu).toHaveBeenCalledTimes(1);
    expect(step).toHaveBeenCalledTimes(1);
  });

  it.each(CASES)('$name $shapeName', async ({ op, shape }) => {
    await expectSameOnBothBackends(() => op(tensorFrom(shape, 2)), UNARY_TOLERANCE);
  });

  it.each(OPS)('$name NaN and infinity', async ({ op }) => {
    await expectSameOnBothBackends(() => op(tf.tensor(SPECIAL_VALUES)), UNARY_TOLERANCE);
  });

  it.each([
    { name: 'relu', op: tf.relu },
    { name: 'elu', op: tf.elu },
    { name: 'sigmoid', op: tf.sigmoid },
    { name: 'tanh', op: tf.tanh },
    { name: 'leakyRelu', op: (x: tf.Tensor) => tf.leakyRelu(x, 0.2) },
    { name: 'softplus', op: tf.softplus },
  ])('$name gradient', async ({ op }) => {
    await expectSameOnBothBackends(
      () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(op(x), tensorFrom([5, 6], 3))))(tensorFrom([5, 6], 4)),
      UNARY_TOLERANCE,
    );
  });

  it('eluGrad runs natively', async () => {
    const eluGrad = vi.spyOn(binding, 'eluGrad');
    await tf.setBackend('native');
    tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.elu(x)))(tensorFrom([4], 5)));

    expect(eluGrad).toHaveBeenCalledTimes(1);
  });

  it('int32 neg uses cpu', async () => {
    const neg = vi.spyOn(binding, 'neg');
    await expectSameOnBothBackends(() => tf.neg(tf.tensor([1, -2, 3], [3], 'int32')));

    expect(neg).not.toHaveBeenCalled();
  });

  it('relu rejects short out', () => {
    expect(() => binding.relu(new Float32Array(4), new Float32Array(3))).toThrow(/out has 3 elements; expected 4/);
  });

  it('relu rejects Float64Array', () => {
    const call = (): unknown =>
      (binding.relu as (...args: unknown[]) => unknown)(new Float64Array(2), new Float32Array(2));
    expect(call).toThrow(TypeError);
  });

  it('leakyRelu rejects missing alpha', () => {
    const call = (): unknown =>
      (binding.leakyRelu as (...args: unknown[]) => unknown)(new Float32Array(2), new Float32Array(2));
    expect(call).toThrow(/expects 3 arguments/);
  });

  it('eluGrad rejects short dy', () => {
    expect(() => binding.eluGrad(new Float32Array(2), new Float32Array(3), new Float32Array(3))).toThrow(
      /dy has 2 elements; expected 3/,
    );
  });
});
