import { describe, expect, it } from 'vitest';

import { builtinCallbacks } from './builtin.js';

describe('builtinCallbacks', () => {
  it('registers five factories', () => {
    expect(builtinCallbacks().map((factory) => factory.name)).toEqual([
      'progressBar',
      'earlyStopping',
      'learningRateScheduler',
      'reduceLROnPlateau',
      'history',
    ]);
  });

  it('factories create named callbacks', () => {
    const created = builtinCallbacks().map((factory) => {
      const options = factory.name === 'learningRateScheduler' ? { schedule: { kind: 'constant', learningRate: 0.1 } } : {};
      return factory.create(options as never).name;
    });

    expect(created).toEqual(['progressBar', 'earlyStopping', 'learningRateScheduler', 'reduceLROnPlateau', 'history']);
  });
});
