import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import type { EpochLogs } from './callback.js';
import { ProgressBar } from './progress-bar.js';

function fakeTerminal(isTTY: boolean): { stream: PassThrough & { isTTY: boolean }; output: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, output: () => chunks.join('') };
}

function epochLogs(metrics: Record<string, number>, learningRate: number): EpochLogs {
  return { epoch: 0, metrics, learningRate, durationMs: 1 };
}

/** Waits for the stream's queued chunks to reach the listener. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('ProgressBar', () => {
  it('draws epoch and metrics on TTY', async () => {
    const terminal = fakeTerminal(true);
    const bar = new ProgressBar({ stream: terminal.stream });

    bar.onBatchEnd({ epoch: 0, batch: 0, batchesPerEpoch: 2, size: 4, loss: 0.5 });
    bar.onBatchEnd({ epoch: 0, batch: 1, batchesPerEpoch: 2, size: 4, loss: 0.25 });
    bar.onEpochEnd(epochLogs({ loss: 0.375, val_loss: 0.4 }, 0.01));
    bar.onTrainEnd();
    await flush();

    expect(terminal.output()).toContain('epoch 1 [');
    expect(terminal.output()).toContain('2/2 batches | loss 0.3750 | val_loss 0.4000 | lr 0.0100');
  });

  it('one line per epoch without TTY', async () => {
    const terminal = fakeTerminal(false);
    const bar = new ProgressBar({ stream: terminal.stream });

    bar.onBatchEnd({ epoch: 0, batch: 0, batchesPerEpoch: 1, size: 4, loss: 0.5 });
    bar.onEpochEnd({ epoch: 0, metrics: { loss: 0.5 }, learningRate: 0.1, durationMs: 1500 });
    await flush();

    expect(terminal.output()).toBe('epoch 1 done in 1.5 s | loss 0.5000 | lr 0.100\n');
  });

  it('silent when disabled', async () => {
    const terminal = fakeTerminal(true);
    const bar = new ProgressBar({ stream: terminal.stream, enabled: false });

    bar.onBatchEnd({ epoch: 0, batch: 0, batchesPerEpoch: 1, size: 4, loss: 0.5 });
    bar.onEpochEnd(epochLogs({ loss: 0.5 }, 0.1));
    await flush();

    expect(terminal.output()).toBe('');
  });
});
