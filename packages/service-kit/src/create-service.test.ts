import { Writable } from 'node:stream';

import type { Express } from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createService, type ServiceOptions } from './create-service.js';
import { HttpError } from './http-error.js';
import type { OpenApiDocument } from './openapi.js';
import type { ReadinessStatus } from './readiness.js';
import { runMiddleware } from './run-middleware.js';
import { startServer, type RunningServer } from './start-server.js';

const openapi: OpenApiDocument = { openapi: '3.1.0', info: { title: 'test service', version: '0.0.0' }, paths: {} };

const okResponses = { '200': { description: 'ok' } };

/** Documents `/echo` (POST) and `/items/{id}` (GET), so those paths get 405s and route labels. */
const documentedOpenapi: OpenApiDocument = {
  ...openapi,
  paths: {
    '/echo': { post: { operationId: 'echo', summary: 'Echoes the body.', responses: okResponses } },
    '/items/{id}': { get: { operationId: 'getItem', summary: 'Returns one item.', responses: okResponses } },
  },
};

function registerTestRoutes(app: Express): void {
  app.post('/echo', (req, res) => {
    res.json({ received: req.body as unknown });
  });
  app.get('/throws', () => {
    throw new Error('secret detail of a sync failure');
  });
  app.get('/rejects', async () => {
    await Promise.resolve();
    throw new Error('secret detail of an async failure');
  });
  app.get('/items/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/http-error-with-cause', () => {
    throw new HttpError(400, 'BAD_IMAGE', 'image could not be read', { cause: new Error('decoder detail 0x1f') });
  });
  app.get('/http-error', () => {
    throw new HttpError(409, 'CONFLICT', 'item already exists', { hint: 'use PUT to replace it' });
  });
  app.post('/validated', (req) => {
    z.object({ count: z.number().int().positive() }).parse(req.body);
  });
  app.post('/stream-failure', async (req, res) => {
    await runMiddleware(
      (request, _response, next) => {
        request.on('data', () => undefined);
        request.on('end', () => next(new Error('secret detail of a stream failure')));
      },
      req,
      res,
    );
    res.json({ unreachable: true });
  });
}

interface Harness {
  running: RunningServer;
  logLines: Array<Record<string, unknown>>;
  setReadiness(status: ReadinessStatus): void;
}

const harnesses: RunningServer[] = [];

async function startHarness(overrides: Partial<ServiceOptions> = {}): Promise<Harness> {
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  let readiness: ReadinessStatus = { ready: false, reason: 'model still loading' };
  const service = createService({
    name: 'test-service',
    logger: pino({ level: 'info' }, sink),
    routes: registerTestRoutes,
    readiness: () => readiness,
    openapi,
    limits: { jsonBodyBytes: 1024 },
    ...overrides,
  });
  const running = await startServer(service.app, { port: 0, handleSignals: false, logger: pino({ level: 'silent' }) });
  harnesses.push(running);
  return { running, logLines, setReadiness: (status) => (readiness = status) };
}

interface ErrorResponseBody {
  error: { code: string; message: string; hint?: string; requestId: string; issues?: unknown[] };
}

async function readError(response: Response): Promise<ErrorResponseBody> {
  return (await response.json()) as ErrorResponseBody;
}

/** Returns the value of the first sample of `name` whose labels include all of `labels`, in any order. */
function sampleValue(text: string, name: string, labels: string[]): number | undefined {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && labels.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((running) => running.close()));
});

describe('createService', () => {
  it('echoes valid incoming request id', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/healthz`, { headers: { 'x-request-id': 'client-id-42' } });

    expect(response.headers.get('x-request-id')).toBe('client-id-42');
  });

  it('replaces invalid request id with uuid', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith spaces' } });

    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('answers healthz with ok', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown route with JSON 404', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/no/such/route`, { headers: { 'x-request-id': 'req-404' } });
    const body = await readError(response);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toBe('no route for GET /no/such/route');
    expect(body.error.requestId).toBe('req-404');
  });

  it('rejects malformed JSON with 400', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a": 1,,}',
    });
    const body = await readError(response);

    expect(response.status).toBe(400);
    expect(body.error.code).toBe('MALFORMED_JSON');
    expect(body.error.message).toBe('malformed JSON body');
  });

  it('rejects JSON over the limit with 413', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(2000) }),
    });
    const body = await readError(response);

    expect(response.status).toBe(413);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.message).toMatch(/exceeds the limit of 1024 bytes/);
  });

  it('parses valid JSON body', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: [1, 2] }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: { a: [1, 2] } });
  });

  it('maps thrown error to generic 500', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/throws`);
    const text = await response.text();
    const body = JSON.parse(text) as ErrorResponseBody;

    expect(response.status).toBe(500);
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(body.error.message).toBe('internal server error');
    expect(text).not.toContain('secret detail');
    expect(text).not.toContain('at ');
  });

  it('logs the 500 cause with request id', async () => {
    const { running, logLines } = await startHarness();

    await fetch(`${running.url}/throws`, { headers: { 'x-request-id': 'req-500' } });
    const line = logLines.find((entry) => entry.msg === 'request failed with an unexpected error');
    const err = line?.err as { message?: string; stack?: string } | undefined;

    expect(line?.requestId).toBe('req-500');
    expect(err?.message).toBe('secret detail of a sync failure');
    expect(err?.stack).toContain('create-service.test.ts');
  });

  it('survives async rejection', async () => {
    const { running } = await startHarness();

    const failed = await fetch(`${running.url}/rejects`);
    const body = await readError(failed);
    const after = await fetch(`${running.url}/healthz`);

    expect(failed.status).toBe(500);
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(after.status).toBe(200);
  });

  it('survives error in stream callback', async () => {
    const { running } = await startHarness();

    const failed = await fetch(`${running.url}/stream-failure`, { method: 'POST', body: 'some bytes' });
    const body = await readError(failed);
    const after = await fetch(`${running.url}/healthz`);

    expect(failed.status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret detail');
    expect(after.status).toBe(200);
  });

  it('sends HttpError status, code and hint', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/http-error`);
    const body = await readError(response);

    expect(response.status).toBe(409);
    expect(body.error.code).toBe('CONFLICT');
    expect(body.error.message).toBe('item already exists');
    expect(body.error.hint).toBe('use PUT to replace it');
  });

  it('names body as path of root issue', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/validated`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    });
    const body = await readError(response);

    expect(response.status).toBe(400);
    expect(body.error.issues).toEqual([{ path: 'body', message: 'Invalid input: expected object, received null' }]);
    expect(body.error.message).toBe('invalid request: body: Invalid input: expected object, received null');
  });

  it.each([
    { name: 'null', text: 'null', value: null },
    { name: 'string', text: '"hi"', value: 'hi' },
    { name: 'number', text: '42', value: 42 },
  ])('parses JSON $name body', async ({ text, value }) => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: value });
  });

  it('sends 4xx cause to log only', async () => {
    const { running, logLines } = await startHarness();

    const response = await fetch(`${running.url}/http-error-with-cause`, { headers: { 'x-request-id': 'req-cause' } });
    const text = await response.text();
    const line = logLines.find((entry) => entry.msg === 'request rejected');
    const err = line?.err as { message?: string } | undefined;

    expect(response.status).toBe(400);
    expect(text).not.toContain('decoder detail');
    expect(line?.requestId).toBe('req-cause');
    expect(err?.message).toBe('decoder detail 0x1f');
  });

  it('maps zod error to 400 with issues', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/validated`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: -2 }),
    });
    const body = await readError(response);

    expect(response.status).toBe(400);
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.issues).toEqual([{ path: 'count', message: expect.stringContaining('>0') as unknown }]);
  });

  it('applies mapError before generic rules', async () => {
    const { running } = await startHarness({
      mapError: (error) =>
        error instanceof Error && error.message.startsWith('secret detail of a sync')
          ? new HttpError(422, 'MAPPED', 'mapped domain error')
          : undefined,
    });

    const response = await fetch(`${running.url}/throws`);
    const body = await readError(response);

    expect(response.status).toBe(422);
    expect(body.error.code).toBe('MAPPED');
  });

  it('exposes request histogram in metrics', async () => {
    const { running } = await startHarness();

    await fetch(`${running.url}/healthz`);
    await fetch(`${running.url}/throws`);
    const response = await fetch(`${running.url}/metrics`);
    const text = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(sampleValue(text, 'http_request_duration_seconds_count', ['route="/healthz"', 'method="GET"', 'status_code="200"', 'service="test-service"'])).toBe(1);
    expect(sampleValue(text, 'http_errors_total', ['status_code="500"', 'code="INTERNAL_ERROR"'])).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('labels unmatched routes with constant value', async () => {
    const { running } = await startHarness();

    await fetch(`${running.url}/random/path/123`);
    const text = await (await fetch(`${running.url}/metrics`)).text();

    expect(text).toContain('route="unmatched",method="GET",status_code="404"');
    expect(text).not.toContain('/random/path/123');
  });

  it('labels body parse failure by path', async () => {
    const { running } = await startHarness({ openapi: documentedOpenapi });
    const post = (path: string, body: string): Promise<Response> =>
      fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    await post('/echo', '{"a": 1,,}');
    await post('/echo', JSON.stringify({ text: 'x'.repeat(2000) }));
    await post('/validated', '{"a": 1,,}');
    const text = await (await fetch(`${running.url}/metrics`)).text();

    expect(text).toContain('route="/echo",method="POST",status_code="400"');
    expect(text).toContain('route="/echo",method="POST",status_code="413"');
    expect(text).toContain('route="unmatched",method="POST",status_code="400"');
  });

  it('labels 405 by route pattern', async () => {
    const { running } = await startHarness({ openapi: documentedOpenapi });

    await fetch(`${running.url}/items/42`, { method: 'DELETE' });
    const text = await (await fetch(`${running.url}/metrics`)).text();

    expect(text).toContain('route="/items/:id",method="DELETE",status_code="405"');
    expect(text).not.toContain('/items/42');
  });

  it.each([
    { method: 'GET', path: '/echo', allow: 'POST', message: 'method GET is not allowed on /echo: use POST /echo' },
    { method: 'PUT', path: '/echo', allow: 'POST', message: 'method PUT is not allowed on /echo: use POST /echo' },
    { method: 'DELETE', path: '/items/7', allow: 'GET, HEAD', message: 'method DELETE is not allowed on /items/7: use GET /items/7' },
    { method: 'POST', path: '/healthz', allow: 'GET, HEAD', message: 'method POST is not allowed on /healthz: use GET /healthz' },
  ])('answers $method $path with 405', async ({ method, path, allow, message }) => {
    const { running } = await startHarness({ openapi: documentedOpenapi });

    const response = await fetch(`${running.url}${path}`, { method, headers: { 'x-request-id': 'req-405' } });
    const body = await readError(response);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(body.error.message).toBe(message);
    expect(body.error.requestId).toBe('req-405');
  });

  it('keeps documented method working', async () => {
    const { running } = await startHarness({ openapi: documentedOpenapi });

    const item = await fetch(`${running.url}/items/7`);
    const head = await fetch(`${running.url}/items/7`, { method: 'HEAD' });

    expect(item.status).toBe(200);
    expect(await item.json()).toEqual({ id: '7' });
    expect(head.status).toBe(200);
  });

  it('answers OPTIONS with allowed methods', async () => {
    const { running } = await startHarness({ openapi: documentedOpenapi });

    const response = await fetch(`${running.url}/echo`, { method: 'OPTIONS' });

    expect(response.status).toBe(204);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('keeps 404 for undocumented path', async () => {
    const { running } = await startHarness({ openapi: documentedOpenapi });

    const response = await fetch(`${running.url}/validated`);

    expect(response.status).toBe(404);
  });

  it('turns readiness from 503 to 200', async () => {
    const { running, setReadiness } = await startHarness();

    const before = await fetch(`${running.url}/readyz`);
    setReadiness({ ready: true });
    const after = await fetch(`${running.url}/readyz`);

    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'not ready', reason: 'model still loading' });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ready' });
  });

  it('reports throwing readiness check as 503', async () => {
    const { running } = await startHarness({
      readiness: () => {
        throw new Error('database unreachable');
      },
    });

    const response = await fetch(`${running.url}/readyz`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', reason: 'readiness check failed: database unreachable' });
  });

  it('serves openapi document with standard paths', async () => {
    const { running } = await startHarness();

    const response = await fetch(`${running.url}/openapi.json`);
    const document = (await response.json()) as OpenApiDocument;

    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/readyz']);
    expect(document.components?.schemas?.ErrorBody).toBeDefined();
  });
});
