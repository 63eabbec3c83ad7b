import { describe, expect, it } from 'vitest';

import { EssenceError } from '../errors.js';
import { ClassificationAccumulator } from './classification-accumulator.js';

const TOLERANCE = 1e-9;

// Four predictions at confidence 0.9 (3 correct) and two at 0.6 (1 correct):
// ECE = 4/6 · |0.75 − 0.9| + 2/6 · |0.5 − 0.6| = 0.1 + 1/30.
const labels = [0, 0, 0, 1, 1, 0];
const probabilities = [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.4, 0.6, 0.4, 0.6];
const expectedEce = 0.1 + 1 / 30;
const expectedLogLoss = -(3 * Math.log(0.9) + Math.log(0.1) + Math.log(0.6) + Math.log(0.4)) / 6;

describe('ClassificationAccumulator', () => {
  it('computes crafted calibration case', () => {
    const accumulator = new ClassificationAccumulator({ numClasses: 2 });

    accumulator.update(labels, probabilities);
    const result = accumulator.result();

    expect(Math.abs(result.expectedCalibrationError - expectedEce)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(result.logLoss - expectedLogLoss)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(result.accuracy - 4 / 6)).toBeLessThanOrEqual(TOLERANCE);
    expect(result.confusionMatrix).toEqual([
      [3, 1],
      [1, 1],
    ]);
  });

  it('batches match one pass', () => {
    const whole = new ClassificationAccumulator({ numClasses: 2 });
    const streamed = new ClassificationAccumulator({ numClasses: 2 });

    whole.update(labels, probabilities);
    streamed.update(labels.slice(0, 3), probabilities.slice(0, 6));
    streamed.update(labels.slice(3), probabilities.slice(6));

    expect(streamed.result()).toEqual(whole.result());
  });

  it('uses fifteen equal-width bins', () => {
    const accumulator = new ClassificationAccumulator({ numClasses: 2 });

    accumulator.update([0, 0, 1], [1, 0, 0.5, 0.5, 0.2, 0.8]);
    const bins = accumulator.result().calibration;

    expect(bins).toHaveLength(15);
    // 1.0 falls in (14/15, 1], 0.5 in (7/15, 8/15] and 0.8 in (11/15, 12/15].
    expect(bins.map((bin) => bin.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
    expect(bins[7]?.meanConfidence).toBe(0.5);
  });

  it('clips zero probability in log loss', () => {
    const accumulator = new ClassificationAccumulator({ numClasses: 2 });

    accumulator.update([1], [1, 0]);

    expect(Math.abs(accumulator.result().logLoss - -Math.log(1e-7))).toBeLessThanOrEqual(1e-6);
  });

  it('empty accumulator reports NaN', () => {
    const result = new ClassificationAccumulator({ numClasses: 3 }).result();

    expect(result.accuracy).toBeNaN();
    expect(result.logLoss).toBeNaN();
    expect(result.expectedCalibrationError).toBeNaN();
  });

  it.each([
    { name: 'logits', labels: [0], probabilities: [2.5, -1], message: /not in \[0, 1\].*output: 'logits'/ },
    { name: 'rows not summing to 1', labels: [0], probabilities: [0.3, 0.3], message: /sum to 0.6/ },
    { name: 'label out of range', labels: [2], probabilities: [0.5, 0.5], message: /label of example 0 is 2/ },
    { name: 'fractional label', labels: [0.5], probabilities: [0.5, 0.5], message: /label of example 0 is 0.5/ },
    { name: 'short probabilities', labels: [0, 1], probabilities: [0.5, 0.5], message: /expected 2 × 2 = 4/ },
  ])('rejects $name', ({ labels: badLabels, probabilities: badProbabilities, message }) => {
    const accumulator = new ClassificationAccumulator({ numClasses: 2 });

    expect(() => accumulator.update(badLabels, badProbabilities)).toThrow(EssenceError);
    expect(() => accumulator.update(badLabels, badProbabilities)).toThrow(message);
    expect(accumulator.result().examples).toBe(0);
  });

  it('rejects wrong class name count', () => {
    expect(() => new ClassificationAccumulator({ numClasses: 3, classNames: ['a', 'b'] })).toThrow(
      /expected 3 class names/,
    );
  });
});
