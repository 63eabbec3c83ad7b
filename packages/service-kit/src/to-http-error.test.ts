import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { HttpError } from './http-error.js';
import { toHttpError } from './to-http-error.js';

/** Builds an error shaped like the ones body-parser raises. */
function bodyParserError(type: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`body-parser ${type}`), { type, ...fields });
}

describe('toHttpError', () => {
  it('keeps HttpError as is', () => {
    const error = new HttpError(409, 'CONFLICT', 'exists');

    expect(toHttpError(error)).toBe(error);
  });

  it.each([
    { type: 'entity.parse.failed', fields: { status: 400 }, status: 400, code: 'MALFORMED_JSON' },
    { type: 'entity.too.large', fields: { status: 413, limit: 10, length: 20 }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { type: 'charset.unsupported', fields: { status: 415 }, status: 415, code: 'UNSUPPORTED_ENCODING' },
    { type: 'encoding.unsupported', fields: { status: 415 }, status: 415, code: 'UNSUPPORTED_ENCODING' },
    { type: 'request.aborted', fields: { status: 400 }, status: 400, code: 'REQUEST_ABORTED' },
    { type: 'request.size.invalid', fields: { status: 400 }, status: 400, code: 'INVALID_CONTENT_LENGTH' },
  ])('maps body-parser $type to $status', ({ type, fields, status, code }) => {
    const mapped = toHttpError(bodyParserError(type, fields));

    expect(mapped?.status).toBe(status);
    expect(mapped?.code).toBe(code);
  });

  it('names sizes of too large body', () => {
    const mapped = toHttpError(bodyParserError('entity.too.large', { limit: 100, length: 250 }));

    expect(mapped?.message).toBe('request body of 250 bytes exceeds the limit of 100 bytes');
  });

  it('maps zod error with issue paths', () => {
    const result = z.object({ items: z.array(z.number()) }).safeParse({ items: [1, 'two'] });
    const mapped = toHttpError(result.error);

    expect(mapped?.status).toBe(400);
    expect(mapped?.issues).toEqual([{ path: 'items.1', message: 'Invalid input: expected number, received string' }]);
    expect(mapped?.message).toBe('invalid request: items.1: Invalid input: expected number, received string');
  });

  it('lists each zod issue once', () => {
    const result = z.object({ count: z.number(), name: z.string() }).safeParse({ count: 'x', name: 3 });
    const mapped = toHttpError(result.error);

    expect(mapped?.message).toBe(
      'invalid request: count: Invalid input: expected number, received string; ' +
        'name: Invalid input: expected string, received number',
    );
  });

  it('names root zod issue body', () => {
    const result = z.object({ count: z.number() }).safeParse('hi');
    const mapped = toHttpError(result.error);

    expect(mapped?.issues).toEqual([{ path: 'body', message: 'Invalid input: expected object, received string' }]);
    expect(mapped?.message).toBe('invalid request: body: Invalid input: expected object, received string');
  });

  it('caps listed zod issues at five', () => {
    const result = z.array(z.number()).safeParse(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const mapped = toHttpError(result.error);

    expect(mapped?.issues).toHaveLength(7);
    expect(mapped?.message).toMatch(/^invalid request: 0: .*; 4: [^;]*; and 2 more issues in error\.issues$/);
  });

  it('keeps exposed 4xx status', () => {
    const error = Object.assign(new Error('Failed to decode param'), { status: 400 });

    expect(toHttpError(error)?.status).toBe(400);
  });

  it.each([
    { name: 'plain error', error: new Error('boom') },
    { name: '5xx status', error: Object.assign(new Error('upstream'), { status: 502 }) },
    { name: 'unexposed 4xx', error: Object.assign(new Error('internal'), { status: 400, expose: false }) },
    { name: 'thrown string', error: 'boom' },
  ])('leaves $name unmapped', ({ error }) => {
    expect(toHttpError(error)).toBeUndefined();
  });

  it('prefers mapper over generic rules', () => {
    const mapped = toHttpError(new Error('domain'), () => new HttpError(422, 'DOMAIN', 'mapped'));

    expect(mapped?.code).toBe('DOMAIN');
  });
});
