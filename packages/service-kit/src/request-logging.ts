import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

import { getRequestId } from './request-id.js';

/** Paths that probes and scrapers call every few seconds; logging each call would drown the request log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

interface SerializedRequestFields {
  id?: unknown;
  method?: unknown;
  url?: unknown;
}

interface SerializedResponseFields {
  statusCode?: unknown;
}

/**
 * Creates the pino-http middleware that logs one line per finished request and binds `req.log` to the request id.
 *
 * A line carries the method, URL, status and response time. Headers and bodies are never logged, because they
 * may contain credentials or large uploads. Requires {@link requestIdMiddleware} to run first.
 */
export function requestLoggingMiddleware(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req) => getRequestId(req),
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url?.split('?')[0] ?? '') },
    customLogLevel: (_req, res, error) => {
      if (error !== undefined || res.statusCode >= 500) {
        return 'error';
      }
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    serializers: {
      req: (req: SerializedRequestFields) => ({ method: req.method, url: req.url }),
      res: (res: SerializedResponseFields) => ({ statusCode: res.statusCode }),
    },
  });
}
