import type { Callback, CallbackFactory, EpochLogs } from './callback.js';

/** Records the logs of every epoch of the latest run, in order. */
export class History implements Callback {
  readonly name = 'history';
  private readonly recorded: EpochLogs[] = [];

  /** Returns the epoch logs recorded since the last `onTrainBegin`. */
  get epochs(): readonly EpochLogs[] {
    return this.recorded;
  }

  onTrainBegin(): void {
    this.recorded.length = 0;
  }

  onEpochEnd(logs: EpochLogs): void {
    this.recorded.push(logs);
  }
}

/** Creates `History` callbacks by the name `history`; it takes no options. */
export const historyFactory: CallbackFactory<Record<string, never> | undefined> = {
  name: 'history',
  create: () => new History(),
};
