import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { saveCheckpoint } from '../checkpoint/save-checkpoint.js';
import { ConfigError } from '../errors.js';
import { UnregisteredLayerError, registerLayer, registeredLayerClassNames } from './custom-layers.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

// Multiplies its input by a constant `factor`, stored in the layer config.
class ScaleLayer extends tfl.layers.Layer {
  static className = 'EssenceTestScale';
  readonly factor: number;

  constructor(args: LayerArgs & { factor: number }) {
    super(args);
    this.factor = args.factor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs, this.factor));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

// Same behaviour under a class name that no test registers.
class UnregisteredScaleLayer extends ScaleLayer {
  static override className = 'EssenceTestUnregisteredScale';
}

// Reuses the built-in Dense layer's class name.
class ClashingLayer extends ScaleLayer {
  static override className = 'Dense';
}

function buildModel(scale: tfl.layers.Layer): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [4], units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
  model.add(scale);
  return model;
}

function predict(model: tfl.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(tf.tensor2d([[1, 2, 3, 4]])) as tf.Tensor).dataSync()));
}

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'essence-layers-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('registerLayer', () => {
  it('registered layer survives checkpoint', async () => {
    registerLayer(ScaleLayer);
    const model = buildModel(new ScaleLayer({ factor: 2.5 }));
    const directory = join(root, 'scaled');

    await saveCheckpoint(directory, { model });
    const loaded = await loadCheckpoint(directory);

    expect(predict(loaded.model)).toEqual(predict(model));
    expect(loaded.model.layers[1]?.getClassName()).toBe('EssenceTestScale');
    expect(registeredLayerClassNames()).toContain('EssenceTestScale');
    model.dispose();
    loaded.model.dispose();
  });

  it('unregistered layer names class and fix', async () => {
    const model = buildModel(new UnregisteredScaleLayer({ factor: 2 }));
    const directory = join(root, 'unregistered');
    await saveCheckpoint(directory, { model });

    const load = loadCheckpoint(directory);

    await expect(load).rejects.toBeInstanceOf(UnregisteredLayerError);
    await expect(load).rejects.toThrow(
      `checkpoint '${directory}' uses the custom layer class 'EssenceTestUnregisteredScale', which is not registered. ` +
        'Call registerLayer(EssenceTestUnregisteredScale) before loading the model.',
    );
    model.dispose();
  });

  it('rejects taken class name', () => {
    expect(() => registerLayer(ClashingLayer)).toThrow(ConfigError);
  });

  it('registering twice is harmless', () => {
    registerLayer(ScaleLayer);

    expect(() => registerLayer(ScaleLayer)).not.toThrow();
  });
});
