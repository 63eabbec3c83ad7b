import type { Express, RequestHandler } from 'express';

import { HttpError } from './http-error.js';
import type { KnownRoute } from './known-routes.js';

/**
 * Creates a handler for the methods a path does not serve: it responds to OPTIONS with 204 and every other method
 * with a 405 `METHOD_NOT_ALLOWED` error, both with an `Allow` header listing `allowedMethods`.
 *
 * Register it with `app.all(path, ...)` after the path's own handlers, so it only sees the remaining methods.
 * @throws {RangeError} when `allowedMethods` is empty, since a 405 must name at least one allowed method.
 */
export function methodNotAllowedHandler(allowedMethods: readonly string[]): RequestHandler {
  if (allowedMethods.length === 0) {
    throw new RangeError('methodNotAllowedHandler needs at least one allowed method; got none');
  }

  const methods = allowedMethods.map((method) => method.toUpperCase());
  const allow = methods.join(', ');
  const primary = methods.filter((method) => method !== 'HEAD');

  return (req, res) => {
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow);
      res.status(204).end();
      return;
    }

    const path = `${req.baseUrl}${req.path}`;
    const usage = (primary.length > 0 ? primary : methods).map((method) => `${method} ${path}`).join(' or ');
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `method ${req.method} is not allowed on ${path}: use ${usage}`, {
      hint: 'GET /openapi.json describes the operations of each path',
      headers: { Allow: allow },
    });
  };
}

/**
 * Registers {@link methodNotAllowedHandler} for each known route, so a documented path responds to an
 * undocumented method with 405 instead of 404. Call it after the service's routes.
 */
export function registerMethodNotAllowedRoutes(app: Express, routes: readonly KnownRoute[]): void {
  for (const route of routes) {
    if (route.methods.length > 0) {
      app.all(route.matcher, methodNotAllowedHandler(route.methods));
    }
  }
}
