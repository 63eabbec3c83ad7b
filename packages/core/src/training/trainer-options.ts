import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { Callback } from '../callbacks/callback.js';
import type { DatasetInput } from '../data/array-dataset.js';
import type { Augmentation } from '../data/augmentation.js';
import type { Logger } from '../logging/logger.js';
import type { Loss } from '../losses/loss.js';
import type { ModelOutput } from '../models/model-factory.js';

/** Options of `train`. */
export interface TrainerOptions {
  /** A built model with one input and one output; the trainer updates its weights in place. */
  readonly model: tfl.LayersModel;
  /** Output form of the model's last layer (its factory's `output`), checked against the loss. */
  readonly modelOutput: ModelOutput;
  /** A loss, or the name of one in `losses`. */
  readonly loss: Loss | string;
  /** Registry that resolves a loss name; defaults to the built-in losses. */
  readonly losses?: { resolve(name: string): Loss };
  /**
   * The optimizer to step. The caller owns it: the trainer never disposes it, so it can be saved in a
   * checkpoint or reused after training.
   */
  readonly optimizer: tf.Optimizer;
  /** Number of epochs, a positive integer. */
  readonly epochs: number;
  /** Training examples per batch, a positive integer; the last batch of an epoch may be smaller. */
  readonly batchSize: number;
  /** Examples per validation batch; defaults to `batchSize`. */
  readonly validationBatchSize?: number;
  /** Seed of the per-epoch shuffle and of the augmentation generator. */
  readonly seed: number;
  readonly train: DatasetInput;
  /** Data evaluated after every epoch, giving `val_loss` (and `val_accuracy`). */
  readonly validation?: DatasetInput;
  /** Called in order at each hook; see `Callback`. */
  readonly callbacks?: readonly Callback[];
  /** Id of the run, passed to callbacks; defaults to a random UUID. */
  readonly runId?: string;
  /** Defaults to `createLogger('core:trainer')`. */
  readonly logger?: Logger;
  /** Applied to a copy of each training batch; validation data is never augmented. */
  readonly augment?: Augmentation;
  /**
   * Whether to check before the first step that the active backend has every kernel of the model's forward
   * and backward pass; defaults to true.
   */
  readonly checkKernels?: boolean;
  /** Aborting stops training before the next batch with a `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}
