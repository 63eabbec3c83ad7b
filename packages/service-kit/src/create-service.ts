import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';

import { createErrorHandler, createNotFoundHandler } from './error-handler.js';
import { createHttpMetrics } from './http-metrics.js';
import { knownRoutesFromOpenApi } from './known-routes.js';
import { registerMethodNotAllowedRoutes } from './method-not-allowed.js';
import { withStandardOperations, type OpenApiDocument } from './openapi.js';
import { registerOperationalRoutes } from './operational-routes.js';
import type { ReadinessCheck } from './readiness.js';
import { requestIdMiddleware } from './request-id.js';
import { requestLoggingMiddleware } from './request-logging.js';
import type { ErrorMapper } from './to-http-error.js';

/** Size limits that apply to every route of a service. */
export interface ServiceLimits {
  /** Maximum `application/json` body in bytes; a larger body gets a 413. */
  jsonBodyBytes: number;
}

/** Default limits: 1 MiB of JSON. */
export const DEFAULT_SERVICE_LIMITS: ServiceLimits = { jsonBodyBytes: 1024 * 1024 };

/** Options that {@link createService} builds a service from. */
export interface ServiceOptions {
  /** Service name, used as the logger name and the `service` label of every metric. */
  name: string;
  /** Root logger; defaults to a pino logger at `ESSENCE_LOG_LEVEL` (or `info`). */
  logger?: Logger;
  /** Registers the service's own routes. JSON bodies are already parsed into `req.body`, which may be any JSON value. */
  routes: (app: Express) => void;
  readiness: ReadinessCheck;
  /**
   * The service's own operations; the operational routes and the error schema are added to it. Its paths also
   * decide which methods get a 405 and which route label a request that failed before routing.
   */
  openapi: OpenApiDocument;
  limits?: Partial<ServiceLimits>;
  /** Maps the service's domain errors to HTTP errors before the generic rules apply. */
  mapError?: ErrorMapper;
}

/** A built service: the Express app to pass to `startServer`, with its logger and metrics registry. */
export interface Service {
  name: string;
  app: Express;
  logger: Logger;
  registry: Registry;
  openapi: OpenApiDocument;
}

/**
 * Creates an Express 5 app with the shared plumbing around the service's own routes.
 *
 * Order: request id, request log, request timing, JSON body parsing, the operational routes (`/healthz`,
 * `/readyz`, `/metrics`, `/openapi.json`), the service routes, a 405 with an `Allow` header for every other
 * method on a path of the OpenAPI document, a JSON 404, and the JSON error handler.
 * Express 5 forwards both thrown errors and rejected promises of handlers to that error handler, so a failing
 * handler produces an error response and never stops the process.
 */
export function createService(options: ServiceOptions): Service {
  const logger = options.logger ?? pino({ name: options.name, level: process.env.ESSENCE_LOG_LEVEL ?? 'info' });
  const limits = { ...DEFAULT_SERVICE_LIMITS, ...options.limits };
  const openapi = withStandardOperations(options.openapi);
  const knownRoutes = knownRoutesFromOpenApi(openapi);
  const metrics = createHttpMetrics(options.name, { knownRoutes });
  const app = express();

  app.disable('x-powered-by');
  app.use(requestIdMiddleware());
  app.use(requestLoggingMiddleware(logger));
  app.use(metrics.middleware);
  // strict: false lets a body that is valid JSON but not an object or array (like `null`) reach the route's
  // validation, which states what the body must be, instead of body-parser's false "is not valid JSON".
  app.use(express.json({ limit: limits.jsonBodyBytes, strict: false }));

  registerOperationalRoutes(app, { logger, metrics, readiness: options.readiness, openapi });
  options.routes(app);
  registerMethodNotAllowedRoutes(app, knownRoutes);

  app.use(createNotFoundHandler(metrics));
  app.use(createErrorHandler({ logger, metrics, ...(options.mapError ? { mapError: options.mapError } : {}) }));

  return { name: options.name, app, logger, registry: metrics.registry, openapi };
}
