import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';

import type { Callback, CallbackFactory, EpochLogs, TrainingContext } from './callback.js';
import {
  decideEarlyStopping,
  initialEarlyStoppingState,
  type EarlyStoppingRule,
  type EarlyStoppingState,
} from './early-stopping-decision.js';
import { monitorModeSchema, parseCallbackOptions, readMonitoredValue, resolveMode } from './monitor.js';

/** Schema of the early-stopping options, with Keras' defaults. */
export const earlyStoppingOptionsSchema = z
  .object({
    monitor: z.string().min(1).default('val_loss'),
    mode: monitorModeSchema.default('auto'),
    patience: z.number().int().min(0).default(0),
    minDelta: z.number().min(0).finite().default(0),
    baseline: z.number().finite().optional(),
    /** Whether to put back the weights of the best epoch when training stops early. */
    restoreBestWeights: z.boolean().default(false),
  })
  .strict();

/** Options of `EarlyStopping`; every field has a default. */
export type EarlyStoppingOptions = z.input<typeof earlyStoppingOptionsSchema>;

/**
 * Stops training when the monitored metric has not improved for `patience` epochs.
 *
 * With `restoreBestWeights`, it copies the model's weights at each new best epoch and writes the best copy
 * back when it stops training, as Keras does. A run that reaches its last epoch keeps its final weights.
 * The copies are freed at the end of training, also when training fails.
 */
export class EarlyStopping implements Callback {
  readonly name = 'earlyStopping';
  private readonly rule: EarlyStoppingRule;
  private readonly restoreBestWeights: boolean;
  private state: EarlyStoppingState;
  private bestWeights: tf.Tensor[] | undefined;

  /** @throws ConfigError naming each invalid option. */
  constructor(options: EarlyStoppingOptions = {}) {
    const parsed = parseCallbackOptions(this.name, earlyStoppingOptionsSchema, options);
    this.rule = {
      monitor: parsed.monitor,
      mode: resolveMode(parsed.monitor, parsed.mode),
      patience: parsed.patience,
      minDelta: parsed.minDelta,
      baseline: parsed.baseline,
    };
    this.restoreBestWeights = parsed.restoreBestWeights;
    this.state = initialEarlyStoppingState(this.rule);
  }

  /** Returns the best monitored value so far and its 0-based epoch (-1 before any improvement). */
  get best(): { readonly value: number; readonly epoch: number } {
    return { value: this.state.best, epoch: this.state.bestEpoch };
  }

  onTrainBegin(): void {
    this.releaseBestWeights();
    this.state = initialEarlyStoppingState(this.rule);
  }

  onEpochEnd(logs: EpochLogs, context: TrainingContext): void {
    const value = readMonitoredValue(logs, this.rule.monitor, this.name);
    const outcome = decideEarlyStopping(this.state, logs.epoch, value, this.rule);
    this.state = outcome.state;

    if (outcome.decision === 'improved' && this.restoreBestWeights) {
      this.releaseBestWeights();
      this.bestWeights = tf.tidy(() => context.model.getWeights().map((weight) => tf.clone(weight)));
    }
    if (outcome.decision !== 'stop') {
      context.logger.debug({ callback: this.name, epoch: logs.epoch }, outcome.reason);
      return;
    }

    if (this.bestWeights !== undefined) {
      context.model.setWeights(this.bestWeights);
      context.logger.info(
        { callback: this.name, bestEpoch: this.state.bestEpoch },
        `restored the weights of epoch ${this.state.bestEpoch}`,
      );
    }
    context.stopTraining(outcome.reason);
  }

  onTrainEnd(): void {
    this.releaseBestWeights();
  }

  onTrainError(): void {
    this.releaseBestWeights();
  }

  private releaseBestWeights(): void {
    if (this.bestWeights !== undefined) tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}

/** Creates `EarlyStopping` callbacks by the name `earlyStopping`. */
export const earlyStoppingFactory: CallbackFactory<EarlyStoppingOptions> = {
  name: 'earlyStopping',
  create: (options) => new EarlyStopping(options),
};
