import { learningRateAt, parseLearningRateSchedule, type LearningRateScheduleConfig } from '../optimizers/learning-rate-schedule.js';
import type { Callback, CallbackFactory, TrainingContext } from './callback.js';

/** Options of `LearningRateScheduler`: a raw schedule config, validated on construction. */
export interface LearningRateSchedulerOptions {
  readonly schedule: unknown;
}

/** Sets the learning rate from a schedule at the start of every epoch. */
export class LearningRateScheduler implements Callback {
  readonly name = 'learningRateScheduler';
  readonly schedule: LearningRateScheduleConfig;

  /** @throws ConfigError naming each invalid field of the schedule. */
  constructor(options: LearningRateSchedulerOptions) {
    this.schedule = parseLearningRateSchedule(options.schedule);
  }

  onEpochBegin(epoch: number, context: TrainingContext): void {
    const learningRate = learningRateAt(this.schedule, epoch);
    if (learningRate === context.getLearningRate()) return;

    context.setLearningRate(learningRate, `'${this.schedule.kind}' schedule at epoch ${epoch}`);
  }
}

/** Creates `LearningRateScheduler` callbacks by the name `learningRateScheduler`. */
export const learningRateSchedulerFactory: CallbackFactory<LearningRateSchedulerOptions> = {
  name: 'learningRateScheduler',
  create: (options) => new LearningRateScheduler(options),
};
