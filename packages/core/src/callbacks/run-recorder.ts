import type { RunStore } from '../store/run-store.js';
import type { Callback, EpochLogs } from './callback.js';

/**
 * Records every finished epoch of a run in a run store, so a run that fails later still shows how far it
 * got. The caller marks the run completed or failed, because it also has the evaluation.
 */
export class RunRecorder implements Callback {
  readonly name = 'runRecorder';

  constructor(
    private readonly store: RunStore,
    private readonly runId: string,
  ) {}

  onEpochEnd(logs: EpochLogs): void {
    this.store.appendEpoch(this.runId, logs);
  }
}
