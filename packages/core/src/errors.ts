/** Base class of every error Essence raises on purpose; `code` is stable and safe to match on. */
export class EssenceError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A component name that no registry entry matches. */
export class UnknownComponentError extends EssenceError {
  constructor(kind: string, name: string, registered: readonly string[]) {
    const list = registered.length > 0 ? registered.map((n) => `'${n}'`).join(', ') : '(none)';
    super('UNKNOWN_COMPONENT', `unknown ${kind} '${name}'; registered ${kind}s: ${list}`);
  }
}

/** A configuration value that is invalid before any work starts. */
export class ConfigError extends EssenceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_CONFIG', message, options);
  }
}
