import { createHash } from 'node:crypto';

import type { DatasetHashes } from '@essence/core';

import type { DigitTrainingConfig } from './digit-training-config.js';

// Bump when the training procedure changes in a way the config does not show, so old checkpoints retrain.
const TRAINING_PROCEDURE_VERSION = 1;

/**
 * Returns a sha256 over everything that determines a trained digit model: the procedure version, the full
 * training config with the model's validated config, and the hashes of the training data. A checkpoint
 * whose fingerprint matches can be reused instead of training again.
 */
export function trainingFingerprint(
  config: DigitTrainingConfig,
  modelConfig: unknown,
  trainData: DatasetHashes,
): string {
  const facts = { procedure: TRAINING_PROCEDURE_VERSION, config: { ...config, modelConfig }, trainData };
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex');
}
