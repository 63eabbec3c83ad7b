import { createLogger, resolveBackend, type BackendResolution, type Logger } from '@essence/core';
import { startServer, type RunningServer } from '@essence/service-kit';

import { createImageClassifierService, type ImageClassifierService } from '../http/image-classifier-service.js';
import { loadCheckpointClassifier } from './checkpoint-classifier.js';

/** Options of `serveDigitClassifier`. */
export interface ServeDigitsOptions {
  /** Checkpoint directory to serve, e.g. `currentCheckpointDirectory('mlp')`. */
  readonly checkpointDirectory: string;
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  readonly host?: string;
  /** Backend name from a `--backend` flag. */
  readonly backend?: string;
  /** Whether SIGTERM and SIGINT stop the server and exit the process; defaults to true. */
  readonly handleSignals?: boolean;
  readonly logger?: Logger;
}

/** A started digit service. */
export interface ServedDigits {
  readonly server: RunningServer;
  readonly service: ImageClassifierService;
  readonly backend: BackendResolution;
}

/**
 * Starts the digit classification service on a checkpoint. The server listens at once and reports ready
 * on `/readyz` after the model has loaded and reproduced its golden outputs; closing the server frees
 * the model.
 *
 * @throws BackendUnavailableError for an unusable requested backend.
 */
export async function serveDigitClassifier(options: ServeDigitsOptions): Promise<ServedDigits> {
  const logger = options.logger ?? createLogger('image-classifier:http');
  const backend = await resolveBackend({ requested: options.backend, logger });

  const loading = loadCheckpointClassifier(options.checkpointDirectory);
  // The service reports a failed load on /readyz. This handler only keeps Node from treating the rejection
  // as unhandled before the service has attached its own.
  loading.catch((error: unknown) => logger.error({ err: error }, 'digit checkpoint failed to load'));

  const service = createImageClassifierService({ classifier: loading, logger });
  const server = await startServer(service.app, {
    port: options.port,
    host: options.host,
    handleSignals: options.handleSignals,
    logger,
  });
  server.onShutdown(async () => {
    const classifier = await loading.catch(() => undefined);
    classifier?.dispose();
  });
  return { server, service, backend };
}
