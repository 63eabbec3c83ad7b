import { ConfigError } from '../errors.js';

/**
 * Counts of (true class, predicted class) pairs, accumulated one example at a time. Row `i`, column `j`
 * contains the number of examples of true class `i` predicted as class `j`, as in scikit-learn.
 */
export class ConfusionMatrix {
  private readonly counts: Float64Array;
  private examples = 0;

  /** @throws ConfigError when `numClasses` is not an integer of at least 2. */
  constructor(readonly numClasses: number) {
    if (!Number.isInteger(numClasses) || numClasses < 2) {
      throw new ConfigError(`a confusion matrix needs an integer number of classes of at least 2; got ${numClasses}.`);
    }
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /** Number of examples added. */
  get total(): number {
    return this.examples;
  }

  /** Adds one example; both classes must be integers in `[0, numClasses)`, which the caller checks. */
  add(trueClass: number, predictedClass: number): void {
    const index = trueClass * this.numClasses + predictedClass;
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.examples += 1;
  }

  /** Returns the count of examples of `trueClass` predicted as `predictedClass`. */
  count(trueClass: number, predictedClass: number): number {
    return this.counts[trueClass * this.numClasses + predictedClass] ?? 0;
  }

  /** Returns the counts as rows of true classes, each a list over predicted classes. */
  toArray(): number[][] {
    return Array.from({ length: this.numClasses }, (_, row) =>
      Array.from(this.counts.subarray(row * this.numClasses, (row + 1) * this.numClasses)),
    );
  }
}
