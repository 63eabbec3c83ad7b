/** Version of the checkpoint directory layout written by `saveCheckpoint`; `loadCheckpoint` rejects newer ones. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** File names inside a checkpoint directory. */
export const CHECKPOINT_FILES = {
  /** tfjs model JSON: layer topology plus the weights manifest. */
  model: 'model.json',
  /** Model weight values, little-endian, in manifest order. */
  weights: 'weights.bin',
  /** Optimizer class, config and weight manifest. */
  optimizer: 'optimizer.json',
  /** Optimizer weight values (iteration count, moments), in manifest order. */
  optimizerWeights: 'optimizer.bin',
  /** Preprocessing and training state, see `CheckpointMetadata`. */
  metadata: 'metadata.json',
  /** sha256 hash of every other file plus one hash over all of them. */
  checksum: 'checksum.json',
} as const;

/** Files that every checkpoint contains; the optimizer files are optional. */
export const REQUIRED_CHECKPOINT_FILES: readonly string[] = [
  CHECKPOINT_FILES.model,
  CHECKPOINT_FILES.weights,
  CHECKPOINT_FILES.metadata,
];

/** Returns whether `name` is a bare file name, so joining it to a directory cannot leave that directory. */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}
