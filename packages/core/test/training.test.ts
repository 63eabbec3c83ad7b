import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { BatchLogs, Callback, EpochLogs } from '../src/callbacks/callback.js';
import { EarlyStopping } from '../src/callbacks/early-stopping.js';
import { History } from '../src/callbacks/history.js';
import { LearningRateScheduler } from '../src/callbacks/learning-rate-scheduler.js';
import { ReduceLROnPlateau } from '../src/callbacks/reduce-lr-on-plateau.js';
import type { ArrayDataset } from '../src/data/array-dataset.js';
import type { LabelledDataset } from '../src/data/dataset.js';
import { createRandom } from '../src/data/random.js';
import { stratifiedSplit } from '../src/data/stratified-split.js';
import { ConfigError, type EssenceError, UnknownComponentError } from '../src/errors.js';
import { SparseCategoricalCrossentropy } from '../src/losses/categorical-crossentropy.js';
import { adamOptimizer } from '../src/optimizers/builtin.js';
import { train } from '../src/training/trainer.js';
import type { TrainerOptions } from '../src/training/trainer-options.js';
import { NonFiniteLossError, TargetMismatchError, TrainingAbortedError } from '../src/training/training-errors.js';

const CENTERS = [
  [-2, -2],
  [2, -2],
  [0, 2],
];

/** Returns 3 Gaussian blobs in 2-D with `perClass` points each, labels 0..2, drawn from `seed`. */
function makeBlobs(perClass: number, seed: number): LabelledDataset {
  const random = createRandom(seed, 'blobs');
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const size = perClass * CENTERS.length;
  const x = new Float32Array(size * 2);
  const y = new Int32Array(size);

  for (let i = 0; i < size; i++) {
    const label = i % CENTERS.length;
    const center = CENTERS[label] ?? [0, 0];
    x[2 * i] = (center[0] ?? 0) + 0.7 * gaussian();
    x[2 * i + 1] = (center[1] ?? 0) + 0.7 * gaussian();
    y[i] = label;
  }
  return { x, y, size, exampleShape: [2], numClasses: 3, classNames: ['a', 'b', 'c'] };
}

/** Builds a 2-16-3 MLP emitting logits, with seeded initialisers. */
function buildModel(seed = 1): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [2], kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

function readWeights(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

/** Records every hook call as a string like `epochEnd:1`. */
class RecordingCallback implements Callback {
  readonly calls: string[] = [];
  readonly batches: BatchLogs[] = [];
  readonly errors: Error[] = [];

  constructor(readonly name = 'recording') {}

  onTrainBegin(): void {
    this.calls.push('trainBegin');
  }

  onEpochBegin(epoch: number): void {
    this.calls.push(`epochBegin:${epoch}`);
  }

  onBatchEnd(logs: BatchLogs): void {
    this.batches.push(logs);
  }

  onEpochEnd(logs: EpochLogs): void {
    this.calls.push(`epochEnd:${logs.epoch}`);
  }

  onTrainEnd(): void {
    this.calls.push('trainEnd');
  }

  onTrainError(error: Error): void {
    this.calls.push('trainError');
    this.errors.push(error);
  }
}

/** Sparse cross-entropy that returns NaN on its `failAt`-th call (1-based). */
class NaNAtCallLoss extends SparseCategoricalCrossentropy {
  private calls = 0;

  constructor(private readonly failAt: number) {
    super();
  }

  override compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
    this.calls++;
    const loss = super.compute(yTrue, yPred);
    if (this.calls !== this.failAt) return loss;

    return tf.tidy(() => tf.mul(loss, Number.NaN));
  }
}

/** Returns a callback whose `hook` throws `Error('disk full')` when `when` returns true. */
function failOn<K extends 'onBatchEnd' | 'onEpochEnd'>(
  hook: K,
  when: (logs: Parameters<NonNullable<Callback[K]>>[0]) => boolean,
): Callback {
  return {
    name: 'failing',
    [hook]: (logs: Parameters<NonNullable<Callback[K]>>[0]) => {
      if (when(logs)) throw new Error('disk full');
    },
  };
}

const blobs = makeBlobs(70, 3);
const split = stratifiedSplit(blobs, { validationFraction: 0.2, seed: 5 });

/** Trainer options for the blobs without the model and the optimizer; allocates no tensors. */
const blobData = {
  modelOutput: 'logits',
  loss: 'sparseCategoricalCrossentropy',
  epochs: 3,
  batchSize: 32,
  seed: 42,
  train: { dataset: blobs, indices: split.train },
  validation: { dataset: blobs, indices: split.validation },
} satisfies Omit<TrainerOptions, 'model' | 'optimizer'>;

describe('train', () => {
  const disposables: { dispose(): void }[] = [];

  /** Returns trainer options for the blobs with a fresh model and Adam, both freed after the test. */
  function blobOptions(overrides: Partial<TrainerOptions> = {}): TrainerOptions {
    const model = buildModel();
    const optimizer = adamOptimizer.create({ learningRate: 0.05 }, { backend: 'cpu' });
    disposables.push(model, optimizer);
    return { ...blobData, model, optimizer, ...overrides };
  }

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  afterEach(() => {
    for (const disposable of disposables.splice(0)) disposable.dispose();
  });

  it('loss falls on blobs', async () => {
    const summary = await train(blobOptions({ epochs: 8 }));
    const first = summary.history[0]?.metrics;
    const last = summary.history.at(-1)?.metrics;

    expect(summary.epochs).toBe(8);
    expect(last?.loss).toBeLessThan((first?.loss ?? 0) * 0.5);
    expect(last?.val_accuracy).toBeGreaterThan(0.9);
  });

  it('logs standard metrics', async () => {
    const summary = await train(blobOptions({ epochs: 1 }));
    const logs = summary.history[0];

    expect(Object.keys(logs?.metrics ?? {})).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    expect(logs?.learningRate).toBe(0.05);
    expect(logs?.epoch).toBe(0);
  });

  it('same seed same history', async () => {
    const first = await train(blobOptions({ epochs: 2 }));
    const second = await train(blobOptions({ epochs: 2 }));

    expect(second.history.map((logs) => logs.metrics)).toEqual(first.history.map((logs) => logs.metrics));
  });

  it('calls hooks in order', async () => {
    const recorder = new RecordingCallback();

    await train(blobOptions({ epochs: 2, callbacks: [recorder] }));

    expect(recorder.calls).toEqual(['trainBegin', 'epochBegin:0', 'epochEnd:0', 'epochBegin:1', 'epochEnd:1', 'trainEnd']);
    expect(recorder.batches.length).toBe(2 * Math.ceil(split.train.length / 32));
    expect(recorder.batches[0]).toMatchObject({ epoch: 0, batch: 0, batchesPerEpoch: 6, size: 32 });
  });

  it('accepts loss instance', async () => {
    const summary = await train(blobOptions({ epochs: 1, loss: new SparseCategoricalCrossentropy() }));

    expect(summary.history.length).toBe(1);
  });

  it('applies augmentation to training only', async () => {
    let augmentedExamples = 0;
    const augment = (x: Float32Array, exampleShape: readonly number[]): void => {
      augmentedExamples += x.length / (exampleShape[0] ?? 1);
    };

    await train(blobOptions({ epochs: 1, augment }));

    expect(augmentedExamples).toBe(split.train.length);
  });

  describe('memory', () => {
    it('frees every tensor but the weights', async () => {
      const model = buildModel();
      const before = tf.memory().numTensors;
      const optimizer = adamOptimizer.create({ learningRate: 0.05 }, { backend: 'cpu' });

      await train({
        ...blobData,
        model,
        optimizer,
        callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true }), new History()],
      });
      optimizer.dispose();

      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });

    it('keeps optimizer slots until disposed', async () => {
      const model = buildModel();
      const before = tf.memory().numTensors;
      const optimizer = adamOptimizer.create({ learningRate: 0.05 }, { backend: 'cpu' });

      await train({ ...blobData, model, optimizer });

      // Adam keeps two bias-correction scalars and two moment slots per trainable weight.
      expect(tf.memory().numTensors).toBe(before + 2 + 2 * model.trainableWeights.length);
      optimizer.dispose();
      model.dispose();
    });

    it.each([
      {
        name: 'callback fails in onBatchEnd',
        overrides: { callbacks: [failOn('onBatchEnd', (logs: BatchLogs) => logs.epoch === 1 && logs.batch === 2)] },
      },
      {
        name: 'callback fails in onEpochEnd',
        overrides: { callbacks: [failOn('onEpochEnd', (logs: EpochLogs) => logs.epoch === 1)] },
      },
      { name: 'loss is NaN', overrides: { loss: new NaNAtCallLoss(9), validation: undefined } },
    ])('frees tensors when $name', async ({ overrides }) => {
      const model = buildModel();
      const before = tf.memory().numTensors;
      const optimizer = adamOptimizer.create({ learningRate: 0.05 }, { backend: 'cpu' });

      await expect(train({ ...blobData, model, optimizer, ...overrides })).rejects.toThrow();
      optimizer.dispose();

      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  });

  describe('non-finite loss guard', () => {
    it('stops at first NaN batch', async () => {
      // 6 batches per epoch and no validation, so call 9 is epoch 1, batch 2. The kernel check would call
      // the loss too, so it is off here.
      const failure = await train(
        blobOptions({ loss: new NaNAtCallLoss(9), validation: undefined, checkKernels: false }),
      ).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(NonFiniteLossError);
      expect((failure as NonFiniteLossError).code).toBe('NON_FINITE_LOSS');
      expect((failure as NonFiniteLossError).epoch).toBe(1);
      expect((failure as NonFiniteLossError).batch).toBe(2);
      expect((failure as Error).message).toMatch(/^training loss is NaN at epoch 1, batch 2/);
    });

    it('checkpoint never sees bad epoch', async () => {
      const checkpointed: number[] = [];
      const batchesSeen: string[] = [];
      let weightsAtLastGoodBatch: number[][] = [];
      const options = blobOptions({ loss: new NaNAtCallLoss(9), validation: undefined, checkKernels: false });
      const bestCheckpoint: Callback = {
        name: 'bestCheckpointLike',
        onBatchEnd: (logs) => {
          batchesSeen.push(`${logs.epoch}:${logs.batch}`);
          weightsAtLastGoodBatch = readWeights(options.model);
        },
        onEpochEnd: (logs) => {
          checkpointed.push(logs.epoch);
        },
      };

      await expect(train({ ...options, callbacks: [bestCheckpoint] })).rejects.toThrow(NonFiniteLossError);

      expect(checkpointed).toEqual([0]);
      expect(batchesSeen.at(-1)).toBe('1:1');
      expect(readWeights(options.model)).toEqual(weightsAtLastGoodBatch);
    });

    it('huge learning rate is caught', async () => {
      const optimizer = tf.train.sgd(1e30);
      disposables.push(optimizer);
      const recorder = new RecordingCallback();

      const failure = await train(blobOptions({ optimizer, loss: 'meanSquaredError', train: toOneHot(blobs), validation: undefined, callbacks: [recorder] })).catch(
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(NonFiniteLossError);
      expect(recorder.calls.at(-1)).toBe('trainError');
    });
  });

  describe('error path', () => {
    it('callback error reaches every callback', async () => {
      const error = new Error('checkpoint directory is read-only');
      const before = new RecordingCallback('before');
      const after = new RecordingCallback('after');
      const failing: Callback = {
        name: 'failing',
        onEpochEnd: () => {
          throw error;
        },
      };

      const failure = await train(blobOptions({ callbacks: [before, failing, after] })).catch((caught: unknown) => caught);

      expect(failure).toBe(error);
      expect(before.calls).toEqual(['trainBegin', 'epochBegin:0', 'epochEnd:0', 'trainError']);
      expect(after.calls).toEqual(['trainBegin', 'epochBegin:0', 'trainError']);
      expect(after.errors[0]).toBe(error);
    });

    it('failing onTrainError keeps original', async () => {
      const error = new Error('original');
      const recorder = new RecordingCallback();
      const callbacks: Callback[] = [
        { name: 'failsTwice', onEpochBegin: () => Promise.reject(error), onTrainError: () => Promise.reject(new Error('secondary')) },
        recorder,
      ];

      await expect(train(blobOptions({ callbacks }))).rejects.toBe(error);
      expect(recorder.errors).toEqual([error]);
    });

    it('setup error goes through error path', async () => {
      const recorder = new RecordingCallback();

      await expect(train(blobOptions({ loss: 'meanSquaredError', callbacks: [recorder] }))).rejects.toThrow(TargetMismatchError);
      expect(recorder.calls).toEqual(['trainError']);
    });
  });

  describe('setup checks', () => {
    it('rejects mse on class labels', async () => {
      await expect(train(blobOptions({ loss: 'meanSquaredError' }))).rejects.toThrow(
        "loss 'meanSquaredError' expects real-valued targets shaped like the model output [batch, 3]; got integer class labels [batch]. Use 'sparseCategoricalCrossentropy' or one-hot encode the labels.",
      );
    });

    it('rejects logits loss on softmax model', async () => {
      await expect(train(blobOptions({ modelOutput: 'probabilities' }))).rejects.toThrow(/expects logits, but the model outputs probabilities/);
    });

    it('rejects label beyond output units', async () => {
      const labels = Int32Array.from(blobs.y, (label, index) => (index === 5 ? 3 : label));

      await expect(train(blobOptions({ train: { ...blobs, y: labels } }))).rejects.toThrow(/got labels in \[0, 3\]/);
    });

    it('accepts int32 one-hot for categorical', async () => {
      const summary = await train(blobOptions({ epochs: 1, loss: 'categoricalCrossentropy', train: toOneHot(blobs, 'int32'), validation: toOneHot(blobs) }));

      expect(summary.history[0]?.metrics.val_accuracy).toBeGreaterThan(0);
    });

    it('rejects unknown loss name', async () => {
      await expect(train(blobOptions({ loss: 'hinge' }))).rejects.toThrow(UnknownComponentError);
    });

    it('rejects wrong example shape', async () => {
      const wide: ArrayDataset = { x: new Float32Array(12), exampleShape: [3], y: new Int32Array(4), targetShape: [], size: 4 };

      await expect(train(blobOptions({ train: wide }))).rejects.toThrow(/examples of shape \[3\], but the model input is \[batch, 2\]/);
    });

    it.each([
      { name: 'zero epochs', overrides: { epochs: 0 } },
      { name: 'fractional batch size', overrides: { batchSize: 2.5 } },
      { name: 'fractional seed', overrides: { seed: 0.5 } },
    ])('rejects $name', async ({ overrides }) => {
      await expect(train(blobOptions(overrides))).rejects.toThrow(ConfigError);
    });
  });

  describe('stopping', () => {
    it('early stopping ends run', async () => {
      const summary = await train(
        blobOptions({ epochs: 6, callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 0, minDelta: 100 })] }),
      );

      expect(summary.epochs).toBe(2);
      expect(summary.stoppedEarly).toBe(true);
      expect(summary.stopReason).toMatch(/^val_loss did not improve/);
    });

    it('restores weights of best epoch', async () => {
      const options = blobOptions({ epochs: 6 });
      let weightsAfterEpoch0: number[][] = [];
      const snapshot: Callback = {
        name: 'snapshot',
        onEpochEnd: (logs) => {
          if (logs.epoch === 0) weightsAfterEpoch0 = readWeights(options.model);
        },
      };
      const stopper = new EarlyStopping({ monitor: 'val_loss', patience: 0, minDelta: 100, restoreBestWeights: true });

      await train({ ...options, callbacks: [snapshot, stopper] });

      expect(readWeights(options.model)).toEqual(weightsAfterEpoch0);
    });

    it('abort signal stops between batches', async () => {
      const controller = new AbortController();
      const aborter: Callback = {
        name: 'aborter',
        onBatchEnd: (logs) => {
          if (logs.epoch === 1 && logs.batch === 0) controller.abort(new Error('user pressed Ctrl+C'));
        },
      };

      const failure = await train(blobOptions({ signal: controller.signal, callbacks: [aborter] })).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(TrainingAbortedError);
      expect((failure as EssenceError).code).toBe('TRAINING_ABORTED');
      expect((failure as TrainingAbortedError).epoch).toBe(1);
    });

    it('abort from timer is seen', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 0);

      await expect(train(blobOptions({ epochs: 50, signal: controller.signal }))).rejects.toThrow(TrainingAbortedError);
    });
  });

  describe('learning rate', () => {
    it('plateau reduces rate', async () => {
      const summary = await train(
        blobOptions({
          epochs: 4,
          callbacks: [new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 0, minDelta: 100 })],
        }),
      );

      expect(summary.history.map((logs) => logs.learningRate)).toEqual([0.05, 0.05, 0.025, 0.0125]);
    });

    it('schedule sets rate per epoch', async () => {
      const schedule = { kind: 'exponential', initialLearningRate: 0.1, decayRate: 0.5 };

      const summary = await train(blobOptions({ epochs: 3, callbacks: [new LearningRateScheduler({ schedule })] }));

      expect(summary.history.map((logs) => logs.learningRate)).toEqual([0.1, 0.05, 0.025]);
    });
  });
});

/** Returns the blobs with one-hot targets of the given dtype. */
function toOneHot(dataset: LabelledDataset, dtype: 'int32' | 'float32' = 'float32'): ArrayDataset {
  const y = dtype === 'int32' ? new Int32Array(dataset.size * 3) : new Float32Array(dataset.size * 3);
  dataset.y.forEach((label, index) => {
    y[index * 3 + label] = 1;
  });
  return { x: dataset.x, exampleShape: dataset.exampleShape, y, targetShape: [3], size: dataset.size };
}
