import { createHash } from 'node:crypto';

import type { LabelledDataset } from '../data/dataset.js';

/** sha256 digests of a dataset's arrays, in hex. */
export interface DatasetHashes {
  readonly xSha256: string;
  readonly ySha256: string;
}

/**
 * Hashes the bytes of `dataset.x` and `dataset.y` with sha256, so a report records exactly which data it
 * scored. The bytes are in the platform's byte order (little-endian on x64 and arm64), so hashes agree only
 * between machines of the same byte order.
 */
export function hashDataset(dataset: Pick<LabelledDataset, 'x' | 'y'>): DatasetHashes {
  return { xSha256: sha256OfTypedArray(dataset.x), ySha256: sha256OfTypedArray(dataset.y) };
}

function sha256OfTypedArray(array: Float32Array | Int32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength))
    .digest('hex');
}
