import { badRequest, payloadTooLarge, runMiddleware, unsupportedMediaType } from '@essence/service-kit';
import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';

import { ACCEPTED_FORMAT_NAMES, ACCEPTED_IMAGE_FORMATS } from '../preprocess/image-formats.js';
import { ImageInputError } from '../preprocess/image-input-error.js';
import type { ImageClassifierLimits } from './service-limits.js';
import { DEFAULT_TOP_K, parseTopKText, topKSchema } from './top-k.js';

/** Multipart field that carries the images; repeat it for a batch. */
export const IMAGE_FIELD = 'image';

/** One input of a prediction request, named for error messages (`image`, `image[2] 'a.png'`, `instances[3]`). */
export type PredictItem =
  | { kind: 'image'; name: string; bytes: Uint8Array }
  | { kind: 'pixels'; name: string; value: unknown };

/** The inputs of a prediction request and how many classes to return for each. */
export interface PredictInput {
  items: PredictItem[];
  topK: number;
}

const ACCEPTED_TYPES =
  `${ACCEPTED_IMAGE_FORMATS.map((format) => format.mediaType).join(', ')}, application/octet-stream, ` +
  'multipart/form-data or application/json';

const JSON_BODY_EXPECTED = "must be a JSON object with 'pixels' (one input) or 'instances' (a batch)";

const jsonBodySchema = z
  .strictObject(
    {
      pixels: z.unknown().optional(),
      instances: z.array(z.unknown()).min(1).optional(),
      topK: topKSchema.optional(),
    },
    { error: jsonBodyTypeMessage },
  )
  .refine((body) => (body.pixels === undefined) !== (body.instances === undefined), {
    message: "send exactly one of 'pixels' (one input) or 'instances' (a batch)",
  });

/**
 * Reads the inputs of `POST /v1/predict` from the body, whatever its content type.
 *
 * Raw image bodies and multipart uploads are read here, after the readiness check, so an unready service does
 * not buffer uploads. JSON bodies were already parsed by the service's JSON middleware.
 * @throws {HttpError} 400 for a missing or invalid body, 413 over a limit, 415 for another content type.
 * @throws {ZodError} for an invalid JSON envelope or `topK` (mapped to 400 with the issues).
 */
export async function readPredictInput(req: Request, res: Response, limits: ImageClassifierLimits): Promise<PredictInput> {
  if (!hasBody(req)) {
    throw badRequest('MISSING_BODY', 'missing request body', {
      hint:
        `send a ${ACCEPTED_FORMAT_NAMES} image as the body, a multipart form with field '${IMAGE_FIELD}', ` +
        'or JSON {"pixels": [...]}',
    });
  }

  if (req.is('application/json')) {
    return readJsonInput(req.body, limits);
  }
  if (req.is('multipart/form-data')) {
    return readMultipartInput(req, res, limits);
  }
  if (req.is(['image/*', 'application/octet-stream'])) {
    return readRawImageInput(req, res, limits);
  }
  throw unsupportedMediaType('UNSUPPORTED_MEDIA_TYPE', `unsupported content type '${req.headers['content-type'] ?? ''}'`, {
    hint: `send ${ACCEPTED_TYPES}`,
  });
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function readJsonInput(body: unknown, limits: ImageClassifierLimits): PredictInput {
  const parsed = jsonBodySchema.parse(body);
  const topK = parsed.topK ?? DEFAULT_TOP_K;
  if (parsed.instances === undefined) {
    return { items: [{ kind: 'pixels', name: 'pixels', value: parsed.pixels }], topK };
  }

  checkBatchSize(parsed.instances.length, 'instances', limits);
  const items = parsed.instances.map((value, index): PredictItem => ({ kind: 'pixels', name: `instances[${index}]`, value }));
  return { items, topK };
}

async function readRawImageInput(req: Request, res: Response, limits: ImageClassifierLimits): Promise<PredictInput> {
  const topK = parseTopKText(req.query.topK);
  try {
    await runMiddleware(express.raw({ type: () => true, limit: limits.maxBytes }), req, res);
  } catch (error) {
    throw tooLargeImageOr(error, limits);
  }

  const bytes: unknown = req.body;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw badRequest('MISSING_BODY', 'missing request body: the image is empty', {
      hint: `send the bytes of a ${ACCEPTED_FORMAT_NAMES} file`,
    });
  }
  return { items: [{ kind: 'image', name: 'image', bytes }], topK };
}

async function readMultipartInput(req: Request, res: Response, limits: ImageClassifierLimits): Promise<PredictInput> {
  const declaredLength = Number(req.headers['content-length'] ?? 0);
  if (declaredLength > limits.multipartBodyBytes) {
    throw payloadTooLarge(
      'PAYLOAD_TOO_LARGE',
      `multipart body of ${declaredLength} bytes exceeds the limit of ${limits.multipartBodyBytes} bytes`,
      { hint: 'split the batch into several requests' },
    );
  }
  // NOTE: a chunked multipart body has no Content-Length, so it is bounded only by maxBatch × maxBytes.

  await runMiddleware(createUpload(limits), req, res).catch((error: unknown) => {
    if (error instanceof multer.MulterError) {
      throw error;
    }
    throw badRequest('MALFORMED_MULTIPART', `invalid multipart body: ${error instanceof Error ? error.message : String(error)}`);
  });

  const files = Array.isArray(req.files) ? req.files : [];
  if (files.length === 0) {
    throw badRequest('MISSING_IMAGE', `the multipart body has no file in the field '${IMAGE_FIELD}'`);
  }
  const fields = (req.body ?? {}) as Record<string, unknown>;
  const topK = parseTopKText(fields.topK ?? req.query.topK);
  const items = files.map(
    (file, index): PredictItem => ({ kind: 'image', name: `image[${index}] '${file.originalname}'`, bytes: file.buffer }),
  );
  return { items, topK };
}

function createUpload(limits: ImageClassifierLimits): express.RequestHandler {
  return multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limits.maxBytes, files: limits.maxBatch, fields: 4, fieldSize: 64, parts: limits.maxBatch + 4 },
  }).array(IMAGE_FIELD, limits.maxBatch);
}

function checkBatchSize(count: number, itemName: string, limits: ImageClassifierLimits): void {
  if (count > limits.maxBatch) {
    throw payloadTooLarge('BATCH_TOO_LARGE', `batch of ${count} ${itemName} exceeds the limit of ${limits.maxBatch}`, {
      hint: 'split the batch into several requests',
    });
  }
}

/** Zod error callback of the body object: replaces only the message for a body that is not an object. */
function jsonBodyTypeMessage(issue: { code?: string; input?: unknown }): string | undefined {
  return issue.code === 'invalid_type' ? `${JSON_BODY_EXPECTED}; received ${describeJsonValue(issue.input)}` : undefined;
}

function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    return 'a string';
  }
  return value === null ? 'null' : `a ${typeof value}`;
}

function tooLargeImageOr(error: unknown, limits: ImageClassifierLimits): unknown {
  const type = error instanceof Error ? (error as { type?: unknown }).type : undefined;
  if (type !== 'entity.too.large') {
    return error;
  }
  const length = (error as { length?: unknown }).length;
  const size = typeof length === 'number' ? `of ${length} bytes ` : '';
  return new ImageInputError('IMAGE_TOO_LARGE', `image ${size}exceeds the limit of ${limits.maxBytes} bytes`, {
    hint: 'send a smaller or more compressed image; a digit needs only a few hundred pixels per side',
  });
}
