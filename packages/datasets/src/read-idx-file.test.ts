import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DatasetError } from './dataset-error.js';
import { isGzip, readIdxFile } from './read-idx-file.js';

const LABELS_IDX = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 4, 0, 9]);

describe('readIdxFile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'essence-idx-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads plain file', async () => {
    const path = join(dir, 'labels-idx1-ubyte');
    await writeFile(path, LABELS_IDX);

    const idx = await readIdxFile(path);

    expect(idx.shape).toEqual([3]);
    expect(Array.from(idx.data)).toEqual([4, 0, 9]);
  });

  it('gunzips gzip file', async () => {
    const path = join(dir, 'labels-idx1-ubyte.gz');
    await writeFile(path, gzipSync(LABELS_IDX));

    const idx = await readIdxFile(path);

    expect(Array.from(idx.data)).toEqual([4, 0, 9]);
  });

  it('detects gzip without extension', async () => {
    const path = join(dir, 'labels.bin');
    await writeFile(path, gzipSync(LABELS_IDX));

    const idx = await readIdxFile(path);

    expect(Array.from(idx.data)).toEqual([4, 0, 9]);
  });

  it('rejects missing file', async () => {
    const path = join(dir, 'absent.gz');

    const error = await readIdxFile(path).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('FILE_NOT_READABLE');
    expect((error as DatasetError).message).toContain(path);
  });

  it('rejects truncated gzip', async () => {
    const path = join(dir, 'cut.gz');
    const compressed = gzipSync(LABELS_IDX);
    await writeFile(path, compressed.subarray(0, compressed.length - 10));

    const error = await readIdxFile(path).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('GZIP_INVALID');
    expect((error as DatasetError).message).toContain(path);
  });

  it('names file in parse errors', async () => {
    const path = join(dir, 'short-idx1-ubyte');
    await writeFile(path, LABELS_IDX.subarray(0, 9));

    await expect(readIdxFile(path)).rejects.toThrow(`${path}: IDX data is truncated`);
  });
});

describe('isGzip', () => {
  it.each([
    { bytes: [0x1f, 0x8b, 8], expected: true },
    { bytes: [0, 0, 8, 1], expected: false },
    { bytes: [0x1f], expected: false },
  ])('returns $expected for $bytes', ({ bytes, expected }) => {
    expect(isGzip(Uint8Array.from(bytes))).toBe(expected);
  });
});
