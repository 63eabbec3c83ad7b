import type { Random } from './random.js';

/**
 * Returns a shuffled copy of `values` (Fisher-Yates), drawing from `random`; the input is not changed.
 */
export function shuffled(values: ArrayLike<number>, random: Random): Int32Array {
  const result = Int32Array.from(values);

  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = result[i] as number;
    result[i] = result[j] as number;
    result[j] = held;
  }
  return result;
}

/** Returns `0, 1, ..., count - 1` in a random order drawn from `random`. */
export function shuffledIndices(count: number, random: Random): Int32Array {
  const identity = new Int32Array(count);
  for (let i = 0; i < count; i++) identity[i] = i;

  return shuffled(identity, random);
}
