import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

import { DatasetError } from './dataset-error.js';
import { readIdx, type IdxArray } from './read-idx.js';

const gunzipAsync = promisify(gunzip);

/**
 * Reads an IDX file from disk, gunzipping it first when it starts with the gzip magic bytes `1f 8b`.
 *
 * Plain and gzip-compressed files are accepted whatever their extension.
 *
 * @throws DatasetError `FILE_NOT_READABLE` when the file cannot be read.
 * @throws DatasetError `GZIP_INVALID` when a gzip file does not decompress.
 * @throws DatasetError with the codes of `readIdx` when the content is malformed. Every message names `path`.
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const raw = await readBytes(path);
  const bytes = isGzip(raw) ? await gunzipBytes(raw, path) : raw;
  return readIdx(bytes, { sourceName: path });
}

/** Returns whether `bytes` start with the gzip magic bytes `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(
      'FILE_NOT_READABLE',
      `cannot read IDX file ${path}: ${reason}. Check the path; relative paths resolve against ${process.cwd()}.`,
      { cause: error },
    );
  }
}

async function gunzipBytes(compressed: Uint8Array, path: string): Promise<Uint8Array> {
  try {
    return await gunzipAsync(compressed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(
      'GZIP_INVALID',
      `${path}: file starts with the gzip magic bytes 1f 8b but does not decompress (${reason}). ` +
        'The download is probably truncated or corrupt; fetch the file again.',
      { cause: error },
    );
  }
}
