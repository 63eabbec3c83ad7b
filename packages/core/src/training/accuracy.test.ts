import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { countCorrect, type AccuracyKind } from './accuracy.js';

interface AccuracyCase {
  readonly name: string;
  readonly kind: AccuracyKind;
  readonly input: 'logits' | 'probabilities';
  readonly yTrue: () => tf.Tensor;
  readonly yPred: number[][];
  readonly expected: number;
}

const cases: readonly AccuracyCase[] = [
  { name: 'class index', kind: 'class-index', input: 'logits', yTrue: () => tf.tensor1d([0, 2, 1], 'int32'), yPred: [[3, 1, 0], [0, 1, 5], [2, 1, 0]], expected: 2 },
  { name: 'one-hot', kind: 'one-hot', input: 'logits', yTrue: () => tf.tensor2d([[1, 0], [0, 1]]), yPred: [[0.2, 0.1], [0.1, 0.2]], expected: 2 },
  { name: 'binary logits at 0', kind: 'binary', input: 'logits', yTrue: () => tf.tensor2d([[1], [0], [1]]), yPred: [[0.5], [-0.5], [-0.1]], expected: 2 },
  { name: 'binary probabilities at 0.5', kind: 'binary', input: 'probabilities', yTrue: () => tf.tensor2d([[1], [0]]), yPred: [[0.6], [0.4]], expected: 2 },
  { name: 'multi-label counts fractions', kind: 'binary', input: 'logits', yTrue: () => tf.tensor2d([[1, 0], [1, 1]]), yPred: [[1, 1], [1, 1]], expected: 1.5 },
];

describe('countCorrect', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases)('$name', ({ kind, input, yTrue, yPred, expected }) => {
    const correct = tf.tidy(() => countCorrect(yTrue(), tf.tensor2d(yPred), kind, input).dataSync()[0]);

    expect(correct).toBeCloseTo(expected, 6);
  });
});
