import { HttpError, type ErrorMapper } from '@essence/service-kit';
import multer from 'multer';

import { ImageInputError, type ImageInputErrorCode } from '../preprocess/image-input-error.js';
import { IMAGE_FIELD } from './predict-input.js';
import type { ImageClassifierLimits } from './service-limits.js';

const STATUS_BY_INPUT_CODE: Record<ImageInputErrorCode, number> = {
  IMAGE_TOO_LARGE: 413,
  IMAGE_DIMENSIONS_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_IMAGE: 400,
  INVALID_PIXELS: 400,
};

/**
 * Creates the service's `mapError`, which maps preprocessing and multipart errors to HTTP errors with their
 * message, instead of the generic 500.
 */
export function createImageClassifierErrorMapper(limits: ImageClassifierLimits): ErrorMapper {
  return (error) => {
    if (error instanceof ImageInputError) {
      // The cause, such as the decoder's own error, reaches the server log but not the client.
      return new HttpError(STATUS_BY_INPUT_CODE[error.code], error.code, error.message, {
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        ...(error.cause === undefined ? {} : { cause: error.cause }),
      });
    }
    if (error instanceof multer.MulterError) {
      return fromMulterError(error, limits);
    }
    return undefined;
  };
}

function fromMulterError(error: multer.MulterError, limits: ImageClassifierLimits): HttpError {
  const field = error.field === undefined ? '' : ` '${error.field}'`;
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return new HttpError(413, 'IMAGE_TOO_LARGE', `an image in the field${field} exceeds the limit of ${limits.maxBytes} bytes`, {
        hint: 'send smaller or more compressed images',
      });
    case 'LIMIT_FILE_COUNT':
      return new HttpError(413, 'BATCH_TOO_LARGE', `the multipart body has more than ${limits.maxBatch} images`, {
        hint: 'split the batch into several requests',
      });
    case 'LIMIT_UNEXPECTED_FILE':
      return new HttpError(400, 'UNEXPECTED_FIELD', `unexpected file field${field}: send images in the field '${IMAGE_FIELD}'`);
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return new HttpError(413, 'MULTIPART_LIMIT', `multipart body over a limit: ${error.message}${field}`, {
        hint: `send only the field '${IMAGE_FIELD}' (files) and optionally 'topK'`,
      });
    default:
      return new HttpError(400, 'MALFORMED_MULTIPART', `invalid multipart body: ${error.message}${field}`);
  }
}
