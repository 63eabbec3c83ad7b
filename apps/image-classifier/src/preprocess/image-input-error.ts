import { EssenceError } from '@essence/core';

/**
 * Stable codes of rejected digit inputs.
 *
 * The HTTP layer maps `IMAGE_TOO_LARGE` and `IMAGE_DIMENSIONS_TOO_LARGE` to 413, `UNSUPPORTED_MEDIA_TYPE` to
 * 415, and the others to 400.
 */
export type ImageInputErrorCode =
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_DIMENSIONS_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_IMAGE'
  | 'INVALID_PIXELS';

/** Image bytes or pixel values that cannot become a digit input; the message names the received value. */
export class ImageInputError extends EssenceError {
  declare readonly code: ImageInputErrorCode;
  /** Suggested change that makes the input acceptable. */
  readonly hint: string | undefined;

  constructor(code: ImageInputErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}
