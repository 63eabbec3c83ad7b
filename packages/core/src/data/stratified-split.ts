import { ConfigError } from '../errors.js';
import type { LabelledDataset } from './dataset.js';
import { createRandom } from './random.js';
import { shuffled } from './shuffle.js';

/** Fractions of each class that go to validation and test, and the seed of the draw. */
export interface SplitOptions {
  /** Fraction of each class held out for validation, in [0, 1). */
  readonly validationFraction: number;
  /** Fraction of each class held out for test, in [0, 1); default 0. */
  readonly testFraction?: number;
  readonly seed: number;
}

/** Example indices of each split, sorted ascending, and the number of examples of each class per split. */
export interface StratifiedSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
  /** `classCounts.train[c]` is the number of training examples with label `c`, and so on. */
  readonly classCounts: {
    readonly train: readonly number[];
    readonly validation: readonly number[];
    readonly test: readonly number[];
  };
}

/**
 * Splits a labelled dataset into train, validation and test indices with the same class proportions in
 * each. This is a pure function of the labels and the options.
 *
 * Each class of `n` examples gives `round(n * validationFraction)` examples to validation and
 * `round(n * testFraction)` to test, fewer when rounding would leave a negative count for training.
 * The rest go to train. A generator seeded by `seed` draws which examples go where.
 *
 * @throws ConfigError when a fraction is outside [0, 1), the fractions sum to 1 or more, or a label is
 *   outside [0, numClasses).
 */
export function stratifiedSplit(
  dataset: Pick<LabelledDataset, 'y' | 'numClasses'>,
  options: SplitOptions,
): StratifiedSplit {
  const testFraction = options.testFraction ?? 0;
  checkFraction('validationFraction', options.validationFraction);
  checkFraction('testFraction', testFraction);
  if (options.validationFraction + testFraction >= 1) {
    throw new ConfigError(
      `validationFraction + testFraction must be below 1 so some examples remain for training; ` +
        `got ${options.validationFraction} + ${testFraction}`,
    );
  }

  const byClass = groupByClass(dataset.y, dataset.numClasses);
  const random = createRandom(options.seed, 'stratified-split');
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  const classCounts = { train: [] as number[], validation: [] as number[], test: [] as number[] };

  for (const members of byClass) {
    const order = shuffled(members, random);
    const validationCount = Math.round(order.length * options.validationFraction);
    const testCount = Math.min(Math.round(order.length * testFraction), order.length - validationCount);

    appendAll(parts.validation, order.subarray(0, validationCount));
    appendAll(parts.test, order.subarray(validationCount, validationCount + testCount));
    appendAll(parts.train, order.subarray(validationCount + testCount));
    classCounts.validation.push(validationCount);
    classCounts.test.push(testCount);
    classCounts.train.push(order.length - validationCount - testCount);
  }

  return {
    train: sortedIndices(parts.train),
    validation: sortedIndices(parts.validation),
    test: sortedIndices(parts.test),
    classCounts,
  };
}

function checkFraction(name: string, value: number): void {
  if (Number.isFinite(value) && value >= 0 && value < 1) return;

  throw new ConfigError(`${name} must be in [0, 1); got ${value}`);
}

function groupByClass(labels: Int32Array, numClasses: number): number[][] {
  const byClass = Array.from({ length: numClasses }, (): number[] => []);

  labels.forEach((label, index) => {
    const members = byClass[label];
    if (members === undefined) {
      throw new ConfigError(
        `label ${label} of example ${index} is outside [0, ${numClasses - 1}]; ` +
          `check numClasses or the label encoding`,
      );
    }
    members.push(index);
  });
  return byClass;
}

function appendAll(target: number[], values: Int32Array): void {
  for (const value of values) target.push(value);
}

function sortedIndices(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}
