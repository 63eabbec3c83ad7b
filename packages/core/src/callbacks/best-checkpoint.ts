import { z } from 'zod';

import { NonFiniteWeightsError } from '../checkpoint/checkpoint-errors.js';
import type { CheckpointMetadata, TrainingState } from '../checkpoint/checkpoint-metadata.js';
import { type SavedCheckpoint, saveCheckpoint } from '../checkpoint/save-checkpoint.js';
import type { OptimizerOptions } from '../optimizers/optimizer-factory.js';
import type { Callback, CallbackFactory, EpochLogs, TrainingContext } from './callback.js';
import {
  isImprovement,
  monitorModeSchema,
  parseCallbackOptions,
  readMonitoredValue,
  resolveMode,
  worstValue,
} from './monitor.js';

const CALLBACK_NAME = 'bestCheckpoint';

/** Settings of the best-checkpoint decision. */
export interface BestCheckpointRule {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  /** Smallest change of the monitored value that counts as an improvement. */
  readonly minDelta: number;
}

/** The best value seen so far. */
export interface BestCheckpointState {
  readonly best: number;
  /** Epoch of `best`, or -1 before the first save. */
  readonly bestEpoch: number;
}

/** The outcome of one epoch: save a new best checkpoint or skip the epoch. */
export interface BestCheckpointDecision {
  readonly decision: 'save' | 'skip';
  readonly reason: string;
  /** State to keep once the caller has applied the decision. */
  readonly state: BestCheckpointState;
}

/** Returns the state before the first epoch, whose best value is the worst possible one. */
export function initialBestCheckpointState(rule: BestCheckpointRule): BestCheckpointState {
  return { best: worstValue(rule.mode), bestEpoch: -1 };
}

/**
 * Decides whether the model after `epoch` is a new best worth saving; a pure function. An epoch whose
 * monitored value is NaN or infinite is skipped, because it cannot be ranked. A finite value is saved
 * when it beats the best by more than `minDelta`.
 */
export function decideBestCheckpoint(
  state: BestCheckpointState,
  epoch: number,
  value: number,
  rule: BestCheckpointRule,
): BestCheckpointDecision {
  if (!Number.isFinite(value)) {
    return {
      decision: 'skip',
      reason: `${rule.monitor} is ${value} at epoch ${epoch}, not a finite value; keeping the best checkpoint`,
      state,
    };
  }

  if (!isImprovement(value, state.best, rule.mode, rule.minDelta)) {
    return {
      decision: 'skip',
      reason:
        `${rule.monitor} is ${value} at epoch ${epoch}, no improvement on ${state.best} ` +
        `(epoch ${state.bestEpoch}) by more than ${rule.minDelta}`,
      state,
    };
  }

  const reason =
    state.bestEpoch < 0
      ? `${rule.monitor} is ${value} at epoch ${epoch}, the first finite value`
      : `${rule.monitor} improved from ${state.best} (epoch ${state.bestEpoch}) to ${value} at epoch ${epoch}`;
  return { decision: 'save', reason, state: { best: value, bestEpoch: epoch } };
}

const bestCheckpointOptionsSchema = z.object({
  /** Checkpoint directory, replaced at every new best. */
  directory: z.string().min(1),
  monitor: z.string().min(1).default('val_loss'),
  mode: monitorModeSchema.default('auto'),
  minDelta: z.number().finite().min(0).default(0),
  /** Whether to save the optimizer state, so training can resume from the checkpoint. */
  includeOptimizer: z.boolean().default(true),
  /** Facts that the trainer cannot see, stored in every checkpoint's metadata. */
  metadata: z
    .object({
      preprocessing: z.record(z.string(), z.unknown()).optional(),
      model: z.object({ factory: z.string(), config: z.unknown() }).optional(),
      loss: z.string().optional(),
      optimizer: z.object({ name: z.string(), options: z.looseObject({ learningRate: z.number() }) }).optional(),
    })
    .optional(),
});

/** Options of the `bestCheckpoint` callback, before defaults are filled. */
export type BestCheckpointOptions = z.input<typeof bestCheckpointOptionsSchema>;

type ParsedBestCheckpointOptions = z.output<typeof bestCheckpointOptionsSchema>;

/**
 * Saves a checkpoint with `saveCheckpoint` whenever the monitored metric reaches a new best, replacing the
 * previous best. Epochs with a non-finite monitored value, or with non-finite weights, are skipped.
 */
export class BestCheckpointCallback implements Callback {
  readonly name = CALLBACK_NAME;
  private readonly rule: BestCheckpointRule;
  private state: BestCheckpointState;
  private saved: SavedCheckpoint | undefined;

  constructor(private readonly options: ParsedBestCheckpointOptions) {
    this.rule = {
      monitor: options.monitor,
      mode: resolveMode(options.monitor, options.mode),
      minDelta: options.minDelta,
    };
    this.state = initialBestCheckpointState(this.rule);
  }

  /** The last checkpoint this callback saved, or undefined before the first save. */
  get lastSaved(): SavedCheckpoint | undefined {
    return this.saved;
  }

  onTrainBegin(): void {
    this.state = initialBestCheckpointState(this.rule);
    this.saved = undefined;
  }

  /**
   * Applies `decideBestCheckpoint` to the epoch and saves the checkpoint when it decides so.
   *
   * @throws ConfigError when the epoch logs lack the monitored metric.
   */
  async onEpochEnd(logs: EpochLogs, context: TrainingContext): Promise<void> {
    const value = readMonitoredValue(logs, this.rule.monitor, CALLBACK_NAME);
    const outcome = decideBestCheckpoint(this.state, logs.epoch, value, this.rule);
    if (outcome.decision === 'skip') {
      context.logger.info({ callback: CALLBACK_NAME, epoch: logs.epoch, decision: outcome.decision }, outcome.reason);
      return;
    }

    try {
      this.saved = await saveCheckpoint(this.options.directory, {
        model: context.model,
        optimizer: this.options.includeOptimizer ? context.optimizer : undefined,
        metadata: this.buildMetadata(logs, context, value),
      });
    } catch (error) {
      if (!(error instanceof NonFiniteWeightsError)) throw error;
      context.logger.warn(
        { callback: CALLBACK_NAME, epoch: logs.epoch, err: error },
        `skipped the best checkpoint at epoch ${logs.epoch}: ${error.message}`,
      );
      return;
    }

    this.state = outcome.state;
    context.logger.info(
      { callback: CALLBACK_NAME, epoch: logs.epoch, decision: outcome.decision, directory: this.saved.directory },
      outcome.reason,
    );
  }

  private buildMetadata(logs: EpochLogs, context: TrainingContext, value: number): CheckpointMetadata {
    const { preprocessing, model, loss, optimizer } = this.options.metadata ?? {};

    // The trainer may append the current epoch to the history before or after the callbacks run.
    const history = context.history.at(-1)?.epoch === logs.epoch ? [...context.history] : [...context.history, logs];
    const training: TrainingState = {
      epoch: logs.epoch,
      seed: context.seed,
      history,
      model,
      loss,
      optimizer: optimizer === undefined ? undefined : { name: optimizer.name, options: optimizer.options as OptimizerOptions },
    };

    return {
      preprocessing,
      training,
      best: { monitor: this.rule.monitor, mode: this.rule.mode, value, epoch: logs.epoch },
    };
  }
}

/** Callback factory whose `create` returns the concrete `BestCheckpointCallback`, so callers can read `lastSaved`. */
export interface BestCheckpointFactory extends CallbackFactory<BestCheckpointOptions> {
  create(options: BestCheckpointOptions): BestCheckpointCallback;
}

/**
 * Factory of the callback that keeps the best model of a run as a checkpoint, registered as
 * `bestCheckpoint`. Options: `directory` (required), `monitor` (default `val_loss`), `mode` (`min`, `max`
 * or `auto`, default `auto`), `minDelta` (default 0), `includeOptimizer` (default true) and `metadata`.
 *
 * @throws ConfigError from `create` naming each invalid option.
 */
export const bestCheckpoint: BestCheckpointFactory = {
  name: CALLBACK_NAME,
  create(options: BestCheckpointOptions): BestCheckpointCallback {
    return new BestCheckpointCallback(parseCallbackOptions(CALLBACK_NAME, bestCheckpointOptionsSchema, options));
  },
};
