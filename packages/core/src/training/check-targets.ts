import type { TargetSummary } from '../data/target-summary.js';
import type { Loss } from '../losses/loss.js';
import type { ModelOutput } from '../models/model-factory.js';
import { TargetMismatchError } from './training-errors.js';

/** Inputs of `checkTargets`: the loss, the model's output form and shape, and the targets. */
export interface TargetCheckInput {
  readonly loss: Pick<Loss, 'name' | 'targetFormat' | 'input'>;
  readonly modelOutput: ModelOutput;
  /** Shape of one model output without the batch dimension, e.g. `[10]`. */
  readonly outputShape: readonly number[];
  readonly targets: TargetSummary;
}

/** Dtype and shape the trainer gives target tensors so the loss accepts them. */
export interface TargetPlan {
  readonly dtype: 'int32' | 'float32';
  /** Shape of one target in the tensor, e.g. `[1]` for `[]`-shaped targets of a one-unit output. */
  readonly shape: readonly number[];
}

/**
 * Checks that the loss fits the model's output form and the targets, and returns the dtype and shape to
 * feed the targets in. This is a pure function.
 *
 * int32 targets are cast to float32 for one-hot, binary and real-valued losses. float32 targets that
 * contain whole numbers are cast to int32 for class-index losses.
 *
 * @throws TargetMismatchError naming the loss, what it expects, what it got, and the fix.
 */
export function checkTargets(input: TargetCheckInput): TargetPlan {
  checkOutputForm(input);
  checkFiniteTargets(input);

  switch (input.loss.targetFormat) {
    case 'class-index':
      return checkClassIndexTargets(input);
    case 'one-hot':
      return checkOneHotTargets(input);
    case 'binary':
      return checkBinaryTargets(input);
    case 'real':
      return checkRealTargets(input);
  }
}

function checkOutputForm({ loss, modelOutput }: TargetCheckInput): void {
  if (loss.input === 'logits' && modelOutput === 'probabilities') {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects logits, but the model outputs probabilities. Remove the softmax or ` +
        `sigmoid activation of the output layer so the model emits logits.`,
    );
  }
  if (loss.input === 'probabilities' && modelOutput !== 'probabilities') {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects probabilities, but the model outputs ${modelOutput}. Use a loss that ` +
        `takes logits, or add a softmax or sigmoid activation to the output layer.`,
    );
  }
}

function checkFiniteTargets({ loss, targets }: TargetCheckInput): void {
  if (Number.isFinite(targets.min) && Number.isFinite(targets.max)) return;

  throw new TargetMismatchError(
    `loss '${loss.name}' needs finite targets; got values in [${targets.min}, ${targets.max}]. ` +
      `Remove or fix the examples with NaN or infinite targets.`,
  );
}

function checkClassIndexTargets({ loss, outputShape, targets }: TargetCheckInput): TargetPlan {
  const classes = outputShape[outputShape.length - 1] ?? 0;
  const expectedShape = outputShape.slice(0, -1);
  if (classes < 2) {
    throw new TargetMismatchError(
      `loss '${loss.name}' needs an output with one unit per class (at least 2); the model output is ` +
        `${batchShape(outputShape)}. Use 'binaryCrossentropy' for a one-unit output.`,
    );
  }
  if (!sameShape(targets.shape, expectedShape)) {
    const fix = sameShape(targets.shape, outputShape)
      ? `Use 'categoricalCrossentropy' for one-hot targets, or give one class index per example.`
      : `Give one class index per example.`;
    throw new TargetMismatchError(
      `loss '${loss.name}' expects class indices shaped ${batchShape(expectedShape)} for the model output ` +
        `${batchShape(outputShape)}; got ${describeTargets(targets)}. ${fix}`,
    );
  }
  if (!targets.integerValued) {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects integer class indices; got non-integer values in ` +
        `[${targets.min}, ${targets.max}]. Use 'categoricalCrossentropy' for soft targets or ` +
        `'meanSquaredError' for real-valued targets.`,
    );
  }
  if (targets.min < 0 || targets.max >= classes) {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects class indices in [0, ${classes - 1}] for an output of ${classes} units; ` +
        `got labels in [${targets.min}, ${targets.max}]. Set the output units to the number of classes, ` +
        `or remap the labels to 0..${classes - 1}.`,
    );
  }

  return { dtype: 'int32', shape: targets.shape };
}

function checkOneHotTargets({ loss, outputShape, targets }: TargetCheckInput): TargetPlan {
  if (!sameShape(targets.shape, outputShape)) {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects one-hot targets shaped like the model output ${batchShape(outputShape)}; ` +
        `got ${describeTargets(targets)}. ${fixForClassLabels(targets, 'Reshape the targets to match the output.')}`,
    );
  }
  checkUnitInterval(loss.name, 'one-hot', targets);

  return { dtype: 'float32', shape: targets.shape };
}

function checkBinaryTargets({ loss, outputShape, targets }: TargetCheckInput): TargetPlan {
  const oneUnitColumn = targets.shape.length === 0 && sameShape(outputShape, [1]);
  if (!oneUnitColumn && !sameShape(targets.shape, outputShape)) {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects binary targets shaped like the model output ${batchShape(outputShape)}; ` +
        `got ${describeTargets(targets)}. ${fixForClassLabels(targets, 'Reshape the targets to match the output.')}`,
    );
  }
  checkUnitInterval(loss.name, 'binary', targets);

  return { dtype: 'float32', shape: outputShape };
}

function checkRealTargets({ loss, outputShape, targets }: TargetCheckInput): TargetPlan {
  const perExampleScalar = targets.shape.length === 0;
  const outputUnits = outputShape.reduce((product, dim) => product * dim, 1);
  const looksLikeClassLabels =
    perExampleScalar && (targets.dtype === 'int32' || (targets.integerValued && outputUnits > 1));
  if (looksLikeClassLabels) {
    const fix =
      outputUnits > 1
        ? `Use 'sparseCategoricalCrossentropy' or one-hot encode the labels.`
        : `Store real-valued targets as float32, or use 'binaryCrossentropy' for 0/1 labels.`;
    throw new TargetMismatchError(
      `loss '${loss.name}' expects real-valued targets shaped like the model output ${batchShape(outputShape)}; ` +
        `got ${describeTargets(targets)}. ${fix}`,
    );
  }
  if (perExampleScalar && outputUnits === 1) return { dtype: 'float32', shape: outputShape };

  if (!sameShape(targets.shape, outputShape)) {
    throw new TargetMismatchError(
      `loss '${loss.name}' expects real-valued targets shaped like the model output ${batchShape(outputShape)}; ` +
        `got ${describeTargets(targets)}. Reshape the targets to match the output.`,
    );
  }

  return { dtype: 'float32', shape: targets.shape };
}

function checkUnitInterval(lossName: string, format: string, targets: TargetSummary): void {
  if (targets.min >= 0 && targets.max <= 1) return;

  throw new TargetMismatchError(
    `loss '${lossName}' expects ${format} targets in [0, 1]; got values in [${targets.min}, ${targets.max}]. ` +
      `Encode each class as 0 or 1.`,
  );
}

function fixForClassLabels(targets: TargetSummary, otherwise: string): string {
  if (targets.shape.length === 0 && targets.integerValued) {
    return `Use 'sparseCategoricalCrossentropy' or one-hot encode the labels.`;
  }
  return otherwise;
}

function describeTargets(targets: TargetSummary): string {
  if (targets.shape.length === 0 && targets.integerValued) return `integer class labels ${batchShape([])}`;

  return `${targets.dtype} targets ${batchShape(targets.shape)}`;
}

function batchShape(shape: readonly number[]): string {
  return `[${['batch', ...shape].join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}
