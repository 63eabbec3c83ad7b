import type { OpenApiDocument, PathItem } from './openapi.js';

/** One path of a service's OpenAPI document, with the methods that path serves. */
export interface KnownRoute {
  /** Express-style pattern like `/v1/items/:id`, used as the `route` label of metrics. */
  pattern: string;
  /** Matches a request path the way Express matches `pattern`: case-insensitive, optional trailing slash. */
  matcher: RegExp;
  /** Upper-case methods the path serves, with HEAD added wherever GET is served, because Express handles HEAD with the GET handler. */
  methods: string[];
}

const DOCUMENTED_METHODS = ['get', 'post', 'put', 'delete'] as const satisfies ReadonlyArray<keyof PathItem>;

/**
 * Returns one {@link KnownRoute} per path of `document`, in document order.
 *
 * OpenAPI path templates like `/v1/items/{id}` become the pattern `/v1/items/:id`, and each template segment
 * matches any one non-empty path segment.
 */
export function knownRoutesFromOpenApi(document: OpenApiDocument): KnownRoute[] {
  return Object.entries(document.paths).map(([path, item]) => ({
    pattern: path.replace(/\{([^}/]+)\}/g, ':$1'),
    matcher: pathMatcher(path),
    methods: documentedMethods(item),
  }));
}

/** Returns the first known route whose path matches `path` (a request path without the query string). */
export function findKnownRoute(routes: readonly KnownRoute[], path: string): KnownRoute | undefined {
  return routes.find((route) => route.matcher.test(path));
}

function pathMatcher(path: string): RegExp {
  const source = path
    .split(/(\{[^}/]+\})/)
    .map((part) => (/^\{[^}/]+\}$/.test(part) ? '[^/]+' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${source.replace(/\/$/, '')}/?$`, 'i');
}

function documentedMethods(item: PathItem): string[] {
  const methods = DOCUMENTED_METHODS.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase());
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
