import { z } from 'zod';

import { DIGIT_CLASS_COUNT } from './digit-classifier.js';

/** Number of classes returned per input when the request does not set `topK`. */
export const DEFAULT_TOP_K = 3;
/** Largest `topK`, one entry per class. */
export const MAX_TOP_K = DIGIT_CLASS_COUNT;

const DECIMAL_DIGITS = /^[0-9]+$/;

/** Zod error callback: every `topK` issue names the accepted range and the received value. */
function topKMessage(issue: { input?: unknown }): string {
  return `expected an integer in 1..${MAX_TOP_K}; received ${describeInput(issue.input)}`;
}

function isTopK(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_TOP_K;
}

/** `topK` in a JSON body: a JSON number that is an integer in 1..10. */
export const topKSchema = z.number({ error: topKMessage }).refine(isTopK, { error: topKMessage });

/** `topK` in a query string or multipart field: decimal digits of an integer in 1..10. */
const topKTextSchema = z
  .string({ error: topKMessage })
  .refine((text) => DECIMAL_DIGITS.test(text) && isTopK(Number(text)), { error: topKMessage })
  .transform(Number);

const topKFieldSchema = z.object({ topK: topKTextSchema.optional() });

/**
 * Parses `topK` from a query string or multipart field value, or returns {@link DEFAULT_TOP_K} when it is absent.
 * @throws {ZodError} with one issue at path `topK` naming the range 1..10 and the received value.
 */
export function parseTopKText(value: unknown): number {
  return topKFieldSchema.parse({ topK: value }).topK ?? DEFAULT_TOP_K;
}

function describeInput(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  }
  if (Array.isArray(value)) {
    return `${value.length} values; send topK once`;
  }
  if (typeof value === 'object' && value !== null) {
    return 'an object';
  }
  return String(value);
}
