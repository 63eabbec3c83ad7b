import { open, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to the file at the absolute `path`, creating or truncating it. Injected into
 * `saveCheckpoint` so tests can simulate a write that fails partway through a save.
 */
export type FileWriter = (path: string, data: Uint8Array) => Promise<void>;

/** Writes a file with `fs.promises.writeFile`; the caller flushes it with `syncFile`. */
export const writeFileToDisk: FileWriter = (path, data) => writeFile(path, data);

/** Flushes a file's data and metadata to the storage device (fsync). */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries to the storage device, so a rename or a new file inside it survives a
 * power loss.
 *
 * Windows cannot open a directory for fsync, so there the call does nothing.
 */
export async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;

  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
