import { ConfigError, type ModelFactory, type ModelSpec } from '@essence/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';

import { checkModelSpec } from './check-model-spec.js';
import { createLayerSeeds } from './layer-seeds.js';

const KERNEL_SIZE = 3;
const POOL_SIZE = 2;

const dropoutRate = (field: string, fallback: number) =>
  z
    .number()
    .min(0, { error: `${field} is a drop probability and must be in [0, 1), e.g. ${fallback}` })
    .lt(1, { error: `${field} is a drop probability and must be in [0, 1), e.g. ${fallback}` })
    .default(fallback);

/** Schema of the `cnn` config: validates a raw config and fills the defaults. */
export const cnnConfigSchema = z.strictObject({
  /** Filters of each 3×3 ReLU convolution, input side first. */
  filters: z
    .array(
      z
        .int({ error: 'filters entries must be positive integers, e.g. [32, 64]' })
        .positive({ error: 'filters entries must be positive integers, e.g. [32, 64]' }),
    )
    .min(1, { error: 'filters needs at least one convolution, e.g. [32, 64]' })
    .default(() => [32, 64]),
  /** Whether each convolution is followed by batch normalisation (the convolution then has no bias). */
  batchNorm: z.boolean().default(false),
  /** Drop probability after the max-pooling layer. 0 adds no dropout layer there. */
  poolDropout: dropoutRate('poolDropout', 0.25),
  /** Units of the dense ReLU layer between the convolutions and the logits. */
  denseUnits: z
    .int({ error: 'denseUnits must be a positive integer, e.g. 128' })
    .positive({ error: 'denseUnits must be a positive integer, e.g. 128' })
    .default(128),
  /** Drop probability after the dense ReLU layer. 0 adds no dropout layer there. */
  denseDropout: dropoutRate('denseDropout', 0.5),
  /** L2 penalty factor on every convolution and dense kernel. 0 adds no regularizer. */
  l2: z.number().min(0, { error: 'l2 is a penalty factor and must be >= 0, e.g. 0.0001' }).default(0),
});

/** Config of the `cnn` model after validation, with every default filled in. */
export type CnnConfig = z.output<typeof cnnConfigSchema>;

/**
 * Factory of the `cnn` model, the classic Keras MNIST convnet: 3×3 ReLU convolutions (32 then 64 filters,
 * valid padding), 2×2 max pooling, dropout, flatten, dense 128 ReLU, dropout, then a dense layer emitting
 * logits.
 *
 * With the defaults on `[28, 28, 1]` inputs and 10 classes it has 1,199,882 parameters. Convolution and
 * hidden kernels use He-normal and the output kernel Glorot-uniform initialisation, each seeded from
 * `spec.seed`.
 *
 * NOTE: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so train this model on the cpu backend.
 */
export const cnnModelFactory: ModelFactory<CnnConfig> = {
  name: 'cnn',
  output: 'logits',
  configSchema: cnnConfigSchema,
  build: buildCnn,
};

/**
 * Builds a `cnn` model from a validated config.
 *
 * @throws ConfigError when `spec.inputShape` is not `[height, width, channels]`, when the image is too small
 *   for the configured convolutions and pooling, or when `spec` is otherwise invalid (see `checkModelSpec`).
 */
export function buildCnn(config: CnnConfig, spec: ModelSpec): tfl.Sequential {
  checkModelSpec(spec, 'cnn');
  checkImageSize(config, spec);

  const nextSeed = createLayerSeeds(spec.seed);
  const kernelRegularizer = config.l2 > 0 ? tfl.regularizers.l2({ l2: config.l2 }) : undefined;
  const model = tfl.sequential({ name: 'cnn' });

  model.add(tfl.layers.inputLayer({ inputShape: [...spec.inputShape], name: 'input' }));
  config.filters.forEach((filters, i) => {
    addConvolution(model, { filters, index: i + 1, batchNorm: config.batchNorm, seed: nextSeed(), kernelRegularizer });
  });
  model.add(tfl.layers.maxPooling2d({ poolSize: POOL_SIZE, name: 'pool' }));
  addDropout(model, config.poolDropout, 'pool_dropout');
  model.add(tfl.layers.flatten({ name: 'flatten' }));

  model.add(
    tfl.layers.dense({
      units: config.denseUnits,
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed: nextSeed() }),
      kernelRegularizer,
      name: 'dense',
    }),
  );
  addDropout(model, config.denseDropout, 'dense_dropout');
  model.add(
    tfl.layers.dense({
      units: spec.outputUnits,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }),
      kernelRegularizer,
      name: 'logits',
    }),
  );
  return model;
}

function checkImageSize(config: CnnConfig, spec: ModelSpec): void {
  const [height, width, channels] = spec.inputShape;
  if (spec.inputShape.length !== 3 || height === undefined || width === undefined || channels === undefined) {
    throw new ConfigError(
      `model 'cnn' needs images shaped [height, width, channels], e.g. [28, 28, 1]; got [${spec.inputShape.join(', ')}]. ` +
        "Use the 'mlp' model for flat inputs.",
    );
  }

  // Each valid-padded 3×3 convolution trims 2 pixels per side length, and the pooling needs 2 left over.
  const minSide = (KERNEL_SIZE - 1) * config.filters.length + POOL_SIZE;
  if (height < minSide || width < minSide) {
    throw new ConfigError(
      `model 'cnn' with ${config.filters.length} convolutions needs images of at least ${minSide}×${minSide} pixels; ` +
        `got ${height}×${width}. Use fewer filters entries or larger images.`,
    );
  }
}

interface ConvolutionOptions {
  readonly filters: number;
  readonly index: number;
  readonly batchNorm: boolean;
  readonly seed: number;
  readonly kernelRegularizer: ReturnType<typeof tfl.regularizers.l2> | undefined;
}

function addConvolution(model: tfl.Sequential, options: ConvolutionOptions): void {
  const { filters, index, batchNorm, seed, kernelRegularizer } = options;

  model.add(
    tfl.layers.conv2d({
      filters,
      kernelSize: KERNEL_SIZE,
      padding: 'valid',
      // Batch normalisation applies the ReLU after normalising and its beta replaces the bias.
      activation: batchNorm ? 'linear' : 'relu',
      useBias: !batchNorm,
      kernelInitializer: tfl.initializers.heNormal({ seed }),
      kernelRegularizer,
      name: `conv_${index}`,
    }),
  );
  if (batchNorm) {
    model.add(tfl.layers.batchNormalization({ name: `conv_${index}_bn` }));
    model.add(tfl.layers.activation({ activation: 'relu', name: `conv_${index}_relu` }));
  }
}

function addDropout(model: tfl.Sequential, rate: number, name: string): void {
  if (rate > 0) {
    // Unseeded on purpose: tfjs-core 4.22 re-creates its generator from a fixed dropout seed on every
    // call, so a seeded layer would drop the same units in every batch.
    model.add(tfl.layers.dropout({ rate, name }));
  }
}
