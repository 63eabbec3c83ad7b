import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DatasetError } from './dataset-error.js';
import { loadIdxDataset } from './load-idx-dataset.js';

/** Encodes an IDX file of the given type code, big-endian dimensions and one byte per element. */
function idxBytes(typeCode: number, dims: readonly number[], payload: readonly number[]): Uint8Array {
  const header = [0, 0, typeCode, dims.length];
  for (const dim of dims) {
    header.push((dim >>> 24) & 0xff, (dim >>> 16) & 0xff, (dim >>> 8) & 0xff, dim & 0xff);
  }
  return Uint8Array.from([...header, ...payload]);
}

const TWO_IMAGES_2X2 = idxBytes(0x08, [2, 2, 2], [0, 255, 51, 102, 255, 0, 0, 0]);

describe('loadIdxDataset', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'essence-idx-dataset-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeFixture(name: string, bytes: Uint8Array): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  }

  it('loads images and labels', async () => {
    const imagesPath = await writeFixture('tiny-images-idx3-ubyte.gz', gzipSync(TWO_IMAGES_2X2));
    const labelsPath = await writeFixture('tiny-labels-idx1-ubyte', idxBytes(0x08, [2], [3, 1]));

    const dataset = await loadIdxDataset({ imagesPath, labelsPath });

    expect(dataset.size).toBe(2);
    expect(dataset.exampleShape).toEqual([2, 2, 1]);
    expect(Array.from(dataset.y)).toEqual([3, 1]);
    expect(dataset.numClasses).toBe(4);
    expect(dataset.classNames).toEqual(['0', '1', '2', '3']);
    expect(dataset.name).toBe('tiny-images');
    expect(dataset.source).toContain(imagesPath);
  });

  it.each([
    { index: 0, expected: 0 },
    { index: 1, expected: 1 },
    { index: 2, expected: 0.2 },
    { index: 3, expected: 0.4 },
  ])('scales pixel $index to $expected', async ({ index, expected }) => {
    const imagesPath = await writeFixture('images', TWO_IMAGES_2X2);
    const labelsPath = await writeFixture('labels', idxBytes(0x08, [2], [0, 1]));

    const dataset = await loadIdxDataset({ imagesPath, labelsPath });

    expect(dataset.x[index]).toBeCloseTo(expected, 6);
  });

  it('keeps channels of 4-D images', async () => {
    const imagesPath = await writeFixture('images', idxBytes(0x08, [1, 1, 2, 3], [1, 2, 3, 4, 5, 6]));
    const labelsPath = await writeFixture('labels', idxBytes(0x08, [1], [0]));

    const dataset = await loadIdxDataset({ imagesPath, labelsPath });

    expect(dataset.exampleShape).toEqual([1, 2, 3]);
  });

  it('uses given class names', async () => {
    const imagesPath = await writeFixture('images', TWO_IMAGES_2X2);
    const labelsPath = await writeFixture('labels', idxBytes(0x08, [2], [0, 1]));
    const classNames = ['T-shirt/top', 'Trouser', 'Pullover'];

    const dataset = await loadIdxDataset({ imagesPath, labelsPath, classNames, name: 'fashion' });

    expect(dataset.classNames).toEqual(classNames);
    expect(dataset.numClasses).toBe(3);
    expect(dataset.name).toBe('fashion');
  });

  it('rejects count mismatch', async () => {
    const imagesPath = await writeFixture('images', TWO_IMAGES_2X2);
    const labelsPath = await writeFixture('labels', idxBytes(0x08, [3], [0, 1, 2]));

    const error = await loadIdxDataset({ imagesPath, labelsPath }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('DATASET_MISMATCH');
    expect((error as DatasetError).message).toContain(`${imagesPath} contains 2 images`);
    expect((error as DatasetError).message).toContain(`${labelsPath} contains 3 labels`);
  });

  it('rejects swapped files', async () => {
    const imagesPath = await writeFixture('images', TWO_IMAGES_2X2);
    const labelsPath = await writeFixture('labels', idxBytes(0x08, [2], [0, 1]));

    const error = await loadIdxDataset({ imagesPath: labelsPath, labelsPath: imagesPath }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe('DATASET_INVALID');
    expect((error as DatasetError).message).toContain('found uint8 shaped [2]');
  });

  it('rejects label without class name', async () => {
    const imagesPath = await writeFixture('images', TWO_IMAGES_2X2);
    const labelsPath = await writeFixture('labels', idxBytes(0x08, [2], [0, 2]));

    await expect(loadIdxDataset({ imagesPath, labelsPath, classNames: ['a', 'b'] })).rejects.toThrow(
      'label 2 has no class name; 2 class names were given',
    );
  });

  it('rejects negative label', async () => {
    const imagesPath = await writeFixture('images', TWO_IMAGES_2X2);
    const labelsPath = await writeFixture('labels', idxBytes(0x09, [2], [0, 0xff]));

    await expect(loadIdxDataset({ imagesPath, labelsPath })).rejects.toThrow('found -1');
  });
});
