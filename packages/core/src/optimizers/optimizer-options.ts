import { z } from 'zod';

import { ConfigError } from '../errors.js';
import type { OptimizerOptions } from './optimizer-factory.js';

/** Schema of `OptimizerOptions`: every rate positive and finite, every decay coefficient in [0, 1). */
export const optimizerOptionsSchema = z.object({
  learningRate: z.number().positive().finite(),
  momentum: z.number().min(0).lt(1).optional(),
  beta1: z.number().min(0).lt(1).optional(),
  beta2: z.number().min(0).lt(1).optional(),
  epsilon: z.number().positive().finite().optional(),
  weightDecay: z.number().min(0).finite().optional(),
});

/**
 * Validates the options of optimizer `name`.
 *
 * @throws ConfigError naming each invalid option.
 */
export function parseOptimizerOptions(name: string, options: OptimizerOptions): OptimizerOptions {
  const result = optimizerOptionsSchema.safeParse(options);
  if (!result.success) {
    throw new ConfigError(`invalid options for optimizer '${name}':\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }

  return result.data;
}
