import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { Callback, EpochLogs, TrainingContext } from '../callbacks/callback.js';
import type { Logger } from '../logging/logger.js';
import { getLearningRate, setLearningRate } from '../optimizers/learning-rate.js';

/** Mutable state of one training run, owned by the trainer. */
export interface TrainingRunState {
  status: 'running' | 'completed' | 'failed';
  /** 0-based epoch in progress, or the last one once training has ended. */
  epoch: number;
  readonly history: EpochLogs[];
  /** Set by the first `stopTraining` call; later calls are logged and ignored. */
  stopReason: string | undefined;
}

/** Inputs of `createTrainingRun`: the objects the context exposes to callbacks. */
export interface TrainingRunInput {
  readonly runId: string;
  readonly model: tfl.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly seed: number;
  readonly logger: Logger;
}

/** Creates the state of a new run and the `TrainingContext` that exposes it to callbacks. */
export function createTrainingRun(input: TrainingRunInput): { state: TrainingRunState; context: TrainingContext } {
  const state: TrainingRunState = { status: 'running', epoch: 0, history: [], stopReason: undefined };
  const { runId, logger, optimizer } = input;

  const context: TrainingContext = {
    runId,
    model: input.model,
    optimizer,
    seed: input.seed,
    logger,
    history: state.history,
    getLearningRate: () => getLearningRate(optimizer),
    setLearningRate(learningRate: number, reason: string): void {
      const previous = getLearningRate(optimizer);
      setLearningRate(optimizer, learningRate);
      logger.info({ runId, epoch: state.epoch, previous, learningRate }, `learning rate set to ${learningRate}: ${reason}`);
    },
    stopTraining(reason: string): void {
      if (state.stopReason !== undefined) {
        logger.debug({ runId, epoch: state.epoch, reason }, 'training is already stopping; request ignored');
        return;
      }
      state.stopReason = reason;
      logger.info({ runId, epoch: state.epoch }, `stopping training: ${reason}`);
    },
  };
  return { state, context };
}

/**
 * Calls one hook on every callback in order, awaiting each.
 *
 * @throws the callback's error unchanged, after logging which callback and hook raised it.
 */
export async function callHook(
  callbacks: readonly Callback[],
  hook: string,
  logger: Logger,
  invoke: (callback: Callback) => void | Promise<void>,
): Promise<void> {
  for (const callback of callbacks) {
    try {
      await invoke(callback);
    } catch (error) {
      logger.error({ err: error, callback: callback.name, hook }, `callback '${callback.name}' failed in ${hook}`);
      throw error;
    }
  }
}

/**
 * Runs `body` and, when it fails, marks the run failed, calls `onTrainError` on every callback and
 * re-raises the original error. An error inside `onTrainError` is logged and does not replace the
 * original one, so every callback gets its call.
 */
export async function runHandlingTrainError<T>(
  body: () => Promise<T>,
  run: { state: TrainingRunState; context: TrainingContext; callbacks: readonly Callback[] },
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    run.state.status = 'failed';
    const failure = error instanceof Error ? error : new Error(String(error));
    const { logger, runId } = run.context;
    logger.error({ err: failure, runId, epoch: run.state.epoch }, 'training failed');

    for (const callback of run.callbacks) {
      try {
        await callback.onTrainError?.(failure, run.context);
      } catch (hookError) {
        logger.error(
          { err: hookError, runId, callback: callback.name },
          `callback '${callback.name}' failed in onTrainError; the original training error is re-raised`,
        );
      }
    }
    throw error;
  }
}
