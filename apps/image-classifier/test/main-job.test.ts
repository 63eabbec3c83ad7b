import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SqliteRunStore } from '@essence/core';
import { loadMnistTest } from '@essence/datasets';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runMainJob, type MainJobResult } from '../src/main-job.js';
import type { PredictResponseBody } from './fixtures/service-harness.js';

// One short epoch on wasm keeps this end-to-end run under a minute on two cores. The accuracy of the
// default settings is measured by running the main job itself, not here.
describe('main job', () => {
  let home: string;
  let first: MainJobResult;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'essence-main-job-'));
    first = await runMainJob({
      home,
      backend: 'wasm',
      port: 0,
      handleSignals: false,
      training: { epochs: 1 },
    });
  });

  afterAll(async () => {
    await first?.served?.server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('trains, evaluates on the official test set and records the run', () => {
    const store = new SqliteRunStore({ home });
    const run = store.getRun(first.training.runId);
    store.close();

    expect(first.training.reused).toBe(false);
    expect(first.training.model).toBe('mlp');
    expect(first.training.evaluation.protocol.size).toBe(10_000);
    expect(first.training.evaluation.accuracy).toBeGreaterThan(0.85);
    expect(run?.status).toBe('completed');
    expect(run?.epochs).toHaveLength(1);
    expect(run?.backend.name).toBe('wasm');
    expect(run?.checkpointPath).toBe(first.training.checkpointDirectory);
  });

  it('serves the checkpoint once golden outputs match', async () => {
    const served = first.served;
    expect(served).toBeDefined();
    const readiness = await served!.service.warmUp;
    expect(readiness).toEqual({ ready: true });

    const response = await fetch(`${served!.server.url}/readyz`);
    expect(response.status).toBe(200);
  });

  it('classifies a test digit sent as PNG', async () => {
    const test = await loadMnistTest();
    const pixels = Buffer.from(Array.from(test.x.subarray(0, 784), (value) => Math.round(value * 255)));
    const png = await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();

    const response = await fetch(`${first.served!.server.url}/v1/predict`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    const body = (await response.json()) as PredictResponseBody;

    expect(response.status).toBe(200);
    const prediction = body.predictions[0];
    expect(prediction?.digitFound).toBe(true);
    if (prediction?.digitFound === true) expect(prediction.topK[0]?.label).toBe(String(test.y[0]));
  });

  it('reuses the checkpoint when nothing changed', async () => {
    const second = await runMainJob({ home, backend: 'wasm', serve: false, training: { epochs: 1 } });

    expect(second.training.reused).toBe(true);
    expect(second.training.evaluation.accuracy).toBe(first.training.evaluation.accuracy);
    expect(second.training.runId).not.toBe(first.training.runId);
  });
});
