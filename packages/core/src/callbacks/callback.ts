import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { Logger } from '../logging/logger.js';

/** Metrics of one epoch, e.g. `{ loss, accuracy, val_loss, val_accuracy }`, plus the learning rate used. */
export interface EpochLogs {
  readonly epoch: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly learningRate: number;
  readonly durationMs: number;
}

/** Loss of one batch, reported after its optimizer step. */
export interface BatchLogs {
  readonly epoch: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly size: number;
  readonly loss: number;
}

/** Summary the trainer returns at the end of a run. */
export interface TrainingSummary {
  readonly epochs: number;
  readonly history: readonly EpochLogs[];
  readonly stoppedEarly: boolean;
  readonly stopReason?: string;
  readonly durationMs: number;
}

/**
 * The trainer's state as callbacks see it. Callbacks may stop training or change the learning rate;
 * they must not dispose the model or the optimizer.
 */
export interface TrainingContext {
  readonly runId: string;
  readonly model: tfl.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly seed: number;
  readonly history: readonly EpochLogs[];
  readonly logger: Logger;
  getLearningRate(): number;
  setLearningRate(learningRate: number, reason: string): void;
  stopTraining(reason: string): void;
}

/**
 * Hooks the trainer calls in this order: `onTrainBegin`, then per epoch `onEpochBegin`, `onBatchEnd` for
 * each batch and `onEpochEnd`, then `onTrainEnd`. When training fails, `onTrainError` replaces
 * `onTrainEnd`. The trainer awaits each hook before going on.
 */
export interface Callback {
  readonly name: string;
  onTrainBegin?(context: TrainingContext): void | Promise<void>;
  onEpochBegin?(epoch: number, context: TrainingContext): void | Promise<void>;
  onBatchEnd?(logs: BatchLogs, context: TrainingContext): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, context: TrainingContext): void | Promise<void>;
  onTrainEnd?(summary: TrainingSummary, context: TrainingContext): void | Promise<void>;
  onTrainError?(error: Error, context: TrainingContext): void | Promise<void>;
}

/** Creates a callback by name from its options, so callbacks can be chosen in a config. */
export interface CallbackFactory<Options = unknown> {
  readonly name: string;
  create(options: Options): Callback;
}
