import { describe, expect, it } from 'vitest';

import { createRandom } from './random.js';
import { shuffled, shuffledIndices } from './shuffle.js';

describe('shuffledIndices', () => {
  it('is a permutation', () => {
    const order = shuffledIndices(50, createRandom(1));

    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('same seed same order', () => {
    expect(shuffledIndices(50, createRandom(1, 'epoch', 0))).toEqual(shuffledIndices(50, createRandom(1, 'epoch', 0)));
  });

  it('each epoch differs', () => {
    expect(shuffledIndices(50, createRandom(1, 'epoch', 1))).not.toEqual(shuffledIndices(50, createRandom(1, 'epoch', 0)));
  });
});

describe('shuffled', () => {
  it('leaves input unchanged', () => {
    const input = Int32Array.from([5, 6, 7, 8]);

    shuffled(input, createRandom(2));

    expect(Array.from(input)).toEqual([5, 6, 7, 8]);
  });
});
