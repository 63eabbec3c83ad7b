import * as tf from '@tensorflow/tfjs-core';

import type { Logger } from '../logging/logger.js';
import { summarizeError } from './error-summary.js';

/**
 * Makes `name` the active tfjs backend with `tf.setBackend`, initializing it on first use.
 *
 * Returns undefined on success, or why tfjs-core could not initialize the backend. A failed
 * initialization leaves no usable active backend, so the caller must activate another one before it
 * runs any op.
 */
export async function activateBackend(name: string): Promise<string | undefined> {
  try {
    const activated = await tf.setBackend(name);
    if (activated) return undefined;
    return `tf.setBackend('${name}') returned false: the backend failed to initialize`;
  } catch (error) {
    return `tf.setBackend('${name}') failed: ${summarizeError(error)}`;
  }
}

/**
 * Makes `previous` (a value of `tf.getBackend()` taken before probing) active again after probes
 * switched backends. Does nothing when no backend was active, and logs a warning instead of throwing
 * when it cannot, so the caller's own result or error is not replaced.
 */
export async function restoreBackend(previous: string | null | undefined, logger: Logger): Promise<void> {
  if (previous == null || previous === '') return;

  const failure = await activateBackend(previous);
  if (failure !== undefined) {
    logger.warn({ backend: previous, reason: failure }, `could not reactivate backend '${previous}': ${failure}`);
  }
}
