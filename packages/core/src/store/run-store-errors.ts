import { EssenceError } from '../errors.js';

/** Raised when no stored run has the given id. */
export class RunNotFoundError extends EssenceError {
  constructor(runId: string, action: string) {
    super(
      'RUN_NOT_FOUND',
      `cannot ${action}: no run with id '${runId}' exists. List the stored runs with \`essence runs list\`.`,
    );
  }
}

/** Raised when a run is changed in a way its status does not allow, e.g. completing a failed run. */
export class RunStateError extends EssenceError {
  constructor(message: string) {
    super('RUN_NOT_RUNNING', message);
  }
}

/** Raised when data given to the run store is invalid, e.g. a NaN metric or a repeated epoch. */
export class InvalidRunDataError extends EssenceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_RUN_DATA', message, options);
  }
}

/** Raised when the database was migrated by a newer Essence than the one opening it. */
export class RunStoreVersionError extends EssenceError {
  constructor(path: string, found: number, supported: number) {
    super(
      'RUN_STORE_SCHEMA_TOO_NEW',
      `run store '${path}' has schema version ${found}, but this version of Essence supports up to ${supported}. ` +
        'Upgrade Essence, or point ESSENCE_HOME at another directory.',
    );
  }
}
