import { describe, expect, it } from 'vitest';

import { UnknownBackendError } from './backend-errors.js';
import { readBackendRequest } from './backend-request.js';

interface RequestCase {
  readonly flag: string | undefined;
  readonly env: string | undefined;
  readonly expected: ReturnType<typeof readBackendRequest>;
}

const cases: readonly RequestCase[] = [
  { flag: undefined, env: undefined, expected: undefined },
  { flag: 'wasm', env: undefined, expected: { name: 'wasm', source: 'flag' } },
  { flag: undefined, env: 'cpu', expected: { name: 'cpu', source: 'env' } },
  { flag: 'native', env: 'cpu', expected: { name: 'native', source: 'flag' } },
  { flag: 'auto', env: 'cpu', expected: undefined },
  { flag: undefined, env: 'auto', expected: undefined },
  { flag: '', env: 'cpu', expected: { name: 'cpu', source: 'env' } },
  { flag: undefined, env: '  ', expected: undefined },
  { flag: ' TensorFlow ', env: undefined, expected: { name: 'tensorflow', source: 'flag' } },
];

describe('readBackendRequest', () => {
  it.each(cases)('flag $flag with env $env', ({ flag, env, expected }) => {
    expect(readBackendRequest(flag, { ESSENCE_BACKEND: env })).toEqual(expected);
  });

  it('unknown flag value throws', () => {
    expect(() => readBackendRequest('gpu', {})).toThrow(UnknownBackendError);
  });

  it('unknown env value names ESSENCE_BACKEND', () => {
    expect(() => readBackendRequest(undefined, { ESSENCE_BACKEND: 'webgl' })).toThrow(
      /^unknown backend 'webgl' from ESSENCE_BACKEND; valid backends: 'tensorflow', 'native', 'wasm', 'cpu'/,
    );
  });

  it('valid flag hides unknown env value', () => {
    expect(readBackendRequest('cpu', { ESSENCE_BACKEND: 'webgl' })).toEqual({ name: 'cpu', source: 'flag' });
  });
});
