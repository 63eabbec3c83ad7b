import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import * as tf from '@tensorflow/tfjs-core';

import { checkGradientKernels } from '../backend/check-gradient-kernels.js';
import type { Callback, EpochLogs, TrainingContext, TrainingSummary } from '../callbacks/callback.js';
import { batchCount, iterateBatches, type TensorBatch } from '../data/batch-iterator.js';
import { createRandom } from '../data/random.js';
import { shuffled } from '../data/shuffle.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { getLearningRate } from '../optimizers/learning-rate.js';
import { prepareTraining, type TrainingSetup } from './prepare-training.js';
import { runTrainStep, type TrainStepInput, type TrainStepResult } from './train-step.js';
import type { TrainerOptions } from './trainer-options.js';
import { TrainingAbortedError } from './training-errors.js';
import { callHook, createTrainingRun, runHandlingTrainError, type TrainingRunState } from './training-run.js';
import { validate } from './validate.js';

/** One run's fixed inputs and mutable state, passed between the loop's helpers. */
interface Run {
  readonly options: TrainerOptions;
  readonly setup: TrainingSetup;
  readonly state: TrainingRunState;
  readonly context: TrainingContext;
  readonly callbacks: readonly Callback[];
  readonly logger: Logger;
}

/**
 * Trains a model with a custom loop and returns the summary of the run.
 *
 * Per epoch: `onEpochBegin`, a seeded shuffle of the training indices, one optimizer step per batch
 * (each followed by `onBatchEnd`), validation, then `onEpochEnd` with `loss`, `accuracy`, `val_loss` and
 * `val_accuracy` (accuracy only for class-index, one-hot and binary targets). Epochs and batches are
 * 0-based. Training stops after the epoch in which a callback calls `stopTraining`.
 *
 * Every failure, including an invalid option, goes through one path: the run is marked failed, every
 * callback's `onTrainError` is called, and the original error is re-raised. Batch tensors are freed on
 * every path. The trainer never disposes the model or the optimizer.
 *
 * @throws ConfigError, UnknownComponentError or TargetMismatchError before the first step.
 * @throws MissingKernelError before the first step when the active backend lacks a kernel that the model's
 *   forward or backward pass needs (e.g. wasm has no Conv2DBackpropFilter), naming a backend that has it.
 * @throws NonFiniteLossError at the first NaN or infinite batch loss, before that batch's update and
 *   before any callback receives the batch.
 * @throws TrainingAbortedError when `options.signal` aborts.
 * @throws whatever a callback throws.
 */
export async function train(options: TrainerOptions): Promise<TrainingSummary> {
  const logger = options.logger ?? createLogger('core:trainer');
  const callbacks = options.callbacks ?? [];
  const { state, context } = createTrainingRun({
    runId: options.runId ?? randomUUID(),
    model: options.model,
    optimizer: options.optimizer,
    seed: options.seed,
    logger,
  });

  return runHandlingTrainError(async () => {
    const setup = prepareTraining(options);
    if (options.checkKernels !== false) {
      await checkGradientKernels({ model: options.model, backend: tf.getBackend(), loss: setup.loss });
    }
    const run: Run = { options, setup, state, context, callbacks, logger };
    return runEpochs(run);
  }, { state, context, callbacks });
}

async function runEpochs(run: Run): Promise<TrainingSummary> {
  const started = performance.now();
  const { options, setup, state, context, callbacks, logger } = run;
  logger.info(
    {
      runId: context.runId,
      epochs: options.epochs,
      batchSize: options.batchSize,
      trainingExamples: setup.train.data.indices.length,
      validationExamples: setup.validation?.data.indices.length ?? 0,
      loss: setup.loss.name,
    },
    'training started',
  );
  await callHook(callbacks, 'onTrainBegin', logger, (callback) => callback.onTrainBegin?.(context));

  for (let epoch = 0; epoch < options.epochs && state.stopReason === undefined; epoch++) {
    state.epoch = epoch;
    await runEpoch(run, epoch);
  }

  state.status = 'completed';
  const summary: TrainingSummary = {
    epochs: state.history.length,
    history: state.history,
    stoppedEarly: state.stopReason !== undefined,
    stopReason: state.stopReason,
    durationMs: performance.now() - started,
  };
  await callHook(callbacks, 'onTrainEnd', logger, (callback) => callback.onTrainEnd?.(summary, context));
  logger.info({ runId: context.runId, epochs: summary.epochs, stopReason: summary.stopReason }, 'training completed');
  return summary;
}

async function runEpoch(run: Run, epoch: number): Promise<void> {
  const started = performance.now();
  const { setup, context, callbacks, logger } = run;
  await callHook(callbacks, 'onEpochBegin', logger, (callback) => callback.onEpochBegin?.(epoch, context));

  const training = await trainBatches(run, epoch);
  const metrics: Record<string, number> = { loss: training.loss };
  if (training.accuracy !== undefined) metrics.accuracy = training.accuracy;
  if (setup.validation !== undefined) {
    const result = validate({
      model: run.options.model,
      loss: setup.loss,
      data: setup.validation.data,
      plan: setup.validation.plan,
      batchSize: setup.validationBatchSize,
      accuracy: setup.accuracy,
    });
    metrics.val_loss = result.loss;
    if (result.accuracy !== undefined) metrics.val_accuracy = result.accuracy;
  }

  const logs: EpochLogs = {
    epoch,
    metrics,
    learningRate: training.learningRate,
    durationMs: performance.now() - started,
  };
  run.state.history.push(logs);
  logger.info({ runId: context.runId, epoch, ...metrics, learningRate: logs.learningRate }, `epoch ${epoch} done`);
  await callHook(callbacks, 'onEpochEnd', logger, (callback) => callback.onEpochEnd?.(logs, context));
}

/**
 * Runs the optimizer steps of one epoch and returns the mean loss and accuracy over the examples seen and
 * the learning rate of the last step.
 */
async function trainBatches(
  run: Run,
  epoch: number,
): Promise<{ loss: number; accuracy: number | undefined; learningRate: number }> {
  const { options, setup, state, context, callbacks, logger } = run;
  const batchesPerEpoch = batchCount(setup.train.data.indices.length, options.batchSize);
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  let learningRate = getLearningRate(options.optimizer);

  for (const batch of createEpochBatches(run, epoch)) {
    let step: TrainStepResult;
    try {
      throwIfAborted(options.signal, epoch);
      learningRate = getLearningRate(options.optimizer);
      step = runTrainStep({ ...stepInputs(run), x: batch.x, y: batch.y, epoch, batch: batch.index });
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
    lossSum += step.loss * batch.size;
    correct += step.correct;
    seen += batch.size;

    const logs = { epoch, batch: batch.index, batchesPerEpoch, size: batch.size, loss: step.loss };
    await callHook(callbacks, 'onBatchEnd', logger, (callback) => callback.onBatchEnd?.(logs, context));
    if (state.stopReason !== undefined) break;
    // Lets timers and I/O run between batches, so an abort from a signal handler or a request is seen.
    await yieldToEventLoop();
  }

  const accuracy = setup.accuracy === undefined ? undefined : correct / seen;
  return { loss: lossSum / seen, accuracy, learningRate };
}

/** Returns the training batches of one epoch, shuffled and augmented with generators seeded per epoch. */
function createEpochBatches(run: Run, epoch: number): Generator<TensorBatch> {
  const { options, setup } = run;

  return iterateBatches(setup.train.data.dataset, {
    order: shuffled(setup.train.data.indices, createRandom(options.seed, 'epoch', epoch)),
    batchSize: options.batchSize,
    targetDtype: setup.train.plan.dtype,
    targetShape: setup.train.plan.shape,
    augment: options.augment,
    random: createRandom(options.seed, 'augment', epoch),
  });
}

function stepInputs(run: Run): Omit<TrainStepInput, 'x' | 'y' | 'epoch' | 'batch'> {
  return {
    model: run.options.model,
    loss: run.setup.loss,
    optimizer: run.options.optimizer,
    variables: run.setup.variables,
    accuracy: run.setup.accuracy,
  };
}

function throwIfAborted(signal: AbortSignal | undefined, epoch: number): void {
  if (signal?.aborted === true) throw new TrainingAbortedError(epoch, signal.reason);
}
