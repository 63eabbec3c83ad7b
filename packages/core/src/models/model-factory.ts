import type * as tfl from '@tensorflow/tfjs-layers';
import type { z } from 'zod';

/** Form of a model's last-layer output, so the trainer can check that the loss takes that form. */
export type ModelOutput = 'logits' | 'probabilities' | 'real';

/** Shape facts that come from the data, not from the model's own config. */
export interface ModelSpec {
  /** Shape of one example, without the batch dimension, e.g. `[784]` or `[28, 28, 1]`. */
  readonly inputShape: readonly number[];
  /** Units of the output layer, e.g. the number of classes. */
  readonly outputUnits: number;
  /** Seed for every weight initialiser, so a build is reproducible. */
  readonly seed: number;
}

/**
 * Builds a `tf.LayersModel` from a typed, serialisable config.
 *
 * `configSchema` validates and fills defaults for a raw config (from a CLI flag, a JSON file or a
 * checkpoint); `build` must use `spec.seed` for every initialiser.
 */
export interface ModelFactory<Config = unknown> {
  readonly name: string;
  readonly output: ModelOutput;
  readonly configSchema: z.ZodType<Config>;
  build(config: Config, spec: ModelSpec): tfl.LayersModel;
}
