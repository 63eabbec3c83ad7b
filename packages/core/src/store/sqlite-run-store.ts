import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import type { EpochLogs } from '../callbacks/callback.js';
import { ConfigError } from '../errors.js';
import { createLogger } from '../logging/logger.js';
import { InvalidRunDataError, RunNotFoundError, RunStateError } from './run-store-errors.js';
import { applyMigrations } from './run-store-migrations.js';
import { type RunStoreLocation, resolveRunStorePath } from './run-store-path.js';
import type { NewRun, RunRecord, RunStatus, RunStore } from './run-store.js';

const logger = createLogger('core:run-store');

/** Options of `SqliteRunStore`. */
export interface SqliteRunStoreOptions extends RunStoreLocation {
  /** Clock for the created and finished timestamps; defaults to the system clock. */
  readonly now?: () => Date;
}

interface RunRow {
  readonly id: string;
  readonly task: string;
  readonly model: string;
  readonly config: string;
  readonly backend: string;
  readonly versions: string;
  readonly seed: number;
  readonly status: RunStatus;
  readonly created_at: string;
  readonly finished_at: string | null;
  readonly evaluation: string | null;
  readonly checkpoint_path: string | null;
  readonly error: string | null;
}

interface EpochRow {
  readonly epoch: number;
  readonly learning_rate: number;
  readonly duration_ms: number;
}

interface MetricRow {
  readonly epoch: number;
  readonly name: string;
  readonly value: number;
}

/**
 * Run store on an embedded SQLite database (better-sqlite3) in WAL mode, so other processes can read runs
 * while a training process writes. The file defaults to `<home>/.essence/runs.db`; its folder is created,
 * and pending schema migrations are applied on open. Each change runs in a transaction and validates its
 * input first, so a rejected call leaves the stored data unchanged.
 *
 * Numbers that JSON cannot represent (NaN, ±Infinity) in `config` or `evaluation` are stored as null.
 */
export class SqliteRunStore implements RunStore {
  /** Absolute path of the database file. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;

  /**
   * Opens or creates the database and applies pending migrations.
   *
   * @throws RunStoreVersionError when the file was migrated by a newer Essence.
   */
  constructor(options: SqliteRunStoreOptions = {}) {
    this.path = resolveRunStorePath(options);
    this.now = options.now ?? (() => new Date());
    mkdirSync(dirname(this.path), { recursive: true });

    this.db = new Database(this.path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      const applied = applyMigrations(this.db, this.path);
      if (applied.length > 0) logger.info({ path: this.path, versions: applied }, 'migrated run store');
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /**
   * Stores a new run with status `running` and returns it.
   *
   * @throws InvalidRunDataError when `task` or `model` is empty, `seed` is not a safe integer, or `config`
   *   cannot be serialised to JSON.
   */
  createRun(run: NewRun): RunRecord {
    if (run.task.trim() === '' || run.model.trim() === '') {
      throw new InvalidRunDataError(
        `cannot create a run: task and model must be non-empty; got task '${run.task}' and model '${run.model}'.`,
      );
    }
    if (!Number.isSafeInteger(run.seed)) {
      throw new InvalidRunDataError(`cannot create a run: seed must be a safe integer; got ${run.seed}.`);
    }

    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO runs (id, task, model, config, backend, versions, seed, status, created_at)
         VALUES (@id, @task, @model, @config, @backend, @versions, @seed, 'running', @createdAt)`,
      )
      .run({
        id,
        task: run.task,
        model: run.model,
        config: toJson(run.config, 'config'),
        backend: toJson(run.backend, 'backend'),
        versions: toJson(run.versions, 'versions'),
        seed: run.seed,
        createdAt: this.now().toISOString(),
      });

    return this.requireRun(id, 'read the new run');
  }

  /**
   * Appends the logs of one epoch to a running run.
   *
   * @throws InvalidRunDataError when a metric, the learning rate or the duration is not finite, or the
   *   epoch is already stored.
   * @throws RunNotFoundError for an unknown run id.
   * @throws RunStateError when the run has completed or failed.
   */
  appendEpoch(runId: string, logs: EpochLogs): void {
    validateEpochLogs(runId, logs);

    const append = this.db.transaction(() => {
      this.requireRunning(runId, `append epoch ${logs.epoch} to run '${runId}'`);
      const existing = this.db.prepare('SELECT 1 FROM epochs WHERE run_id = ? AND epoch = ?').get(runId, logs.epoch);
      if (existing !== undefined) {
        throw new InvalidRunDataError(
          `cannot append epoch ${logs.epoch} to run '${runId}': that epoch is already stored. Epochs are appended once.`,
        );
      }

      this.db
        .prepare('INSERT INTO epochs (run_id, epoch, learning_rate, duration_ms) VALUES (?, ?, ?, ?)')
        .run(runId, logs.epoch, logs.learningRate, logs.durationMs);
      const insertMetric = this.db.prepare(
        'INSERT INTO epoch_metrics (run_id, epoch, name, position, value) VALUES (?, ?, ?, ?, ?)',
      );
      Object.entries(logs.metrics).forEach(([name, value], position) => {
        insertMetric.run(runId, logs.epoch, name, position, value);
      });
    });
    append.immediate();
  }

  /**
   * Marks a running run as completed, with its evaluation report and best checkpoint path.
   *
   * @throws RunNotFoundError for an unknown run id.
   * @throws RunStateError when the run has already completed or failed.
   * @throws InvalidRunDataError when the evaluation cannot be serialised to JSON.
   */
  completeRun(runId: string, result: { evaluation?: Record<string, unknown>; checkpointPath?: string }): void {
    const evaluation = result.evaluation === undefined ? null : toJson(result.evaluation, 'evaluation');

    const complete = this.db.transaction(() => {
      this.requireRunning(runId, `complete run '${runId}'`);
      this.db
        .prepare(
          `UPDATE runs SET status = 'completed', finished_at = ?, evaluation = ?, checkpoint_path = ? WHERE id = ?`,
        )
        .run(this.now().toISOString(), evaluation, result.checkpointPath ?? null, runId);
    });
    complete.immediate();
  }

  /**
   * Marks a running run as failed and stores the error as `<name>: <message>`.
   *
   * @throws RunNotFoundError for an unknown run id.
   * @throws RunStateError when the run has already completed or failed.
   */
  failRun(runId: string, error: Error): void {
    const fail = this.db.transaction(() => {
      this.requireRunning(runId, `mark run '${runId}' as failed`);
      this.db
        .prepare(`UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`)
        .run(this.now().toISOString(), `${error.name}: ${error.message}`, runId);
    });
    fail.immediate();
  }

  /** Returns the run with its epochs, or undefined for an unknown id. */
  getRun(runId: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row === undefined ? undefined : this.toRecord(row);
  }

  /**
   * Returns runs newest first, optionally only those of `task` and at most `limit` of them.
   *
   * @throws ConfigError when `limit` is not a positive integer.
   */
  listRuns(options: { task?: string; limit?: number } = {}): RunRecord[] {
    const limit = options.limit ?? -1;
    if (options.limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new ConfigError(`run list limit must be a positive integer; got ${options.limit}.`);
    }

    const rows = this.db
      .prepare(
        `SELECT * FROM runs WHERE (@task IS NULL OR task = @task)
         ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
      )
      .all({ task: options.task ?? null, limit }) as RunRow[];
    return rows.map((row) => this.toRecord(row));
  }

  /** Closes the database; later calls fail. Closing twice is harmless. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private requireRun(runId: string, action: string): RunRecord {
    const run = this.getRun(runId);
    if (run === undefined) throw new RunNotFoundError(runId, action);
    return run;
  }

  private requireRunning(runId: string, action: string): void {
    const row = this.db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as
      | { readonly status: RunStatus }
      | undefined;
    if (row === undefined) throw new RunNotFoundError(runId, action);
    if (row.status !== 'running') {
      throw new RunStateError(
        `cannot ${action}: the run has already ${row.status}, and only running runs can change. Start a new run.`,
      );
    }
  }

  private toRecord(row: RunRow): RunRecord {
    return {
      id: row.id,
      task: row.task,
      model: row.model,
      config: JSON.parse(row.config) as Record<string, unknown>,
      backend: JSON.parse(row.backend) as NewRun['backend'],
      versions: JSON.parse(row.versions) as Record<string, string>,
      seed: row.seed,
      status: row.status,
      createdAt: row.created_at,
      ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
      epochs: this.readEpochs(row.id),
      ...(row.evaluation === null ? {} : { evaluation: JSON.parse(row.evaluation) as Record<string, unknown> }),
      ...(row.checkpoint_path === null ? {} : { checkpointPath: row.checkpoint_path }),
      ...(row.error === null ? {} : { error: row.error }),
    };
  }

  private readEpochs(runId: string): EpochLogs[] {
    const epochs = this.db
      .prepare('SELECT epoch, learning_rate, duration_ms FROM epochs WHERE run_id = ? ORDER BY epoch')
      .all(runId) as EpochRow[];
    const metrics = this.db
      .prepare('SELECT epoch, name, value FROM epoch_metrics WHERE run_id = ? ORDER BY epoch, position')
      .all(runId) as MetricRow[];

    const byEpoch = new Map<number, Record<string, number>>();
    for (const metric of metrics) {
      const values = byEpoch.get(metric.epoch) ?? {};
      values[metric.name] = metric.value;
      byEpoch.set(metric.epoch, values);
    }

    return epochs.map((epoch) => ({
      epoch: epoch.epoch,
      metrics: byEpoch.get(epoch.epoch) ?? {},
      learningRate: epoch.learning_rate,
      durationMs: epoch.duration_ms,
    }));
  }
}

function validateEpochLogs(runId: string, logs: EpochLogs): void {
  const where = `epoch ${logs.epoch} of run '${runId}'`;
  if (!Number.isSafeInteger(logs.epoch) || logs.epoch < 0) {
    throw new InvalidRunDataError(`cannot store ${where}: the epoch must be a non-negative integer.`);
  }

  for (const [name, value] of Object.entries(logs.metrics)) {
    if (!Number.isFinite(value)) {
      throw new InvalidRunDataError(
        `cannot store ${where}: metric '${name}' is ${value}, but stored metrics must be finite. ` +
          'Training has probably diverged; fail the run instead.',
      );
    }
  }
  if (!Number.isFinite(logs.learningRate)) {
    throw new InvalidRunDataError(`cannot store ${where}: the learning rate is ${logs.learningRate}, not a finite number.`);
  }
  if (!Number.isFinite(logs.durationMs) || logs.durationMs < 0) {
    throw new InvalidRunDataError(`cannot store ${where}: the duration is ${logs.durationMs} ms, not a finite non-negative number.`);
  }
}

function toJson(value: unknown, field: string): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new InvalidRunDataError(
      `cannot store the run's ${field}: it is not serialisable to JSON (${(error as Error).message}). ` +
        'Pass plain objects, arrays, strings, numbers and booleans.',
      { cause: error },
    );
  }
}
