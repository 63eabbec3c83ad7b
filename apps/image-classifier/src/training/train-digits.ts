import {
  type BestCheckpointCallback,
  EarlyStopping,
  ProgressBar,
  ReduceLROnPlateau,
  RunRecorder,
  SqliteRunStore,
  bestCheckpoint,
  createLogger,
  evaluateClassifier,
  hashDataset,
  loadCheckpoint,
  resolveBackend,
  saveCheckpoint,
  stratifiedSplit,
  train,
  type BackendResolution,
  type Callback,
  type EvaluationReport,
  type Logger,
  type RunStore,
} from '@essence/core';
import { loadMnistTest, loadMnistTrain, type LoadedDataset } from '@essence/datasets';
import type * as tfl from '@tensorflow/tfjs-layers';

import { createDigitAugmentation } from '../augment/digit-augmentation.js';
import { createImageClassifierRoot } from '../composition-root.js';
import { currentCheckpointDirectory, runCheckpointDirectory } from '../paths.js';
import { parseDigitTrainingConfig, type DigitTrainingConfig, type DigitTrainingConfigInput } from './digit-training-config.js';
import { trainingFingerprint } from './fingerprint.js';
import { recordGoldenSamples } from './golden-samples.js';
import { createDigitRun } from './run-facts.js';

/** Options of `trainDigitClassifier`. */
export interface TrainDigitsOptions {
  readonly config?: DigitTrainingConfigInput;
  /** Backend name from a `--backend` flag; `ESSENCE_BACKEND` and then the default order apply without it. */
  readonly backend?: string;
  /** Folder whose `.essence/` contains the run store and checkpoints; see `essenceStateDirectory`. */
  readonly home?: string;
  /** Whether a current checkpoint with the same training fingerprint is reused instead of training. */
  readonly reuse?: boolean;
  /** Whether to draw a progress bar on a terminal. */
  readonly progress?: boolean;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** Outcome of a training (or checkpoint reuse) run. */
export interface TrainDigitsResult {
  readonly runId: string;
  readonly model: string;
  readonly checkpointDirectory: string;
  readonly reused: boolean;
  readonly backend: BackendResolution;
  readonly evaluation: EvaluationReport;
  /** Wall time of the training loop in seconds; 0 when the checkpoint was reused. */
  readonly trainingSeconds: number;
}

/**
 * Trains a digit classifier on the bundled 10,000 MNIST training digits and keeps the epoch with the best
 * validation loss. It then evaluates that model on the 10,000 official test images, saves it as the model's
 * current checkpoint with golden samples for the service's warm-up, and records the run. With `reuse`, a
 * current checkpoint trained with the same fingerprint is evaluated and recorded instead of training again.
 *
 * @throws ConfigError or z.ZodError for an invalid config; BackendUnavailableError for an unusable
 *   requested backend; MissingKernelError when the backend cannot compute the model's gradients.
 */
export async function trainDigitClassifier(options: TrainDigitsOptions = {}): Promise<TrainDigitsResult> {
  const logger = options.logger ?? createLogger('image-classifier:train');
  const config = parseDigitTrainingConfig(options.config ?? {});
  const backend = await resolveBackend({ requested: options.backend, logger });
  const essence = createImageClassifierRoot();
  const store = new SqliteRunStore({ home: options.home });

  try {
    const factory = essence.models.resolve(config.model);
    const modelConfig: unknown = factory.configSchema.parse(config.modelConfig);
    const [trainSet, testSet] = await Promise.all([loadMnistTrain(), loadMnistTest()]);
    const fingerprint = trainingFingerprint(config, modelConfig, hashDataset(trainSet));
    const checkpointDirectory = currentCheckpointDirectory(config.model, options.home);

    if (options.reuse === true) {
      const reused = await reuseCurrentCheckpoint({ checkpointDirectory, fingerprint, testSet, config, backend, store });
      if (reused !== undefined) return reused;
    }

    const context: TrainingJob = { config, modelConfig, fingerprint, checkpointDirectory, trainSet, testSet, backend };
    return await runTraining(context, { essence, store, logger, options });
  } finally {
    store.close();
    await essence.dispose();
  }
}

interface TrainingJob {
  readonly config: DigitTrainingConfig;
  readonly modelConfig: unknown;
  readonly fingerprint: string;
  readonly checkpointDirectory: string;
  readonly trainSet: LoadedDataset;
  readonly testSet: LoadedDataset;
  readonly backend: BackendResolution;
}

interface TrainingServices {
  readonly essence: ReturnType<typeof createImageClassifierRoot>;
  readonly store: RunStore;
  readonly logger: Logger;
  readonly options: TrainDigitsOptions;
}

async function runTraining(job: TrainingJob, services: TrainingServices): Promise<TrainDigitsResult> {
  const { config, trainSet, backend } = job;
  const { essence, store, logger, options } = services;
  const split = stratifiedSplit(trainSet, { validationFraction: config.validationFraction, seed: config.seed });
  const trainPart = { dataset: trainSet, indices: split.train };
  const validationPart = { dataset: trainSet, indices: split.validation };

  const factory = essence.models.resolve(config.model);
  const model = factory.build(job.modelConfig, { inputShape: trainSet.exampleShape, outputUnits: 10, seed: config.seed });
  const loss = essence.losses.resolve('sparseCategoricalCrossentropy');
  const optimizer = essence.optimizers.resolve(config.optimizer).create({ learningRate: config.learningRate }, { backend: backend.name });

  const run = createDigitRun(store, config, backend, {
    modelConfig: job.modelConfig,
    fingerprint: job.fingerprint,
    dataset: trainSet.name,
  });
  const bestDirectory = runCheckpointDirectory(run.id, options.home);

  try {
    const started = performance.now();
    await train({
      model,
      modelOutput: factory.output,
      loss,
      optimizer,
      epochs: config.epochs,
      batchSize: config.batchSize,
      seed: config.seed,
      train: trainPart,
      validation: validationPart,
      callbacks: trainingCallbacks(config, { store, runId: run.id, bestDirectory, progress: options.progress === true, job }),
      runId: run.id,
      logger,
      augment: config.augment ? createDigitAugmentation() : undefined,
      signal: options.signal,
    });
    const trainingSeconds = (performance.now() - started) / 1000;

    const result = await finishRun(job, { runId: run.id, bestDirectory, store, trainingSeconds, splitSizes: split });
    logger.info({ runId: run.id, accuracy: result.evaluation.accuracy, trainingSeconds }, 'digit classifier trained');
    return result;
  } catch (error) {
    store.failRun(run.id, error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

interface CallbackSettings {
  readonly store: RunStore;
  readonly runId: string;
  readonly bestDirectory: string;
  readonly progress: boolean;
  readonly job: TrainingJob;
}

function trainingCallbacks(config: DigitTrainingConfig, settings: CallbackSettings): Callback[] {
  const best: BestCheckpointCallback = bestCheckpoint.create({
    directory: settings.bestDirectory,
    monitor: 'val_loss',
    metadata: {
      model: { factory: config.model, config: settings.job.modelConfig },
      loss: 'sparseCategoricalCrossentropy',
      optimizer: { name: config.optimizer, options: { learningRate: config.learningRate } },
    },
  });
  return [
    new ProgressBar({ enabled: settings.progress }),
    new RunRecorder(settings.store, settings.runId),
    new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3, minLearningRate: 1e-5 }),
    new EarlyStopping({ monitor: 'val_loss', patience: config.patience }),
    best,
  ];
}

interface FinishedTraining {
  readonly runId: string;
  readonly bestDirectory: string;
  readonly store: RunStore;
  readonly trainingSeconds: number;
  readonly splitSizes: { readonly train: ArrayLike<number>; readonly validation: ArrayLike<number> };
}

// Evaluates the best epoch's weights on the test set, then saves them as the current checkpoint with the
// golden samples and the fingerprint, and completes the run.
async function finishRun(job: TrainingJob, finished: FinishedTraining): Promise<TrainDigitsResult> {
  const best = await loadCheckpoint(finished.bestDirectory);
  try {
    const evaluation = await evaluateDigits(best.model, job.testSet, {
      seed: job.config.seed,
      splitSizes: {
        train: finished.splitSizes.train.length,
        validation: finished.splitSizes.validation.length,
        test: job.testSet.size,
      },
    });
    await saveCheckpoint(job.checkpointDirectory, {
      model: best.model,
      metadata: {
        preprocessing: {
          input: '28x28 grayscale in 0..1, light digit on a dark background, centred by centre of mass',
          golden: recordGoldenSamples(best.model, job.testSet.x),
          fingerprint: job.fingerprint,
          runId: finished.runId,
          testAccuracy: evaluation.accuracy,
        },
        training: best.metadata.training,
        best: best.metadata.best,
      },
    });
    finished.store.completeRun(finished.runId, {
      evaluation: evaluation as unknown as Record<string, unknown>,
      checkpointPath: job.checkpointDirectory,
    });
    return {
      runId: finished.runId,
      model: job.config.model,
      checkpointDirectory: job.checkpointDirectory,
      reused: false,
      backend: job.backend,
      evaluation,
      trainingSeconds: finished.trainingSeconds,
    };
  } finally {
    best.model.dispose();
  }
}

/**
 * Evaluates a digit model that outputs logits on a labelled test set, recording the seed of the run that
 * trained it and the sizes of every split in the report's protocol.
 */
export async function evaluateDigits(
  model: tfl.LayersModel,
  dataset: LoadedDataset,
  protocol: { readonly seed: number; readonly splitSizes: Record<string, number> },
): Promise<EvaluationReport> {
  return evaluateClassifier({
    model,
    dataset,
    output: 'logits',
    protocol: { datasetName: dataset.name, split: 'test', seed: protocol.seed, splitSizes: protocol.splitSizes },
  });
}

interface ReuseRequest {
  readonly checkpointDirectory: string;
  readonly fingerprint: string;
  readonly testSet: LoadedDataset;
  readonly config: DigitTrainingConfig;
  readonly backend: BackendResolution;
  readonly store: RunStore;
}

async function reuseCurrentCheckpoint(request: ReuseRequest): Promise<TrainDigitsResult | undefined> {
  const current = await loadCheckpoint(request.checkpointDirectory).catch(() => undefined);
  if (current === undefined) return undefined;

  try {
    if (current.metadata.preprocessing?.fingerprint !== request.fingerprint) return undefined;

    const evaluation = await evaluateDigits(current.model, request.testSet, {
      seed: request.config.seed,
      splitSizes: { test: request.testSet.size },
    });
    const run = createDigitRun(request.store, request.config, request.backend, {
      fingerprint: request.fingerprint,
      reusedCheckpoint: request.checkpointDirectory,
    });
    request.store.completeRun(run.id, {
      evaluation: evaluation as unknown as Record<string, unknown>,
      checkpointPath: request.checkpointDirectory,
    });
    return {
      runId: run.id,
      model: request.config.model,
      checkpointDirectory: request.checkpointDirectory,
      reused: true,
      backend: request.backend,
      evaluation,
      trainingSeconds: 0,
    };
  } finally {
    current.model.dispose();
  }
}
