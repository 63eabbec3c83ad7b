import { describe, expect, it } from 'vitest';

import { methodNotAllowedHandler } from './method-not-allowed.js';

describe('methodNotAllowedHandler', () => {
  it('rejects empty method list', () => {
    expect(() => methodNotAllowedHandler([])).toThrow(RangeError);
  });
});
