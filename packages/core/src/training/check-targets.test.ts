import { describe, expect, it } from 'vitest';

import type { TargetSummary } from '../data/target-summary.js';
import { builtinLosses } from '../losses/builtin.js';
import type { Loss } from '../losses/loss.js';
import type { ModelOutput } from '../models/model-factory.js';
import { checkTargets } from './check-targets.js';
import { TargetMismatchError } from './training-errors.js';

const losses = new Map<string, Loss>(builtinLosses().map((loss) => [loss.name, loss]));

function lossNamed(name: string): Loss {
  const loss = losses.get(name);
  if (loss === undefined) throw new Error(`no built-in loss '${name}'`);
  return loss;
}

const classLabels: TargetSummary = { dtype: 'int32', shape: [], integerValued: true, min: 0, max: 9 };
const oneHotInt: TargetSummary = { dtype: 'int32', shape: [10], integerValued: true, min: 0, max: 1 };
const oneHotFloat: TargetSummary = { ...oneHotInt, dtype: 'float32' };
const binaryColumn: TargetSummary = { dtype: 'int32', shape: [], integerValued: true, min: 0, max: 1 };
const realColumn: TargetSummary = { dtype: 'float32', shape: [], integerValued: false, min: -1.5, max: 3.2 };
const realRows: TargetSummary = { dtype: 'float32', shape: [10], integerValued: false, min: -1, max: 1 };

interface AcceptCase {
  readonly name: string;
  readonly loss: string;
  readonly output?: ModelOutput;
  readonly outputShape: number[];
  readonly targets: TargetSummary;
  readonly dtype: 'int32' | 'float32';
  readonly shape: number[];
}

const accepted: readonly AcceptCase[] = [
  { name: 'sparse with int labels', loss: 'sparseCategoricalCrossentropy', outputShape: [10], targets: classLabels, dtype: 'int32', shape: [] },
  { name: 'sparse with float labels', loss: 'sparseCategoricalCrossentropy', outputShape: [10], targets: { ...classLabels, dtype: 'float32' }, dtype: 'int32', shape: [] },
  { name: 'categorical with int one-hot', loss: 'categoricalCrossentropy', outputShape: [10], targets: oneHotInt, dtype: 'float32', shape: [10] },
  { name: 'categorical with float one-hot', loss: 'categoricalCrossentropy', outputShape: [10], targets: oneHotFloat, dtype: 'float32', shape: [10] },
  { name: 'binary with int column', loss: 'binaryCrossentropy', outputShape: [1], targets: binaryColumn, dtype: 'float32', shape: [1] },
  { name: 'binary multi-label', loss: 'binaryCrossentropy', outputShape: [10], targets: oneHotInt, dtype: 'float32', shape: [10] },
  { name: 'mse with real column', loss: 'meanSquaredError', output: 'real', outputShape: [1], targets: realColumn, dtype: 'float32', shape: [1] },
  { name: 'mse with real rows', loss: 'meanSquaredError', output: 'real', outputShape: [10], targets: realRows, dtype: 'float32', shape: [10] },
  { name: 'mse with int one-hot', loss: 'meanSquaredError', outputShape: [10], targets: oneHotInt, dtype: 'float32', shape: [10] },
  { name: 'mae on probabilities', loss: 'meanAbsoluteError', output: 'probabilities', outputShape: [10], targets: oneHotFloat, dtype: 'float32', shape: [10] },
];

interface RejectCase {
  readonly name: string;
  readonly loss: string;
  readonly output?: ModelOutput;
  readonly outputShape: number[];
  readonly targets: TargetSummary;
  readonly message: RegExp;
}

const rejected: readonly RejectCase[] = [
  {
    name: 'mse with class labels',
    loss: 'meanSquaredError',
    outputShape: [10],
    targets: classLabels,
    message: /^loss 'meanSquaredError' expects real-valued targets shaped like the model output \[batch, 10\]; got integer class labels \[batch\]\. Use 'sparseCategoricalCrossentropy' or one-hot encode the labels\.$/,
  },
  {
    name: 'mae with float class labels',
    loss: 'meanAbsoluteError',
    outputShape: [10],
    targets: { ...classLabels, dtype: 'float32' },
    message: /'meanAbsoluteError' expects real-valued targets .* got integer class labels \[batch\]/,
  },
  {
    name: 'mse with int labels on one unit',
    loss: 'meanSquaredError',
    outputShape: [1],
    targets: binaryColumn,
    message: /got integer class labels \[batch\]\. Store real-valued targets as float32/,
  },
  {
    name: 'mse with wrong width',
    loss: 'meanSquaredError',
    output: 'real',
    outputShape: [3],
    targets: realRows,
    message: /shaped like the model output \[batch, 3\]; got float32 targets \[batch, 10\]/,
  },
  {
    name: 'sparse on probabilities',
    loss: 'sparseCategoricalCrossentropy',
    output: 'probabilities',
    outputShape: [10],
    targets: classLabels,
    message: /expects logits, but the model outputs probabilities\. Remove the softmax/,
  },
  {
    name: 'sparse label out of range',
    loss: 'sparseCategoricalCrossentropy',
    outputShape: [10],
    targets: { ...classLabels, max: 10 },
    message: /class indices in \[0, 9\] for an output of 10 units; got labels in \[0, 10\]/,
  },
  {
    name: 'sparse negative label',
    loss: 'sparseCategoricalCrossentropy',
    outputShape: [10],
    targets: { ...classLabels, min: -1 },
    message: /got labels in \[-1, 9\]/,
  },
  {
    name: 'sparse with one-hot',
    loss: 'sparseCategoricalCrossentropy',
    outputShape: [10],
    targets: oneHotInt,
    message: /got int32 targets \[batch, 10\]\. Use 'categoricalCrossentropy' for one-hot targets/,
  },
  {
    name: 'sparse with fractional labels',
    loss: 'sparseCategoricalCrossentropy',
    outputShape: [10],
    targets: { ...realColumn, min: 0, max: 2.5 },
    message: /expects integer class indices; got non-integer values/,
  },
  {
    name: 'sparse on one unit',
    loss: 'sparseCategoricalCrossentropy',
    outputShape: [1],
    targets: binaryColumn,
    message: /Use 'binaryCrossentropy' for a one-unit output/,
  },
  {
    name: 'categorical with class labels',
    loss: 'categoricalCrossentropy',
    outputShape: [10],
    targets: classLabels,
    message: /expects one-hot targets shaped like the model output \[batch, 10\]; got integer class labels \[batch\]\. Use 'sparseCategoricalCrossentropy' or one-hot encode/,
  },
  {
    name: 'categorical values above 1',
    loss: 'categoricalCrossentropy',
    outputShape: [10],
    targets: { ...oneHotInt, max: 3 },
    message: /expects one-hot targets in \[0, 1\]; got values in \[0, 3\]/,
  },
  {
    name: 'binary with class labels',
    loss: 'binaryCrossentropy',
    outputShape: [10],
    targets: classLabels,
    message: /expects binary targets .* \[batch, 10\]; got integer class labels/,
  },
  {
    name: 'NaN targets',
    loss: 'meanSquaredError',
    output: 'real',
    outputShape: [1],
    targets: { ...realColumn, min: Number.NaN, max: Number.NaN },
    message: /needs finite targets/,
  },
];

describe('checkTargets', () => {
  it.each(accepted)('accepts $name', ({ loss, output, outputShape, targets, dtype, shape }) => {
    const plan = checkTargets({ loss: lossNamed(loss), modelOutput: output ?? 'logits', outputShape, targets });

    expect(plan.dtype).toBe(dtype);
    expect(plan.shape).toEqual(shape);
  });

  it.each(rejected)('rejects $name', ({ loss, output, outputShape, targets, message }) => {
    const check = (): unknown =>
      checkTargets({ loss: lossNamed(loss), modelOutput: output ?? 'logits', outputShape, targets });

    expect(check).toThrow(TargetMismatchError);
    expect(check).toThrow(message);
  });

  it('rejects probability loss on logits', () => {
    const probabilityLoss = { name: 'probabilityCrossentropy', targetFormat: 'class-index', input: 'probabilities' } as const;

    expect(() =>
      checkTargets({ loss: probabilityLoss, modelOutput: 'logits', outputShape: [10], targets: classLabels }),
    ).toThrow(/expects probabilities, but the model outputs logits/);
  });
});
