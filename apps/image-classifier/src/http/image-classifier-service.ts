import { createLogger, type Logger } from '@essence/core';
import { createService, type ReadinessStatus, type Service } from '@essence/service-kit';
import type { Express } from 'express';

import { ImageInputError } from '../preprocess/image-input-error.js';
import type { DigitResult } from '../preprocess/normalize-digit.js';
import { preprocessImage, preprocessPixels } from '../preprocess/preprocess-image.js';
import { ClassifierState } from './classifier-state.js';
import { classifyDigits } from './classify-digits.js';
import type { DigitClassifier } from './digit-classifier.js';
import { createImageClassifierErrorMapper } from './error-mapping.js';
import { DEFAULT_GOLDEN_TOLERANCE } from './golden-check.js';
import { buildImageClassifierOpenApi } from './openapi-document.js';
import { readPredictInput, type PredictItem } from './predict-input.js';
import { DEFAULT_IMAGE_CLASSIFIER_LIMITS, type ImageClassifierLimits } from './service-limits.js';

/** Options of {@link createImageClassifierService}. */
export interface ImageClassifierServiceOptions {
  /** The model, or a promise of it while it loads; `/readyz` reports 503 until it loads and passes warm-up. */
  classifier: DigitClassifier | Promise<DigitClassifier>;
  logger?: Logger;
  limits?: Partial<ImageClassifierLimits>;
  /** Maximum absolute difference between warm-up and golden probabilities (default 1e-4). */
  goldenTolerance?: number;
}

/** The built service, plus a promise of its readiness once loading and warm-up have finished. */
export interface ImageClassifierService extends Service {
  /** Settles after the model loaded and the golden check ran, with the resulting readiness; never rejects. */
  warmUp: Promise<ReadinessStatus>;
}

/**
 * Creates the HTTP service of the digit classifier: `POST /v1/predict` plus the operational routes.
 *
 * The service starts not ready, loads the classifier, replays its golden samples, and becomes ready only when
 * the outputs match within `goldenTolerance`. Requests never change that state.
 * @throws {RangeError} when `goldenTolerance` is negative or not finite.
 */
export function createImageClassifierService(options: ImageClassifierServiceOptions): ImageClassifierService {
  const tolerance = options.goldenTolerance ?? DEFAULT_GOLDEN_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(`goldenTolerance must be a finite number >= 0; got ${tolerance}`);
  }

  const logger = options.logger ?? createLogger('image-classifier:http');
  const limits = { ...DEFAULT_IMAGE_CLASSIFIER_LIMITS, ...options.limits };
  const state = new ClassifierState(options.classifier, tolerance, logger);

  const service = createService({
    name: 'image-classifier',
    logger,
    routes: (app) => registerPredictRoute(app, state, limits),
    readiness: () => state.readiness(),
    openapi: buildImageClassifierOpenApi(limits),
    limits: { jsonBodyBytes: limits.jsonBodyBytes },
    mapError: createImageClassifierErrorMapper(limits),
  });
  return { ...service, warmUp: state.settled };
}

function registerPredictRoute(app: Express, state: ClassifierState, limits: ImageClassifierLimits): void {
  app.post('/v1/predict', async (req, res) => {
    const classifier = state.requireReady();
    const input = await readPredictInput(req, res, limits);

    // Timed after the body is read, so slow uploads do not count as model latency.
    const started = performance.now();
    const digits = await preprocessItems(input.items, limits);
    const predictions = await classifyDigits(classifier, digits, input.topK);

    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    res.json({ modelId: classifier.modelId, latencyMs, predictions });
  });
}

/** Preprocesses the inputs one at a time, which bounds decoding memory to one image per request. */
async function preprocessItems(items: PredictItem[], limits: ImageClassifierLimits): Promise<DigitResult[]> {
  const digits: DigitResult[] = [];
  for (const item of items) {
    if (item.kind === 'pixels') {
      digits.push(preprocessPixels(item.value, item.name));
      continue;
    }
    digits.push(await preprocessImage(item.bytes, limits).catch((error: unknown) => rethrowNamed(error, item, items.length)));
  }
  return digits;
}

/** Prefixes an image error with the input it concerns when the request has several. */
function rethrowNamed(error: unknown, item: PredictItem, count: number): never {
  if (error instanceof ImageInputError && count > 1) {
    throw new ImageInputError(error.code, `${item.name}: ${error.message}`, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      cause: error,
    });
  }
  throw error;
}
