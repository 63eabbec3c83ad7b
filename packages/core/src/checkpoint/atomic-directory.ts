import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { createLogger } from '../logging/logger.js';
import { syncDirectory } from './durable-files.js';

const logger = createLogger('core:checkpoint');

/**
 * Replaces the directory `target` with one that `populate` fills, so that readers see either the old
 * directory or the complete new one, never a half-written one. Returns what `populate` returns.
 *
 * `populate` writes into an empty temporary sibling directory named `.<name>.tmp-XXXXXX` and must flush
 * its files. Afterwards the temporary directory is fsynced and renamed to `target`. An existing `target`
 * is first renamed aside to `.<name>.old-XXXXXXXX` and removed once the new directory is in place. When
 * `populate` or a rename fails, the temporary directory is removed and the old `target` stays in place,
 * or is moved back.
 *
 * NOTE: a process that is killed instead of failing with an exception leaves its temporary directory
 * behind. A kill between the two renames leaves no `target`, only the `.old-` sibling;
 * `findInterruptedSaves` lists both kinds of leftover.
 *
 * @throws whatever `populate` throws, or the file-system error of a failed rename.
 */
export async function replaceDirectoryAtomically<T>(
  target: string,
  populate: (temporaryDirectory: string) => Promise<T>,
): Promise<T> {
  const absoluteTarget = resolve(target);
  const parent = dirname(absoluteTarget);
  await mkdir(parent, { recursive: true });

  const temporary = await mkdtemp(join(parent, `.${basename(absoluteTarget)}.tmp-`));
  try {
    const result = await populate(temporary);
    await syncDirectory(temporary);
    await moveIntoPlace(temporary, absoluteTarget);
    return result;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Returns the absolute paths of temporary and set-aside siblings of `target` that interrupted saves
 * left behind.
 */
export async function findInterruptedSaves(target: string): Promise<string[]> {
  const absoluteTarget = resolve(target);
  const parent = dirname(absoluteTarget);
  const name = basename(absoluteTarget);

  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return [];
  }

  return entries
    .filter((entry) => entry.startsWith(`.${name}.tmp-`) || entry.startsWith(`.${name}.old-`))
    .sort()
    .map((entry) => join(parent, entry));
}

async function moveIntoPlace(temporary: string, target: string): Promise<void> {
  const parent = dirname(target);
  if (!(await pathExists(target))) {
    await rename(temporary, target);
    await syncDirectory(parent);
    return;
  }

  const aside = join(parent, `.${basename(target)}.old-${randomBytes(4).toString('hex')}`);
  await rename(target, aside);
  try {
    await rename(temporary, target);
  } catch (error) {
    await rename(aside, target);
    throw error;
  }
  await syncDirectory(parent);

  // The new directory is already in place, so a failed clean-up must not fail the save.
  try {
    await rm(aside, { recursive: true, force: true });
  } catch (error) {
    logger.warn({ err: error, path: aside }, 'failed to remove the replaced checkpoint directory');
  }
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
