import { z } from 'zod';

import type { EpochLogs } from '../callbacks/callback.js';
import type { OptimizerOptions } from '../optimizers/optimizer-factory.js';

/** Training state stored with a checkpoint, so a run can resume or its model be rebuilt. */
export interface TrainingState {
  /** Last completed epoch, numbered as in `EpochLogs.epoch`; a resumed run starts with the next one. */
  readonly epoch: number;
  /** Seed of the run. */
  readonly seed: number;
  /** Logs of every completed epoch, oldest first. */
  readonly history: readonly EpochLogs[];
  /** Registered model factory name and its validated config; absent when the saver did not know them. */
  readonly model?: { readonly factory: string; readonly config: unknown };
  /** Registered loss name; absent when the saver did not know it. */
  readonly loss?: string;
  /** Registered optimizer name and options; absent when the saver did not know them. */
  readonly optimizer?: { readonly name: string; readonly options: OptimizerOptions };
}

/** Record of why the best-checkpoint callback kept this checkpoint. */
export interface BestCheckpointSelection {
  /** Monitored metric, e.g. `val_loss`. */
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  /** Value of the monitored metric at `epoch`. */
  readonly value: number;
  readonly epoch: number;
}

/** Application data saved in `metadata.json` beside the model. */
export interface CheckpointMetadata {
  /** Free-form preprocessing facts the app needs at inference time, e.g. normalisation constants. */
  readonly preprocessing?: Readonly<Record<string, unknown>>;
  readonly training?: TrainingState;
  readonly best?: BestCheckpointSelection;
}

/** Contents of `metadata.json`: the app's metadata plus facts recorded by `saveCheckpoint`. */
export interface StoredCheckpointMetadata extends CheckpointMetadata {
  /** Layout version, see `CHECKPOINT_FORMAT_VERSION`. */
  readonly formatVersion: number;
  /** ISO 8601 time of the save. */
  readonly savedAt: string;
  /** Version of `@tensorflow/tfjs-core` that wrote the checkpoint. */
  readonly tfjsVersion: string;
}

// JSON has no NaN or Infinity, so JSON.stringify writes null for a non-finite metric. It reads back as NaN,
// whichever non-finite value it was.
const metricValueSchema = z
  .number()
  .nullable()
  .transform((value) => value ?? Number.NaN);

const epochLogsSchema = z.object({
  epoch: z.number().int(),
  metrics: z.record(z.string(), metricValueSchema),
  learningRate: metricValueSchema,
  durationMs: z.number(),
});

const trainingStateSchema = z.object({
  epoch: z.number().int(),
  seed: z.number(),
  history: z.array(epochLogsSchema),
  model: z.object({ factory: z.string(), config: z.unknown() }).optional(),
  loss: z.string().optional(),
  optimizer: z
    .object({
      name: z.string(),
      options: z.looseObject({ learningRate: z.number() }),
    })
    .optional(),
});

/** Schema of `metadata.json`, checked when a checkpoint is loaded. */
export const storedCheckpointMetadataSchema: z.ZodType<StoredCheckpointMetadata> = z.object({
  formatVersion: z.number().int().positive(),
  savedAt: z.string(),
  tfjsVersion: z.string(),
  preprocessing: z.record(z.string(), z.unknown()).optional(),
  training: trainingStateSchema.optional(),
  best: z
    .object({
      monitor: z.string(),
      mode: z.enum(['min', 'max']),
      value: z.number(),
      epoch: z.number().int(),
    })
    .optional(),
});
