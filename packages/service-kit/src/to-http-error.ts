import { z } from 'zod';

import { HttpError, type ValidationIssue } from './http-error.js';

/** Translates a domain error of one service into an {@link HttpError}, or returns undefined to leave it unmapped. */
export type ErrorMapper = (error: unknown) => HttpError | undefined;

/** Path reported for an issue about the value as a whole, which zod gives an empty path. */
const ROOT_ISSUE_PATH = 'body';
/** Issues listed in the message; `error.issues` always lists all of them. */
const MAX_LISTED_ISSUES = 5;

/** Fields that body-parser (used by `express.json` and `express.raw`) sets on the errors it raises. */
interface BodyParserErrorFields {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  limit?: unknown;
  length?: unknown;
}

/**
 * Maps an error raised while handling a request to the {@link HttpError} the client receives.
 *
 * Order: an `HttpError` as is, then `mapError`, then zod validation errors (400 listing each issue as
 * `<path>: <message>`, with `body` as the path of an issue about the whole value), then
 * body-parser errors (malformed JSON 400, body too large 413, unsupported charset 415), then any other error
 * that carries a 4xx `status` and is not marked `expose: false`. Returns undefined for everything else,
 * which the error handler turns into a generic 500.
 */
export function toHttpError(error: unknown, mapError?: ErrorMapper): HttpError | undefined {
  if (error instanceof HttpError) {
    return error;
  }

  const mapped = mapError?.(error);
  if (mapped !== undefined) {
    return mapped;
  }

  if (error instanceof z.core.$ZodError) {
    return fromZodError(error);
  }

  if (!(error instanceof Error)) {
    return undefined;
  }
  return fromBodyParserError(error) ?? fromClientStatusError(error);
}

function fromZodError(error: z.core.$ZodError): HttpError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: issue.path.length === 0 ? ROOT_ISSUE_PATH : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return new HttpError(400, 'INVALID_REQUEST', `invalid request: ${summarizeIssues(issues)}`, {
    issues,
    hint: 'fix the listed fields and send the request again; /openapi.json describes the expected body',
  });
}

/** Lists up to {@link MAX_LISTED_ISSUES} issues as `<path>: <message>`, separated by semicolons. */
function summarizeIssues(issues: ValidationIssue[]): string {
  if (issues.length === 0) {
    return 'the request failed validation';
  }
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${issue.path}: ${issue.message}`);
  const rest = issues.length - listed.length;
  const more = rest > 0 ? `; and ${rest} more ${rest === 1 ? 'issue' : 'issues'} in error.issues` : '';
  return `${listed.join('; ')}${more}`;
}

function fromBodyParserError(error: Error & BodyParserErrorFields): HttpError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'MALFORMED_JSON', 'malformed JSON body', {
        hint: `the body is not valid JSON (${error.message}); check quoting, commas and brackets`,
      });
    case 'entity.too.large':
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', describeTooLarge(error.length, error.limit), {
        hint: 'send a smaller body, or split a batch into several requests',
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'UNSUPPORTED_ENCODING', error.message, {
        hint: 'send the body uncompressed or gzip/deflate/br encoded, with charset utf-8',
      });
    case 'request.aborted':
      return new HttpError(400, 'REQUEST_ABORTED', 'the client aborted the request before the body was read');
    case 'request.size.invalid':
      return new HttpError(400, 'INVALID_CONTENT_LENGTH', 'the body length does not match the Content-Length header');
    default:
      return undefined;
  }
}

function describeTooLarge(length: unknown, limit: unknown): string {
  const limitText = typeof limit === 'number' ? `the limit of ${limit} bytes` : 'the size limit';
  if (typeof length === 'number') {
    return `request body of ${length} bytes exceeds ${limitText}`;
  }
  return `request body exceeds ${limitText}`;
}

function fromClientStatusError(error: Error & BodyParserErrorFields): HttpError | undefined {
  const status = error.status;
  if (typeof status !== 'number' || status < 400 || status > 499 || error.expose === false) {
    return undefined;
  }
  return new HttpError(status, 'BAD_REQUEST', error.message);
}
