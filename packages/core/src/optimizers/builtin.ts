import type { OptimizerFactory } from './optimizer-factory.js';

/** The optimizers every composition root starts with. */
export function builtinOptimizers(): OptimizerFactory[] {
  return [];
}
