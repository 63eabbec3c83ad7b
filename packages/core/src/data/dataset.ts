/**
 * An in-memory labelled dataset: `x` holds `size` examples of `exampleShape`, row-major, and `y` holds
 * one integer class label per example.
 */
export interface LabelledDataset {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly size: number;
  readonly exampleShape: readonly number[];
  readonly numClasses: number;
  /** Class names indexed by label, e.g. `['0', '1', ...]`. */
  readonly classNames: readonly string[];
}
