/**
 * Labelled dataset loaded by this package, with its name and provenance.
 *
 * It has the fields of `LabelledDataset` in `@essence/core` (so it can be passed wherever that is
 * expected) plus `name` and `source`. `x` contains `size` examples of `exampleShape`, row-major, with pixel
 * values scaled to [0, 1]. `y` contains one integer label in [0, numClasses) per example.
 */
export interface LoadedDataset {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly size: number;
  /** Shape of one example without the batch dimension, e.g. `[28, 28, 1]`. */
  readonly exampleShape: readonly number[];
  readonly numClasses: number;
  /** Class names indexed by label, e.g. `['0', '1', ...]`. */
  readonly classNames: readonly string[];
  /** Short identifier such as `'mnist-train'`, used in logs and run records. */
  readonly name: string;
  /** Provenance and licence of the examples, as one human-readable line. */
  readonly source: string;
}
