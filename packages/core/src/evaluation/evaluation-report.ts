import type { ClassificationMetrics } from './classification-metrics.js';

/** Caller-supplied description of the evaluated data: dataset, split and seed. */
export interface EvaluationProtocol {
  /** Dataset name, e.g. `mnist`. */
  readonly datasetName: string;
  /** Evaluated split, e.g. `test` or `validation`. */
  readonly split: string;
  /** Seed of the run whose model and split are evaluated. */
  readonly seed: number;
  /** Example counts of every split of the dataset, e.g. `{ train: 54000, validation: 6000, test: 10000 }`. */
  readonly splitSizes?: Readonly<Record<string, number>>;
}

/** The protocol as recorded in a report: the caller's facts plus those measured on the evaluated data. */
export interface RecordedEvaluationProtocol extends EvaluationProtocol {
  /** Number of examples evaluated. */
  readonly size: number;
  /** Shape of one example, without the batch dimension. */
  readonly exampleShape: readonly number[];
  /** sha256 of the bytes of the evaluated `x` (float32 in platform byte order), in hex. */
  readonly xSha256: string;
  /** sha256 of the bytes of the evaluated `y` (int32 in platform byte order), in hex. */
  readonly ySha256: string;
}

/** Metrics of one evaluation, with the protocol needed to reproduce or compare it. */
export interface EvaluationReport extends ClassificationMetrics {
  readonly protocol: RecordedEvaluationProtocol;
  /** Form of the model output: softmax was applied to `logits` before scoring. */
  readonly output: 'logits' | 'probabilities';
  readonly classNames: readonly string[];
}
