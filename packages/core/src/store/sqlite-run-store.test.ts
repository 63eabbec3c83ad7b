import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { EpochLogs } from '../callbacks/callback.js';
import { InvalidRunDataError, RunNotFoundError, RunStateError, RunStoreVersionError } from './run-store-errors.js';
import { applyMigrations } from './run-store-migrations.js';
import { resolveRunStorePath } from './run-store-path.js';
import type { NewRun } from './run-store.js';
import { SqliteRunStore } from './sqlite-run-store.js';

const newRun: NewRun = {
  task: 'image-classifier',
  model: 'mlp',
  config: { hidden: [64], epochs: 3 },
  backend: { name: 'wasm', notes: ['tensorflow skipped: no native binding'] },
  versions: { '@essence/core': '0.1.0', '@tensorflow/tfjs-core': '4.22.0' },
  seed: 42,
};

function epoch(index: number, loss: number): EpochLogs {
  return { epoch: index, metrics: { loss, accuracy: 0.5 + index / 10 }, learningRate: 0.01, durationMs: 120 + index };
}

// A clock that advances one second per call, so creation order is deterministic.
function steppingClock(): () => Date {
  let seconds = 0;
  return () => new Date(Date.UTC(2025, 0, 1, 0, 0, seconds++));
}

let home: string;
let dbPath: string;
const stores: SqliteRunStore[] = [];

function openStore(): SqliteRunStore {
  const store = new SqliteRunStore({ path: dbPath, now: steppingClock() });
  stores.push(store);
  return store;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'essence-store-'));
  dbPath = join(home, 'runs.db');
});

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  await rm(home, { recursive: true, force: true });
});

describe('SqliteRunStore', () => {
  it('creates a running run', () => {
    const store = openStore();

    const run = store.createRun(newRun);

    expect(run.status).toBe('running');
    expect(run.createdAt).toBe('2025-01-01T00:00:00.000Z');
    expect(run.epochs).toEqual([]);
    expect(run).toMatchObject(newRun);
    expect(store.getRun(run.id)).toEqual(run);
  });

  it('appends and completes', () => {
    const store = openStore();
    const run = store.createRun(newRun);

    store.appendEpoch(run.id, epoch(0, 0.9));
    store.appendEpoch(run.id, epoch(1, 0.7));
    store.completeRun(run.id, { evaluation: { accuracy: 0.93 }, checkpointPath: '/tmp/best' });
    const stored = store.getRun(run.id);

    expect(stored?.status).toBe('completed');
    expect(stored?.epochs).toEqual([epoch(0, 0.9), epoch(1, 0.7)]);
    expect(stored?.evaluation).toEqual({ accuracy: 0.93 });
    expect(stored?.checkpointPath).toBe('/tmp/best');
    expect(stored?.finishedAt).toBe('2025-01-01T00:00:01.000Z');
  });

  it('keeps metric order', () => {
    const store = openStore();
    const run = store.createRun(newRun);
    const logs: EpochLogs = { epoch: 0, metrics: { val_loss: 1, loss: 2, accuracy: 0.3 }, learningRate: 0.1, durationMs: 5 };

    store.appendEpoch(run.id, logs);

    expect(Object.keys(store.getRun(run.id)?.epochs[0]?.metrics ?? {})).toEqual(['val_loss', 'loss', 'accuracy']);
  });

  it('fails a run with its error', () => {
    const store = openStore();
    const run = store.createRun(newRun);

    store.failRun(run.id, new TypeError('loss is NaN'));
    const stored = store.getRun(run.id);

    expect(stored?.status).toBe('failed');
    expect(stored?.error).toBe('TypeError: loss is NaN');
    expect(stored?.finishedAt).toBeDefined();
  });

  it('lists newest first by task', () => {
    const store = openStore();
    const first = store.createRun(newRun);
    const other = store.createRun({ ...newRun, task: 'text-classifier' });
    const second = store.createRun(newRun);

    expect(store.listRuns().map((run) => run.id)).toEqual([second.id, other.id, first.id]);
    expect(store.listRuns({ task: 'image-classifier' }).map((run) => run.id)).toEqual([second.id, first.id]);
    expect(store.listRuns({ limit: 1 }).map((run) => run.id)).toEqual([second.id]);
  });

  it('rejects invalid list limit', () => {
    const store = openStore();

    expect(() => store.listRuns({ limit: 0 })).toThrow(/positive integer; got 0/);
  });

  it('unknown run is undefined', () => {
    expect(openStore().getRun('missing')).toBeUndefined();
  });

  it('reopened file reads back', () => {
    const store = openStore();
    const run = store.createRun(newRun);
    store.appendEpoch(run.id, epoch(0, 0.9));
    store.completeRun(run.id, { evaluation: { accuracy: 0.9, protocol: { split: 'test' } } });
    const before = store.getRun(run.id);
    store.close();

    const reopened = openStore();

    expect(reopened.getRun(run.id)).toEqual(before);
  });

  it('creates home folder at default path', () => {
    const store = new SqliteRunStore({ home: join(home, 'project') });
    stores.push(store);

    expect(store.path).toBe(join(home, 'project', '.essence', 'runs.db'));
    expect(existsSync(store.path)).toBe(true);
  });
});

describe('resolveRunStorePath', () => {
  it.each([
    { name: 'explicit path wins', location: { path: '/data/runs.db', home: '/h' }, env: { ESSENCE_HOME: '/e' }, expected: '/data/runs.db' },
    { name: 'home option beats env', location: { home: '/h' }, env: { ESSENCE_HOME: '/e' }, expected: '/h/.essence/runs.db' },
    { name: 'env home', location: {}, env: { ESSENCE_HOME: '/e' }, expected: '/e/.essence/runs.db' },
    { name: 'empty env falls back to cwd', location: {}, env: { ESSENCE_HOME: '' }, expected: join(process.cwd(), '.essence', 'runs.db') },
  ])('$name', ({ location, env, expected }) => {
    expect(resolveRunStorePath(location, env)).toBe(expected);
  });
});

describe('SqliteRunStore rejected changes', () => {
  it.each([
    { name: 'appendEpoch', change: (store: SqliteRunStore) => store.appendEpoch('missing', epoch(0, 1)) },
    { name: 'completeRun', change: (store: SqliteRunStore) => store.completeRun('missing', {}) },
    { name: 'failRun', change: (store: SqliteRunStore) => store.failRun('missing', new Error('x')) },
  ])('$name on unknown run', ({ change }) => {
    const store = openStore();
    store.createRun(newRun);
    const before = store.listRuns();

    expect(() => change(store)).toThrow(RunNotFoundError);
    expect(() => change(store)).toThrow(/no run with id 'missing' exists/);
    expect(store.listRuns()).toEqual(before);
  });

  it.each([
    { name: 'NaN metric', logs: { ...epoch(1, Number.NaN) }, message: /metric 'loss' is NaN/ },
    { name: 'infinite metric', logs: { ...epoch(1, Number.POSITIVE_INFINITY) }, message: /metric 'loss' is Infinity/ },
    { name: 'NaN learning rate', logs: { ...epoch(1, 0.5), learningRate: Number.NaN }, message: /learning rate is NaN/ },
    { name: 'negative epoch', logs: { ...epoch(1, 0.5), epoch: -1 }, message: /non-negative integer/ },
    { name: 'repeated epoch', logs: epoch(0, 0.4), message: /epoch 0 .* already stored/ },
  ])('$name leaves run unchanged', ({ logs, message }) => {
    const store = openStore();
    const run = store.createRun(newRun);
    store.appendEpoch(run.id, epoch(0, 0.9));
    const before = store.getRun(run.id);

    expect(() => store.appendEpoch(run.id, logs)).toThrow(InvalidRunDataError);
    expect(() => store.appendEpoch(run.id, logs)).toThrow(message);
    expect(store.getRun(run.id)).toEqual(before);
  });

  it.each([
    { name: 'completing completed run', finish: 'complete', change: 'complete' },
    { name: 'failing completed run', finish: 'complete', change: 'fail' },
    { name: 'completing failed run', finish: 'fail', change: 'complete' },
    { name: 'appending to failed run', finish: 'fail', change: 'append' },
  ] as const)('$name is rejected', ({ finish, change }) => {
    const store = openStore();
    const run = store.createRun(newRun);
    if (finish === 'complete') store.completeRun(run.id, { evaluation: { accuracy: 0.9 } });
    else store.failRun(run.id, new Error('out of memory'));
    const before = store.getRun(run.id);

    const apply = (): void => {
      if (change === 'complete') store.completeRun(run.id, { evaluation: { accuracy: 0.1 } });
      else if (change === 'fail') store.failRun(run.id, new Error('late failure'));
      else store.appendEpoch(run.id, epoch(5, 0.1));
    };

    expect(apply).toThrow(RunStateError);
    expect(apply).toThrow(/has already (completed|failed)/);
    expect(store.getRun(run.id)).toEqual(before);
  });

  it('rejects non-integer seed', () => {
    const store = openStore();

    expect(() => store.createRun({ ...newRun, seed: 1.5 })).toThrow(/seed must be a safe integer; got 1.5/);
    expect(store.listRuns()).toEqual([]);
  });

  it('rejects unserialisable config', () => {
    const store = openStore();

    expect(() => store.createRun({ ...newRun, config: { size: 10n } })).toThrow(/config: it is not serialisable/);
    expect(store.listRuns()).toEqual([]);
  });
});

describe('run store migrations', () => {
  it('apply once and skip on reopen', () => {
    openStore().close();
    const db = new Database(dbPath);

    const appliedAgain = applyMigrations(db, dbPath);
    const recorded = db.prepare('SELECT version FROM schema_migrations').pluck().all();
    db.close();

    expect(appliedAgain).toEqual([]);
    expect(recorded).toEqual([1]);
  });

  it('apply to a fresh database', () => {
    const db = new Database(dbPath);

    const applied = applyMigrations(db, dbPath);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    db.close();

    expect(applied).toEqual([1]);
    expect(tables).toEqual(['epoch_metrics', 'epochs', 'runs', 'schema_migrations']);
  });

  it('newer schema is rejected', () => {
    openStore().close();
    const db = new Database(dbPath);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'now')").run();
    db.close();

    expect(() => openStore()).toThrow(RunStoreVersionError);
  });
});

describe('run store WAL mode', () => {
  it('uses write-ahead logging', () => {
    openStore();
    const reader = new Database(dbPath, { readonly: true });

    const mode = reader.pragma('journal_mode', { simple: true });
    reader.close();

    expect(mode).toBe('wal');
  });

  it('writer commits during open read', () => {
    const store = openStore();
    const run = store.createRun(newRun);
    const reader = new Database(dbPath, { readonly: true });
    const countEpochs = reader.prepare('SELECT COUNT(*) FROM epochs').pluck();

    reader.exec('BEGIN');
    const before = countEpochs.get();
    store.appendEpoch(run.id, epoch(0, 0.9));
    const duringSnapshot = countEpochs.get();
    reader.exec('COMMIT');
    const after = countEpochs.get();
    reader.close();

    expect(before).toBe(0);
    expect(duringSnapshot).toBe(0);
    expect(after).toBe(1);
  });

  it('second process reads during write', () => {
    const store = openStore();
    const run = store.createRun(newRun);
    const writer = new Database(dbPath);
    writer.pragma('busy_timeout = 0');
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare("UPDATE runs SET status = 'failed' WHERE id = ?").run(run.id);

    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1], { readonly: true });
      process.stdout.write(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(process.argv[2]));
      db.close();
    `;
    // The child resolves better-sqlite3 from its working directory, this package.
    const seen = execFileSync(process.execPath, ['-e', script, dbPath, run.id], {
      encoding: 'utf8',
      cwd: dirname(fileURLToPath(import.meta.url)),
    });
    writer.exec('ROLLBACK');
    writer.close();

    expect(seen).toBe('running');
  });
});
