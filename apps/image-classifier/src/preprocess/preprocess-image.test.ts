import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { blankPng, digitJpeg, digitPng, digitSvg, mnistLikeRows, pngWithHeaderSize } from '../../test/fixtures/digit-images.js';
import { centreOfMass } from './centre-of-mass.js';
import { ImageInputError } from './image-input-error.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image-limits.js';
import { NO_DIGIT_REASON, type DigitResult } from './normalize-digit.js';
import { preprocessImage, preprocessPixels } from './preprocess-image.js';

function pixelsOf(result: DigitResult): Float32Array {
  if (!result.digitFound) {
    throw new Error(`expected a digit, got: ${result.reason}`);
  }
  return result.pixels;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  return Math.max(...a.map((value, index) => Math.abs(value - (b[index] ?? 0))));
}

function mean(values: Float32Array): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function rejection(promise: Promise<unknown>): Promise<ImageInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImageInputError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an ImageInputError');
}

describe('preprocessImage', () => {
  it('inverts dark-on-light PNG', async () => {
    const pixels = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));

    // The "7" has a heavy top bar, so centring by mass leaves the top rows empty while its tail may reach the bottom.
    expect(mean(pixels.subarray(0, 28 * 3))).toBe(0);
    expect(mean(pixels)).toBeLessThan(0.3);
    expect(Math.max(...pixels)).toBeGreaterThan(0.9);
  });

  it('keeps light-on-dark PNG polarity', async () => {
    const dark = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));
    const light = pixelsOf(await preprocessImage(await digitPng({ ink: 'white', background: 'black' }), DEFAULT_IMAGE_LIMITS));

    expect(maxAbsDifference(light, dark)).toBeLessThan(0.02);
  });

  it('centres digit within 0.5 px', async () => {
    const pixels = pixelsOf(await preprocessImage(await digitPng({ width: 300, height: 200 }), DEFAULT_IMAGE_LIMITS));
    const centre = centreOfMass({ width: 28, height: 28, data: pixels });

    expect(Math.abs((centre?.x ?? 0) - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((centre?.y ?? 0) - 14)).toBeLessThanOrEqual(0.5);
  });

  it('flattens dark ink on transparent onto white', async () => {
    const opaque = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));
    const transparent = pixelsOf(await preprocessImage(await digitPng({ background: 'transparent' }), DEFAULT_IMAGE_LIMITS));

    expect(maxAbsDifference(transparent, opaque)).toBeLessThan(0.02);
  });

  it('flattens light ink on transparent onto black', async () => {
    const opaque = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));
    const transparent = pixelsOf(
      await preprocessImage(await digitPng({ ink: 'white', background: 'transparent' }), DEFAULT_IMAGE_LIMITS),
    );

    expect(maxAbsDifference(transparent, opaque)).toBeLessThan(0.02);
  });

  it('reads JPEG like PNG', async () => {
    const png = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));
    const jpeg = pixelsOf(await preprocessImage(await digitJpeg(), DEFAULT_IMAGE_LIMITS));

    expect(maxAbsDifference(jpeg, png)).toBeLessThan(0.1);
  });

  it('reads WebP too', async () => {
    const webp = await sharp(Buffer.from(digitSvg())).webp({ lossless: true }).toBuffer();

    expect((await preprocessImage(webp, DEFAULT_IMAGE_LIMITS)).digitFound).toBe(true);
  });

  it('shrinks large image before processing', async () => {
    const small = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));
    const large = pixelsOf(
      await preprocessImage(await digitPng({ width: 1200, height: 1000, strokeWidth: 80 }), DEFAULT_IMAGE_LIMITS),
    );

    expect(maxAbsDifference(large, small)).toBeLessThan(0.35);
  });

  it.each([
    { name: 'white', colour: '#ffffff' },
    { name: 'black', colour: '#000000' },
    { name: 'grey', colour: '#808080' },
  ])('reports blank $name image', async ({ colour }) => {
    const result = await preprocessImage(await blankPng(64, 64, colour), DEFAULT_IMAGE_LIMITS);

    expect(result).toEqual({ digitFound: false, reason: NO_DIGIT_REASON });
  });

  it('rejects bytes over limit', async () => {
    const png = await digitPng();
    const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, maxBytes: png.length - 1 };

    const error = await rejection(preprocessImage(png, limits));

    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.message).toBe(`image of ${png.length} bytes exceeds the limit of ${png.length - 1} bytes`);
  });

  it('rejects oversized header before decoding', async () => {
    const error = await rejection(preprocessImage(await pngWithHeaderSize(100_000, 100_000), DEFAULT_IMAGE_LIMITS));

    expect(error.code).toBe('IMAGE_DIMENSIONS_TOO_LARGE');
    expect(error.message).toContain('image of 100000x100000 pixels exceeds the limit of 4096x4096');
  });

  it('rejects total pixels over limit', async () => {
    const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, maxPixels: 100 * 100 };

    const error = await rejection(preprocessImage(await digitPng({ width: 120, height: 100 }), limits));

    expect(error.code).toBe('IMAGE_DIMENSIONS_TOO_LARGE');
  });

  it.each([
    { name: 'GIF', encode: (svg: Buffer) => sharp(svg).gif().toBuffer() },
    { name: 'TIFF', encode: (svg: Buffer) => sharp(svg).tiff().toBuffer() },
  ])('reads $name like PNG', async ({ encode }) => {
    const png = pixelsOf(await preprocessImage(await digitPng(), DEFAULT_IMAGE_LIMITS));
    const other = pixelsOf(await preprocessImage(await encode(Buffer.from(digitSvg())), DEFAULT_IMAGE_LIMITS));

    // GIF quantises to a palette, so its grey edge levels differ more than TIFF's lossless ones.
    expect(maxAbsDifference(other, png)).toBeLessThan(0.1);
  });

  it.each([
    { name: 'text', bytes: Buffer.from('this is not an image'), received: '20 bytes of text' },
    { name: 'binary', bytes: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x01]), received: '5 bytes of an unknown format, starting with de ad be ef' },
    { name: 'svg', bytes: Buffer.from(digitSvg()), received: 'SVG' },
  ])('rejects $name as unsupported', async ({ bytes, received }) => {
    const error = await rejection(preprocessImage(bytes, DEFAULT_IMAGE_LIMITS));

    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toBe(`unsupported media type: expected a PNG, JPEG, WebP, GIF or TIFF image; received ${received}`);
  });

  it('keeps decoder message in cause', async () => {
    const error = await rejection(preprocessImage(Buffer.from('this is not an image'), DEFAULT_IMAGE_LIMITS));

    expect(error.cause).toBeInstanceOf(Error);
    expect(error.hint).not.toContain('sharp');
  });

  it('rejects truncated PNG as invalid', async () => {
    const png = await digitPng({ width: 200, height: 200 });

    const error = await rejection(preprocessImage(png.subarray(0, Math.floor(png.length / 2)), DEFAULT_IMAGE_LIMITS));

    expect(error.code).toBe('INVALID_IMAGE');
    expect(error.message).toBe('invalid image: the PNG header is readable but its pixel data failed to decode');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('rejects empty bytes as invalid', async () => {
    const error = await rejection(preprocessImage(new Uint8Array(0), DEFAULT_IMAGE_LIMITS));

    expect(error.code).toBe('INVALID_IMAGE');
  });
});

describe('preprocessPixels', () => {
  it('treats both value ranges alike', () => {
    const bytes = mnistLikeRows();
    const units = bytes.map((row) => row.map((value) => value / 255));

    expect(pixelsOf(preprocessPixels(bytes))).toEqual(pixelsOf(preprocessPixels(units)));
  });

  it('matches PNG of same pixels', async () => {
    const rows = mnistLikeRows();
    const png = await sharp(Buffer.from(rows.flat()), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();

    const fromJson = pixelsOf(preprocessPixels(rows));
    const fromPng = pixelsOf(await preprocessImage(png, DEFAULT_IMAGE_LIMITS));

    expect(maxAbsDifference(fromPng, fromJson)).toBeLessThan(1e-6);
  });

  it('reports all-zero pixels as blank', () => {
    expect(preprocessPixels(new Array<number>(784).fill(0))).toEqual({ digitFound: false, reason: NO_DIGIT_REASON });
  });
});
