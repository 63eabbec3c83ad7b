import type * as tf from '@tensorflow/tfjs-core';

import { resolveDatasetInput, type DatasetInput, type ResolvedDataset } from '../data/array-dataset.js';
import { summarizeTargets } from '../data/target-summary.js';
import { ConfigError, UnknownComponentError } from '../errors.js';
import { builtinLosses } from '../losses/builtin.js';
import type { Loss } from '../losses/loss.js';
import type { ModelOutput } from '../models/model-factory.js';
import { accuracyKindOf, type AccuracyKind } from './accuracy.js';
import { checkTargets, type TargetPlan } from './check-targets.js';
import { checkExampleShape, describeModelIo } from './model-io.js';
import type { TrainerOptions } from './trainer-options.js';

/** Data resolved to arrays and indices, with the target plan the loss needs. */
export interface PreparedData {
  readonly data: ResolvedDataset;
  readonly plan: TargetPlan;
}

/** Everything the training loop needs, checked before the first step. */
export interface TrainingSetup {
  readonly loss: Loss;
  readonly train: PreparedData;
  readonly validation: PreparedData | undefined;
  readonly accuracy: AccuracyKind | undefined;
  readonly variables: tf.Variable[];
  readonly validationBatchSize: number;
}

/**
 * Validates the options, resolves the loss and the data, and checks the loss against the model's output
 * and the targets of both datasets.
 *
 * @throws ConfigError for an invalid number or a model or dataset whose shapes do not fit.
 * @throws UnknownComponentError for a loss name that is not registered.
 * @throws TargetMismatchError when the loss does not fit the model output or the targets.
 */
export function prepareTraining(options: TrainerOptions): TrainingSetup {
  checkPositiveInteger('epochs', options.epochs);
  checkPositiveInteger('batchSize', options.batchSize);
  checkPositiveInteger('validationBatchSize', options.validationBatchSize ?? options.batchSize);
  if (!Number.isSafeInteger(options.seed)) {
    throw new ConfigError(`seed must be an integer; got ${options.seed}`);
  }

  const loss = resolveLoss(options);
  const io = describeModelIo(options.model);
  const prepare = (input: DatasetInput, what: string): PreparedData => {
    const data = resolveDatasetInput(input, what);
    checkExampleShape(data.dataset.exampleShape, io.inputShape, what);
    const plan = checkTargetsOf(data, loss, options.modelOutput, io.outputShape);
    return { data, plan };
  };

  const variables = options.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  if (variables.length === 0) {
    throw new ConfigError(`model '${options.model.name}' has no trainable weights; unfreeze at least one layer`);
  }

  return {
    loss,
    train: prepare(options.train, 'training data'),
    validation: options.validation === undefined ? undefined : prepare(options.validation, 'validation data'),
    accuracy: accuracyKindOf(loss),
    variables,
    validationBatchSize: options.validationBatchSize ?? options.batchSize,
  };
}

function checkPositiveInteger(name: string, value: number): void {
  if (Number.isInteger(value) && value >= 1) return;

  throw new ConfigError(`${name} must be a positive integer; got ${value}`);
}

function resolveLoss(options: TrainerOptions): Loss {
  if (typeof options.loss !== 'string') return options.loss;
  if (options.losses !== undefined) return options.losses.resolve(options.loss);

  const builtins = builtinLosses();
  const loss = builtins.find((candidate) => candidate.name === options.loss);
  if (loss === undefined) {
    throw new UnknownComponentError('loss', options.loss, builtins.map((candidate) => candidate.name).sort());
  }
  return loss;
}

function checkTargetsOf(
  data: ResolvedDataset,
  loss: Loss,
  modelOutput: ModelOutput,
  outputShape: readonly number[],
): TargetPlan {
  const targets = summarizeTargets(data.dataset, data.indices);
  return checkTargets({ loss, modelOutput, outputShape, targets });
}
