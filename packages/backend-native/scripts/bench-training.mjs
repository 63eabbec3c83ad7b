#!/usr/bin/env node
// Measures training throughput (samples/s, Adam, batch 64) with tfjs-layers on several backends: a 784-512-256-10
// MLP, or with --cnn a small MNIST CNN (conv 3x3x32 relu, max-pool 2, conv 3x3x64 relu, max-pool 2, dense 10).
// Needs the package built (dist/ and the addon). The wasm backend has no Conv2DBackpropFilter kernel, so it cannot
// train the CNN.
// Usage: node scripts/bench-training.mjs [--cnn] [--build-dir=DIR] [backend ...]
// Default backends: native wasm cpu (MLP) or native cpu (CNN). --build-dir loads the addon from a copy of build/,
// so a rebuild running at the same time cannot remove it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { loadNativeBackend } from '../dist/index.js';

const BATCH = 64;
const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function registerWasm() {
  // This package does not depend on the wasm backend; borrow the core package's copy for the comparison.
  const requireFromCore = createRequire(path.join(packageDir, '..', 'core', 'package.json'));
  const wasmMain = requireFromCore.resolve('@tensorflow/tfjs-backend-wasm');
  const wasm = requireFromCore(wasmMain);
  wasm.setWasmPaths(path.join(path.dirname(wasmMain), path.sep));
}

function buildMlp() {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 256, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

function buildCnn() {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

async function measure(backendName, seconds, cnn) {
  if (!(await tf.setBackend(backendName))) throw new Error(`tf.setBackend('${backendName}') failed`);
  const model = cnn ? buildCnn() : buildMlp();
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const x = tf.randomUniform(cnn ? [BATCH, 28, 28, 1] : [BATCH, 784], 0, 1, 'float32', 1);
  const y = tf.cast(tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 2), 10), 'float32');
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);

  let batches = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await model.trainOnBatch(x, y);
    batches++;
  }
  const elapsed = (performance.now() - start) / 1000;
  tf.dispose([x, y]);
  model.dispose();
  return (batches * BATCH) / elapsed;
}

const cnn = process.argv.includes('--cnn');
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const defaults = cnn ? ['native', 'cpu'] : ['native', 'wasm', 'cpu'];
const backends = requested.length > 0 ? requested : defaults;
const buildDirArg = process.argv.find((arg) => arg.startsWith('--build-dir='));
const buildDir = buildDirArg ? path.resolve(buildDirArg.slice('--build-dir='.length)) : undefined;
const native = loadNativeBackend(buildDir ? { buildDir } : {});
if (native.ok) native.register();
else console.warn(`native backend unavailable: ${native.reason}`);
if (backends.includes('wasm')) await registerWasm();

for (const backendName of backends) {
  if (backendName === 'native' && !native.ok) continue;
  const samplesPerSecond = await measure(backendName, backendName === 'cpu' ? 6 : 4, cnn);
  console.log(`${cnn ? 'CNN' : 'MLP'} ${backendName}: ${samplesPerSecond.toFixed(0)} samples/s`);
}
