import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { DEFAULT_TOP_K, parseTopKText, topKSchema } from './top-k.js';

function issuesOf(parse: () => unknown): Array<{ path: PropertyKey[]; message: string }> {
  try {
    parse();
  } catch (error) {
    if (error instanceof z.ZodError) {
      return error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
    }
    throw error;
  }
  throw new Error('expected a ZodError');
}

describe('parseTopKText', () => {
  it.each([
    { text: '1', topK: 1 },
    { text: '10', topK: 10 },
    { text: '03', topK: 3 },
  ])('reads $text', ({ text, topK }) => {
    expect(parseTopKText(text)).toBe(topK);
  });

  it('defaults when absent', () => {
    expect(parseTopKText(undefined)).toBe(DEFAULT_TOP_K);
  });

  it.each([
    { value: 'abc', received: '"abc"' },
    { value: '', received: '""' },
    { value: '11', received: '"11"' },
    { value: '-1', received: '"-1"' },
    { value: ' 3', received: '" 3"' },
    { value: '1e1', received: '"1e1"' },
    { value: '99999999999999999999', received: '"99999999999999999999"' },
    { value: 'x'.repeat(40), received: `"${'x'.repeat(24)}…"` },
    { value: ['1', '2'], received: '2 values; send topK once' },
  ])('rejects $value at path topK', ({ value, received }) => {
    expect(issuesOf(() => parseTopKText(value))).toEqual([
      { path: ['topK'], message: `expected an integer in 1..10; received ${received}` },
    ]);
  });
});

describe('topKSchema', () => {
  it.each([
    { value: 0, received: '0' },
    { value: 11, received: '11' },
    { value: 2.5, received: '2.5' },
    { value: 1e300, received: '1e+300' },
    { value: '3', received: '"3"' },
    { value: null, received: 'null' },
    { value: {}, received: 'an object' },
  ])('rejects $value with one issue', ({ value, received }) => {
    expect(issuesOf(() => topKSchema.parse(value))).toEqual([
      { path: [], message: `expected an integer in 1..10; received ${received}` },
    ]);
  });
});
