import { describe, expect, it } from 'vitest';

import { formatRunDetails, formatRunTable } from './format-runs.js';
import type { RunRecord } from './run-store.js';

const completed: RunRecord = {
  id: 'a1',
  task: 'image-classifier',
  model: 'mlp',
  config: { hidden: [64] },
  backend: { name: 'wasm', notes: ['tensorflow skipped: no native binding'] },
  versions: { '@essence/core': '0.1.0' },
  seed: 42,
  status: 'completed',
  createdAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:05:00.000Z',
  epochs: [
    { epoch: 0, metrics: { loss: 0.91234, val_loss: 0.8 }, learningRate: 0.001, durationMs: 1500 },
    { epoch: 1, metrics: { loss: 0.5, val_loss: 0.61 }, learningRate: 0.0005, durationMs: 1450 },
  ],
  evaluation: {
    accuracy: 0.9312,
    logLoss: 0.2,
    protocol: { datasetName: 'mnist', split: 'test', seed: 42, size: 10000, xSha256: 'abc', ySha256: 'def' },
    perClass: [
      { className: 'zero', precision: 0.95, recall: 0.9, f1: 0.924, support: 980 },
      { className: 'one', precision: 1, recall: 0.5, f1: 0.667, support: 1135 },
    ],
  },
  checkpointPath: '/runs/best',
};

const failed: RunRecord = {
  ...completed,
  id: 'b2-longer-id',
  model: 'cnn',
  status: 'failed',
  epochs: [],
  evaluation: undefined,
  checkpointPath: undefined,
  error: 'Error: out of memory',
};

describe('formatRunTable', () => {
  it('aligns columns', () => {
    expect(formatRunTable([completed, failed])).toBe(
      [
        'ID            TASK              MODEL  STATUS     EPOCHS    LOSS  VAL_LOSS  EVAL_ACC  CREATED',
        'a1            image-classifier  mlp    completed       2  0.5000    0.6100    0.9312  2025-01-01T00:00:00.000Z',
        'b2-longer-id  image-classifier  cnn    failed          0       -         -         -  2025-01-01T00:00:00.000Z',
      ].join('\n'),
    );
  });

  it('empty list prints notice', () => {
    expect(formatRunTable([])).toBe('No runs found.');
  });
});

describe('formatRunDetails', () => {
  const details = formatRunDetails(completed);

  it.each([
    'Run         a1',
    'Backend     wasm (tensorflow skipped: no native binding)',
    'Versions    @essence/core 0.1.0',
    'Checkpoint  /runs/best',
    '  EPOCH    LOSS  VAL_LOSS        LR  TIME',
    '      0  0.9123    0.8000    0.0010  1.5s',
    '      1  0.5000    0.6100  5.000e-4  1.4s',
    '  accuracy  0.9312',
    '  protocol: dataset mnist, split test, 10000 examples, seed 42',
    '  x sha256: abc',
    '  zero      0.9500  0.9000  0.9240      980',
  ])('contains %s', (line) => {
    expect(details.split('\n')).toContain(line);
  });

  it('failed run shows error', () => {
    const text = formatRunDetails(failed);

    expect(text).toContain('Error       Error: out of memory');
    expect(text).toContain('(none recorded)');
    expect(text).not.toContain('Evaluation');
  });
});
