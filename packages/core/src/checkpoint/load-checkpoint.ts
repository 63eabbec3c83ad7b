import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';

import { EssenceError } from '../errors.js';
import { translateUnknownLayerError } from '../layers/custom-layers.js';
import { findInterruptedSaves } from './atomic-directory.js';
import { CheckpointCorruptedError, CheckpointNotFoundError } from './checkpoint-errors.js';
import { CHECKPOINT_FILES, CHECKPOINT_FORMAT_VERSION } from './checkpoint-layout.js';
import { type StoredCheckpointMetadata, storedCheckpointMetadataSchema } from './checkpoint-metadata.js';
import { readChecksumManifest, verifyChecksums } from './checksum.js';
import { FileSystemIOHandler } from './file-system-io-handler.js';
import { type OptimizerState, readOptimizerStateFiles } from './optimizer-state.js';
import { readCheckpointJson } from './read-checkpoint-file.js';

/** Options of `loadCheckpoint`. */
export interface LoadCheckpointOptions {
  /** Whether to hash every file and compare it with `checksum.json` before loading; defaults to true. */
  readonly verify?: boolean;
}

/** A loaded checkpoint; the caller owns `model` and disposes it. */
export interface LoadedCheckpoint {
  /** Absolute path of the checkpoint directory. */
  readonly directory: string;
  readonly model: tfl.LayersModel;
  /** Saved optimizer state for `restoreOptimizer`; absent when the checkpoint was saved without an optimizer. */
  readonly optimizerState?: OptimizerState;
  readonly metadata: StoredCheckpointMetadata;
  /** Combined sha256 hash over every file, as recorded in `checksum.json`. */
  readonly hash: string;
}

/**
 * Loads a checkpoint written by `saveCheckpoint`. Unless `verify` is false, every file is hashed and
 * compared with `checksum.json` first. Models with custom layers need `registerLayer` before loading.
 *
 * @throws CheckpointNotFoundError when the directory does not exist, naming leftovers of an interrupted save.
 * @throws CheckpointCorruptedError naming the file that is missing, malformed or fails its hash.
 * @throws EssenceError with code `CHECKPOINT_VERSION_UNSUPPORTED` for a checkpoint from a newer Essence.
 * @throws UnregisteredLayerError naming a custom layer class that is not registered.
 */
export async function loadCheckpoint(directory: string, options: LoadCheckpointOptions = {}): Promise<LoadedCheckpoint> {
  const target = resolve(directory);
  await assertCheckpointDirectory(target);

  const manifest = options.verify === false ? await readChecksumManifest(target) : await verifyChecksums(target);
  const metadata = await readMetadata(target);
  const optimizerState =
    manifest.files[CHECKPOINT_FILES.optimizer] === undefined ? undefined : await readOptimizerStateFiles(target);
  const model = await loadModel(target);

  return { directory: target, model, optimizerState, metadata, hash: manifest.hash };
}

async function assertCheckpointDirectory(target: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(target)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new CheckpointNotFoundError(await describeMissingCheckpoint(target), { cause: error });
  }

  if (!isDirectory) {
    throw new CheckpointNotFoundError(
      `checkpoint '${target}' is a file, but a checkpoint is a directory. Pass the directory that saveCheckpoint wrote.`,
    );
  }
}

async function describeMissingCheckpoint(target: string): Promise<string> {
  const message = `checkpoint directory '${target}' does not exist.`;
  const leftovers = await findInterruptedSaves(target);
  const previous = leftovers.find((path) => path.includes(`.old-`));
  if (previous !== undefined) {
    return `${message} An interrupted save left the previous checkpoint at '${previous}'; rename it to '${target}' to recover it.`;
  }
  return `${message} Check the path, or train a model to create the checkpoint.`;
}

async function readMetadata(target: string): Promise<StoredCheckpointMetadata> {
  const file = CHECKPOINT_FILES.metadata;
  const raw = await readCheckpointJson(
    target,
    file,
    z.looseObject({ formatVersion: z.number() }),
    'checkpoint metadata',
  );
  if (raw.formatVersion > CHECKPOINT_FORMAT_VERSION) {
    throw new EssenceError(
      'CHECKPOINT_VERSION_UNSUPPORTED',
      `checkpoint '${target}' has format version ${raw.formatVersion}, but this version of Essence reads ` +
        `versions up to ${CHECKPOINT_FORMAT_VERSION}. Upgrade Essence to load it.`,
    );
  }

  const parsed = storedCheckpointMetadataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CheckpointCorruptedError(
      file,
      `checkpoint file '${join(target, file)}' is not valid checkpoint metadata: ${parsed.error.message}. ` +
        'Restore the file from a copy or save the checkpoint again.',
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

async function loadModel(target: string): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(new FileSystemIOHandler(target));
  } catch (error) {
    throw translateUnknownLayerError(error, `checkpoint '${target}'`);
  }
}
