import type { Loss } from './loss.js';

/** The losses every composition root starts with. */
export function builtinLosses(): Loss[] {
  return [];
}
