import { EssenceError } from '../errors.js';

/** Raised when a checkpoint directory does not exist or is not a checkpoint. */
export class CheckpointNotFoundError extends EssenceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHECKPOINT_NOT_FOUND', message, options);
  }
}

/** Raised when a checkpoint file is missing, malformed or does not match its recorded sha256 hash. */
export class CheckpointCorruptedError extends EssenceError {
  /** The file inside the checkpoint directory that failed the check, e.g. `weights.bin`. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('CHECKPOINT_CORRUPTED', message, options);
    this.file = file;
  }
}

/** Raised before anything is written when a weight to be saved contains NaN or ±Infinity. */
export class NonFiniteWeightsError extends EssenceError {
  /** Name of the first tensor with a non-finite value, e.g. `dense_Dense1/kernel`. */
  readonly tensorName: string;
  /** Number of NaN or infinite entries in that tensor. */
  readonly count: number;

  constructor(tensorName: string, count: number, message: string) {
    super('NON_FINITE_WEIGHTS', message);
    this.tensorName = tensorName;
    this.count = count;
  }
}

/** Raised when optimizer state cannot be captured or does not fit the optimizer it is restored into. */
export class OptimizerStateError extends EssenceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OPTIMIZER_STATE', message, options);
  }
}
