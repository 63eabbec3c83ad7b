import { EssenceError } from '../errors.js';

/** Targets, or the model's output form, that do not fit the loss; raised before the first step. */
export class TargetMismatchError extends EssenceError {
  constructor(message: string) {
    super('TARGET_MISMATCH', message);
  }
}

/**
 * A batch loss that is NaN or infinite. The trainer raises it before applying that batch's gradients and
 * before any callback receives the batch, so the model keeps the weights of the last finite step.
 */
export class NonFiniteLossError extends EssenceError {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(
      'NON_FINITE_LOSS',
      `training loss is ${loss} at epoch ${epoch}, batch ${batch} (both 0-based); training stopped before ` +
        `applying that batch's gradients. Lower the learning rate, check the inputs for NaN or infinite ` +
        `values, or check that the loss receives logits when it expects them.`,
    );
  }
}

/** Training stopped because the caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class TrainingAbortedError extends EssenceError {
  constructor(
    readonly epoch: number,
    reason: unknown,
  ) {
    super('TRAINING_ABORTED', `training aborted during epoch ${epoch} (0-based)`, { cause: reason });
  }
}
