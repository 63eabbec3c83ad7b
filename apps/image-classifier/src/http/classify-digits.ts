import type { DigitResult } from '../preprocess/normalize-digit.js';
import { DIGIT_CLASS_COUNT, DIGIT_INPUT_SIZE, type DigitClassifier } from './digit-classifier.js';

/** One class and its probability. */
export interface LabelProbability {
  /** The digit as a string, '0' to '9'. */
  label: string;
  probability: number;
}

/** Prediction for one input: the most probable classes, or why no digit was classified. */
export type DigitPrediction =
  | { digitFound: true; topK: LabelProbability[] }
  | { digitFound: false; reason: string };

/**
 * Classifies preprocessed digits in one batch and returns the `topK` most probable classes of each, in input order.
 *
 * Inputs without a digit are not sent to the model and keep their reason.
 * @throws {Error} when the classifier returns a wrong number of values or a non-finite probability.
 */
export async function classifyDigits(
  classifier: DigitClassifier,
  digits: DigitResult[],
  topK: number,
): Promise<DigitPrediction[]> {
  const found = digits.filter((digit): digit is Extract<DigitResult, { digitFound: true }> => digit.digitFound);
  const probabilities = found.length === 0 ? new Float32Array(0) : await predictBatch(classifier, found);

  let row = 0;
  return digits.map((digit) => {
    if (!digit.digitFound) {
      return { digitFound: false, reason: digit.reason };
    }
    const start = row * DIGIT_CLASS_COUNT;
    row += 1;
    return { digitFound: true, topK: topClasses(probabilities.subarray(start, start + DIGIT_CLASS_COUNT), topK) };
  });
}

async function predictBatch(
  classifier: DigitClassifier,
  found: Array<Extract<DigitResult, { digitFound: true }>>,
): Promise<Float32Array> {
  const batch = new Float32Array(found.length * DIGIT_INPUT_SIZE);
  found.forEach((digit, index) => batch.set(digit.pixels, index * DIGIT_INPUT_SIZE));
  const probabilities = await classifier.predict(batch, found.length);
  checkOutput(classifier.modelId, probabilities, found.length);
  return probabilities;
}

/** Returns the `k` largest probabilities with their labels, largest first; ties keep the lower label first. */
export function topClasses(probabilities: Float32Array, k: number): LabelProbability[] {
  return Array.from(probabilities, (probability, label) => ({ label: String(label), probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

function checkOutput(modelId: string, probabilities: Float32Array, count: number): void {
  const expected = count * DIGIT_CLASS_COUNT;
  if (probabilities.length !== expected) {
    throw new Error(`classifier '${modelId}' returned ${probabilities.length} values for ${count} inputs; expected ${expected}`);
  }
  const badIndex = probabilities.findIndex((value) => !Number.isFinite(value));
  if (badIndex >= 0) {
    throw new Error(`classifier '${modelId}' returned ${probabilities[badIndex]} at index ${badIndex}; expected a finite probability`);
  }
}
