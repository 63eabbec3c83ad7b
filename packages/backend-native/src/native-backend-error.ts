/**
 * Signals a failure of the native backend (addon not built, not loadable, or called before loading) with a stable
 * machine-readable `code`.
 *
 * NOTE: this package cannot depend on @essence/core (the core imports it dynamically), so this mirrors the shape
 * of core's EssenceError instead of extending it.
 */
export class NativeBackendError extends Error {
  /** Stable identifier of the failure, e.g. 'NATIVE_ADDON_MISSING'. */
  readonly code: string;

  /** Creates an error with a stable `code` and a message that says what failed and how to fix it. */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
