import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** An npm package found on disk, as Node would resolve it from `@essence/core`. */
export interface InstalledPackage {
  readonly name: string;
  /** Real path of the package folder, with symlinks (such as pnpm's) resolved. */
  readonly directory: string;
  readonly version: string;
}

/**
 * Finds a package in the `node_modules` folders Node searches from this module, without loading it.
 *
 * It reads `package.json` directly, so it works for packages whose `exports` field hides that file and
 * for workspace packages that are not built yet. Returns undefined when no folder contains the package.
 */
export function findInstalledPackage(name: string): InstalledPackage | undefined {
  const searchPaths = require.resolve.paths(name) ?? [];
  for (const nodeModules of searchPaths) {
    const manifestPath = path.join(nodeModules, name, 'package.json');
    if (!existsSync(manifestPath)) continue;

    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown };
    return {
      name,
      directory: realpathSync(path.dirname(manifestPath)),
      version: typeof manifest.version === 'string' ? manifest.version : 'unknown',
    };
  }
  return undefined;
}
