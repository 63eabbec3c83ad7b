const GOLDEN_RATIO_32 = 0x9e3779b9;
const MAX_SEED = 0x7fffffff;

/**
 * Creates a generator of initializer seeds, one per call, derived from a model seed.
 *
 * Each layer gets its own seed so that two layers with the same kernel shape start from different
 * weights, while the whole model stays reproducible from `modelSeed`. Seeds are integers in
 * [1, 2^31 - 1]: tfjs-core 4.22 treats a seed of 0 as "no seed" and draws from `Math.random`.
 */
export function createLayerSeeds(modelSeed: number): () => number {
  let index = 0;
  return () => {
    index++;
    return mixSeed(modelSeed, index);
  };
}

// MurmurHash3's 32-bit finaliser (fmix32) spreads nearby seeds and indices over the whole range.
function mixSeed(modelSeed: number, index: number): number {
  let hash = (Math.trunc(modelSeed) ^ Math.imul(index, GOLDEN_RATIO_32)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return (hash % MAX_SEED) + 1;
}
