import { z } from 'zod';

import { ConfigError } from '../errors.js';

const rate = z.number().positive().finite();
const decayRate = z.number().positive().max(1);

/**
 * Schema of a serialisable learning-rate schedule. Epochs are 0-based, so `learningRateAt(config, 0)` is
 * the rate of the first epoch.
 *
 * - `constant`: `learningRate` every epoch.
 * - `step`: `initialLearningRate * decayRate ^ floor(epoch / decayEvery)`.
 * - `exponential`: `initialLearningRate * decayRate ^ epoch`.
 * - `cosine`: a linear warm-up over `warmupEpochs` epochs up to `initialLearningRate`, then a half cosine
 *   from `initialLearningRate` down to `minLearningRate` over `decayEpochs` epochs, then
 *   `minLearningRate`.
 */
export const learningRateScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), learningRate: rate }).strict(),
  z
    .object({
      kind: z.literal('step'),
      initialLearningRate: rate,
      decayEvery: z.number().int().positive(),
      decayRate,
    })
    .strict(),
  z.object({ kind: z.literal('exponential'), initialLearningRate: rate, decayRate }).strict(),
  z
    .object({
      kind: z.literal('cosine'),
      initialLearningRate: rate,
      minLearningRate: z.number().min(0).finite().default(0),
      decayEpochs: z.number().int().positive(),
      warmupEpochs: z.number().int().min(0).default(0),
    })
    .strict()
    .refine((config) => config.minLearningRate < config.initialLearningRate, {
      message: 'minLearningRate must be below initialLearningRate',
      path: ['minLearningRate'],
    }),
]);

/** A validated learning-rate schedule config with defaults filled in. */
export type LearningRateScheduleConfig = z.output<typeof learningRateScheduleSchema>;

/**
 * Validates a raw schedule config (from a CLI flag, a JSON file or a checkpoint) and fills defaults.
 *
 * @throws ConfigError naming each invalid field.
 */
export function parseLearningRateSchedule(raw: unknown): LearningRateScheduleConfig {
  const result = learningRateScheduleSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`invalid learning-rate schedule:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }

  return result.data;
}

/**
 * Returns the learning rate of a 0-based `epoch` under `config`; a pure function.
 *
 * @throws ConfigError when `epoch` is not a non-negative integer.
 */
export function learningRateAt(config: LearningRateScheduleConfig, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new ConfigError(`epoch must be a non-negative integer; got ${epoch}`);
  }

  switch (config.kind) {
    case 'constant':
      return config.learningRate;
    case 'step':
      return config.initialLearningRate * config.decayRate ** Math.floor(epoch / config.decayEvery);
    case 'exponential':
      return config.initialLearningRate * config.decayRate ** epoch;
    case 'cosine':
      return cosineLearningRateAt(config, epoch);
  }
}

function cosineLearningRateAt(config: Extract<LearningRateScheduleConfig, { kind: 'cosine' }>, epoch: number): number {
  // Warm-up ends one step below the peak, so the rate rises every warm-up epoch and the cosine part
  // starts exactly at initialLearningRate.
  if (epoch < config.warmupEpochs) {
    return (config.initialLearningRate * (epoch + 1)) / (config.warmupEpochs + 1);
  }

  const progress = Math.min(epoch - config.warmupEpochs, config.decayEpochs) / config.decayEpochs;
  const span = config.initialLearningRate - config.minLearningRate;
  return config.minLearningRate + 0.5 * span * (1 + Math.cos(Math.PI * progress));
}
