import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { LabelledDataset } from '../data/dataset.js';
import { ConfigError, EssenceError } from '../errors.js';
import { ClassificationAccumulator } from './classification-accumulator.js';
import { hashDataset } from './dataset-hash.js';
import type { EvaluationProtocol, EvaluationReport } from './evaluation-report.js';

/** Options of `evaluateClassifier`. */
export interface EvaluateClassifierOptions {
  readonly model: tfl.LayersModel;
  readonly dataset: LabelledDataset;
  /** Examples per forward pass; defaults to 256. */
  readonly batchSize?: number;
  /** Form of the model output: `logits` are turned into probabilities with softmax. */
  readonly output: 'logits' | 'probabilities';
  /** Names indexed by class; defaults to `dataset.classNames`. */
  readonly classNames?: readonly string[];
  readonly protocol: EvaluationProtocol;
  /** Number of confidence bins of the expected calibration error; defaults to 15. */
  readonly calibrationBins?: number;
}

/**
 * Evaluates a classifier on a labelled dataset in batches and returns accuracy, per-class and macro
 * precision, recall and F1, log loss, expected calibration error, the confusion matrix, and the protocol
 * with sha256 hashes of the evaluated arrays. The model runs in inference mode.
 *
 * @throws ConfigError when the dataset is empty or inconsistent, or `batchSize` is not a positive integer.
 * @throws EssenceError with code `INVALID_EVALUATION_INPUT` when the model output does not have one
 *   probability per class, e.g. probabilities were promised but the model emits logits.
 */
export async function evaluateClassifier(options: EvaluateClassifierOptions): Promise<EvaluationReport> {
  const { model, dataset, output, protocol } = options;
  const batchSize = options.batchSize ?? 256;
  const classNames = options.classNames ?? dataset.classNames;
  const exampleSize = validateDataset(dataset, batchSize);

  const accumulator = new ClassificationAccumulator({
    numClasses: dataset.numClasses,
    classNames,
    calibrationBins: options.calibrationBins,
  });
  for (let start = 0; start < dataset.size; start += batchSize) {
    const end = Math.min(dataset.size, start + batchSize);
    const probabilities = predictProbabilities(model, dataset, { start, end, exampleSize, output });
    try {
      accumulator.update(dataset.y.subarray(start, end), await probabilities.data());
    } finally {
      probabilities.dispose();
    }
  }

  return {
    ...accumulator.result(),
    protocol: {
      ...protocol,
      size: dataset.size,
      exampleShape: [...dataset.exampleShape],
      ...hashDataset(dataset),
    },
    output,
    classNames: [...classNames],
  };
}

interface BatchRange {
  readonly start: number;
  readonly end: number;
  readonly exampleSize: number;
  readonly output: 'logits' | 'probabilities';
}

function predictProbabilities(model: tfl.LayersModel, dataset: LabelledDataset, range: BatchRange): tf.Tensor {
  return tf.tidy(() => {
    const count = range.end - range.start;
    const x = tf.tensor(dataset.x.subarray(range.start * range.exampleSize, range.end * range.exampleSize), [
      count,
      ...dataset.exampleShape,
    ]);
    const prediction = model.predict(x, { batchSize: count });
    if (Array.isArray(prediction)) {
      throw new EssenceError(
        'INVALID_EVALUATION_INPUT',
        `evaluateClassifier expects a model with one output; got ${prediction.length} outputs.`,
      );
    }

    if (prediction.rank !== 2 || prediction.shape[1] !== dataset.numClasses) {
      throw new EssenceError(
        'INVALID_EVALUATION_INPUT',
        `evaluateClassifier expects model output shaped [batch, ${dataset.numClasses}] (one unit per class); ` +
          `got [${prediction.shape.join(', ')}]. Build the model with outputUnits equal to the number of classes.`,
      );
    }
    return range.output === 'logits' ? tf.softmax(prediction) : prediction;
  });
}

function validateDataset(dataset: LabelledDataset, batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`evaluation batch size must be a positive integer; got ${batchSize}.`);
  }
  if (dataset.size < 1) {
    throw new ConfigError('cannot evaluate on an empty dataset: it has 0 examples. Check the split sizes.');
  }

  const exampleSize = dataset.exampleShape.reduce((product, dimension) => product * dimension, 1);
  if (dataset.x.length !== dataset.size * exampleSize || dataset.y.length !== dataset.size) {
    throw new ConfigError(
      `dataset arrays do not match its size ${dataset.size} and example shape [${dataset.exampleShape.join(', ')}]: ` +
        `expected x of length ${dataset.size * exampleSize} and y of length ${dataset.size}; ` +
        `got ${dataset.x.length} and ${dataset.y.length}.`,
    );
  }
  return exampleSize;
}
