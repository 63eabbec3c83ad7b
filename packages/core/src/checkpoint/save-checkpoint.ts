import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { ConfigError } from '../errors.js';
import { createLogger } from '../logging/logger.js';
import { replaceDirectoryAtomically } from './atomic-directory.js';
import { CHECKPOINT_FILES, CHECKPOINT_FORMAT_VERSION } from './checkpoint-layout.js';
import type { CheckpointMetadata, StoredCheckpointMetadata } from './checkpoint-metadata.js';
import { type ChecksumManifest, createChecksumManifest, sha256Hex } from './checksum.js';
import { type FileWriter, syncFile, writeFileToDisk } from './durable-files.js';
import { FileSystemIOHandler } from './file-system-io-handler.js';
import { assertFiniteModelWeights } from './finite-weights.js';
import { type OptimizerState, captureOptimizerState, encodeOptimizerStateFiles } from './optimizer-state.js';

const logger = createLogger('core:checkpoint');

/** Contents of a checkpoint and the writer that `saveCheckpoint` uses. */
export interface SaveCheckpointOptions {
  readonly model: tfl.LayersModel;
  /** Optimizer whose state is saved so training can resume; omit it for an inference-only checkpoint. */
  readonly optimizer?: tf.Optimizer;
  readonly metadata?: CheckpointMetadata;
  /** Writes each file; defaults to `fs.promises.writeFile`. Each file is fsynced after it is written. */
  readonly writeFile?: FileWriter;
}

/** Location and sha256 hashes of a saved checkpoint. */
export interface SavedCheckpoint {
  /** Absolute path of the checkpoint directory. */
  readonly directory: string;
  /** Combined sha256 hash over every file, as recorded in `checksum.json`. */
  readonly hash: string;
  /** sha256 hash of each file, keyed by file name. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Saves a model, optionally its optimizer state, and metadata as a checkpoint directory, replacing any
 * checkpoint already there. The files are written to a temporary sibling directory, fsynced and renamed
 * into place, so an interrupted save leaves the previous checkpoint intact.
 *
 * Replacing a checkpoint removes the whole old directory, including files that `saveCheckpoint` did not
 * write.
 *
 * @throws ConfigError when `directory` is empty, is a file, or is a non-empty directory without a
 *   checkpoint in it.
 * @throws NonFiniteWeightsError, before anything is written, when a model or optimizer weight is NaN or
 *   infinite.
 * @throws OptimizerStateError when the optimizer cannot export its state.
 */
export async function saveCheckpoint(directory: string, options: SaveCheckpointOptions): Promise<SavedCheckpoint> {
  if (directory.trim() === '') {
    throw new ConfigError('cannot save a checkpoint: the directory path is empty. Pass the checkpoint directory.');
  }
  const target = resolve(directory);
  await assertReplaceable(target);

  await assertFiniteModelWeights(options.model);
  const optimizerState = options.optimizer === undefined ? undefined : await captureOptimizerState(options.optimizer);
  const metadata: StoredCheckpointMetadata = {
    ...options.metadata,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    savedAt: new Date().toISOString(),
    tfjsVersion: tf.version_core,
  };

  const manifest = await replaceDirectoryAtomically(target, (temporary) =>
    writeCheckpointFiles(temporary, {
      model: options.model,
      optimizerState,
      metadata,
      writeFile: options.writeFile ?? writeFileToDisk,
    }),
  );

  logger.info({ directory: target, hash: manifest.hash }, 'saved checkpoint');
  return { directory: target, hash: manifest.hash, files: manifest.files };
}

interface CheckpointContents {
  readonly model: tfl.LayersModel;
  readonly optimizerState: OptimizerState | undefined;
  readonly metadata: StoredCheckpointMetadata;
  readonly writeFile: FileWriter;
}

async function writeCheckpointFiles(directory: string, contents: CheckpointContents): Promise<ChecksumManifest> {
  const digests = new Map<string, string>();
  const writeDurably: FileWriter = async (path, data) => {
    await contents.writeFile(path, data);
    await syncFile(path);
    digests.set(basename(path), sha256Hex(data));
  };

  await contents.model.save(new FileSystemIOHandler(directory, { writeFile: writeDurably }));

  if (contents.optimizerState !== undefined) {
    const files = encodeOptimizerStateFiles(contents.optimizerState);
    await writeDurably(join(directory, CHECKPOINT_FILES.optimizer), utf8(files.json));
    await writeDurably(join(directory, CHECKPOINT_FILES.optimizerWeights), files.weights);
  }

  await writeDurably(join(directory, CHECKPOINT_FILES.metadata), utf8(JSON.stringify(contents.metadata, null, 2)));

  const manifest = createChecksumManifest(digests);
  await writeDurably(join(directory, CHECKPOINT_FILES.checksum), utf8(JSON.stringify(manifest, null, 2)));
  return manifest;
}

async function assertReplaceable(target: string): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(target);
    if (!info.isDirectory()) {
      throw new ConfigError(
        `cannot save a checkpoint to '${target}': the path is a file, not a directory. Choose another path.`,
      );
    }
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }

  const isCheckpoint = entries.includes(CHECKPOINT_FILES.checksum) || entries.includes(CHECKPOINT_FILES.model);
  if (entries.length > 0 && !isCheckpoint) {
    throw new ConfigError(
      `cannot save a checkpoint to '${target}': the directory is not empty and contains no ` +
        `${CHECKPOINT_FILES.checksum} or ${CHECKPOINT_FILES.model}, so saving would delete files that are not a ` +
        'checkpoint. Choose a new or empty directory.',
    );
  }
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
