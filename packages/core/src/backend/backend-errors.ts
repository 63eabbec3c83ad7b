import { EssenceError } from '../errors.js';
import { AUTO_BACKEND, BACKEND_PREFERENCE } from './backend-names.js';

const quote = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');

/** A requested backend name that matches neither a name in {@link BACKEND_PREFERENCE} nor `auto`. */
export class UnknownBackendError extends EssenceError {
  readonly backend: string;

  constructor(backend: string, source: string) {
    super(
      'UNKNOWN_BACKEND',
      `unknown backend '${backend}' from ${source}; valid backends: ${quote(BACKEND_PREFERENCE)}, ` +
        `or '${AUTO_BACKEND}' for the first available one in that order`,
    );
    this.backend = backend;
  }
}

/** Details of a requested backend that cannot be used. */
export interface BackendUnavailableDetails {
  readonly backend: string;
  /** Name of the request's source in the message, e.g. `ESSENCE_BACKEND`. */
  readonly source: string;
  readonly reason: string;
  readonly fix: string | undefined;
  /** Backends that did initialize, in preference order. */
  readonly available: readonly string[];
}

/** An explicitly requested backend that is not installed or fails to load. */
export class BackendUnavailableError extends EssenceError {
  readonly backend: string;
  readonly reason: string;
  readonly available: readonly string[];

  constructor(details: BackendUnavailableDetails, options?: { cause?: unknown }) {
    const fix = details.fix === undefined ? '' : ` To fix it: ${details.fix}.`;
    const alternatives =
      details.available.length === 0
        ? ' No other backend is available either.'
        : ` Available backends: ${quote(details.available)}; request one of them, or '${AUTO_BACKEND}' ` +
          `for the first available one.`;
    const problem = `backend '${details.backend}' requested by ${details.source} is unusable: ${details.reason}.`;
    super('BACKEND_UNAVAILABLE', `${problem}${fix}${alternatives}`, options);
    this.backend = details.backend;
    this.reason = details.reason;
    this.available = details.available;
  }
}

/** A kernel the model needs that the training backend does not register. */
export interface MissingKernel {
  readonly kernel: string;
  /** The pass that first dispatches the kernel. */
  readonly pass: 'forward' | 'backward';
}

/** Details of a backend that lacks kernels a model needs for training. */
export interface MissingKernelDetails {
  readonly backend: string;
  readonly model: string;
  readonly missing: readonly MissingKernel[];
  /** Registered backends that have every kernel the model needs, in preference order. */
  readonly alternatives: readonly string[];
}

/** A training backend without a kernel the model's forward or backward pass dispatches. */
export class MissingKernelError extends EssenceError {
  readonly backend: string;
  readonly missing: readonly MissingKernel[];
  readonly alternatives: readonly string[];

  constructor(details: MissingKernelDetails) {
    const kernels = details.missing.map(({ kernel, pass }) => `'${kernel}' (${pass} pass)`).join(', ');
    const noun = details.missing.length === 1 ? 'kernel' : 'kernels';
    const first = details.alternatives[0];
    const fix =
      first === undefined
        ? 'No registered backend has every kernel this model needs.'
        : `Backends with every kernel this model needs: ${quote(details.alternatives)}. ` +
          `Train with --backend ${first} (or ESSENCE_BACKEND=${first}).`;
    super(
      'MISSING_KERNEL',
      `backend '${details.backend}' has no ${noun} ${kernels}, which model '${details.model}' needs for ` +
        `training, so training would fail in its first batch. ${fix}`,
    );
    this.backend = details.backend;
    this.missing = details.missing;
    this.alternatives = details.alternatives;
  }
}
