import { describe, expect, it } from 'vitest';

import { mnistLikeRows } from '../../test/fixtures/digit-images.js';
import { ImageInputError } from './image-input-error.js';
import { parsePixelGrid } from './pixel-input.js';

function parseError(value: unknown, name?: string): ImageInputError {
  try {
    parsePixelGrid(value, name);
  } catch (error) {
    if (error instanceof ImageInputError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected parsePixelGrid to throw');
}

describe('parsePixelGrid', () => {
  it('reads nested rows as 28x28', () => {
    const image = parsePixelGrid(mnistLikeRows());

    expect(image.width).toBe(28);
    expect(image.height).toBe(28);
    expect(image.data[5 * 28 + 10]).toBe(1);
  });

  it('reads flat and nested alike', () => {
    const rows = mnistLikeRows();

    expect(parsePixelGrid(rows.flat()).data).toEqual(parsePixelGrid(rows).data);
  });

  it('scales 0..255 to 0..1', () => {
    const bytes = mnistLikeRows();
    const units = bytes.map((row) => row.map((value) => value / 255));

    expect(parsePixelGrid(bytes).data).toEqual(parsePixelGrid(units).data);
  });

  it('keeps 0..1 values unscaled', () => {
    const values = new Array<number>(784).fill(0);
    values[0] = 0.25;
    values[1] = 1;

    const image = parsePixelGrid(values);

    expect(image.data[0]).toBe(0.25);
    expect(image.data[1]).toBe(1);
  });

  it.each([
    { name: 'short flat array', value: new Array<number>(783).fill(0), message: 'received a flat array of 783 values' },
    { name: 'too few rows', value: new Array(27).fill(new Array<number>(28).fill(0)), message: 'received a nested array of 27x28' },
    {
      name: 'ragged rows',
      value: [...new Array(27).fill(new Array<number>(28).fill(0)), new Array<number>(27).fill(0)],
      message: 'received a nested array of 28 rows of lengths 28, 27',
    },
    { name: 'object', value: { data: [] }, message: 'received an object' },
    { name: 'string', value: 'pixels', message: 'received the string "pixels"' },
    { name: 'mixed array', value: [0, [0]], message: 'mixes numbers and arrays' },
  ])('names shape of $name', ({ value, message }) => {
    const error = parseError(value);

    expect(error.code).toBe('INVALID_PIXELS');
    expect(error.message).toContain(message);
    expect(error.message).toContain('expected 784 numbers or 28 rows of 28 numbers');
  });

  it.each([
    { name: 'short flat array', value: new Array<number>(783).fill(0), hint: 'send 784 values or a 28x28 array' },
    { name: 'too few rows', value: new Array(27).fill(new Array<number>(28).fill(0)), hint: 'send 784 values or a 28x28 array' },
    { name: 'object', value: { data: [] }, hint: 'send 784 values or a 28x28 array' },
    { name: 'mixed array', value: [0, [0]], hint: 'send either 784 numbers or 28 arrays of 28 numbers, not a mix' },
  ])('hints shape fix for $name', ({ value, hint }) => {
    expect(parseError(value).hint).toBe(hint);
  });

  const RANGE_HINT = 'send values in 0..1 or in 0..255 (detected by a maximum above 1)';
  const FINITE_HINT = 'send finite numbers';

  it.each([
    { name: 'negative', at: 3, value: -1, message: 'pixels[3] is -1; pixel values must be in 0..255', hint: RANGE_HINT },
    { name: 'over 255', at: 4, value: 256, message: 'pixels[4] is 256; pixel values must be in 0..255', hint: RANGE_HINT },
    {
      name: 'null',
      at: 5,
      value: null,
      message: 'pixels[5] is null; expected a finite number',
      hint: 'send finite numbers; a null is often a NaN or Infinity that JSON.stringify wrote as null',
    },
    { name: 'NaN', at: 6, value: Number.NaN, message: 'pixels[6] is number NaN; expected a finite number', hint: FINITE_HINT },
    { name: 'Infinity', at: 6, value: Number.POSITIVE_INFINITY, message: 'pixels[6] is number Infinity; expected a finite number', hint: FINITE_HINT },
    {
      name: 'string',
      at: 7,
      value: '3',
      message: 'pixels[7] is the string "3"; expected a finite number',
      hint: 'send each pixel as a JSON number, not a string',
    },
    { name: 'boolean', at: 8, value: true, message: 'pixels[8] is boolean true; expected a finite number', hint: FINITE_HINT },
  ])('rejects $name value', ({ at, value, message, hint }) => {
    const values: unknown[] = new Array<number>(784).fill(0);
    values[at] = value;
    const error = parseError(values);

    expect(error.message).toBe(message);
    expect(error.hint).toBe(hint);
  });

  it('labels nested position and name', () => {
    const rows: unknown[][] = mnistLikeRows();
    const row = rows[2];
    if (row !== undefined) {
      row[3] = -0.5;
    }

    expect(parseError(rows, 'instances[1]').message).toBe('instances[1][2][3] is -0.5; pixel values must be in 0..255');
  });
});
