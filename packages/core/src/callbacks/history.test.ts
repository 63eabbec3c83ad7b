import { describe, expect, it } from 'vitest';

import type { EpochLogs } from './callback.js';
import { History } from './history.js';

function epochLogs(epoch: number, loss: number): EpochLogs {
  return { epoch, metrics: { loss }, learningRate: 0.1, durationMs: 1 };
}

describe('History', () => {
  it('records epochs in order', () => {
    const history = new History();

    history.onEpochEnd(epochLogs(0, 2));
    history.onEpochEnd(epochLogs(1, 1));

    expect(history.epochs.map((logs) => logs.metrics.loss)).toEqual([2, 1]);
  });

  it('train begin clears records', () => {
    const history = new History();

    history.onEpochEnd(epochLogs(0, 3));
    history.onTrainBegin();

    expect(history.epochs).toEqual([]);
  });
});
