import path from 'node:path';

/**
 * Returns the folder that contains Essence's state (`runs.db`, checkpoints): `<home>/.essence`, where home is
 * the given path, else `ESSENCE_HOME`, else the working directory. The run store resolves the same way.
 */
export function essenceStateDirectory(home?: string): string {
  const base = home ?? (process.env.ESSENCE_HOME?.trim() || process.cwd());
  return path.resolve(base, '.essence');
}

/** Returns the directory of the current (served) checkpoint of a digit model. */
export function currentCheckpointDirectory(model: string, home?: string): string {
  return path.join(essenceStateDirectory(home), 'checkpoints', 'image-classifier', model);
}

/** Returns the directory of a run's best checkpoint, which keeps the optimizer state for resuming. */
export function runCheckpointDirectory(runId: string, home?: string): string {
  return path.join(essenceStateDirectory(home), 'checkpoints', 'image-classifier', 'runs', runId);
}
