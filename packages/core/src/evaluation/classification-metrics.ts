import type { CalibrationBin } from './calibration.js';

/** Precision, recall and F1 of one class, one-vs-rest. */
export interface ClassMetrics {
  readonly className: string;
  /** Of the examples predicted as this class, the fraction that belong to it; 0 when none was predicted. */
  readonly precision: number;
  /** Of the examples of this class, the fraction predicted as it; 0 when the class has no examples. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
  /** Number of examples of this class. */
  readonly support: number;
}

/** Metrics of a classifier over a whole dataset. */
export interface ClassificationMetrics {
  readonly examples: number;
  readonly accuracy: number;
  /** Unweighted means over classes, as scikit-learn's `average='macro'`. */
  readonly macroPrecision: number;
  readonly macroRecall: number;
  readonly macroF1: number;
  /** Mean negative log of the probability given to the true class, clipped away from 0 and 1. */
  readonly logLoss: number;
  /** Expected calibration error over equal-width confidence bins, see `calibration`. */
  readonly expectedCalibrationError: number;
  readonly perClass: readonly ClassMetrics[];
  /** Rows are true classes, columns predicted classes. */
  readonly confusionMatrix: readonly (readonly number[])[];
  readonly calibration: readonly CalibrationBin[];
}

/** Accuracy, per-class and macro-averaged precision, recall and F1 of a confusion matrix. */
export type ConfusionMatrixMetrics = Pick<
  ClassificationMetrics,
  'examples' | 'accuracy' | 'macroPrecision' | 'macroRecall' | 'macroF1' | 'perClass'
>;

/**
 * Computes accuracy and per-class and macro-averaged precision, recall and F1 from a confusion matrix
 * whose rows are true classes. A ratio with a zero denominator counts as 0, like scikit-learn's
 * `zero_division=0`. Accuracy is NaN for an empty matrix.
 */
export function computeConfusionMatrixMetrics(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): ConfusionMatrixMetrics {
  const classes = matrix.length;
  const cell = (row: number, column: number): number => matrix[row]?.[column] ?? 0;

  let examples = 0;
  let correct = 0;
  const perClass: ClassMetrics[] = [];
  for (let label = 0; label < classes; label += 1) {
    let support = 0;
    let predicted = 0;
    for (let other = 0; other < classes; other += 1) {
      support += cell(label, other);
      predicted += cell(other, label);
    }
    const truePositives = cell(label, label);
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    const f1 = ratio(2 * precision * recall, precision + recall);

    perClass.push({ className: classNames[label] ?? String(label), precision, recall, f1, support });
    examples += support;
    correct += truePositives;
  }

  return {
    examples,
    accuracy: examples === 0 ? Number.NaN : correct / examples,
    macroPrecision: mean(perClass.map((metrics) => metrics.precision)),
    macroRecall: mean(perClass.map((metrics) => metrics.recall)),
    macroF1: mean(perClass.map((metrics) => metrics.f1)),
    perClass,
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
