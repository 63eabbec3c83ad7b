import type { EpochLogs } from '../callbacks/callback.js';

export type RunStatus = 'running' | 'completed' | 'failed';

/** What is known about a run when it starts. */
export interface NewRun {
  /** The app or task, e.g. `image-classifier`. */
  readonly task: string;
  readonly model: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly backend: { readonly name: string; readonly notes: readonly string[] };
  readonly versions: Readonly<Record<string, string>>;
  readonly seed: number;
}

/** One stored run with everything recorded so far. */
export interface RunRecord extends NewRun {
  readonly id: string;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly epochs: readonly EpochLogs[];
  readonly evaluation?: Readonly<Record<string, unknown>>;
  readonly checkpointPath?: string;
  readonly error?: string;
}

/**
 * Persistence for runs. The embedded default is SQLite; another store (a server database) implements
 * the same interface.
 */
export interface RunStore {
  createRun(run: NewRun): RunRecord;
  appendEpoch(runId: string, logs: EpochLogs): void;
  completeRun(runId: string, result: { evaluation?: Record<string, unknown>; checkpointPath?: string }): void;
  failRun(runId: string, error: Error): void;
  getRun(runId: string): RunRecord | undefined;
  listRuns(options?: { task?: string; limit?: number }): RunRecord[];
  close(): void;
}
