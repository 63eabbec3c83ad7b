#!/usr/bin/env node
// Writes the benchmark's shared inputs to a data folder (default bench/results/.data/). They are the first N training
// digits, the 10,000 official test digits, the per-epoch example order, and the initial weights of the 'mlp' and 'cnn'
// models that @essence/image-classifier builds with a fixed seed. The Essence and PyTorch trainers both read these
// files, so they start from the same weights and see the same batches in the same order.
//
// Usage: node bench/dump-mnist.mjs [--quick] [--row-budget SECONDS] [--data-dir DIR]
//
// Layout (every array file is headerless little-endian, row-major; manifest.json lists dtype, shape and SHA-256):
//   manifest.json          format, protocol (bench/lib/protocol.mjs), data entries, models
//   train-x.f32            [N, 784] float32 pixels in [0, 1], the first N examples of loadMnistTrain()
//   train-y.i32            [N] int32 labels 0..9
//   test-x.f32, test-y.i32 [10000, 784] and [10000], loadMnistTest() in file order
//   order.i32              [epochs, N] int32: row e is the order of the training examples in epoch e, the seeded
//                          shuffle that @essence/core's train() draws:
//                          shuffledIndices(N, createRandom(seed, 'epoch', e))
//   <model>/<layer>.<kernel|bias>.f32
//                          initial weights in tfjs layouts: dense kernel [in, out], conv kernel HWIO
//                          [height, width, in, out], bias [out]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { DATA_FORMAT, MANIFEST_FILE, writeArray } from './lib/data-files.mjs';
import { createProtocol } from './lib/protocol.mjs';
import { BENCH_DIR, importWorkspace } from './lib/workspace.mjs';

/** Default data folder; git-ignored by bench/.gitignore. */
export const DEFAULT_DATA_DIR = path.join(BENCH_DIR, 'results', '.data');

/** Models the benchmark trains, as named by @essence/image-classifier. */
export const BENCH_MODELS = ['mlp', 'cnn'];

const PIXELS = 784;
const IMAGE_SHAPE = [28, 28, 1];
const CLASSES = 10;

// Layer config fields a trainer in another framework needs to rebuild the layer; initializers are left out because
// the initial weights are dumped instead.
const LAYER_FIELDS = [
  'units',
  'activation',
  'useBias',
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dataFormat',
  'dilationRate',
  'poolSize',
  'rate',
  'batchInputShape',
];

/**
 * Builds a model with @essence/image-classifier's factory, its default config and `seed`, exactly as the Essence
 * trainer builds it.
 */
export function buildBenchModel(imageClassifier, model, seed) {
  const factory = model === 'mlp' ? imageClassifier.mlpModelFactory : imageClassifier.cnnModelFactory;
  return factory.build(factory.configSchema.parse({}), { inputShape: IMAGE_SHAPE, outputUnits: CLASSES, seed });
}

function describeLayer(layer) {
  const config = layer.getConfig();
  const kept = {};
  for (const field of LAYER_FIELDS) {
    if (config[field] !== undefined) kept[field] = config[field];
  }
  return { name: layer.name, className: layer.getClassName(), config: kept, weights: [] };
}

function dumpModelWeights(tf, imageClassifier, model, seed, dataDir) {
  mkdirSync(path.join(dataDir, model), { recursive: true });
  const built = buildBenchModel(imageClassifier, model, seed);
  try {
    const layers = built.layers.map((layer) => {
      const description = describeLayer(layer);
      layer.weights.forEach((weight, i) => {
        // originalName is '<layer>/<role>' without the '_1' suffix tfjs adds to repeated variable names.
        const role = weight.originalName.split('/').pop();
        const file = path.join(model, `${layer.name}.${role}.f32`);
        const values = tf.tidy(() => layer.getWeights()[i].dataSync().slice());
        const sha256 = writeArray(path.join(dataDir, file), values);
        const layout = role === 'kernel' ? kernelLayout(weight.shape) : '[out]';
        description.weights.push({ role, file, dtype: 'float32', shape: weight.shape, layout, sha256 });
      });
      return description;
    });
    return { seed, parameters: built.countParams(), layers };
  } finally {
    built.dispose();
  }
}

function kernelLayout(shape) {
  return shape.length === 4 ? 'HWIO [height, width, in, out]' : '[in, out]';
}

/**
 * Writes the data folder for `protocol` and returns the manifest it wrote. Existing files in `dataDir` are replaced.
 */
export async function dumpBenchData({ protocol, dataDir = DEFAULT_DATA_DIR }) {
  const { tf, core, datasets, imageClassifier } = await importWorkspace();
  // Weight initialisers draw in JavaScript, so the backend does not change the values; cpu needs no native build.
  await core.resolveBackend({ requested: 'cpu' });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const [trainSet, testSet] = await Promise.all([datasets.loadMnistTrain(), datasets.loadMnistTest()]);
  const count = protocol.trainExamples;
  if (count > trainSet.size) {
    throw new Error(`protocol.trainExamples is ${count}, but loadMnistTrain() has only ${trainSet.size} examples.`);
  }

  const data = {};
  const addEntry = (name, file, dtype, shape, array) => {
    data[name] = { file, dtype, shape, sha256: writeArray(path.join(dataDir, file), array) };
  };
  addEntry('trainX', 'train-x.f32', 'float32', [count, PIXELS], trainSet.x.subarray(0, count * PIXELS));
  addEntry('trainY', 'train-y.i32', 'int32', [count], trainSet.y.subarray(0, count));
  addEntry('testX', 'test-x.f32', 'float32', [testSet.size, PIXELS], testSet.x);
  addEntry('testY', 'test-y.i32', 'int32', [testSet.size], testSet.y);

  const order = new Int32Array(protocol.epochs * count);
  for (let epoch = 0; epoch < protocol.epochs; epoch++) {
    order.set(core.shuffledIndices(count, core.createRandom(protocol.seed, 'epoch', epoch)), epoch * count);
  }
  addEntry('order', 'order.i32', 'int32', [protocol.epochs, count], order);

  const models = {};
  for (const model of BENCH_MODELS) {
    models[model] = dumpModelWeights(tf, imageClassifier, model, protocol.seed, dataDir);
  }

  const manifest = {
    format: DATA_FORMAT,
    createdAt: new Date().toISOString(),
    protocol,
    sources: { train: trainSet.source, test: testSet.source },
    imageShape: IMAGE_SHAPE,
    classes: CLASSES,
    data,
    models,
  };
  writeFileSync(path.join(dataDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'row-budget': { type: 'string' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    },
  });
  const dataDir = path.resolve(values['data-dir']);
  const rowBudgetSeconds = values['row-budget'] === undefined ? undefined : Number(values['row-budget']);
  if (rowBudgetSeconds !== undefined && !(rowBudgetSeconds > 0)) {
    throw new Error(`--row-budget must be a positive number of seconds; got ${values['row-budget']}.`);
  }
  const protocol = createProtocol({ quick: values.quick, rowBudgetSeconds });
  const manifest = await dumpBenchData({ protocol, dataDir });
  const parameters = Object.entries(manifest.models).map(([name, model]) => `${name} ${model.parameters} parameters`);
  console.log(`wrote ${manifest.protocol.trainExamples} training and ${manifest.data.testY.shape[0]} test examples, ` +
    `${manifest.protocol.epochs} epoch orders and initial weights (${parameters.join(', ')}) to ${dataDir}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.ESSENCE_LOG_LEVEL ??= 'silent';
  await main();
}
