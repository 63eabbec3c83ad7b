import type { CallbackFactory } from './callback.js';

/** The callbacks every composition root starts with. */
export function builtinCallbacks(): CallbackFactory<never>[] {
  return [];
}
