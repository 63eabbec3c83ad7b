import { ConfigError, EssenceError } from '../errors.js';
import { CalibrationHistogram } from './calibration.js';
import { type ClassificationMetrics, computeConfusionMatrixMetrics } from './classification-metrics.js';
import { ConfusionMatrix } from './confusion-matrix.js';

/** Options of `ClassificationAccumulator`. */
export interface ClassificationAccumulatorOptions {
  readonly numClasses: number;
  /** Names indexed by class; defaults to `'0'`, `'1'`, .... */
  readonly classNames?: readonly string[];
  /** Number of equal-width confidence bins for the expected calibration error; defaults to 15. */
  readonly calibrationBins?: number;
  /**
   * Clipping bound of the log loss: probabilities are clipped to [epsilon, 1 − epsilon] before the log.
   * Defaults to 1e-7, the float32 epsilon of the tfjs 4.22 backends and of Keras.
   */
  readonly logLossEpsilon?: number;
  /** Maximum distance of a probability row's sum from 1; defaults to 1e-3, which float32 softmax meets. */
  readonly probabilitySumTolerance?: number;
}

/**
 * Streaming evaluation of a classifier: feed it batches of labels and predicted probabilities, then read
 * accuracy, per-class precision, recall and F1, log loss, expected calibration error and the confusion
 * matrix over every example. The predicted class is the most probable one, the first on a tie.
 */
export class ClassificationAccumulator {
  readonly numClasses: number;
  private readonly classNames: readonly string[];
  private readonly confusion: ConfusionMatrix;
  private readonly calibration: CalibrationHistogram;
  private readonly epsilon: number;
  private readonly sumTolerance: number;
  private logLossSum = 0;

  /** @throws ConfigError when an option is out of range or `classNames` has the wrong length. */
  constructor(options: ClassificationAccumulatorOptions) {
    this.numClasses = options.numClasses;
    this.confusion = new ConfusionMatrix(options.numClasses);
    this.calibration = new CalibrationHistogram(options.calibrationBins ?? 15);
    this.classNames = options.classNames ?? Array.from({ length: options.numClasses }, (_, label) => String(label));
    this.epsilon = options.logLossEpsilon ?? 1e-7;
    this.sumTolerance = options.probabilitySumTolerance ?? 1e-3;

    if (this.classNames.length !== options.numClasses) {
      throw new ConfigError(
        `expected ${options.numClasses} class names, one per class; got ${this.classNames.length}: ` +
          `${this.classNames.join(', ')}.`,
      );
    }
    if (!(this.epsilon > 0 && this.epsilon < 0.5)) {
      throw new ConfigError(`log-loss epsilon must be in (0, 0.5); got ${this.epsilon}. The default is 1e-7.`);
    }
  }

  /**
   * Adds a batch: `labels[i]` is the true class of example `i`, and `probabilities` contains its class
   * probabilities at `[i * numClasses, (i + 1) * numClasses)`.
   *
   * @throws EssenceError with code `INVALID_EVALUATION_INPUT` when the lengths disagree, a label is not a
   *   class index, or a row is not a probability distribution. The batch is then not added.
   */
  update(labels: ArrayLike<number>, probabilities: ArrayLike<number>): void {
    this.validateBatch(labels, probabilities);

    for (let example = 0; example < labels.length; example += 1) {
      const label = labels[example] ?? 0;
      const offset = example * this.numClasses;
      let predicted = 0;
      let confidence = probabilities[offset] ?? 0;
      for (let candidate = 1; candidate < this.numClasses; candidate += 1) {
        const probability = probabilities[offset + candidate] ?? 0;
        if (probability > confidence) {
          predicted = candidate;
          confidence = probability;
        }
      }

      const trueProbability = Math.min(1 - this.epsilon, Math.max(this.epsilon, probabilities[offset + label] ?? 0));
      this.logLossSum -= Math.log(trueProbability);
      this.confusion.add(label, predicted);
      this.calibration.add(confidence, predicted === label);
    }
  }

  /** Returns the metrics over every example added; ratios are NaN before the first example. */
  result(): ClassificationMetrics {
    const confusionMatrix = this.confusion.toArray();
    const examples = this.confusion.total;
    return {
      ...computeConfusionMatrixMetrics(confusionMatrix, this.classNames),
      logLoss: examples === 0 ? Number.NaN : this.logLossSum / examples,
      expectedCalibrationError: this.calibration.expectedCalibrationError(),
      confusionMatrix,
      calibration: this.calibration.toBins(),
    };
  }

  private validateBatch(labels: ArrayLike<number>, probabilities: ArrayLike<number>): void {
    if (probabilities.length !== labels.length * this.numClasses) {
      throw invalidInput(
        `expected ${labels.length} × ${this.numClasses} = ${labels.length * this.numClasses} probabilities for ` +
          `${labels.length} labels; got ${probabilities.length}. The model's output units must equal the number of classes.`,
      );
    }

    for (let example = 0; example < labels.length; example += 1) {
      const label = labels[example];
      if (label === undefined || !Number.isInteger(label) || label < 0 || label >= this.numClasses) {
        throw invalidInput(
          `label of example ${example} is ${label}; expected an integer class index in [0, ${this.numClasses}).`,
        );
      }

      let sum = 0;
      for (let offset = example * this.numClasses; offset < (example + 1) * this.numClasses; offset += 1) {
        const probability = probabilities[offset] ?? Number.NaN;
        if (!(probability >= 0 && probability <= 1)) {
          throw invalidInput(
            `probability ${probability} of example ${example} is not in [0, 1]. If the model outputs logits, ` +
              "evaluate with output: 'logits' so softmax is applied.",
          );
        }
        sum += probability;
      }
      if (Math.abs(sum - 1) > this.sumTolerance) {
        throw invalidInput(
          `probabilities of example ${example} sum to ${sum}, not 1 within ${this.sumTolerance}. If the model ` +
            "outputs logits or independent sigmoids, evaluate with output: 'logits'.",
        );
      }
    }
  }
}

function invalidInput(message: string): EssenceError {
  return new EssenceError('INVALID_EVALUATION_INPUT', message);
}
