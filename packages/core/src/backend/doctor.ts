import os from 'node:os';

import type { Logger } from '../logging/logger.js';
import { BackendUnavailableError, UnknownBackendError } from './backend-errors.js';
import type { BackendName } from './backend-names.js';
import { type BackendRequest, describeRequestSource, readBackendRequest } from './backend-request.js';
import type { BackendStatus } from './backend-status.js';
import { describeBackends } from './describe-backends.js';
import { collectVersions, type VersionInfo } from './versions.js';

/** Options of {@link runDoctor}; the same request inputs as `resolveBackend`. */
export interface DoctorOptions {
  /** Value of the `--backend` flag; it wins over `ESSENCE_BACKEND`. */
  readonly requested?: string;
  /** Environment that `ESSENCE_BACKEND` is read from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

/** Report of `essence doctor`: machine facts, versions and the status of every tfjs backend. */
export interface DoctorReport {
  /** Node.js version without the leading `v`. */
  readonly node: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** Logical CPUs Node.js can use (`os.availableParallelism()`). */
  readonly cpuCount: number;
  readonly versions: VersionInfo;
  /** Every backend in preference order; unavailable and missing ones carry a `fix`. */
  readonly backends: readonly BackendStatus[];
  /** First available backend in preference order, which `resolveBackend` selects without a request. */
  readonly defaultBackend?: BackendName;
  /** The explicit request from the flag or `ESSENCE_BACKEND`; absent for no request or `auto`. */
  readonly request?: BackendRequest;
  /** Backend `resolveBackend` would select with the same request; absent when it would throw. */
  readonly selectedBackend?: BackendName;
  /** Message of the error `resolveBackend` would throw with the same request. */
  readonly selectionError?: string;
}

/**
 * Probes every backend and collects versions and machine facts for `essence doctor`.
 *
 * It never throws for an unusable or unknown requested backend: the error `resolveBackend` would raise
 * goes into `selectionError`. Afterwards the previously active backend, or else the default one, is
 * active (see `describeBackends`).
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const backends = await describeBackends({ logger: options.logger });
  const defaultBackend = backends.find((status) => status.status === 'available')?.name;
  const selection = selectLikeResolver(backends, defaultBackend, options);

  return {
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    cpuCount: os.availableParallelism(),
    versions: collectVersions(),
    backends,
    defaultBackend,
    ...selection,
  };
}

type Selection = Pick<DoctorReport, 'request' | 'selectedBackend' | 'selectionError'>;

/** Applies `resolveBackend`'s rules to statuses that are already probed. */
function selectLikeResolver(
  backends: readonly BackendStatus[],
  defaultBackend: BackendName | undefined,
  options: DoctorOptions,
): Selection {
  let request: BackendRequest | undefined;
  try {
    request = readBackendRequest(options.requested, options.env ?? process.env);
  } catch (error) {
    if (error instanceof UnknownBackendError) return { selectionError: error.message };
    throw error;
  }
  if (request === undefined) return { selectedBackend: defaultBackend };

  const requested = backends.find((status) => status.name === request.name);
  if (requested?.status === 'available') return { request, selectedBackend: request.name };

  const error = new BackendUnavailableError({
    backend: request.name,
    source: describeRequestSource(request.source),
    reason: requested?.reason ?? 'it was not probed',
    fix: requested?.fix,
    available: backends.filter((status) => status.status === 'available').map((status) => status.name),
  });
  return { request, selectionError: error.message };
}
