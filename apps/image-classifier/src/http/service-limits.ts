import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../preprocess/image-limits.js';

/** Limits of the digit classifier service: per image, per batch and per request body. */
export interface ImageClassifierLimits extends ImageLimits {
  /** Maximum number of images or pixel instances in one request. */
  maxBatch: number;
  /** Maximum size in bytes of a JSON body. */
  jsonBodyBytes: number;
  /** Maximum declared Content-Length in bytes of a multipart body. */
  multipartBodyBytes: number;
}

/**
 * Default limits: images as in `DEFAULT_IMAGE_LIMITS`, 64 inputs per request, 2 MiB of JSON (64 × 784 values
 * written with up to 40 characters each) and 32 MiB of multipart.
 */
export const DEFAULT_IMAGE_CLASSIFIER_LIMITS: ImageClassifierLimits = {
  ...DEFAULT_IMAGE_LIMITS,
  maxBatch: 64,
  jsonBodyBytes: 2 * 1024 * 1024,
  multipartBodyBytes: 32 * 1024 * 1024,
};
