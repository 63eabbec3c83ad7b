import { describe, expect, it } from 'vitest';

import { builtinCallbacks } from './builtin.js';

describe('builtinCallbacks', () => {
  it('registers six factories', () => {
    expect(builtinCallbacks().map((factory) => factory.name)).toEqual([
      'progressBar',
      'earlyStopping',
      'learningRateScheduler',
      'reduceLROnPlateau',
      'history',
      'bestCheckpoint',
    ]);
  });

  it('factories create named callbacks', () => {
    const created = builtinCallbacks().map((factory) => {
      const requiredOptions: Record<string, unknown> = {
        learningRateScheduler: { schedule: { kind: 'constant', learningRate: 0.1 } },
        bestCheckpoint: { directory: 'unused-checkpoint-directory' },
      };
      const options = requiredOptions[factory.name] ?? {};
      return factory.create(options as never).name;
    });

    expect(created).toEqual([
      'progressBar',
      'earlyStopping',
      'learningRateScheduler',
      'reduceLROnPlateau',
      'history',
      'bestCheckpoint',
    ]);
  });
});
