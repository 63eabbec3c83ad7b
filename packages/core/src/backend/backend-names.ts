/**
 * Names of the tfjs backends Essence can train on, in order of preference: the first one that loads is
 * the default.
 */
export const BACKEND_PREFERENCE = ['tensorflow', 'native', 'wasm', 'cpu'] as const;

/** Name of a tfjs backend Essence can train on. */
export type BackendName = (typeof BACKEND_PREFERENCE)[number];

/** Request value that selects the default preference order, so `--backend auto` can override `ESSENCE_BACKEND`. */
export const AUTO_BACKEND = 'auto';

/** Returns whether `value` is one of the names in {@link BACKEND_PREFERENCE}. */
export function isBackendName(value: string): value is BackendName {
  return (BACKEND_PREFERENCE as readonly string[]).includes(value);
}
