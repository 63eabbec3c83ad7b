import sharp, { type Metadata } from 'sharp';

import { ImageInputError } from './image-input-error.js';
import type { ImageLimits } from './image-limits.js';

/** Decoded image, row-major, 8-bit sRGB with alpha: `data.length === width * height * 4`. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Longer side, in pixels, that a larger image is shrunk to while decoding.
 *
 * The digit ends up 20 pixels tall, so 512 keeps more than enough detail for the ink bounding box while
 * bounding the memory and time of the steps written in TypeScript.
 */
export const WORKING_SIZE = 512;

/**
 * Formats that sharp identifies but the service rejects: SVG input is a vector document that librsvg renders,
 * and its header carries no trustworthy pixel size to check against the limits.
 */
const REJECTED_FORMATS = new Set(['svg']);

const UNSUPPORTED_MESSAGE = 'unsupported media type: expected PNG or JPEG';

/**
 * Decodes image bytes to 8-bit RGBA, applying EXIF orientation and shrinking the longer side to {@link WORKING_SIZE}.
 *
 * The byte size and the header dimensions are checked before the pixels are decoded. The decoder also gets
 * `limitInputPixels` as a second guard against a header that understates the size.
 * @throws {ImageInputError} `IMAGE_TOO_LARGE` over `maxBytes`, `IMAGE_DIMENSIONS_TOO_LARGE` over the width,
 *   height or pixel limit, `UNSUPPORTED_MEDIA_TYPE` for bytes sharp cannot identify (or SVG), `INVALID_IMAGE` for
 *   an empty or corrupt image.
 */
export async function decodeImage(bytes: Uint8Array, limits: ImageLimits): Promise<RgbaImage> {
  checkByteSize(bytes, limits);
  await checkHeader(bytes, limits);

  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels })
      .rotate()
      .resize(WORKING_SIZE, WORKING_SIZE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageInputError('INVALID_IMAGE', `invalid image: decoding failed (${reason})`, {
      hint: 'the file may be truncated or corrupt; export it again as PNG or JPEG',
      cause: error,
    });
  }
}

function checkByteSize(bytes: Uint8Array, limits: ImageLimits): void {
  if (bytes.length === 0) {
    throw new ImageInputError('INVALID_IMAGE', 'invalid image: the image is empty (0 bytes)', {
      hint: 'send the bytes of a PNG or JPEG file',
    });
  }
  if (bytes.length > limits.maxBytes) {
    throw new ImageInputError(
      'IMAGE_TOO_LARGE',
      `image of ${bytes.length} bytes exceeds the limit of ${limits.maxBytes} bytes`,
      { hint: 'send a smaller or more compressed image; a digit needs only a few hundred pixels per side' },
    );
  }
}

/** Reads only the header (format, width, height) and rejects what must not be decoded. */
async function checkHeader(bytes: Uint8Array, limits: ImageLimits): Promise<void> {
  let metadata: Metadata;
  try {
    // limitInputPixels: false, so an oversized header reaches the dimension check and gets a 413, not a 415.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageInputError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MESSAGE, {
      hint: `sharp could not identify the bytes as an image (${error instanceof Error ? error.message : String(error)})`,
      cause: error,
    });
  }

  if (REJECTED_FORMATS.has(metadata.format)) {
    throw new ImageInputError('UNSUPPORTED_MEDIA_TYPE', `${UNSUPPORTED_MESSAGE}; received ${metadata.format}`, {
      hint: 'rasterise the drawing to PNG first',
    });
  }

  const width = metadata.width;
  const height = metadata.pageHeight ?? metadata.height;
  if (width > limits.maxWidth || height > limits.maxHeight || width * height > limits.maxPixels) {
    throw new ImageInputError(
      'IMAGE_DIMENSIONS_TOO_LARGE',
      `image of ${width}x${height} pixels exceeds the limit of ${limits.maxWidth}x${limits.maxHeight} ` +
        `and ${limits.maxPixels} pixels in total`,
      { hint: 'downscale the image before sending it; the digit is resized to 28x28 anyway' },
    );
  }
}
