import * as tf from '@tensorflow/tfjs-core';

import { EssenceError } from '../errors.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { restoreBackend } from './activate-backend.js';
import { BackendUnavailableError } from './backend-errors.js';
import { BACKEND_PREFERENCE, type BackendName } from './backend-names.js';
import { BACKEND_PROBES } from './backend-probes.js';
import {
  type BackendRequest,
  type BackendRequestSource,
  describeRequestSource,
  readBackendRequest,
} from './backend-request.js';
import type { BackendStatus } from './backend-status.js';

/** Options of {@link resolveBackend}. */
export interface ResolveBackendOptions {
  /** Value of the `--backend` flag; it wins over `ESSENCE_BACKEND`. */
  readonly requested?: string;
  /** Environment that `ESSENCE_BACKEND` is read from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to the `core:backend` logger. */
  readonly logger?: Logger;
}

/** Status of one backend in a resolution. */
export type CandidateStatus = 'selected' | 'skipped' | 'unavailable' | 'not-installed';

/** One backend as resolution saw it, with the reason for its status. */
export interface BackendCandidate {
  readonly name: BackendName;
  readonly status: CandidateStatus;
  readonly reason: string;
}

/** The backend that resolution activated and why every other one was not used. */
export interface BackendResolution {
  /** The active tfjs backend after resolution. */
  readonly name: BackendName;
  /** The explicitly requested backend; absent for the default order (no request or `auto`). */
  readonly requested?: BackendName;
  readonly requestSource?: BackendRequestSource;
  /** Every backend in preference order. */
  readonly candidates: readonly BackendCandidate[];
}

/**
 * Selects the tfjs backend to train on and activates it with `tf.setBackend`.
 *
 * Without a request it probes the backends in preference order (tensorflow, native, wasm, cpu) and
 * takes the first that initializes. The ones after it are not probed. With a request (the `--backend`
 * flag, else `ESSENCE_BACKEND`) it uses exactly that backend. It logs the selected backend and why
 * each other one was not used.
 *
 * @throws UnknownBackendError when the request names no backend.
 * @throws BackendUnavailableError when the requested backend is not installed or fails to load. Its
 *   message gives the reason, the fix and the backends that are available, and the previously active
 *   backend stays active.
 * @throws EssenceError (`NO_BACKEND`) when no backend initializes, which means even
 *   `@tensorflow/tfjs-backend-cpu` is missing or broken.
 */
export async function resolveBackend(options: ResolveBackendOptions = {}): Promise<BackendResolution> {
  const logger = options.logger ?? createLogger('core:backend');
  const request = readBackendRequest(options.requested, options.env ?? process.env);
  // Production mode silences tfjs's console banners, such as the cpu backend's "install tfjs-node" notice,
  // which would otherwise interleave with our structured logs. The chosen backend is logged below instead.
  tf.env().set('PROD', true);

  const resolution = request === undefined ? await selectPreferred() : await selectRequested(request, logger);

  logResolution(logger, resolution);
  return resolution;
}

async function selectPreferred(): Promise<BackendResolution> {
  const candidates: BackendCandidate[] = [];
  let selected: BackendName | undefined;

  for (const name of BACKEND_PREFERENCE) {
    if (selected !== undefined) {
      const reason = `not probed: '${selected}' comes first in the order of preference`;
      candidates.push({ name, status: 'skipped', reason });
      continue;
    }
    const status = await BACKEND_PROBES[name]();
    candidates.push(toCandidate(status));
    if (status.status === 'available') selected = name;
  }

  if (selected === undefined) {
    const reasons = candidates.map((candidate) => `${candidate.name}: ${candidate.reason}`).join('; ');
    throw new EssenceError(
      'NO_BACKEND',
      `no tfjs backend could be initialized (${reasons}); reinstall the workspace dependencies with ` +
        '`npx --yes pnpm@10.34.9 install`',
    );
  }
  return { name: selected, candidates };
}

async function selectRequested(request: BackendRequest, logger: Logger): Promise<BackendResolution> {
  const previous = tf.getBackend();
  const status = await BACKEND_PROBES[request.name]();

  if (status.status !== 'available') {
    const available = await listAvailableBackends(request.name);
    await restoreBackend(previous, logger);
    throw new BackendUnavailableError({
      backend: request.name,
      source: describeRequestSource(request.source),
      reason: status.reason,
      fix: status.fix,
      available,
    });
  }

  const notRequested = `not requested: ${describeRequestSource(request.source)} selects '${request.name}'`;
  const candidates = BACKEND_PREFERENCE.map((name): BackendCandidate =>
    name === request.name ? toCandidate(status) : { name, status: 'skipped', reason: notRequested },
  );
  return { name: request.name, requested: request.name, requestSource: request.source, candidates };
}

/** Probes every backend except `excluded`, for the error that lists the alternatives. */
async function listAvailableBackends(excluded: BackendName): Promise<BackendName[]> {
  const available: BackendName[] = [];
  for (const name of BACKEND_PREFERENCE) {
    if (name === excluded) continue;
    const status = await BACKEND_PROBES[name]();
    if (status.status === 'available') available.push(name);
  }
  return available;
}

function toCandidate(status: BackendStatus): BackendCandidate {
  const candidateStatus: CandidateStatus = status.status === 'available' ? 'selected' : status.status;
  return { name: status.name, status: candidateStatus, reason: status.reason };
}

function logResolution(logger: Logger, resolution: BackendResolution): void {
  for (const candidate of resolution.candidates) {
    const fields = { backend: candidate.name, status: candidate.status, reason: candidate.reason };
    if (candidate.status === 'unavailable' || candidate.status === 'not-installed') {
      logger.info(fields, `backend '${candidate.name}' is ${candidate.status}: ${candidate.reason}`);
    } else if (candidate.status === 'skipped') {
      logger.debug(fields, `backend '${candidate.name}' skipped: ${candidate.reason}`);
    }
  }
  const selected = resolution.candidates.find((candidate) => candidate.name === resolution.name);
  logger.info(
    { backend: resolution.name, requested: resolution.requested, requestSource: resolution.requestSource },
    `using tfjs backend '${resolution.name}': ${selected?.reason ?? ''}`,
  );
}
