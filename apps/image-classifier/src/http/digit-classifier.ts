/** Inputs and outputs recorded when the checkpoint was saved, replayed at start-up to verify the loaded model. */
export interface GoldenSamples {
  /** Preprocessed inputs, each 784 values in 0..1 (28 × 28, row-major). */
  inputs: number[][];
  /** Class probabilities the model returned for each input at training time, each 10 values. */
  outputs: number[][];
}

/**
 * Digit model as the HTTP service uses it; an adapter around the trained checkpoint implements it.
 *
 * `predict` takes `count` preprocessed inputs of 784 values in 0..1 (28 × 28, row-major, light digit on black),
 * concatenated, and returns `count × 10` class probabilities in the same order, one row of 10 per input.
 * It must not keep a reference to `batch`, which the service reuses.
 */
export interface DigitClassifier {
  /** Identifier of the loaded checkpoint, sent with each prediction. */
  readonly modelId: string;
  predict(batch: Float32Array, count: number): Promise<Float32Array>;
  /** Samples replayed before the service reports ready; without them the service never becomes ready. */
  readonly golden?: GoldenSamples;
}

/** Number of values of one preprocessed input. */
export const DIGIT_INPUT_SIZE = 784;
/** Number of classes, the digits 0 to 9. */
export const DIGIT_CLASS_COUNT = 10;
