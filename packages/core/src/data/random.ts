import seedrandom from 'seedrandom';

/** A seeded source of uniform floats in [0, 1). */
export type Random = () => number;

/**
 * Creates a seeded random number generator (seedrandom's ARC4 generator), so the same seed gives the
 * same sequence on every platform.
 *
 * Parts are joined with `/`, so `createRandom(seed, 'epoch', 3)` gives each epoch its own stream that does
 * not depend on how many numbers earlier epochs drew.
 */
export function createRandom(seed: number | string, ...parts: readonly (number | string)[]): Random {
  const prng = seedrandom([seed, ...parts].join('/'));
  return () => prng();
}
