// Raw array files shared by the Essence and PyTorch trainers. Every file is a headerless little-endian dump of one
// typed array in row-major (C) order; .data/manifest.json gives each file's dtype and shape.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Name of the manifest inside the data folder. */
export const MANIFEST_FILE = 'manifest.json';

/** Version of the data folder layout, checked by both trainers. */
export const DATA_FORMAT = 'essence-bench-data/1';

function checkLittleEndian() {
  if (os.endianness() !== 'LE') {
    throw new Error(
      `the bench data files are little-endian, but this machine is ${os.endianness()}; run it on a little-endian machine.`,
    );
  }
}

/** Writes a Float32Array or Int32Array as raw bytes and returns the file's SHA-256 in hex. */
export function writeArray(filePath, array) {
  checkLittleEndian();
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  writeFileSync(filePath, bytes);
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads a raw array file written by {@link writeArray}.
 *
 * @throws Error when the file does not contain exactly `length` elements of `dtype`.
 */
export function readArray(filePath, dtype, length) {
  checkLittleEndian();
  const bytes = readFileSync(filePath);
  const ArrayType = dtype === 'int32' ? Int32Array : Float32Array;
  const expectedBytes = length * ArrayType.BYTES_PER_ELEMENT;
  if (bytes.byteLength !== expectedBytes) {
    throw new Error(
      `${filePath} has ${bytes.byteLength} bytes; expected ${length} ${dtype} values (${expectedBytes} bytes). ` +
        'Delete the data folder and run the benchmark again to re-create it.',
    );
  }
  // Copied into a fresh buffer, because a Buffer from readFileSync may sit at an unaligned offset of a shared pool.
  const copy = new Uint8Array(bytes);
  return new ArrayType(copy.buffer, 0, length);
}

/** Reads one array described by a manifest entry `{ file, dtype, shape }` from `dataDir`. */
export function readEntry(dataDir, entry) {
  const length = entry.shape.reduce((product, dim) => product * dim, 1);
  return readArray(path.join(dataDir, entry.file), entry.dtype, length);
}

/**
 * Reads `manifest.json` from `dataDir`.
 *
 * @throws Error when it is missing or has another layout version.
 */
export function readDataManifest(dataDir) {
  const manifestPath = path.join(dataDir, MANIFEST_FILE);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${manifestPath} (${error.message}); run \`node bench/dump-mnist.mjs\` first.`, {
      cause: error,
    });
  }
  if (manifest.format !== DATA_FORMAT) {
    throw new Error(
      `${manifestPath} has format ${manifest.format}; expected ${DATA_FORMAT}. Run \`node bench/dump-mnist.mjs\` again.`,
    );
  }
  return manifest;
}
