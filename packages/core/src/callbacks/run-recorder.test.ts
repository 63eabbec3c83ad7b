import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { RunRecorder } from './run-recorder.js';

describe('RunRecorder', () => {
  const directories: string[] = [];

  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('appends each epoch to the run', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'essence-recorder-'));
    directories.push(home);
    const store = new SqliteRunStore({ home });
    const run = store.createRun({
      task: 'test',
      model: 'mlp',
      config: {},
      backend: { name: 'cpu', notes: [] },
      versions: {},
      seed: 1,
    });
    const recorder = new RunRecorder(store, run.id);

    recorder.onEpochEnd({ epoch: 0, metrics: { loss: 0.5 }, learningRate: 0.001, durationMs: 10 });
    recorder.onEpochEnd({ epoch: 1, metrics: { loss: 0.25 }, learningRate: 0.001, durationMs: 10 });

    const stored = store.getRun(run.id);
    store.close();
    expect(stored?.epochs.map((epoch) => epoch.metrics.loss)).toEqual([0.5, 0.25]);
  });
});
