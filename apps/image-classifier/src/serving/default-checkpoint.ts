import { existsSync } from 'node:fs';

import { defaultDigitModel } from '../main-job.js';
import { currentCheckpointDirectory } from '../paths.js';
import { digitModelNames, type DigitModelName } from '../training/digit-training-config.js';

/**
 * Returns the digit model whose current checkpoint `evaluate` and `serve` use when none is named. That is the
 * main job's default for `backend` when its checkpoint exists, else the first model that has a checkpoint.
 * With no checkpoint at all it is the default, whose missing checkpoint then gives the usual error.
 */
export function defaultCheckpointModel(backend: string, home?: string): DigitModelName {
  const preferred = defaultDigitModel(backend);
  if (existsSync(currentCheckpointDirectory(preferred, home))) return preferred;

  const trained = digitModelNames.find((model) => existsSync(currentCheckpointDirectory(model, home)));
  return trained ?? preferred;
}
