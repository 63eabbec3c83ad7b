/**
 * Subset of the OpenAPI 3.1 object model that the services use, so a document is checked by the compiler.
 *
 * Schema objects are JSON Schema 2020-12 (as OpenAPI 3.1 requires) and stay loosely typed.
 */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** Operations of one path, by lower-case HTTP method. */
export interface PathItem {
  get?: Operation;
  post?: Operation;
  put?: Operation;
  delete?: Operation;
}

/** One HTTP operation: its parameters, body and responses by status code. */
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, ResponseObject>;
}

/** A query, path or header parameter. */
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  schema: SchemaObject;
}

/** Request body of an operation, by media type. */
export interface RequestBody {
  required?: boolean;
  description?: string;
  content: Record<string, MediaType>;
}

/** Schema and examples of one media type. */
export interface MediaType {
  schema: SchemaObject;
  example?: unknown;
}

/** One response of an operation. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
  content?: Record<string, MediaType>;
}

/** JSON Schema object; `$ref` points into `#/components/schemas/...`. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  additionalProperties?: boolean | SchemaObject;
  contentMediaType?: string;
  contentEncoding?: string;
  examples?: unknown[];
}

/** Reference to the shared error body schema that {@link withStandardOperations} adds. */
export const ERROR_BODY_REF = '#/components/schemas/ErrorBody';

const errorBodySchema: SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable error code, like MALFORMED_JSON.' },
        message: { type: 'string', description: 'What failed, for a human reader.' },
        hint: { type: 'string', description: 'How to fix the request, when known.' },
        requestId: { type: 'string', description: 'Id of the request, also sent in the x-request-id header.' },
        issues: {
          type: 'array',
          description: 'Per-field validation failures of a 400 response.',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** Returns an error response object whose body is the shared error schema. */
export function errorResponse(description: string): ResponseObject {
  return { description, content: { 'application/json': { schema: { $ref: ERROR_BODY_REF } } } };
}

/**
 * Returns a copy of `document` with the operations that every service serves (`/healthz`, `/readyz`, `/metrics`,
 * `/openapi.json`) and the `ErrorBody` schema added.
 */
export function withStandardOperations(document: OpenApiDocument): OpenApiDocument {
  return {
    ...document,
    paths: { ...document.paths, ...standardPaths() },
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, ErrorBody: errorBodySchema },
    },
  };
}

function standardPaths(): Record<string, PathItem> {
  const statusBody = (status: string): SchemaObject => ({
    type: 'object',
    required: ['status'],
    properties: { status: { const: status }, reason: { type: 'string' } },
  });
  return {
    '/healthz': {
      get: {
        operationId: 'getHealth',
        summary: 'Liveness probe: 200 while the process can serve HTTP.',
        tags: ['operations'],
        responses: { '200': { description: 'Alive.', content: { 'application/json': { schema: statusBody('ok') } } } },
      },
    },
    '/readyz': {
      get: {
        operationId: 'getReadiness',
        summary: 'Readiness probe: 200 when the service can take traffic, else 503 with the reason.',
        tags: ['operations'],
        responses: {
          '200': { description: 'Ready.', content: { 'application/json': { schema: statusBody('ready') } } },
          '503': { description: 'Not ready.', content: { 'application/json': { schema: statusBody('not ready') } } },
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'getMetrics',
        summary: 'Prometheus metrics in the text exposition format.',
        tags: ['operations'],
        responses: { '200': { description: 'Metrics.', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI 3.1 document.',
        tags: ['operations'],
        responses: { '200': { description: 'The document.', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  };
}
