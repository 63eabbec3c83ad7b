import { serviceUnavailable, type ReadinessStatus } from '@essence/service-kit';
import type { Logger } from 'pino';

import { DIGIT_CLASS_COUNT, DIGIT_INPUT_SIZE, type DigitClassifier, type GoldenSamples } from './digit-classifier.js';
import { checkGoldenOutputs } from './golden-check.js';

/**
 * Loading and warm-up state of the classifier behind the service.
 *
 * The state moves once from "loading" to ready or to not ready with a reason; requests never change it.
 */
export class ClassifierState {
  /** Settles with the final readiness once the model has loaded and the warm-up has run; never rejects. */
  readonly settled: Promise<ReadinessStatus>;
  private status: ReadinessStatus = { ready: false, reason: 'the model is still loading' };
  private classifier: DigitClassifier | undefined;

  constructor(
    source: DigitClassifier | Promise<DigitClassifier>,
    private readonly tolerance: number,
    private readonly logger: Logger,
  ) {
    this.settled = this.load(source);
  }

  /** Returns the current readiness for `/readyz`. */
  readiness(): ReadinessStatus {
    return this.status;
  }

  /**
   * Returns the classifier once it is ready.
   * @throws {HttpError} 503 `MODEL_NOT_READY` with the readiness reason.
   */
  requireReady(): DigitClassifier {
    if (!this.status.ready || this.classifier === undefined) {
      const reason = this.status.ready ? 'the model is still loading' : this.status.reason;
      throw serviceUnavailable('MODEL_NOT_READY', `the model is not ready: ${reason}`, {
        hint: 'retry once GET /readyz returns 200',
      });
    }
    return this.classifier;
  }

  private async load(source: DigitClassifier | Promise<DigitClassifier>): Promise<ReadinessStatus> {
    let classifier: DigitClassifier;
    try {
      classifier = await source;
    } catch (error) {
      this.logger.error({ err: error }, 'model failed to load');
      return this.settle({ ready: false, reason: `the model failed to load: ${messageOf(error)}` });
    }

    const status = await warmUpClassifier(classifier, this.tolerance).catch(
      (error: unknown): ReadinessStatus => ({ ready: false, reason: `warm-up prediction failed: ${messageOf(error)}` }),
    );
    if (status.ready) {
      this.classifier = classifier;
      this.logger.info({ modelId: classifier.modelId }, 'model ready');
    } else {
      this.logger.error({ modelId: classifier.modelId, reason: status.reason }, 'model not ready');
    }
    return this.settle(status);
  }

  private settle(status: ReadinessStatus): ReadinessStatus {
    this.status = status;
    return status;
  }
}

/**
 * Runs the classifier on its golden inputs and compares the result with the golden outputs.
 *
 * Returns not ready when the golden samples are missing or malformed, or the outputs differ by more than
 * `tolerance` (see {@link checkGoldenOutputs}).
 */
export async function warmUpClassifier(classifier: DigitClassifier, tolerance: number): Promise<ReadinessStatus> {
  const problem = describeGoldenProblem(classifier.golden);
  if (problem !== undefined || classifier.golden === undefined) {
    return { ready: false, reason: `cannot verify model '${classifier.modelId}': ${problem ?? 'no golden samples'}` };
  }

  const { inputs, outputs } = classifier.golden;
  const actual = await classifier.predict(Float32Array.from(inputs.flat()), inputs.length);
  const check = checkGoldenOutputs(outputs, actual, tolerance);
  if (check.decision === 'mismatch') {
    return { ready: false, reason: `model '${classifier.modelId}' failed the golden check: ${check.reason}` };
  }
  return { ready: true };
}

function describeGoldenProblem(golden: GoldenSamples | undefined): string | undefined {
  if (golden === undefined || golden.inputs.length === 0) {
    return 'the checkpoint has no golden samples; save it with golden inputs and outputs';
  }
  if (golden.inputs.length !== golden.outputs.length) {
    return `golden samples have ${golden.inputs.length} inputs but ${golden.outputs.length} outputs`;
  }
  const badInput = golden.inputs.findIndex((input) => input.length !== DIGIT_INPUT_SIZE);
  if (badInput >= 0) {
    return `golden input ${badInput} has ${golden.inputs[badInput]?.length} values; expected ${DIGIT_INPUT_SIZE}`;
  }
  const badOutput = golden.outputs.findIndex((output) => output.length !== DIGIT_CLASS_COUNT);
  if (badOutput >= 0) {
    return `golden output ${badOutput} has ${golden.outputs[badOutput]?.length} values; expected ${DIGIT_CLASS_COUNT}`;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
