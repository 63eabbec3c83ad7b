import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { RequestHandler } from 'express';

/** Header that carries the request id in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

// Letters, digits and `._:-` only, so an incoming id can never inject a header or a log line.
const VALID_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * Returns the incoming `x-request-id` when it is valid (1-128 characters of `A-Za-z0-9._:-`, starting with a
 * letter or digit), else a new random UUID.
 */
export function resolveRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && VALID_REQUEST_ID.test(value)) {
    return value;
  }
  return randomUUID();
}

/** Returns the id that {@link requestIdMiddleware} assigned to a request, or `unknown` before it ran. */
export function getRequestId(req: IncomingMessage): string {
  return requestIds.get(req) ?? 'unknown';
}

/** Creates the middleware that assigns each request its id and echoes it in the `x-request-id` response header. */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    requestIds.set(req, requestId);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    next();
  };
}
