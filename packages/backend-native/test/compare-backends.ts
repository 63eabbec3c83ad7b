// Helpers for tests that run the same computation on the cpu and native backends and compare the results.
import '@tensorflow/tfjs-backend-cpu';
// The tfjs-core Node bundle registers no gradients; tfjs-layers registers all of them on import.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

import { loadNativeBackend } from '../src/index.js';

/** Absolute and relative tolerance: |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Tolerance for GEMM and convolution sums, whose float32 accumulation order differs between backends. */
export const SUM_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-4 };

/**
 * Loads and registers the native backend.
 *
 * @throws Error with the loader's reason and fix when the addon is not built.
 */
export function registerNative(): void {
  const result = loadNativeBackend();
  if (!result.ok) throw new Error(`native backend unavailable: ${result.reason}. Fix: ${result.fix}`);
  result.register();
}

/** Returns `size` uniform floats in [min, max) from a mulberry32 generator seeded with `seed`. */
export function seededValues(size: number, seed: number, min = -1, max = 1): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    values[i] = min + (max - min) * unit;
  }
  return values;
}

/** Runs `compute` with `backendName` active and returns each output's shape and values; disposes every tensor. */
export async function runOn(
  backendName: string,
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array }[]> {
  const switched = await tf.setBackend(backendName);
  if (!switched) throw new Error(`tf.setBackend('${backendName}') failed`);
  const outputs = tf.tidy(compute);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  try {
    return list.map((tensor) => ({ shape: tensor.shape, values: Float32Array.from(tensor.dataSync()) }));
  } finally {
    tf.dispose(list);
  }
}

/** Returns the first index where `actual` and `expected` differ beyond `tolerance` (NaN and infinities must match). */
export function firstMismatch(
  actual: Float32Array,
  expected: Float32Array,
  tolerance: Tolerance,
): { index: number; actual: number; expected: number } | undefined {
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? Number.NaN;
    const e = expected[i] ?? Number.NaN;
    const same = Number.isNaN(e)
      ? Number.isNaN(a)
      : Number.isFinite(e)
        ? Math.abs(a - e) <= tolerance.atol + tolerance.rtol * Math.abs(e)
        : a === e;
    if (!same) return { index: i, actual: a, expected: e };
  }
  return undefined;
}

/** Computes `compute` on cpu and native and asserts equal shapes and values within `tolerance`. */
export async function expectSameOnBothBackends(
  compute: () => tf.Tensor | tf.Tensor[],
  tolerance: Tolerance = SUM_TOLERANCE,
): Promise<void> {
  const expected = await runOn('cpu', compute);
  const actual = await runOn('native', compute);

  expect(actual.length).toBe(expected.length);
  expected.forEach((output, i) => {
    expect(actual[i]?.shape).toEqual(output.shape);
    expect(firstMismatch(actual[i]?.values ?? new Float32Array(), output.values, tolerance)).toBeUndefined();
  });
}
