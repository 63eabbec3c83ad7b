import type { BackendName } from './backend-names.js';

/**
 * Outcome of probing one backend: `available` means tfjs-core initialized it, `unavailable` means its
 * package is installed but failed to load or initialize, `not-installed` means its package is absent.
 */
export type BackendAvailability = 'available' | 'unavailable' | 'not-installed';

/** Result of probing one backend, as the doctor and the resolver report it. */
export interface BackendStatus {
  readonly name: BackendName;
  readonly status: BackendAvailability;
  /** Reason for this status, e.g. the load error of the backend's package. */
  readonly reason: string;
  /** Step that makes an unavailable or missing backend usable; absent when the backend is available. */
  readonly fix?: string;
  /** npm package that provides the backend, e.g. `@tensorflow/tfjs-backend-wasm`. */
  readonly packageName: string;
  /** Installed version of `packageName`; absent when it is not installed. */
  readonly version?: string;
}

/**
 * Loads one backend's package, registers the backend with tfjs-core and initializes it with
 * `tf.setBackend`, so after an `available` result the probed backend is the active one. A probe never
 * throws: every failure becomes an `unavailable` or `not-installed` status.
 */
export type BackendProbe = () => Promise<BackendStatus>;
