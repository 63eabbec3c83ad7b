import '@tensorflow/tfjs-backend-cpu';
// The tfjs-layers bundle registers the gradient of every tfjs-core kernel.
import '@tensorflow/tfjs-layers';

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { EssenceError } from '../errors.js';
import { BaseLoss } from './base-loss.js';
import { builtinLosses } from './builtin.js';
import type { Loss } from './loss.js';

const losses = new Map<string, Loss>(builtinLosses().map((loss) => [loss.name, loss]));

function lossNamed(name: string): Loss {
  const loss = losses.get(name);
  if (loss === undefined) throw new Error(`no built-in loss '${name}'`);
  return loss;
}

interface LossCase {
  readonly loss: string;
  readonly yTrue: tf.TensorLike;
  readonly trueShape: number[];
  readonly trueDtype: 'int32' | 'float32';
  readonly yPred: number[][];
  readonly expected: number;
}

// Reference values worked by hand, e.g. -log(softmax([2, 1, 0])[0]) = log(1 + e^-1 + e^-2).
const cases: readonly LossCase[] = [
  { loss: 'sparseCategoricalCrossentropy', yTrue: [0], trueShape: [1], trueDtype: 'int32', yPred: [[2, 1, 0]], expected: 0.407606 },
  { loss: 'sparseCategoricalCrossentropy', yTrue: [1], trueShape: [1], trueDtype: 'int32', yPred: [[1000, 0]], expected: 1000 },
  { loss: 'sparseCategoricalCrossentropy', yTrue: [2, 0], trueShape: [2], trueDtype: 'float32', yPred: [[0, 0, 0], [0, 0, 0]], expected: Math.log(3) },
  { loss: 'categoricalCrossentropy', yTrue: [1, 0, 0], trueShape: [1, 3], trueDtype: 'float32', yPred: [[2, 1, 0]], expected: 0.407606 },
  { loss: 'categoricalCrossentropy', yTrue: [0, 1], trueShape: [1, 2], trueDtype: 'int32', yPred: [[1000, 0]], expected: 1000 },
  { loss: 'categoricalCrossentropy', yTrue: [0.5, 0.5], trueShape: [1, 2], trueDtype: 'float32', yPred: [[0, 0]], expected: Math.log(2) },
  { loss: 'binaryCrossentropy', yTrue: [1], trueShape: [1, 1], trueDtype: 'float32', yPred: [[0]], expected: Math.log(2) },
  { loss: 'binaryCrossentropy', yTrue: [0], trueShape: [1, 1], trueDtype: 'int32', yPred: [[100]], expected: 100 },
  { loss: 'binaryCrossentropy', yTrue: [0, 1], trueShape: [1, 2], trueDtype: 'float32', yPred: [[-100, 100]], expected: 0 },
  { loss: 'meanSquaredError', yTrue: [0, 0, 1, 1], trueShape: [2, 2], trueDtype: 'float32', yPred: [[1, 2], [1, 1]], expected: 1.25 },
  { loss: 'meanAbsoluteError', yTrue: [0, 0, 1, 1], trueShape: [2, 2], trueDtype: 'float32', yPred: [[1, 2], [1, -1]], expected: 1.25 },
];

describe('built-in losses', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases)('$loss on $yPred', ({ loss, yTrue, trueShape, trueDtype, yPred, expected }) => {
    const value = tf.tidy(() => {
      const targets = tf.tensor(yTrue, trueShape, trueDtype);
      const predictions = tf.tensor2d(yPred);
      return lossNamed(loss).compute(targets, predictions).dataSync()[0];
    });

    expect(value).toBeCloseTo(expected, 4);
  });

  it('registers five losses', () => {
    expect([...losses.keys()].sort()).toEqual([
      'binaryCrossentropy',
      'categoricalCrossentropy',
      'meanAbsoluteError',
      'meanSquaredError',
      'sparseCategoricalCrossentropy',
    ]);
  });

  it('rejects mismatched target shape', () => {
    const compute = (): unknown =>
      tf.tidy(() => lossNamed('meanSquaredError').compute(tf.zeros([10]), tf.zeros([10, 10])));

    expect(compute).toThrow(EssenceError);
    expect(compute).toThrow(/expects real targets of shape \[10, 10\].*got targets of shape \[10\]/);
  });

  it('rejects one-hot targets for sparse loss', () => {
    const compute = (): unknown =>
      tf.tidy(() => lossNamed('sparseCategoricalCrossentropy').compute(tf.zeros([4, 3]), tf.zeros([4, 3])));

    expect(compute).toThrow(/class-index targets of shape \[4\]/);
  });

  it('leaves no intermediate tensors', () => {
    const targets = tf.tensor1d([0, 2], 'int32');
    const predictions = tf.tensor2d([[1, 2, 3], [3, 2, 1]]);
    const before = tf.memory().numTensors;

    const value = lossNamed('sparseCategoricalCrossentropy').compute(targets, predictions);

    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([value, targets, predictions]);
  });

  it('base class needs one method', () => {
    class HalfSquaredError extends BaseLoss {
      constructor() {
        super('halfSquaredError', 'real', 'real');
      }

      computePerExample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
        return tf.mul(0.5, tf.sum(tf.squaredDifference(yTrue, yPred), -1));
      }
    }

    const value = tf.tidy(() =>
      new HalfSquaredError().compute(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 1]])).dataSync()[0],
    );

    expect(value).toBeCloseTo(1, 6);
  });

  it('gradient of sparse loss is finite', () => {
    const gradient = tf.tidy(() => {
      const targets = tf.tensor1d([1], 'int32');
      const gradOf = tf.grad((logits: tf.Tensor) => lossNamed('sparseCategoricalCrossentropy').compute(targets, logits));
      return Array.from(gradOf(tf.tensor2d([[1000, 0]])).dataSync());
    });

    expect(gradient[0]).toBeCloseTo(1, 6);
    expect(gradient[1]).toBeCloseTo(-1, 6);
  });
});
