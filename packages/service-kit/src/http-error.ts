/** One failed check of a validated request, with the path of the offending value like `instances.3.pixels`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** JSON body of every error response, whatever the status. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    hint?: string;
    requestId: string;
    issues?: ValidationIssue[];
  };
}

/** Options of an {@link HttpError} beyond status, code and message. */
export interface HttpErrorOptions {
  /** Fix the client can apply to the request, sent as `error.hint`. */
  hint?: string;
  /** Per-field validation failures, sent as `error.issues`. */
  issues?: ValidationIssue[];
  /** Response headers sent with the error, such as `Allow` on a 405. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * Error that the service error handler sends to the client as is: `status`, a stable `code` and a message.
 *
 * Only throw it with a message that is safe to show to the caller. Any other error becomes a generic 500.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly issues: ValidationIssue[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  /** @throws {RangeError} when `status` is not an HTTP error status (400-599). */
  constructor(status: number, code: string, message: string, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer in 400..599; got ${status}`);
    }
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.hint = options.hint;
    this.issues = options.issues;
    this.headers = { ...options.headers };
  }
}

/** Creates a 400 error for a request that is invalid as sent. */
export function badRequest(code: string, message: string, options?: HttpErrorOptions): HttpError {
  return new HttpError(400, code, message, options);
}

/** Creates a 404 error for a resource or route that does not exist. */
export function notFound(code: string, message: string, options?: HttpErrorOptions): HttpError {
  return new HttpError(404, code, message, options);
}

/** Creates a 413 error for a body, file, image or batch over a size limit. */
export function payloadTooLarge(code: string, message: string, options?: HttpErrorOptions): HttpError {
  return new HttpError(413, code, message, options);
}

/** Creates a 415 error for a content type or file format the route does not accept. */
export function unsupportedMediaType(code: string, message: string, options?: HttpErrorOptions): HttpError {
  return new HttpError(415, code, message, options);
}

/** Creates a 503 error for a service that cannot handle the request yet, such as a model still loading. */
export function serviceUnavailable(code: string, message: string, options?: HttpErrorOptions): HttpError {
  return new HttpError(503, code, message, options);
}
