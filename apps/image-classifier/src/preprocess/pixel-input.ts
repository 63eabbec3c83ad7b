import type { GrayImage } from './gray-image.js';
import { ImageInputError } from './image-input-error.js';
import { MNIST_SIDE } from './normalize-digit.js';

const PIXEL_COUNT = MNIST_SIDE * MNIST_SIDE;
const EXPECTED = `expected ${PIXEL_COUNT} numbers or ${MNIST_SIDE} rows of ${MNIST_SIDE} numbers`;
const SHAPE_HINT = `send ${PIXEL_COUNT} values or a ${MNIST_SIDE}x${MNIST_SIDE} array`;
const RANGE_HINT = 'send values in 0..1 or in 0..255 (detected by a maximum above 1)';

/**
 * Validates JSON pixel values and returns them as a 28 × 28 grayscale image in 0..1.
 *
 * Accepts 784 numbers or 28 rows of 28 numbers, row-major. The values are in 0..1, or in 0..255 when the
 * maximum is above 1, and are divided by 255 then. `name` prefixes the messages, like `instances[2]`.
 * @throws {ImageInputError} `INVALID_PIXELS`, naming the received shape or the offending value.
 */
export function parsePixelGrid(value: unknown, name = 'pixels'): GrayImage {
  const flat = flattenPixels(value, name);

  const data = new Float32Array(flat.length);
  let max = 0;
  flat.forEach((pixel, index) => {
    checkPixelValue(pixel, `${name}${indexLabel(value, index)}`);
    data[index] = pixel;
    max = Math.max(max, pixel);
  });

  if (max > 1) {
    data.forEach((pixel, index) => (data[index] = pixel / 255));
  }
  return { width: MNIST_SIDE, height: MNIST_SIDE, data };
}

function flattenPixels(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) {
    throw invalid(`${name} must be an array, ${EXPECTED}; received ${describe(value)}`, SHAPE_HINT);
  }

  if (value.every((item) => !Array.isArray(item))) {
    if (value.length !== PIXEL_COUNT) {
      throw invalid(`${name} has the wrong size: ${EXPECTED}; received a flat array of ${value.length} values`, SHAPE_HINT);
    }
    return value;
  }

  if (!value.every((item) => Array.isArray(item))) {
    throw invalid(`${name} mixes numbers and arrays: ${EXPECTED}`, `send either ${PIXEL_COUNT} numbers or ${MNIST_SIDE} arrays of ${MNIST_SIDE} numbers, not a mix`);
  }
  const rows = value as unknown[][];
  const badRow = rows.findIndex((row) => row.length !== MNIST_SIDE);
  if (rows.length !== MNIST_SIDE || badRow >= 0) {
    throw invalid(`${name} has the wrong shape: ${EXPECTED}; received ${describeRows(rows)}`, SHAPE_HINT);
  }
  return rows.flat();
}

function checkPixelValue(pixel: unknown, label: string): asserts pixel is number {
  if (typeof pixel !== 'number' || !Number.isFinite(pixel)) {
    throw invalid(`${label} is ${describe(pixel)}; expected a finite number`, valueHint(pixel));
  }
  if (pixel < 0 || pixel > 255) {
    throw invalid(`${label} is ${pixel}; pixel values must be in 0..255`, RANGE_HINT);
  }
}

/** Returns `[i]` or `[row][column]` for the flat index of a pixel, as the client wrote it. */
function indexLabel(value: unknown, index: number): string {
  const nested = Array.isArray(value) && Array.isArray(value[0]);
  return nested ? `[${Math.floor(index / MNIST_SIDE)}][${index % MNIST_SIDE}]` : `[${index}]`;
}

function describeRows(rows: unknown[][]): string {
  const lengths = [...new Set(rows.map((row) => row.length))];
  const shape = lengths.length === 1 ? `${rows.length}x${lengths[0]}` : `${rows.length} rows of lengths ${lengths.join(', ')}`;
  return `a nested array of ${shape}`;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${String(value)}`;
}

/** Returns the fix for a pixel that is not a finite number. */
function valueHint(pixel: unknown): string {
  if (typeof pixel === 'string') {
    return 'send each pixel as a JSON number, not a string';
  }
  if (pixel === null) {
    // JSON.stringify writes NaN and Infinity as null, so a null usually was one of those in the client.
    return 'send finite numbers; a null is often a NaN or Infinity that JSON.stringify wrote as null';
  }
  return 'send finite numbers';
}

function invalid(message: string, hint: string): ImageInputError {
  return new ImageInputError('INVALID_PIXELS', message, { hint });
}
