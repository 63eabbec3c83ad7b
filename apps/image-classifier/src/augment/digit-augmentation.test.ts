import { ConfigError } from '@essence/core';
import { describe, expect, it } from 'vitest';

import { augmentDigits } from './augment-digits.js';
import { createDigitAugmentation } from './digit-augmentation.js';

/** Returns a generator that cycles through `values`, so two runs draw the same numbers. */
function cyclingRng(values: readonly number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length] ?? 0;
}

function sampleBatch(count: number, pixels: number): Float32Array {
  return Float32Array.from({ length: count * pixels }, (_, i) => ((i * 37) % 101) / 100);
}

describe('createDigitAugmentation', () => {
  it('matches augmentDigits on a batch', () => {
    const viaHook = sampleBatch(4, 784);
    const direct = viaHook.slice();
    const values = [0.1, 0.9, 0.35, 0.6, 0.2];

    createDigitAugmentation({ maxShift: 1 })(viaHook, [28, 28, 1], cyclingRng(values));
    augmentDigits(direct, 4, cyclingRng(values), { maxShift: 1 });

    expect(Array.from(viaHook)).toEqual(Array.from(direct));
  });

  it('reads image size from shape', () => {
    const viaHook = sampleBatch(3, 16 * 12);
    const direct = viaHook.slice();
    const values = [0.8, 0.3, 0.55];

    createDigitAugmentation()(viaHook, [16, 12], cyclingRng(values));
    augmentDigits(direct, 3, cyclingRng(values), { height: 16, width: 12 });

    expect(Array.from(viaHook)).toEqual(Array.from(direct));
  });

  it.each([
    { case: 'colour images', shape: [28, 28, 3], message: 'got [28, 28, 3]' },
    { case: 'flat examples', shape: [784], message: 'got [784]' },
  ])('rejects $case', ({ shape, message }) => {
    const augment = () => createDigitAugmentation()(new Float32Array(784 * 3), shape, () => 0.5);

    expect(augment).toThrow(ConfigError);
    expect(augment).toThrow(message);
  });

  it('rejects partial image', () => {
    const augment = () => createDigitAugmentation()(new Float32Array(785), [28, 28, 1], () => 0.5);

    expect(augment).toThrow('got 785 values, not a whole number of 28×28 images');
  });
});
