import type { AnyModelFactory } from '@essence/core';

import { cnnModelFactory } from './cnn.js';
import { mlpModelFactory } from './mlp.js';

/** Returns the digit classifiers this app registers in the core's model registry: `mlp` and `cnn`. */
export function digitModelFactories(): AnyModelFactory[] {
  return [mlpModelFactory, cnnModelFactory];
}
