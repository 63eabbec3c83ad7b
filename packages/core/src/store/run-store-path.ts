import { join, resolve } from 'node:path';

/** Location of the run store database. */
export interface RunStoreLocation {
  /** Directory that contains `.essence/`; defaults to a non-empty `ESSENCE_HOME`, else the current working directory. */
  readonly home?: string;
  /** Database file; overrides `home`. */
  readonly path?: string;
}

/** Returns the absolute path of the run database: `path`, else `<home>/.essence/runs.db`. */
export function resolveRunStorePath(location: RunStoreLocation = {}, env: NodeJS.ProcessEnv = process.env): string {
  if (location.path !== undefined) return resolve(location.path);

  const fromEnv = env.ESSENCE_HOME;
  const home = location.home ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : process.cwd());
  return resolve(join(home, '.essence', 'runs.db'));
}
