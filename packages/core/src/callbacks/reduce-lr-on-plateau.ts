import { z } from 'zod';

import type { Callback, CallbackFactory, EpochLogs, TrainingContext } from './callback.js';
import { monitorModeSchema, parseCallbackOptions, readMonitoredValue, resolveMode } from './monitor.js';
import { decidePlateau, initialPlateauState, type PlateauRule, type PlateauState } from './plateau-decision.js';

/** Schema of the reduce-on-plateau options, with Keras' defaults. */
export const reduceLROnPlateauOptionsSchema = z
  .object({
    monitor: z.string().min(1).default('val_loss'),
    mode: monitorModeSchema.default('auto'),
    factor: z.number().gt(0).lt(1).default(0.1),
    patience: z.number().int().min(0).default(10),
    minDelta: z.number().min(0).finite().default(1e-4),
    cooldown: z.number().int().min(0).default(0),
    minLearningRate: z.number().min(0).finite().default(0),
  })
  .strict();

/** Options of `ReduceLROnPlateau`; every field has a default. */
export type ReduceLROnPlateauOptions = z.input<typeof reduceLROnPlateauOptionsSchema>;

/** Multiplies the learning rate by `factor` when the monitored metric stops improving. */
export class ReduceLROnPlateau implements Callback {
  readonly name = 'reduceLROnPlateau';
  private readonly rule: PlateauRule;
  private state: PlateauState;

  /** @throws ConfigError naming each invalid option. */
  constructor(options: ReduceLROnPlateauOptions = {}) {
    const parsed = parseCallbackOptions(this.name, reduceLROnPlateauOptionsSchema, options);
    this.rule = { ...parsed, mode: resolveMode(parsed.monitor, parsed.mode) };
    this.state = initialPlateauState(this.rule);
  }

  onTrainBegin(): void {
    this.state = initialPlateauState(this.rule);
  }

  onEpochEnd(logs: EpochLogs, context: TrainingContext): void {
    const value = readMonitoredValue(logs, this.rule.monitor, this.name);
    const outcome = decidePlateau(this.state, logs.epoch, value, context.getLearningRate(), this.rule);
    this.state = outcome.state;

    if (outcome.decision === 'reduce') {
      context.setLearningRate(outcome.learningRate, outcome.reason);
      return;
    }
    context.logger.debug({ callback: this.name, epoch: logs.epoch }, outcome.reason);
  }
}

/** Creates `ReduceLROnPlateau` callbacks by the name `reduceLROnPlateau`. */
export const reduceLROnPlateauFactory: CallbackFactory<ReduceLROnPlateauOptions> = {
  name: 'reduceLROnPlateau',
  create: (options) => new ReduceLROnPlateau(options),
};
