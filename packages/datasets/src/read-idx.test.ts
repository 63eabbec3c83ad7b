import { describe, expect, it } from 'vitest';

import { DatasetError } from './dataset-error.js';
import { readIdx } from './read-idx.js';

/** Builds an IDX buffer byte by byte: magic, big-endian u32 dimensions, then `payload` as given. */
function idxBytes(typeCode: number, dims: readonly number[], payload: readonly number[]): Uint8Array {
  const header = [0, 0, typeCode, dims.length];
  for (const dim of dims) {
    header.push((dim >>> 24) & 0xff, (dim >>> 16) & 0xff, (dim >>> 8) & 0xff, dim & 0xff);
  }
  return Uint8Array.from([...header, ...payload]);
}

function readIdxError(bytes: Uint8Array): DatasetError {
  try {
    readIdx(bytes, { sourceName: 'fixture.idx' });
  } catch (error) {
    if (error instanceof DatasetError) {
      return error;
    }
    throw error;
  }
  throw new Error('readIdx accepted an invalid buffer');
}

describe('readIdx', () => {
  it('reads u8 1-D', () => {
    const idx = readIdx(idxBytes(0x08, [4], [7, 2, 1, 255]));

    expect(idx.dataType).toBe('uint8');
    expect(idx.shape).toEqual([4]);
    expect(idx.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(idx.data)).toEqual([7, 2, 1, 255]);
  });

  it('reads u8 3-D row-major', () => {
    const payload = Array.from({ length: 2 * 2 * 3 }, (_, i) => i * 10);

    const idx = readIdx(idxBytes(0x08, [2, 2, 3], payload));

    expect(idx.shape).toEqual([2, 2, 3]);
    expect(Array.from(idx.data)).toEqual(payload);
  });

  it('reads dimensions above 255', () => {
    const idx = readIdx(idxBytes(0x08, [300, 1], new Array<number>(300).fill(9)));

    expect(idx.shape).toEqual([300, 1]);
    expect(idx.data.length).toBe(300);
  });

  it('copies data out of the input', () => {
    const bytes = idxBytes(0x08, [2], [5, 6]);

    const idx = readIdx(bytes);
    bytes.fill(0);

    expect(Array.from(idx.data)).toEqual([5, 6]);
  });

  it('reads from a subarray offset', () => {
    const inner = idxBytes(0x08, [2], [5, 6]);
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 3);

    const idx = readIdx(outer.subarray(3));

    expect(Array.from(idx.data)).toEqual([5, 6]);
  });

  it.each([
    { name: 'int8', code: 0x09, payload: [0xff, 0x7f], expected: [-1, 127] },
    { name: 'int16', code: 0x0b, payload: [0x01, 0x02, 0xff, 0xfe], expected: [258, -2] },
    { name: 'int32', code: 0x0c, payload: [0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff], expected: [65536, -1] },
    { name: 'float32', code: 0x0d, payload: [0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0], expected: [1.5, -2.5] },
    {
      name: 'float64',
      code: 0x0e,
      payload: [0x3f, 0xd0, 0, 0, 0, 0, 0, 0, 0x40, 0x59, 0, 0, 0, 0, 0, 0],
      expected: [0.25, 100],
    },
  ])('reads big-endian $name', ({ name, code, payload, expected }) => {
    const idx = readIdx(idxBytes(code, [2], payload));

    expect(idx.dataType).toBe(name);
    expect(Array.from(idx.data)).toEqual(expected);
  });

  it('rejects bad magic', () => {
    const error = readIdxError(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));

    expect(error.code).toBe('IDX_BAD_MAGIC');
    expect(error.message).toContain('fixture.idx');
    expect(error.message).toContain('0x504b0304');
  });

  it('rejects unknown type code', () => {
    const error = readIdxError(idxBytes(0x0a, [1], [0]));

    expect(error.code).toBe('IDX_BAD_MAGIC');
    expect(error.message).toContain('0x0a');
  });

  it('rejects header shorter than magic', () => {
    const error = readIdxError(Uint8Array.from([0, 0, 8]));

    expect(error.code).toBe('IDX_TRUNCATED');
    expect(error.message).toContain('found 3 bytes');
  });

  it('rejects truncated dimensions', () => {
    const error = readIdxError(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0]));

    expect(error.code).toBe('IDX_TRUNCATED');
    expect(error.message).toContain('3 dimensions need 16 header bytes');
  });

  it('rejects truncated data', () => {
    const error = readIdxError(idxBytes(0x08, [2, 2, 2], [1, 2, 3, 4, 5]));

    expect(error.code).toBe('IDX_TRUNCATED');
    expect(error.message).toContain('fixture.idx');
    expect(error.message).toContain('need 8 data bytes, found 5');
  });

  it('rejects data longer than dims', () => {
    const error = readIdxError(idxBytes(0x08, [3], [1, 2, 3, 4]));

    expect(error.code).toBe('IDX_SIZE_MISMATCH');
    expect(error.message).toContain('need 3 data bytes, found 4 (1 extra)');
  });

  it('rejects multi-byte data cut mid-element', () => {
    const error = readIdxError(idxBytes(0x0c, [2], [0, 0, 0, 1, 0, 0]));

    expect(error.code).toBe('IDX_TRUNCATED');
    expect(error.message).toContain('int32 (4 bytes each) need 8 data bytes, found 6');
  });

  it('rejects zero dimensions', () => {
    const error = readIdxError(idxBytes(0x08, [], []));

    expect(error.code).toBe('IDX_SIZE_MISMATCH');
  });

  it('names default source', () => {
    expect(() => readIdx(Uint8Array.from([1, 2, 3, 4]))).toThrow(/^IDX buffer: not an IDX file/);
  });
});
