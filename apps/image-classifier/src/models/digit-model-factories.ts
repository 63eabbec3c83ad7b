import type { ModelFactory } from '@essence/core';

import { cnnModelFactory } from './cnn.js';
import { mlpModelFactory } from './mlp.js';

/**
 * Returns the digit classifiers this app registers in the core's model registry: `mlp` and `cnn`.
 *
 * The element type is `ModelFactory<never>` because that is what `Essence.models` stores. A typed factory
 * is not assignable to it (zod's `ZodType<Config>` does not widen to `ZodType<never>`), hence the casts.
 * Callers parse a raw config with `configSchema` before calling `build`, which keeps the two consistent.
 */
export function digitModelFactories(): ModelFactory<never>[] {
  return [mlpModelFactory as ModelFactory<never>, cnnModelFactory as ModelFactory<never>];
}
