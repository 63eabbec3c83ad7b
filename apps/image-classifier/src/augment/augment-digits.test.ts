import { ConfigError, EssenceError } from '@essence/core';
import { describe, expect, it } from 'vitest';

import { augmentDigits } from './augment-digits.js';

const PIXELS = 28 * 28;

/** Returns a seeded uniform generator on [0, 1) (mulberry32), so the tests are reproducible. */
function seededRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a generator that replays `values` in order and fails when it runs out. */
function scriptedRng(values: readonly number[]): () => number {
  let next = 0;
  return () => {
    const value = values[next++];
    if (value === undefined) {
      throw new Error(`scripted rng called more than ${values.length} times`);
    }
    return value;
  };
}

/** Builds a 28×28 image with a filled rectangle of ones, rows and columns inclusive. */
function rectangleImage(top: number, left: number, bottom: number, right: number): Float32Array {
  const image = new Float32Array(PIXELS);
  for (let row = top; row <= bottom; row++) {
    image.fill(1, row * 28 + left, row * 28 + right + 1);
  }
  return image;
}

function centreOfMass(image: Float32Array): { x: number; y: number } {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  image.forEach((value, i) => {
    mass += value;
    sumX += value * (i % 28);
    sumY += value * Math.floor(i / 28);
  });
  return { x: sumX / mass, y: sumY / mass };
}

function seededBatch(count: number, seed: number): Float32Array {
  const rng = seededRng(seed);
  return Float32Array.from({ length: count * PIXELS }, () => (rng() < 0.7 ? 0 : rng()));
}

describe('augmentDigits', () => {
  it('leaves batch unchanged when both off', () => {
    const batch = seededBatch(3, 1);
    const original = batch.slice();
    let calls = 0;

    augmentDigits(batch, 3, () => ++calls / 10, { shift: false, rotate: false });

    expect(Array.from(batch)).toEqual(Array.from(original));
    expect(calls).toBe(0);
  });

  // maxShift 2 maps an rng value u to the offset (2u - 1) * 2.
  it.each([
    { rngX: 0.75, rngY: 0.25, dx: 1, dy: -1 },
    { rngX: 0.6, rngY: 0.5, dx: 0.4, dy: 0 },
    { rngX: 0, rngY: 0.975, dx: -2, dy: 1.9 },
  ])('moves centre of mass by ($dx, $dy)', ({ rngX, rngY, dx, dy }) => {
    const image = rectangleImage(10, 11, 16, 14);
    const before = centreOfMass(image);

    augmentDigits(image, 1, scriptedRng([rngX, rngY]), { rotate: false });
    const after = centreOfMass(image);

    expect(after.x - before.x).toBeCloseTo(dx, 5);
    expect(after.y - before.y).toBeCloseTo(dy, 5);
  });

  it('rotates centre of mass about centre', () => {
    const image = rectangleImage(12, 18, 15, 21);
    const before = centreOfMass(image);
    // maxRotationDegrees 10 maps 0.75 to +5 degrees.
    const angle = (5 * Math.PI) / 180;
    const u = before.x - 13.5;
    const v = before.y - 13.5;

    augmentDigits(image, 1, scriptedRng([0.75]), { shift: false });
    const after = centreOfMass(image);

    expect(after.x).toBeCloseTo(13.5 + u * Math.cos(angle) - v * Math.sin(angle), 1);
    expect(after.y).toBeCloseTo(13.5 + u * Math.sin(angle) + v * Math.cos(angle), 1);
  });

  it('keeps values in unit range', () => {
    const batch = seededBatch(32, 2);
    batch.fill(1, 5 * PIXELS, 6 * PIXELS);

    augmentDigits(batch, 32, seededRng(3));

    expect(Math.min(...batch)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...batch)).toBeLessThanOrEqual(1);
  });

  it('fills shifted-in border with zero', () => {
    const image = new Float32Array(PIXELS).fill(1);

    // maxShift 4 maps 0.75 to +2 pixels right and 0.5 to no vertical shift.
    augmentDigits(image, 1, scriptedRng([0.75, 0.5]), { rotate: false, maxShift: 4 });

    for (let row = 0; row < 28; row++) {
      expect(Array.from(image.subarray(row * 28, row * 28 + 3))).toEqual([0, 0, 1]);
    }
  });

  it('repeats for same seed', () => {
    const first = seededBatch(8, 4);
    const second = first.slice();

    augmentDigits(first, 8, seededRng(5));
    augmentDigits(second, 8, seededRng(5));

    expect(Array.from(second)).toEqual(Array.from(first));
  });

  it('differs between seeds', () => {
    const first = seededBatch(8, 4);
    const second = first.slice();

    augmentDigits(first, 8, seededRng(5));
    augmentDigits(second, 8, seededRng(6));

    expect(Array.from(second)).not.toEqual(Array.from(first));
  });

  it('touches only first count images', () => {
    const batch = seededBatch(3, 7);
    const lastImage = batch.slice(2 * PIXELS);

    augmentDigits(batch, 2, seededRng(8));

    expect(Array.from(batch.subarray(2 * PIXELS))).toEqual(Array.from(lastImage));
  });

  it('rejects short batch', () => {
    const augment = () => augmentDigits(new Float32Array(PIXELS), 2, seededRng(1));

    expect(augment).toThrow(EssenceError);
    expect(augment).toThrow('expects at least 2 images of 28×28 (1568 values); got 784 values');
  });

  it.each([
    { case: 'negative maxShift', options: { maxShift: -1 }, message: 'maxShift must be a finite number >= 0; got -1' },
    { case: 'infinite rotation', options: { maxRotationDegrees: Infinity }, message: 'maxRotationDegrees must be' },
    { case: 'fractional height', options: { height: 27.5 }, message: 'height must be a positive integer' },
  ])('rejects $case', ({ options, message }) => {
    const augment = () => augmentDigits(new Float32Array(PIXELS), 1, seededRng(1), options);

    expect(augment).toThrow(ConfigError);
    expect(augment).toThrow(message);
  });
});
