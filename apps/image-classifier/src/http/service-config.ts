import { serviceEnvSchema } from '@essence/service-kit';
import { z } from 'zod';

import { DEFAULT_GOLDEN_TOLERANCE } from './golden-check.js';
import type { ImageClassifierServiceOptions } from './image-classifier-service.js';
import { DEFAULT_IMAGE_CLASSIFIER_LIMITS } from './service-limits.js';

const defaults = DEFAULT_IMAGE_CLASSIFIER_LIMITS;
const positiveInt = z.coerce.number().int().positive();

/**
 * Environment variables of the digit classifier service: those of every service (`PORT`, `HOST`,
 * `SHUTDOWN_TIMEOUT_MS`) plus its limits and golden tolerance. Parse them with `loadServiceConfig`.
 */
export const imageClassifierEnvSchema = serviceEnvSchema.extend({
  MAX_IMAGE_BYTES: positiveInt.default(defaults.maxBytes),
  MAX_IMAGE_SIDE: positiveInt.default(defaults.maxWidth),
  MAX_IMAGE_PIXELS: positiveInt.default(defaults.maxPixels),
  MAX_BATCH: positiveInt.default(defaults.maxBatch),
  MAX_JSON_BYTES: positiveInt.default(defaults.jsonBodyBytes),
  MAX_MULTIPART_BYTES: positiveInt.default(defaults.multipartBodyBytes),
  GOLDEN_TOLERANCE: z.coerce.number().nonnegative().default(DEFAULT_GOLDEN_TOLERANCE),
});

/** Parsed configuration of the digit classifier service. */
export type ImageClassifierEnv = z.output<typeof imageClassifierEnvSchema>;

/** Converts parsed environment variables into the limits and tolerance of `createImageClassifierService`. */
export function toServiceSettings(env: ImageClassifierEnv): Pick<ImageClassifierServiceOptions, 'limits' | 'goldenTolerance'> {
  return {
    limits: {
      maxBytes: env.MAX_IMAGE_BYTES,
      maxWidth: env.MAX_IMAGE_SIDE,
      maxHeight: env.MAX_IMAGE_SIDE,
      maxPixels: env.MAX_IMAGE_PIXELS,
      maxBatch: env.MAX_BATCH,
      jsonBodyBytes: env.MAX_JSON_BYTES,
      multipartBodyBytes: env.MAX_MULTIPART_BYTES,
    },
    goldenTolerance: env.GOLDEN_TOLERANCE,
  };
}
