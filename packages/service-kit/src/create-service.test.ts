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
