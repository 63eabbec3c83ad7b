import { describe, expect, it } from 'vitest';

import { findKnownRoute, knownRoutesFromOpenApi } from './known-routes.js';
import type { OpenApiDocument } from './openapi.js';

const responses = { '200': { description: 'ok' } };

const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'routes', version: '0.0.0' },
  paths: {
    '/v1/predict': { post: { operationId: 'predict', summary: 'Predicts.', responses } },
    '/v1/items/{id}': {
      get: { operationId: 'getItem', summary: 'Reads.', responses },
      delete: { operationId: 'deleteItem', summary: 'Deletes.', responses },
    },
    '/openapi.json': { get: { operationId: 'getDocument', summary: 'Document.', responses } },
  },
};

const routes = knownRoutesFromOpenApi(document);

describe('knownRoutesFromOpenApi', () => {
  it('turns templates into Express patterns', () => {
    expect(routes.map((route) => route.pattern)).toEqual(['/v1/predict', '/v1/items/:id', '/openapi.json']);
  });

  it('adds HEAD wherever GET is served', () => {
    expect(routes.map((route) => route.methods)).toEqual([['POST'], ['GET', 'DELETE', 'HEAD'], ['GET', 'HEAD']]);
  });
});

describe('findKnownRoute', () => {
  it.each([
    { path: '/v1/predict', pattern: '/v1/predict' },
    { path: '/v1/predict/', pattern: '/v1/predict' },
    { path: '/V1/Predict', pattern: '/v1/predict' },
    { path: '/v1/items/42', pattern: '/v1/items/:id' },
    { path: '/openapi.json', pattern: '/openapi.json' },
    { path: '/openapiXjson', pattern: undefined },
    { path: '/v1/items/', pattern: undefined },
    { path: '/v1/items/42/parts', pattern: undefined },
    { path: '/v1/predict/extra', pattern: undefined },
  ])('matches $path', ({ path, pattern }) => {
    expect(findKnownRoute(routes, path)?.pattern).toBe(pattern);
  });
});
