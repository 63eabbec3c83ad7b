import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  CheckpointCorruptedError,
  CheckpointNotFoundError,
  NonFiniteWeightsError,
  OptimizerStateError,
} from './checkpoint-errors.js';
import type { CheckpointMetadata } from './checkpoint-metadata.js';
import type { FileWriter } from './durable-files.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { restoreOptimizer } from './optimizer-state.js';
import { saveCheckpoint } from './save-checkpoint.js';

function buildModel(seed: number): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      inputShape: [4],
      units: 8,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(
    tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
  );
  return model;
}

function predict(model: tfl.LayersModel): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor2d([0.1, -0.2, 0.3, 0.4, 1, 2, -3, 0.5, -1, 0, 0.25, 0.75], [3, 4]);
    return (model.predict(input) as tf.Tensor).dataSync() as Float32Array;
  });
}

const metadata: CheckpointMetadata = {
  preprocessing: { mean: 0.1307, std: 0.3081 },
  training: {
    epoch: 2,
    seed: 7,
    history: [{ epoch: 2, metrics: { loss: 0.5, val_loss: Number.NaN }, learningRate: 0.01, durationMs: 12 }],
    model: { factory: 'mlp', config: { hidden: [8] } },
    loss: 'categoricalCrossentropy',
    optimizer: { name: 'adam', options: { learningRate: 0.01 } },
  },
};

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'essence-checkpoint-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('saveCheckpoint and loadCheckpoint', () => {
  it('round trip keeps predictions', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');

    const saved = await saveCheckpoint(directory, { model, metadata });
    const loaded = await loadCheckpoint(directory);

    expect(Array.from(predict(loaded.model))).toEqual(Array.from(predict(model)));
    expect(loaded.hash).toBe(saved.hash);
    expect(loaded.optimizerState).toBeUndefined();
    model.dispose();
    loaded.model.dispose();
  });

  it('round trip keeps metadata', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');

    await saveCheckpoint(directory, { model, metadata });
    const loaded = await loadCheckpoint(directory);

    expect(loaded.metadata.preprocessing).toEqual(metadata.preprocessing);
    expect(loaded.metadata.training?.model).toEqual(metadata.training?.model);
    expect(loaded.metadata.training?.history[0]?.metrics.val_loss).toBeNaN();
    expect(loaded.metadata.formatVersion).toBe(1);
    expect(loaded.metadata.tfjsVersion).toBe(tf.version_core);
    model.dispose();
    loaded.model.dispose();
  });

  it('writes every file into checksum', async () => {
    const model = buildModel(1);
    const optimizer = tf.train.adam(0.01);
    const directory = join(root, 'best');

    const saved = await saveCheckpoint(directory, { model, optimizer, metadata });

    const files = (await readdir(directory)).sort();
    expect(files).toEqual(['checksum.json', 'metadata.json', 'model.json', 'optimizer.bin', 'optimizer.json', 'weights.bin']);
    expect(Object.keys(saved.files).sort()).toEqual(files.filter((file) => file !== 'checksum.json'));
    expect(saved.hash).toMatch(/^[0-9a-f]{64}$/);
    model.dispose();
    optimizer.dispose();
  });

  it('replacing checkpoint changes content', async () => {
    const first = buildModel(1);
    const second = buildModel(2);
    const directory = join(root, 'best');

    await saveCheckpoint(directory, { model: first, metadata });
    await saveCheckpoint(directory, { model: second, metadata });
    const loaded = await loadCheckpoint(directory);

    expect(Array.from(predict(loaded.model))).toEqual(Array.from(predict(second)));
    expect(await readdir(root)).toEqual(['best']);
    first.dispose();
    second.dispose();
    loaded.model.dispose();
  });
});

describe('saveCheckpoint atomicity', () => {
  function failAfter(files: number): FileWriter {
    let written = 0;
    return async (path, data) => {
      if (written === files) throw new Error(`injected write failure at '${path}'`);
      written += 1;
      await writeFile(path, data);
    };
  }

  it('failed save keeps previous checkpoint', async () => {
    const previous = buildModel(1);
    const next = buildModel(2);
    const directory = join(root, 'best');
    const saved = await saveCheckpoint(directory, { model: previous, metadata });

    await expect(saveCheckpoint(directory, { model: next, metadata, writeFile: failAfter(2) })).rejects.toThrow(
      /injected write failure/,
    );

    const loaded = await loadCheckpoint(directory);
    expect(loaded.hash).toBe(saved.hash);
    expect(Array.from(predict(loaded.model))).toEqual(Array.from(predict(previous)));
    previous.dispose();
    next.dispose();
    loaded.model.dispose();
  });

  it('failed save leaves no temporary directory', async () => {
    const previous = buildModel(1);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model: previous, metadata });

    await expect(saveCheckpoint(directory, { model: previous, metadata, writeFile: failAfter(3) })).rejects.toThrow();

    expect(await readdir(root)).toEqual(['best']);
    previous.dispose();
  });

  it('failed first save creates nothing', async () => {
    const model = buildModel(1);

    await expect(saveCheckpoint(join(root, 'best'), { model, metadata, writeFile: failAfter(1) })).rejects.toThrow();

    expect(await readdir(root)).toEqual([]);
    model.dispose();
  });

  it('rejects non-finite weights before writing', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');
    const first = model.layers[0];
    if (first === undefined) throw new Error('model has no layers');
    const [kernel, bias] = first.getWeights();
    if (kernel === undefined || bias === undefined) throw new Error('dense layer has no weights');
    const values = Float32Array.from(kernel.dataSync());
    values[5] = Number.NaN;
    const broken = tf.tensor(values, kernel.shape);
    first.setWeights([broken, bias]);

    const save = saveCheckpoint(directory, { model, metadata });

    await expect(save).rejects.toBeInstanceOf(NonFiniteWeightsError);
    await expect(save).rejects.toThrow(/contains 1 non-finite value/);
    expect(await readdir(root)).toEqual([]);
    broken.dispose();
    model.dispose();
  });

  it('rejects non-checkpoint directory', async () => {
    const model = buildModel(1);
    const directory = join(root, 'documents');
    await mkdir(directory);
    await writeFile(join(directory, 'notes.txt'), 'keep me');

    await expect(saveCheckpoint(directory, { model, metadata })).rejects.toThrow(/not a checkpoint|contains no/);

    expect(await readFile(join(directory, 'notes.txt'), 'utf8')).toBe('keep me');
    model.dispose();
  });
});

describe('loadCheckpoint verification', () => {
  it('flipped weight byte fails verification', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, metadata });
    const weightsPath = join(directory, 'weights.bin');
    const bytes = await readFile(weightsPath);
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    await writeFile(weightsPath, bytes);

    const load = loadCheckpoint(directory);

    await expect(load).rejects.toBeInstanceOf(CheckpointCorruptedError);
    await expect(load).rejects.toThrow(/weights\.bin' is corrupted/);
    model.dispose();
  });

  it('missing file names the file', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, metadata });
    await rm(join(directory, 'metadata.json'));

    await expect(loadCheckpoint(directory)).rejects.toThrow(/metadata\.json' is missing/);
    model.dispose();
  });

  it('skipped verification loads changed file', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, metadata });
    const metadataPath = join(directory, 'metadata.json');
    const stored = JSON.parse(await readFile(metadataPath, 'utf8')) as Record<string, unknown>;
    await writeFile(metadataPath, JSON.stringify({ ...stored, preprocessing: { mean: 0 } }));

    const loaded = await loadCheckpoint(directory, { verify: false });

    expect(loaded.metadata.preprocessing).toEqual({ mean: 0 });
    model.dispose();
    loaded.model.dispose();
  });

  it('missing directory is not found', async () => {
    await expect(loadCheckpoint(join(root, 'absent'))).rejects.toBeInstanceOf(CheckpointNotFoundError);
  });

  it('missing directory names leftover previous checkpoint', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, metadata });
    await rename(directory, join(root, '.best.old-0badf00d'));

    await expect(loadCheckpoint(directory)).rejects.toThrow(/\.best\.old-0badf00d'; rename it/);
    model.dispose();
  });

  it('newer format version is rejected', async () => {
    const model = buildModel(1);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, metadata });
    const metadataPath = join(directory, 'metadata.json');
    const stored = JSON.parse(await readFile(metadataPath, 'utf8')) as Record<string, unknown>;
    await writeFile(metadataPath, JSON.stringify({ ...stored, formatVersion: 99 }));

    await expect(loadCheckpoint(directory, { verify: false })).rejects.toThrow(/format version 99/);
    model.dispose();
  });
});

describe('restoreOptimizer', () => {
  it('rejects different optimizer class', async () => {
    const model = buildModel(1);
    const adam = tf.train.adam(0.01);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, optimizer: adam, metadata });
    const loaded = await loadCheckpoint(directory);
    const sgd = tf.train.sgd(0.01);
    if (loaded.optimizerState === undefined) throw new Error('checkpoint has no optimizer state');

    const restore = restoreOptimizer(sgd, loaded.optimizerState);

    await expect(restore).rejects.toBeInstanceOf(OptimizerStateError);
    await expect(restore).rejects.toThrow(/saved from a 'Adam' optimizer into a 'SGD' optimizer/);
    model.dispose();
    loaded.model.dispose();
    adam.dispose();
    sgd.dispose();
  });

  it('restores the iteration count', async () => {
    const model = buildModel(1);
    const optimizer = tf.train.sgd(0.1);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const x = tf.ones([2, 4]);
    for (let step = 0; step < 3; step += 1) {
      optimizer.minimize(() => tf.mean(model.apply(x) as tf.Tensor) as tf.Scalar, false, variables);
    }
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, optimizer, metadata });
    const loaded = await loadCheckpoint(directory);
    const restored = tf.train.sgd(0.1);
    if (loaded.optimizerState === undefined) throw new Error('checkpoint has no optimizer state');

    await restoreOptimizer(restored, loaded.optimizerState);

    expect(restored.iterations).toBe(3);
    tf.dispose([x]);
    model.dispose();
    loaded.model.dispose();
    optimizer.dispose();
    restored.dispose();
  });

  it('saving optimizer state leaks no tensors', async () => {
    const model = buildModel(1);
    const optimizer = tf.train.adam(0.01);
    const directory = join(root, 'best');
    await saveCheckpoint(directory, { model, optimizer, metadata });
    const before = tf.memory().numTensors;

    await saveCheckpoint(directory, { model, optimizer, metadata });

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});
