import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { z } from 'zod';

import { CheckpointCorruptedError } from './checkpoint-errors.js';
import { isPlainFileName } from './checkpoint-layout.js';

/**
 * Reads one file of a checkpoint directory, as bytes or as UTF-8 text.
 *
 * @throws CheckpointCorruptedError when `name` is not a plain file name or the file is missing.
 */
export async function readCheckpointFile(directory: string, name: string): Promise<Buffer>;
export async function readCheckpointFile(directory: string, name: string, encoding: 'utf8'): Promise<string>;
export async function readCheckpointFile(directory: string, name: string, encoding?: 'utf8'): Promise<Buffer | string> {
  if (!isPlainFileName(name)) {
    throw new CheckpointCorruptedError(
      name,
      `checkpoint '${directory}' lists the file '${name}', which is not a plain file name. ` +
        'The checkpoint was not written by saveCheckpoint; save it again.',
    );
  }

  try {
    return encoding === undefined ? await readFile(join(directory, name)) : await readFile(join(directory, name), encoding);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new CheckpointCorruptedError(
      name,
      `checkpoint file '${join(directory, name)}' is missing. Restore it from a copy or save the checkpoint again.`,
      { cause: error },
    );
  }
}

/**
 * Reads one JSON file of a checkpoint directory and validates it with `schema`; `description` names the
 * content in the error message, e.g. `checksum manifest`.
 *
 * @throws CheckpointCorruptedError when the file is missing, is not JSON or does not match the schema.
 */
export async function readCheckpointJson<T>(
  directory: string,
  name: string,
  schema: z.ZodType<T>,
  description: string,
): Promise<T> {
  const text = await readCheckpointFile(directory, name, 'utf8');

  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw new CheckpointCorruptedError(
      name,
      `checkpoint file '${join(directory, name)}' is not a valid ${description}: ${(error as Error).message}. ` +
        'Restore the file from a copy or save the checkpoint again.',
      { cause: error },
    );
  }
}
