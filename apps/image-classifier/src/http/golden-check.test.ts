import { describe, expect, it } from 'vitest';

import { checkGoldenOutputs } from './golden-check.js';

const expected = [
  [0.1, 0.2, 0.3, 0.05, 0.05, 0.1, 0.05, 0.05, 0.05, 0.05],
  [0.9, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.01],
];

/** Returns the expected outputs as a flat Float32Array with `delta` added at one position. */
function actualWith(delta: number, sample = 0, label = 0): Float32Array {
  const actual = Float32Array.from(expected.flat());
  actual[sample * 10 + label] = (actual[sample * 10 + label] ?? 0) + delta;
  return actual;
}

describe('checkGoldenOutputs', () => {
  it.each([
    { delta: 0, tolerance: 1e-4, decision: 'match' },
    { delta: 5e-5, tolerance: 1e-4, decision: 'match' },
    { delta: 2e-4, tolerance: 1e-4, decision: 'mismatch' },
    { delta: -2e-4, tolerance: 1e-4, decision: 'mismatch' },
    { delta: 2e-4, tolerance: 1e-3, decision: 'match' },
  ])('decides $decision for delta $delta, tolerance $tolerance', ({ delta, tolerance, decision }) => {
    expect(checkGoldenOutputs(expected, actualWith(delta, 1, 3), tolerance).decision).toBe(decision);
  });

  it('reports largest difference', () => {
    const actual = actualWith(0.02, 1, 8);
    actual[3] = (actual[3] ?? 0) + 0.001;

    const check = checkGoldenOutputs(expected, actual, 1e-4);

    expect(check.maxAbsDifference).toBeCloseTo(0.02, 6);
  });

  it('names sample and class of mismatch', () => {
    const check = checkGoldenOutputs(expected, actualWith(0.5, 1, 0), 1e-4);

    expect(check.reason).toMatch(/^warm-up outputs differ from the golden outputs: max abs difference 5\.000e-1 at sample 1, class 0/);
    expect(check.reason).toMatch(/exceeds the tolerance 0\.0001$/);
  });

  it('rejects wrong output length', () => {
    const check = checkGoldenOutputs(expected, new Float32Array(19), 1e-4);

    expect(check.decision).toBe('mismatch');
    expect(check.reason).toBe('golden check failed: warm-up returned 19 values for 2 golden samples; expected 20');
  });

  it('rejects non-finite output', () => {
    const actual = actualWith(0);
    actual[4] = Number.NaN;

    const check = checkGoldenOutputs(expected, actual, 1e-4);

    expect(check.decision).toBe('mismatch');
    expect(check.reason).toContain('sample 0, class 4: expected 0.05, got NaN');
  });
});
