import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { findKnownRoute, type KnownRoute } from './known-routes.js';

/** Route label of requests to unknown paths, kept constant so unknown paths cannot grow the label set. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Prometheus metrics of one service, kept in a registry of its own so several services can share a process. */
export interface HttpMetrics {
  registry: Registry;
  /** `http_request_duration_seconds{route,method,status_code}`. */
  requestDuration: Histogram<'route' | 'method' | 'status_code'>;
  /** `http_errors_total{status_code,code}`, one per error response. */
  errors: Counter<'status_code' | 'code'>;
  /** Middleware that times each request until its response finishes. */
  middleware: RequestHandler;
}

/** Options of {@link createHttpMetrics}. */
export interface HttpMetricsOptions {
  /**
   * Routes that label a request which failed before a route matched it, such as a body that failed to parse.
   * Without them such requests count as {@link UNMATCHED_ROUTE}.
   */
  knownRoutes?: readonly KnownRoute[];
}

/**
 * Creates the registry of one service with the request duration histogram, the error counter and the default
 * process metrics, all labelled `service=<serviceName>`.
 */
export function createHttpMetrics(serviceName: string, options: HttpMetricsOptions = {}): HttpMetrics {
  const knownRoutes = options.knownRoutes ?? [];
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, in seconds.',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'http_errors_total',
    help: 'Error responses sent, by status and error code.',
    labelNames: ['status_code', 'code'] as const,
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const stopTimer = requestDuration.startTimer();
    res.once('finish', () => {
      stopTimer({ route: routeLabel(req, knownRoutes), method: req.method, status_code: String(res.statusCode) });
    });
    next();
  };

  return { registry, requestDuration, errors, middleware };
}

/**
 * Returns the route pattern of a request (like `/v1/items/:id`), never the raw path: the pattern of the route
 * that handled it, else that of the known route its path matches, else {@link UNMATCHED_ROUTE}.
 */
function routeLabel(req: Request, knownRoutes: readonly KnownRoute[]): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string') {
    return `${req.baseUrl}${route.path}`;
  }

  // An error raised before routing (a JSON body that failed to parse or is too large) leaves req.route unset.
  const path = req.originalUrl.split('?')[0] ?? '';
  return findKnownRoute(knownRoutes, path)?.pattern ?? UNMATCHED_ROUTE;
}
