import { AUTO_BACKEND, type BackendName, isBackendName } from './backend-names.js';
import { UnknownBackendError } from './backend-errors.js';

/** Source of a backend request: the `--backend` flag or the `ESSENCE_BACKEND` variable. */
export type BackendRequestSource = 'flag' | 'env';

/** An explicit backend request; `auto` requests are returned as undefined. */
export interface BackendRequest {
  readonly name: BackendName;
  readonly source: BackendRequestSource;
}

/** Environment variable that requests a backend when no `--backend` flag is given. */
export const BACKEND_ENV_VAR = 'ESSENCE_BACKEND';

/**
 * Reads the requested backend from the `--backend` flag value or, without one, from `ESSENCE_BACKEND`.
 *
 * Values are trimmed and compared case-insensitively; an empty value counts as unset. `auto` (from
 * either source) returns undefined, which selects the first available backend in preference order, so
 * `--backend auto` overrides `ESSENCE_BACKEND`.
 *
 * @throws UnknownBackendError when the value names no backend.
 */
export function readBackendRequest(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): BackendRequest | undefined {
  const fromFlag = normalize(flag);
  const fromEnv = normalize(env[BACKEND_ENV_VAR]);
  const value = fromFlag ?? fromEnv;
  if (value === undefined || value === AUTO_BACKEND) return undefined;

  const source: BackendRequestSource = fromFlag !== undefined ? 'flag' : 'env';
  if (!isBackendName(value)) throw new UnknownBackendError(value, describeRequestSource(source));
  return { name: value, source };
}

/** Returns how a message names a request's source, e.g. "the --backend flag". */
export function describeRequestSource(source: BackendRequestSource): string {
  return source === 'flag' ? 'the --backend flag' : BACKEND_ENV_VAR;
}

function normalize(value: string | undefined): string | undefined {
  const trimmed = value?.trim().toLowerCase();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
