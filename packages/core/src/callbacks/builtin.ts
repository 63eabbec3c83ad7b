import { bestCheckpoint } from './best-checkpoint.js';
import type { CallbackFactory } from './callback.js';
import { earlyStoppingFactory } from './early-stopping.js';
import { historyFactory } from './history.js';
import { learningRateSchedulerFactory } from './learning-rate-scheduler.js';
import { progressBarFactory } from './progress-bar.js';
import { reduceLROnPlateauFactory } from './reduce-lr-on-plateau.js';

/**
 * Returns the callbacks every composition root starts with: `progressBar`, `earlyStopping`,
 * `learningRateScheduler`, `reduceLROnPlateau`, `history` and `bestCheckpoint`.
 */
export function builtinCallbacks(): CallbackFactory<never>[] {
  return [
    progressBarFactory,
    earlyStoppingFactory,
    learningRateSchedulerFactory,
    reduceLROnPlateauFactory,
    historyFactory,
    bestCheckpoint,
  ] as CallbackFactory<never>[];
}
