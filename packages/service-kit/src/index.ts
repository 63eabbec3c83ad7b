export { createService, DEFAULT_SERVICE_LIMITS, type Service, type ServiceLimits, type ServiceOptions } from './create-service.js';
export { createErrorHandler, createNotFoundHandler, toErrorBody, type ErrorHandlerOptions } from './error-handler.js';
export {
  badRequest,
  HttpError,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  unsupportedMediaType,
  type ErrorBody,
  type HttpErrorOptions,
  type ValidationIssue,
} from './http-error.js';
export { createHttpMetrics, UNMATCHED_ROUTE, type HttpMetrics, type HttpMetricsOptions } from './http-metrics.js';
export { findKnownRoute, knownRoutesFromOpenApi, type KnownRoute } from './known-routes.js';
export { methodNotAllowedHandler, registerMethodNotAllowedRoutes } from './method-not-allowed.js';
export {
  ERROR_BODY_REF,
  errorResponse,
  withStandardOperations,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type PathItem,
  type RequestBody,
  type ResponseObject,
  type SchemaObject,
} from './openapi.js';
export type { ReadinessCheck, ReadinessStatus } from './readiness.js';
export { getRequestId, REQUEST_ID_HEADER, requestIdMiddleware, resolveRequestId } from './request-id.js';
export { runMiddleware } from './run-middleware.js';
export { loadServiceConfig, ServiceConfigError, serviceEnvSchema } from './service-config.js';
export {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  startServer,
  type RunningServer,
  type ShutdownHook,
  type StartServerOptions,
} from './start-server.js';
export { toHttpError, type ErrorMapper } from './to-http-error.js';
