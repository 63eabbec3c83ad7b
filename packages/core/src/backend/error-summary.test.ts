import { describe, expect, it } from 'vitest';

import { summarizeError } from './error-summary.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

const cases: readonly { readonly error: unknown; readonly expected: string }[] = [
  { error: new Error('addon missing\nPlease run npm rebuild'), expected: 'addon missing' },
  {
    error: withCode('libtensorflow.so.2: cannot open shared object file', 'ERR_DLOPEN_FAILED'),
    expected: 'ERR_DLOPEN_FAILED: libtensorflow.so.2: cannot open shared object file',
  },
  { error: withCode("Cannot find package 'x' (ERR_MODULE_NOT_FOUND)", 'ERR_MODULE_NOT_FOUND'), expected: "Cannot find package 'x' (ERR_MODULE_NOT_FOUND)" },
  { error: 'plain string', expected: 'plain string' },
  { error: withCode('numeric code', 42 as unknown as string), expected: 'numeric code' },
];

describe('summarizeError', () => {
  it.each(cases)('summarizes $expected', ({ error, expected }) => {
    expect(summarizeError(error)).toBe(expected);
  });
});
