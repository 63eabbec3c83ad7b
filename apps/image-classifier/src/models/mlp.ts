import type { ModelFactory, ModelSpec } from '@essence/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';

import { checkModelSpec } from './check-model-spec.js';
import { createLayerSeeds } from './layer-seeds.js';

/** Schema of the `mlp` config: validates a raw config and fills the defaults. */
export const mlpConfigSchema = z.strictObject({
  /** Units of each hidden ReLU layer, input side first. `[]` gives multinomial logistic regression. */
  hiddenUnits: z
    .array(
      z
        .int({ error: 'hiddenUnits entries must be positive integers, e.g. [512, 256]' })
        .positive({ error: 'hiddenUnits entries must be positive integers, e.g. [512, 256]' }),
    )
    .default(() => [512, 256]),
  /** Drop probability of the dropout layer after each hidden layer. 0 adds no dropout layers. */
  dropout: z
    .number()
    .min(0, { error: 'dropout is a drop probability and must be in [0, 1), e.g. 0.2' })
    .lt(1, { error: 'dropout is a drop probability and must be in [0, 1), e.g. 0.2' })
    .default(0.2),
  /** L2 penalty factor on every dense kernel. 0 adds no regularizer. */
  l2: z.number().min(0, { error: 'l2 is a penalty factor and must be >= 0, e.g. 0.0001' }).default(0),
});

/** Config of the `mlp` model after validation, with every default filled in. */
export type MlpConfig = z.output<typeof mlpConfigSchema>;

/**
 * Factory of the `mlp` model: flatten, then per hidden layer a dense ReLU layer and dropout, then a dense
 * layer emitting logits.
 *
 * With the defaults on `[28, 28, 1]` inputs and 10 classes it has 535,818 parameters. Hidden kernels use
 * He-normal and the output kernel Glorot-uniform initialisation, each seeded from `spec.seed`.
 */
export const mlpModelFactory: ModelFactory<MlpConfig> = {
  name: 'mlp',
  output: 'logits',
  configSchema: mlpConfigSchema,
  build: buildMlp,
};

/**
 * Builds an `mlp` model from a validated config.
 *
 * @throws ConfigError when `spec` has an empty or non-integer input shape, non-positive output units or a
 *   non-integer seed.
 */
export function buildMlp(config: MlpConfig, spec: ModelSpec): tfl.Sequential {
  checkModelSpec(spec, 'mlp');

  const nextSeed = createLayerSeeds(spec.seed);
  const kernelRegularizer = config.l2 > 0 ? tfl.regularizers.l2({ l2: config.l2 }) : undefined;
  const model = tfl.sequential({ name: 'mlp' });

  model.add(tfl.layers.inputLayer({ inputShape: [...spec.inputShape], name: 'input' }));
  // tfjs Flatten rejects rank-2 batches, so a flat [784] input goes straight to the first dense layer.
  if (spec.inputShape.length > 1) {
    model.add(tfl.layers.flatten({ name: 'flatten' }));
  }

  config.hiddenUnits.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tfl.initializers.heNormal({ seed: nextSeed() }),
        kernelRegularizer,
        name: `hidden_${i + 1}`,
      }),
    );
    if (config.dropout > 0) {
      // Unseeded on purpose: tfjs-core 4.22 re-creates its generator from a fixed dropout seed on every
      // call, so a seeded layer would drop the same units in every batch.
      model.add(tfl.layers.dropout({ rate: config.dropout, name: `dropout_${i + 1}` }));
    }
  });

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
