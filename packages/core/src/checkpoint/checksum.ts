import { createHash } from 'node:crypto';
import { join } from 'node:path';

import { z } from 'zod';

import { CheckpointCorruptedError } from './checkpoint-errors.js';
import { CHECKPOINT_FILES, REQUIRED_CHECKPOINT_FILES } from './checkpoint-layout.js';
import { readCheckpointFile, readCheckpointJson } from './read-checkpoint-file.js';

/** Contents of `checksum.json`: the sha256 hash of every other checkpoint file. */
export interface ChecksumManifest {
  readonly algorithm: 'sha256';
  /** Lowercase hex sha256 digest of each file, keyed by file name. */
  readonly files: Readonly<Record<string, string>>;
  /** sha256 over the name-sorted `<digest>  <name>\n` lines of `files`, the format `sha256sum` prints. */
  readonly hash: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

const checksumManifestSchema = z.object({
  algorithm: z.literal('sha256'),
  files: z.record(z.string(), z.string().regex(SHA256_HEX)),
  hash: z.string().regex(SHA256_HEX),
});

/** Returns the lowercase hex sha256 digest of `data`; a string is hashed as UTF-8. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Creates the checksum manifest for files given as a map from file name to sha256 digest. */
export function createChecksumManifest(digests: ReadonlyMap<string, string>): ChecksumManifest {
  const files = Object.fromEntries([...digests.entries()].sort(([a], [b]) => compareNames(a, b)));
  return { algorithm: 'sha256', files, hash: combineDigests(files) };
}

/**
 * Reads and validates `checksum.json` without hashing the files it lists.
 *
 * @throws CheckpointCorruptedError when the file is missing or malformed.
 */
export async function readChecksumManifest(directory: string): Promise<ChecksumManifest> {
  return readCheckpointJson(directory, CHECKPOINT_FILES.checksum, checksumManifestSchema, 'checksum manifest');
}

/**
 * Hashes every file that `checksum.json` lists and compares it with the recorded digest, then checks the
 * combined hash. Returns the verified manifest.
 *
 * @throws CheckpointCorruptedError naming the first file that is missing or whose content differs.
 */
export async function verifyChecksums(directory: string): Promise<ChecksumManifest> {
  const manifest = await readChecksumManifest(directory);
  const file = CHECKPOINT_FILES.checksum;

  for (const required of REQUIRED_CHECKPOINT_FILES) {
    if (manifest.files[required] === undefined) {
      throw new CheckpointCorruptedError(
        required,
        `checkpoint '${directory}' does not list the required file '${required}' in ${file}. Save the checkpoint again.`,
      );
    }
  }

  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = sha256Hex(await readCheckpointFile(directory, name));
    if (actual !== expected) {
      throw new CheckpointCorruptedError(
        name,
        `checkpoint file '${join(directory, name)}' is corrupted: its sha256 is ${actual}, ` +
          `but ${file} records ${expected}. Restore the file from a copy or save the checkpoint again.`,
      );
    }
  }

  const combined = combineDigests(manifest.files);
  if (combined !== manifest.hash) {
    throw new CheckpointCorruptedError(
      file,
      `checkpoint file '${join(directory, file)}' is corrupted: the combined hash of the listed files is ` +
        `${combined}, but the file records ${manifest.hash}. Save the checkpoint again.`,
    );
  }
  return manifest;
}

function combineDigests(files: Readonly<Record<string, string>>): string {
  const lines = Object.entries(files)
    .sort(([a], [b]) => compareNames(a, b))
    .map(([name, digest]) => `${digest}  ${name}\n`);
  return sha256Hex(lines.join(''));
}

// Code-unit order, independent of the locale, so every machine computes the same combined hash.
function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
