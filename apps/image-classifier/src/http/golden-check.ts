import { DIGIT_CLASS_COUNT } from './digit-classifier.js';

/** Default maximum absolute difference between warm-up and golden probabilities. */
export const DEFAULT_GOLDEN_TOLERANCE = 1e-4;

/** Whether the warm-up outputs match the golden outputs, with the largest difference found. */
export interface GoldenCheck {
  decision: 'match' | 'mismatch';
  reason: string;
  /** Largest absolute difference over all values; NaN when a value is not finite or the shapes differ. */
  maxAbsDifference: number;
}

/**
 * Compares the probabilities a freshly loaded model returned for the golden inputs with those recorded at
 * training time.
 *
 * Matches when every value differs by at most `tolerance`. A mismatch reason names the largest difference with
 * its sample and class, which points at a wrong checkpoint, backend or preprocessing.
 */
export function checkGoldenOutputs(expected: number[][], actual: Float32Array, tolerance: number): GoldenCheck {
  const expectedSize = expected.length * DIGIT_CLASS_COUNT;
  if (actual.length !== expectedSize) {
    return mismatch(
      `warm-up returned ${actual.length} values for ${expected.length} golden samples; expected ${expectedSize}`,
    );
  }

  let worst = { difference: -1, sample: 0, label: 0, expected: 0, actual: 0 };
  for (let sample = 0; sample < expected.length; sample += 1) {
    for (let label = 0; label < DIGIT_CLASS_COUNT; label += 1) {
      const want = expected[sample]?.[label] ?? Number.NaN;
      const got = actual[sample * DIGIT_CLASS_COUNT + label] ?? Number.NaN;
      if (!Number.isFinite(want) || !Number.isFinite(got)) {
        return mismatch(`sample ${sample}, class ${label}: expected ${want}, got ${got}; both must be finite numbers`);
      }
      const difference = Math.abs(want - got);
      if (difference > worst.difference) {
        worst = { difference, sample, label, expected: want, actual: got };
      }
    }
  }

  const where = `at sample ${worst.sample}, class ${worst.label} (expected ${worst.expected}, got ${worst.actual})`;
  if (worst.difference > tolerance) {
    return {
      decision: 'mismatch',
      reason:
        `warm-up outputs differ from the golden outputs: max abs difference ${worst.difference.toExponential(3)} ` +
        `${where} exceeds the tolerance ${tolerance}`,
      maxAbsDifference: worst.difference,
    };
  }
  return {
    decision: 'match',
    reason: `warm-up outputs match the golden outputs: max abs difference ${Math.max(0, worst.difference).toExponential(3)} <= ${tolerance}`,
    maxAbsDifference: Math.max(0, worst.difference),
  };
}

function mismatch(reason: string): GoldenCheck {
  return { decision: 'mismatch', reason: `golden check failed: ${reason}`, maxAbsDifference: Number.NaN };
}
