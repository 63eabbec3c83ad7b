import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';

import { EssenceError } from '../errors.js';
import { CheckpointCorruptedError } from './checkpoint-errors.js';
import { CHECKPOINT_FILES } from './checkpoint-layout.js';
import { type FileWriter, writeFileToDisk } from './durable-files.js';
import { readCheckpointFile, readCheckpointJson } from './read-checkpoint-file.js';

/** Options of `FileSystemIOHandler`. */
export interface FileSystemIOHandlerOptions {
  /** Writes each file; defaults to `fs.promises.writeFile` without fsync. */
  readonly writeFile?: FileWriter;
}

const weightsManifestEntrySchema = z.looseObject({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
});

const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string()), weights: z.array(weightsManifestEntrySchema) })),
});

/**
 * Saves a tfjs layers model to a directory as `model.json` (topology and weights manifest) plus
 * `weights.bin`, and loads it back. The format is the one tfjs-node's `file://` handler writes, which is
 * not usable in this project. Pass it to `model.save(handler)` or `tfl.loadLayersModel(handler)`.
 *
 * Files are written in place and not fsynced; `saveCheckpoint` adds atomic replacement and hashes.
 */
export class FileSystemIOHandler implements tf.io.IOHandler {
  constructor(
    private readonly directory: string,
    private readonly options: FileSystemIOHandlerOptions = {},
  ) {}

  /**
   * Writes `weights.bin`, then `model.json`, creating the directory if needed.
   *
   * @throws EssenceError with code `UNSUPPORTED_MODEL_FORMAT` for a graph model, whose topology is binary.
   */
  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new EssenceError(
        'UNSUPPORTED_MODEL_FORMAT',
        `cannot save to '${this.directory}': FileSystemIOHandler expects a layers model with a JSON topology, ` +
          'but got a binary (GraphDef) topology. Save a tf.LayersModel instead.',
      );
    }

    const writeFile = this.options.writeFile ?? writeFileToDisk;
    await mkdir(this.directory, { recursive: true });

    const weightData =
      artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology ?? {},
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      trainingConfig: artifacts.trainingConfig,
      userDefinedMetadata: artifacts.userDefinedMetadata,
      weightsManifest: [{ paths: [CHECKPOINT_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
    };

    await writeFile(join(this.directory, CHECKPOINT_FILES.weights), new Uint8Array(weightData));
    await writeFile(join(this.directory, CHECKPOINT_FILES.model), Buffer.from(JSON.stringify(modelJson), 'utf8'));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }

  /**
   * Reads `model.json` and the weight files its manifest lists.
   *
   * @throws CheckpointCorruptedError when a file is missing, malformed, or shorter than the manifest describes.
   */
  async load(): Promise<tf.io.ModelArtifacts> {
    const modelJson = await readCheckpointJson(this.directory, CHECKPOINT_FILES.model, modelJsonSchema, 'tfjs model JSON');
    return tf.io.getModelArtifactsForJSON(modelJson as unknown as tf.io.ModelJSON, (manifest) => this.loadWeights(manifest));
  }

  private async loadWeights(
    manifest: tf.io.WeightsManifestConfig,
  ): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      for (const path of group.paths) {
        const bytes = await readCheckpointFile(this.directory, path);
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
    }

    const specs = tf.io.getWeightSpecs(manifest);
    const data = tf.io.CompositeArrayBuffer.join(buffers);
    const expectedBytes = expectedWeightBytes(specs);
    if (expectedBytes !== undefined && data.byteLength !== expectedBytes) {
      throw new CheckpointCorruptedError(
        CHECKPOINT_FILES.weights,
        `weight files in '${this.directory}' contain ${data.byteLength} bytes, but the manifest in ` +
          `${CHECKPOINT_FILES.model} describes ${expectedBytes}. Save the model again.`,
      );
    }
    return [specs, data];
  }
}

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

// Returns undefined when a string weight is present, because string weights have no fixed width.
function expectedWeightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const width = BYTES_PER_ELEMENT[stored];
    if (width === undefined) return undefined;

    total += spec.shape.reduce((product, dimension) => product * dimension, 1) * width;
  }
  return total;
}
