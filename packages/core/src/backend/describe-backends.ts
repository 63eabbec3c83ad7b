import * as tf from '@tensorflow/tfjs-core';

import { createLogger, type Logger } from '../logging/logger.js';
import { activateBackend, restoreBackend } from './activate-backend.js';
import { BACKEND_PREFERENCE } from './backend-names.js';
import { BACKEND_PROBES } from './backend-probes.js';
import type { BackendStatus } from './backend-status.js';

/** Options of {@link describeBackends}. */
export interface DescribeBackendsOptions {
  /** Defaults to the `core:backend` logger. */
  readonly logger?: Logger;
}

/**
 * Probes every backend in preference order and returns each one's status, reason and fix.
 *
 * Probing activates each available backend in turn. Afterwards the backend that was active before is
 * active again or, when none was, the first available one, which is what `resolveBackend` selects
 * without a request.
 */
export async function describeBackends(options: DescribeBackendsOptions = {}): Promise<BackendStatus[]> {
  const logger = options.logger ?? createLogger('core:backend');
  const previous = tf.getBackend();

  const statuses: BackendStatus[] = [];
  for (const name of BACKEND_PREFERENCE) statuses.push(await BACKEND_PROBES[name]());

  const preferred = statuses.find((status) => status.status === 'available');
  if (previous != null && previous !== '') {
    await restoreBackend(previous, logger);
  } else if (preferred !== undefined) {
    await activateBackend(preferred.name);
  }
  return statuses;
}
