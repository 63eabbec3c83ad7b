import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { learningRateAt, parseLearningRateSchedule } from './learning-rate-schedule.js';

interface ScheduleCase {
  readonly name: string;
  readonly config: unknown;
  readonly epoch: number;
  readonly expected: number;
}

const cases: readonly ScheduleCase[] = [
  { name: 'constant', config: { kind: 'constant', learningRate: 0.01 }, epoch: 7, expected: 0.01 },
  { name: 'step before drop', config: { kind: 'step', initialLearningRate: 0.1, decayEvery: 3, decayRate: 0.5 }, epoch: 2, expected: 0.1 },
  { name: 'step after two drops', config: { kind: 'step', initialLearningRate: 0.1, decayEvery: 3, decayRate: 0.5 }, epoch: 6, expected: 0.025 },
  { name: 'exponential epoch 0', config: { kind: 'exponential', initialLearningRate: 0.1, decayRate: 0.9 }, epoch: 0, expected: 0.1 },
  { name: 'exponential epoch 2', config: { kind: 'exponential', initialLearningRate: 0.1, decayRate: 0.9 }, epoch: 2, expected: 0.081 },
  { name: 'cosine start', config: { kind: 'cosine', initialLearningRate: 0.1, decayEpochs: 10 }, epoch: 0, expected: 0.1 },
  { name: 'cosine midpoint', config: { kind: 'cosine', initialLearningRate: 0.1, decayEpochs: 10 }, epoch: 5, expected: 0.05 },
  { name: 'cosine end', config: { kind: 'cosine', initialLearningRate: 0.1, minLearningRate: 0.001, decayEpochs: 10 }, epoch: 10, expected: 0.001 },
  { name: 'cosine past end', config: { kind: 'cosine', initialLearningRate: 0.1, minLearningRate: 0.001, decayEpochs: 10 }, epoch: 25, expected: 0.001 },
  { name: 'warm-up first epoch', config: { kind: 'cosine', initialLearningRate: 0.1, decayEpochs: 10, warmupEpochs: 4 }, epoch: 0, expected: 0.02 },
  { name: 'warm-up last epoch', config: { kind: 'cosine', initialLearningRate: 0.1, decayEpochs: 10, warmupEpochs: 4 }, epoch: 3, expected: 0.08 },
  { name: 'cosine after warm-up', config: { kind: 'cosine', initialLearningRate: 0.1, decayEpochs: 10, warmupEpochs: 4 }, epoch: 4, expected: 0.1 },
];

describe('learningRateAt', () => {
  it.each(cases)('$name', ({ config, epoch, expected }) => {
    expect(learningRateAt(parseLearningRateSchedule(config), epoch)).toBeCloseTo(expected, 10);
  });

  it('rejects negative epoch', () => {
    const config = parseLearningRateSchedule({ kind: 'constant', learningRate: 0.1 });

    expect(() => learningRateAt(config, -1)).toThrow(ConfigError);
  });
});

describe('parseLearningRateSchedule', () => {
  it('fills cosine defaults', () => {
    const config = parseLearningRateSchedule({ kind: 'cosine', initialLearningRate: 0.1, decayEpochs: 5 });

    expect(config).toEqual({ kind: 'cosine', initialLearningRate: 0.1, minLearningRate: 0, decayEpochs: 5, warmupEpochs: 0 });
  });

  it.each([
    { name: 'unknown kind', raw: { kind: 'linear', learningRate: 0.1 } },
    { name: 'zero learning rate', raw: { kind: 'constant', learningRate: 0 } },
    { name: 'decay rate above 1', raw: { kind: 'exponential', initialLearningRate: 0.1, decayRate: 1.5 } },
    { name: 'fractional decayEvery', raw: { kind: 'step', initialLearningRate: 0.1, decayEvery: 1.5, decayRate: 0.5 } },
    { name: 'minimum above initial', raw: { kind: 'cosine', initialLearningRate: 0.1, minLearningRate: 0.2, decayEpochs: 5 } },
    { name: 'unknown field', raw: { kind: 'constant', learningRate: 0.1, gamma: 0.5 } },
  ])('rejects $name', ({ raw }) => {
    expect(() => parseLearningRateSchedule(raw)).toThrow(ConfigError);
  });

  it('names invalid field', () => {
    expect(() => parseLearningRateSchedule({ kind: 'step', initialLearningRate: 0.1, decayEvery: 0, decayRate: 0.5 })).toThrow(
      /decayEvery/,
    );
  });
});
