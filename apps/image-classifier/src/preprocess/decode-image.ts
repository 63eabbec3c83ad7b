import sharp, { type Metadata } from 'sharp';

import { describeBytes } from './describe-bytes.js';
import { ACCEPTED_FORMAT_NAMES, findAcceptedFormat, type ImageFormat } from './image-formats.js';
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

/** Message names of formats that sharp identifies but the service rejects; others show sharp's id in upper case. */
const REJECTED_FORMAT_NAMES: Record<string, string> = { svg: 'SVG', heif: 'HEIF/AVIF' };

const EXPECTED_FORMATS = `expected a ${ACCEPTED_FORMAT_NAMES} image`;

/**
 * Decodes image bytes to 8-bit RGBA, applying EXIF orientation and shrinking the longer side to {@link WORKING_SIZE}.
 *
 * The byte size, the format and the header dimensions are checked before the pixels are decoded. The decoder
 * also gets `limitInputPixels` as a second guard against a header that understates the size. Error messages
 * never carry the decoder's own message, which stays in the error's `cause` for the server log.
 * @throws {ImageInputError} `IMAGE_TOO_LARGE` over `maxBytes`, `IMAGE_DIMENSIONS_TOO_LARGE` over the width,
 *   height or pixel limit, `UNSUPPORTED_MEDIA_TYPE` for bytes that are not PNG, JPEG, WebP, GIF or TIFF (SVG
 *   included), `INVALID_IMAGE` for an empty or corrupt image.
 */
export async function decodeImage(bytes: Uint8Array, limits: ImageLimits): Promise<RgbaImage> {
  checkByteSize(bytes, limits);
  const format = await checkHeader(bytes, limits);

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
    const message = `invalid image: the ${format.name} header is readable but its pixel data failed to decode`;
    throw new ImageInputError('INVALID_IMAGE', message, {
      hint: `the file may be truncated or corrupt; export it again as ${format.name} or PNG`,
      cause: error,
    });
  }
}

function checkByteSize(bytes: Uint8Array, limits: ImageLimits): void {
  if (bytes.length === 0) {
    throw new ImageInputError('INVALID_IMAGE', 'invalid image: the image is empty (0 bytes)', {
      hint: `send the bytes of a ${ACCEPTED_FORMAT_NAMES} file`,
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

/** Reads only the header (format, width, height), rejects what must not be decoded and returns the format. */
async function checkHeader(bytes: Uint8Array, limits: ImageLimits): Promise<ImageFormat> {
  let metadata: Metadata;
  try {
    // limitInputPixels: false, so an oversized header reaches the dimension check and gets a 413, not a 415.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw unidentifiedBytes(bytes, error);
  }

  const format = findAcceptedFormat(metadata.format);
  if (format === undefined) {
    throw rejectedFormat(metadata.format);
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
  return format;
}

function unidentifiedBytes(bytes: Uint8Array, cause: unknown): ImageInputError {
  const received = describeBytes(bytes);
  const hint = received.isText
    ? 'send the raw bytes of the image file, not text: decode base64 first, or send the pixels as JSON'
    : `convert the image to ${ACCEPTED_FORMAT_NAMES} and send the bytes of that file`;
  return new ImageInputError(
    'UNSUPPORTED_MEDIA_TYPE',
    `unsupported media type: ${EXPECTED_FORMATS}; received ${received.description}`,
    { hint, cause },
  );
}

function rejectedFormat(formatId: string): ImageInputError {
  const name = REJECTED_FORMAT_NAMES[formatId] ?? formatId.toUpperCase();
  const hint =
    formatId === 'svg'
      ? 'rasterise the drawing to PNG first; SVG is a vector document without a pixel size to check'
      : 'convert the image to PNG and send it again';
  return new ImageInputError('UNSUPPORTED_MEDIA_TYPE', `unsupported media type: ${EXPECTED_FORMATS}; received ${name}`, { hint });
}
