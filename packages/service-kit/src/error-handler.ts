import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

import { HttpError, type ErrorBody } from './http-error.js';
import type { HttpMetrics } from './http-metrics.js';
import { getRequestId } from './request-id.js';
import { toHttpError, type ErrorMapper } from './to-http-error.js';

/** Dependencies of the error handler. */
export interface ErrorHandlerOptions {
  logger: Logger;
  metrics: HttpMetrics;
  mapError?: ErrorMapper;
}

/**
 * Creates the last middleware of a service, which sends every error as a JSON {@link ErrorBody}.
 *
 * Known errors (see {@link toHttpError}) keep their status, code, message and headers, and their `cause`, if
 * any, goes to the log only. Any other error becomes a 500 with a generic message, and the full error goes to
 * the log with the request id, never to the client.
 * When the response has already started, the handler logs the error and lets Express close the connection.
 */
export function createErrorHandler(options: ErrorHandlerOptions): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const log = requestLogger(req, options.logger);
    if (res.headersSent) {
      log.error({ err: error }, 'request failed after the response started; closing the connection');
      next(error);
      return;
    }

    const httpError = toHttpError(error, options.mapError);
    if (httpError === undefined) {
      log.error({ err: error }, 'request failed with an unexpected error');
      sendError(res, req, options.metrics, internalError());
      return;
    }

    logHttpError(log, httpError);
    sendError(res, req, options.metrics, httpError);
  };
}

/** Creates the middleware that sends a JSON 404 for every request that no route matched. */
export function createNotFoundHandler(metrics: HttpMetrics): RequestHandler {
  return (req, res) => {
    const error = new HttpError(404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`, {
      hint: 'GET /openapi.json lists the routes of this service',
    });
    sendError(res, req, metrics, error);
  };
}

/** Converts an {@link HttpError} to the JSON body sent to the client, with the request id for support. */
export function toErrorBody(error: HttpError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      requestId,
      ...(error.issues === undefined ? {} : { issues: error.issues }),
    },
  };
}

function internalError(): HttpError {
  return new HttpError(500, 'INTERNAL_ERROR', 'internal server error', {
    hint: 'the server logged the cause under this request id; retry later or report the id',
  });
}

function sendError(res: Response, req: Request, metrics: HttpMetrics, error: HttpError): void {
  metrics.errors.inc({ status_code: String(error.status), code: error.code });
  for (const [name, value] of Object.entries(error.headers)) {
    res.setHeader(name, value);
  }
  res.status(error.status).json(toErrorBody(error, getRequestId(req)));
}

function logHttpError(log: Logger, error: HttpError): void {
  const fields = { status: error.status, code: error.code, message: error.message };
  if (error.status >= 500) {
    log.error({ ...fields, err: error.cause }, 'request failed');
    return;
  }
  // The cause carries detail kept from the client, such as a decoder's message, so it goes to the log only.
  log.info(error.cause === undefined ? fields : { ...fields, err: error.cause }, 'request rejected');
}

function requestLogger(req: Request, fallback: Logger): Logger {
  // pino-http sets req.log to a child bound to the request id; it is missing only if that middleware never ran.
  const log: unknown = (req as { log?: unknown }).log;
  return isLogger(log) ? log : fallback.child({ requestId: getRequestId(req) });
}

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && 'error' in value && 'child' in value;
}
