import { createLogger, resolveBackend, type Logger } from '@essence/core';

import { currentCheckpointDirectory } from './paths.js';
import { serveDigitClassifier, type ServedDigits } from './serving/serve-digits.js';
import type { DigitModelName, DigitTrainingConfigInput } from './training/digit-training-config.js';
import { trainDigitClassifier, type TrainDigitsResult } from './training/train-digits.js';

/** Options of `runMainJob`. */
export interface MainJobOptions {
  /** Digit model; defaults to `cnn` on the native or tensorflow backend and `mlp` elsewhere. */
  readonly model?: DigitModelName;
  readonly backend?: string;
  readonly home?: string;
  /** Whether to start the service after the evaluation; defaults to true. */
  readonly serve?: boolean;
  readonly port?: number;
  readonly host?: string;
  /** Whether to train even when the current checkpoint matches; defaults to false. */
  readonly retrain?: boolean;
  /** Training settings other than the model, e.g. `{ epochs: 1 }` for a smoke run; defaults fill the rest. */
  readonly training?: Omit<DigitTrainingConfigInput, 'model'>;
  readonly progress?: boolean;
  /** Aborting stops training before the next batch; the run is then recorded as failed. */
  readonly signal?: AbortSignal;
  /** Whether SIGTERM and SIGINT stop the service and exit the process; defaults to true. */
  readonly handleSignals?: boolean;
  readonly logger?: Logger;
}

/** Outcome of the main job; `served` is set when the service was started. */
export interface MainJobResult {
  readonly training: TrainDigitsResult;
  readonly served?: ServedDigits;
}

/**
 * Runs the main job: trains the default digit model on the bundled MNIST digits (or reuses the current
 * checkpoint when its training fingerprint matches), evaluates it on the official test set, records the
 * run, and then serves the checkpoint unless `serve` is false.
 */
export async function runMainJob(options: MainJobOptions = {}): Promise<MainJobResult> {
  const logger = options.logger ?? createLogger('image-classifier:main');
  const backend = await resolveBackend({ requested: options.backend, logger });
  const model = options.model ?? defaultDigitModel(backend.name);

  // The original request goes on, not the resolved name, so the run records why each backend was skipped
  // rather than reporting 'native' as explicitly requested.
  const training = await trainDigitClassifier({
    config: { ...options.training, model },
    backend: options.backend,
    home: options.home,
    reuse: options.retrain !== true,
    progress: options.progress,
    signal: options.signal,
    logger,
  });
  if (options.serve === false) return { training };

  const served = await serveDigitClassifier({
    checkpointDirectory: currentCheckpointDirectory(model, options.home),
    port: options.port ?? 8080,
    host: options.host,
    backend: options.backend,
    handleSignals: options.handleSignals,
    logger,
  });
  return { training, served };
}

/**
 * Returns the default digit model for a backend: the CNN where convolution gradients are fast (native,
 * tensorflow), the MLP elsewhere, because wasm has no Conv2DBackpropFilter kernel and cpu trains a CNN slowly.
 */
export function defaultDigitModel(backend: string): DigitModelName {
  return backend === 'native' || backend === 'tensorflow' ? 'cnn' : 'mlp';
}
