#!/usr/bin/env node
// Measures OpenBLAS sgemm time with 1 and with all cores for GEMM shapes that MLP and CNN training produce, to
// pick the work threshold (M*N*K) above which the native backend lets OpenBLAS use more than one thread.
// Usage: node scripts/bench-threads.mjs (builds nothing; loads build/Release/essence_native.node, or the file named
// by ESSENCE_NATIVE_ADDON, e.g. a copy that a concurrent rebuild cannot remove).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

// [M, K, N, label]: forward, and both backward products, of layers from a 784-512-256-10 MLP at batch 64 and of a
// small CNN's im2col GEMMs.
const SHAPES = [
  [64, 784, 512, 'dense 784->512 forward'],
  [784, 64, 512, 'dense 784->512 dW'],
  [64, 512, 256, 'dense 512->256 forward'],
  [64, 256, 10, 'dense 256->10 forward'],
  [256, 64, 10, 'dense 256->10 dW'],
  [32, 32, 32, 'tiny 32^3'],
  [64, 64, 64, '64^3'],
  [96, 96, 96, '96^3'],
  [128, 128, 128, '128^3'],
  [192, 192, 192, '192^3'],
  [256, 256, 256, '256^3'],
  [512, 512, 512, '512^3'],
  [1024, 1024, 512, '1024x1024x512'],
  [12544, 9, 16, 'conv 3x3x1->16, 16x28x28 rows'],
  [12544, 144, 32, 'conv 3x3x16->32, 16x28x28 rows'],
  [144, 12544, 32, 'conv 3x3x16->32 dW'],
];

function measureChild() {
  const defaultPath = fileURLToPath(new URL('../build/Release/essence_native.node', import.meta.url));
  const addon = createRequire(import.meta.url)(process.env.ESSENCE_NATIVE_ADDON ?? defaultPath);
  const results = [];
  for (const [m, k, n] of SHAPES) {
    const a = new Float32Array(m * k).map((_, i) => (i % 7) - 3);
    const b = new Float32Array(k * n).map((_, i) => (i % 5) - 2);
    const work = m * n * k;
    const repeats = Math.max(3, Math.min(500, Math.round(5e8 / work)));
    addon.batchMatMul(a, [m, k], b, [k, n], false, false);
    // Other processes share the machine, so the fastest of several timed batches estimates the uncontended time.
    let best = Number.POSITIVE_INFINITY;
    for (let batch = 0; batch < 5; batch++) {
      const start = process.hrtime.bigint();
      for (let r = 0; r < repeats; r++) addon.batchMatMul(a, [m, k], b, [k, n], false, false);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e3 / repeats);
    }
    results.push(best);
  }
  process.stdout.write(JSON.stringify(results));
}

function runWithThreads(threads) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    env: { ...process.env, ESSENCE_NATIVE_THREADS: String(threads) },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

if (process.argv.includes('--child')) {
  measureChild();
} else {
  const cores = os.availableParallelism();
  let single = SHAPES.map(() => Number.POSITIVE_INFINITY);
  let multi = SHAPES.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 3; round++) {
    single = runWithThreads(1).map((time, i) => Math.min(time, single[i]));
    multi = runWithThreads(cores).map((time, i) => Math.min(time, multi[i]));
  }
  console.log(`| shape (MxKxN) | work M*N*K | 1 thread (us) | ${cores} threads (us) | speed-up |`);
  console.log('|---|---:|---:|---:|---:|');
  SHAPES.forEach(([m, k, n, label], i) => {
    const singleTime = single[i];
    const multiTime = multi[i];
    const work = (m * n * k).toExponential(2);
    const speedUp = (singleTime / multiTime).toFixed(2);
    console.log(
      `| ${label} (${m}x${k}x${n}) | ${work} | ${singleTime.toFixed(1)} | ${multiTime.toFixed(1)} | ${speedUp} |`,
    );
  });
}
