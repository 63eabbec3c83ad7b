import { describe, expect, it } from 'vitest';

import { resolveRequestId } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it.each(['abc', 'A1.b2:c3-d4_e5', '0'.repeat(128)])('keeps valid id %s', (id) => {
    expect(resolveRequestId(id)).toBe(id);
  });

  it.each([
    { name: 'missing', header: undefined },
    { name: 'empty', header: '' },
    { name: 'too long', header: 'a'.repeat(129) },
    { name: 'line break', header: 'abc\r\nx-injected: 1' },
    { name: 'leading dash', header: '-abc' },
  ])('replaces $name id with uuid', ({ header }) => {
    expect(resolveRequestId(header)).toMatch(UUID);
  });

  it('uses first of repeated headers', () => {
    expect(resolveRequestId(['first', 'second'])).toBe('first');
  });
});
