import { describe, expect, it } from 'vitest';

import { NO_DIGIT_REASON, type DigitResult } from '../preprocess/normalize-digit.js';
import { classifyDigits, topClasses } from './classify-digits.js';
import type { DigitClassifier } from './digit-classifier.js';

/** Returns a classifier whose probabilities put all mass on the first pixel value × 10, and records batch sizes. */
function firstPixelClassifier(calls: number[] = []): DigitClassifier {
  return {
    modelId: 'first-pixel',
    predict: (batch, count) => {
      calls.push(count);
      const output = new Float32Array(count * 10);
      for (let sample = 0; sample < count; sample += 1) {
        output[sample * 10 + Math.round((batch[sample * 784] ?? 0) * 10)] = 1;
      }
      return Promise.resolve(output);
    },
  };
}

function digit(firstPixel: number): DigitResult {
  const pixels = new Float32Array(784);
  pixels[0] = firstPixel;
  return { digitFound: true, pixels };
}

const blank: DigitResult = { digitFound: false, reason: NO_DIGIT_REASON };

describe('topClasses', () => {
  it('sorts by probability', () => {
    const probabilities = Float32Array.from([0.05, 0.5, 0.05, 0.3, 0.1, 0, 0, 0, 0, 0]);

    expect(topClasses(probabilities, 3).map((entry) => entry.label)).toEqual(['1', '3', '4']);
  });

  it('keeps lower label first on ties', () => {
    expect(topClasses(new Float32Array(10).fill(0.1), 2).map((entry) => entry.label)).toEqual(['0', '1']);
  });
});

describe('classifyDigits', () => {
  it('keeps input order around blanks', async () => {
    const predictions = await classifyDigits(firstPixelClassifier(), [digit(0.7), blank, digit(0.2)], 1);

    expect(predictions).toEqual([
      { digitFound: true, topK: [{ label: '7', probability: 1 }] },
      { digitFound: false, reason: NO_DIGIT_REASON },
      { digitFound: true, topK: [{ label: '2', probability: 1 }] },
    ]);
  });

  it('sends only digits in one batch', async () => {
    const calls: number[] = [];

    await classifyDigits(firstPixelClassifier(calls), [digit(0.1), blank, digit(0.3), digit(0.5)], 1);

    expect(calls).toEqual([3]);
  });

  it('skips model when all inputs are blank', async () => {
    const calls: number[] = [];

    const predictions = await classifyDigits(firstPixelClassifier(calls), [blank, blank], 3);

    expect(calls).toEqual([]);
    expect(predictions).toEqual([blank, blank]);
  });

  it('rejects wrong output size', async () => {
    const short: DigitClassifier = { modelId: 'short', predict: () => Promise.resolve(new Float32Array(9)) };

    await expect(classifyDigits(short, [digit(0)], 1)).rejects.toThrow(
      "classifier 'short' returned 9 values for 1 inputs; expected 10",
    );
  });

  it('rejects non-finite probability', async () => {
    const broken: DigitClassifier = {
      modelId: 'broken',
      predict: () => Promise.resolve(Float32Array.from([0, 0, Number.NaN, 0, 0, 0, 0, 0, 0, 1])),
    };

    await expect(classifyDigits(broken, [digit(0)], 1)).rejects.toThrow("classifier 'broken' returned NaN at index 2");
  });
});
