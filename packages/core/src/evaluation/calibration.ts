import { ConfigError } from '../errors.js';

/** One confidence bin of a reliability diagram. */
export interface CalibrationBin {
  /** Exclusive lower edge of the bin, except that the first bin also contains confidence 0. */
  readonly lower: number;
  /** Inclusive upper edge of the bin. */
  readonly upper: number;
  readonly count: number;
  /** Fraction of the bin's examples predicted correctly; NaN for an empty bin. */
  readonly accuracy: number;
  /** Mean confidence of the bin's examples; NaN for an empty bin. */
  readonly meanConfidence: number;
}

/**
 * Histogram of prediction confidence (the top class probability) against correctness, in equal-width
 * bins over [0, 1]. It yields the expected calibration error ECE = Σ_b (n_b / n) · |accuracy_b −
 * confidence_b|, where bin b contains n_b of the n examples.
 */
export class CalibrationHistogram {
  private readonly counts: Float64Array;
  private readonly correct: Float64Array;
  private readonly confidenceSums: Float64Array;
  private examples = 0;

  /** @throws ConfigError when `bins` is not a positive integer. */
  constructor(readonly bins = 15) {
    if (!Number.isInteger(bins) || bins < 1) {
      throw new ConfigError(`calibration needs a positive integer number of bins; got ${bins}. The usual value is 15.`);
    }
    this.counts = new Float64Array(bins);
    this.correct = new Float64Array(bins);
    this.confidenceSums = new Float64Array(bins);
  }

  /** Adds one prediction with its confidence in [0, 1] and whether it was correct. */
  add(confidence: number, isCorrect: boolean): void {
    const bin = this.binIndex(confidence);
    this.counts[bin] = (this.counts[bin] ?? 0) + 1;
    this.confidenceSums[bin] = (this.confidenceSums[bin] ?? 0) + confidence;
    if (isCorrect) this.correct[bin] = (this.correct[bin] ?? 0) + 1;
    this.examples += 1;
  }

  /** Returns the expected calibration error, or NaN before the first prediction. */
  expectedCalibrationError(): number {
    if (this.examples === 0) return Number.NaN;

    let error = 0;
    for (let bin = 0; bin < this.bins; bin += 1) {
      const count = this.counts[bin] ?? 0;
      if (count === 0) continue;

      const gap = Math.abs((this.correct[bin] ?? 0) / count - (this.confidenceSums[bin] ?? 0) / count);
      error += (count / this.examples) * gap;
    }
    return error;
  }

  /** Returns every bin, empty ones included, from low to high confidence. */
  toBins(): CalibrationBin[] {
    return Array.from({ length: this.bins }, (_, bin) => {
      const count = this.counts[bin] ?? 0;
      return {
        lower: bin / this.bins,
        upper: (bin + 1) / this.bins,
        count,
        accuracy: count === 0 ? Number.NaN : (this.correct[bin] ?? 0) / count,
        meanConfidence: count === 0 ? Number.NaN : (this.confidenceSums[bin] ?? 0) / count,
      };
    });
  }

  // Bins are (b/B, (b+1)/B], the usual convention of ECE implementations; confidence 0 joins the first bin.
  private binIndex(confidence: number): number {
    return Math.min(this.bins - 1, Math.max(0, Math.ceil(confidence * this.bins) - 1));
  }
}
