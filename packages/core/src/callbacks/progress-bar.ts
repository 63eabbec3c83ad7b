import { SingleBar } from 'cli-progress';

import type { BatchLogs, Callback, CallbackFactory, EpochLogs } from './callback.js';

/** Output stream and on/off switch of `ProgressBar`. */
export interface ProgressBarOptions {
  /** Output stream; default `process.stderr`, so stdout stays free for program output. */
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Set `false` to print nothing. */
  readonly enabled?: boolean;
}

/**
 * Draws one terminal progress bar per epoch (`cli-progress`) with the running batch loss, and leaves a
 * final line per epoch with its metrics and learning rate. Epochs are shown 1-based, as Keras prints
 * them. When the stream is not a TTY (CI logs, piped output) it prints only the final line of each epoch,
 * so long runs still show progress without control characters.
 */
export class ProgressBar implements Callback {
  readonly name = 'progressBar';
  private readonly stream: NodeJS.WritableStream;
  private readonly enabled: boolean;
  private readonly interactive: boolean;
  private bar: SingleBar | undefined;

  constructor(options: ProgressBarOptions = {}) {
    const stream = options.stream ?? process.stderr;
    this.stream = stream;
    this.enabled = options.enabled ?? true;
    this.interactive = stream.isTTY === true;
  }

  onBatchEnd(logs: BatchLogs): void {
    if (!this.enabled || !this.interactive) return;

    if (this.bar === undefined) {
      this.bar = this.createBar();
      this.bar.start(logs.batchesPerEpoch, 0, { epoch: logs.epoch + 1, metrics: '' });
    }
    this.bar.update(logs.batch + 1, { metrics: `loss ${formatMetric(logs.loss)}` });
  }

  onEpochEnd(logs: EpochLogs): void {
    if (!this.enabled) return;

    const metrics = Object.entries(logs.metrics).map(([name, value]) => `${name} ${formatMetric(value)}`);
    metrics.push(`lr ${logs.learningRate.toPrecision(3)}`);
    if (this.bar === undefined) {
      const seconds = (logs.durationMs / 1000).toFixed(1);
      this.stream.write(`epoch ${logs.epoch + 1} done in ${seconds} s | ${metrics.join(' | ')}\n`);
      return;
    }
    this.bar.update({ metrics: metrics.join(' | ') });
    this.stopBar();
  }

  onTrainEnd(): void {
    this.stopBar();
  }

  onTrainError(): void {
    this.stopBar();
  }

  private createBar(): SingleBar {
    return new SingleBar({
      stream: this.stream,
      format: 'epoch {epoch} [{bar}] {value}/{total} batches | {metrics}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
    });
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** Creates `ProgressBar` callbacks by the name `progressBar`, drawing to stderr. */
export const progressBarFactory: CallbackFactory<{ readonly enabled?: boolean } | undefined> = {
  name: 'progressBar',
  create: (options) => new ProgressBar({ enabled: options?.enabled }),
};
