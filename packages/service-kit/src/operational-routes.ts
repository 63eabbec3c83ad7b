import type { Express } from 'express';
import type { Logger } from 'pino';

import type { HttpMetrics } from './http-metrics.js';
import type { OpenApiDocument } from './openapi.js';
import type { ReadinessCheck, ReadinessStatus } from './readiness.js';

/** Data that the operational routes serve. */
export interface OperationalRoutesOptions {
  logger: Logger;
  metrics: HttpMetrics;
  readiness: ReadinessCheck;
  openapi: OpenApiDocument;
}

/**
 * Registers `/healthz` (always 200 while the process serves HTTP), `/readyz` (200 or 503 with the reason from the
 * readiness callback), `/metrics` (Prometheus text) and `/openapi.json`.
 */
export function registerOperationalRoutes(app: Express, options: OperationalRoutesOptions): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const status = await checkReadiness(options.readiness, options.logger);
    if (status.ready) {
      res.json({ status: 'ready' });
      return;
    }
    res.status(503).json({ status: 'not ready', reason: status.reason });
  });

  app.get('/metrics', async (_req, res) => {
    const text = await options.metrics.registry.metrics();
    res.type(options.metrics.registry.contentType).send(text);
  });

  app.get('/openapi.json', (_req, res) => {
    res.json(options.openapi);
  });
}

/** Runs the readiness callback and turns a failing callback into "not ready" instead of a 500. */
async function checkReadiness(readiness: ReadinessCheck, logger: Logger): Promise<ReadinessStatus> {
  try {
    return await readiness();
  } catch (error) {
    logger.error({ err: error }, 'readiness check failed');
    const message = error instanceof Error ? error.message : String(error);
    return { ready: false, reason: `readiness check failed: ${message}` };
  }
}
