// Locates the workspace packages the benchmark runs and imports their built dist/ output. bench/ is not a workspace
// package, so bare specifiers such as '@essence/core' do not resolve from here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Absolute path of the repository root (the folder that contains bench/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of bench/. */
export const BENCH_DIR = path.join(REPO_ROOT, 'bench');

/** Workspace packages the benchmark imports, keyed by a short id, with their folders relative to the root. */
export const WORKSPACE_PACKAGES = {
  core: 'packages/core',
  datasets: 'packages/datasets',
  backendNative: 'packages/backend-native',
  imageClassifier: 'apps/image-classifier',
};

/** Returns the absolute folder of a workspace package by its id in {@link WORKSPACE_PACKAGES}. */
export function packageDir(id) {
  return path.join(REPO_ROOT, WORKSPACE_PACKAGES[id]);
}

/** Reads a package.json and returns its parsed content. */
export function readManifest(manifestPath) {
  return JSON.parse(readFileSync(manifestPath, 'utf8'));
}

/**
 * Returns the version of an npm package as installed for the workspace package `fromId`, or undefined when it does
 * not resolve from there.
 */
export function installedVersion(name, fromId = 'core') {
  const require = createRequire(path.join(packageDir(fromId), 'package.json'));
  try {
    return readManifest(require.resolve(`${name}/package.json`)).version;
  } catch {
    // Some packages (tfjs among them) have no "exports" map, so package.json is found next to the main file.
    try {
      let dir = path.dirname(require.resolve(name));
      while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
      return readManifest(path.join(dir, 'package.json')).version;
    } catch {
      return undefined;
    }
  }
}

/**
 * Imports the built workspace packages and the tfjs-core instance they share.
 *
 * tfjs-core is resolved from @essence/core's folder, so this process and the packages use one module instance (one
 * engine, one backend registry). pnpm links every dependent to the same store folder, which is why the image
 * classifier's and the native backend's copies are the same instance too.
 *
 * @throws Error naming the missing dist/index.js and the build command when a package is not built.
 */
export async function importWorkspace() {
  const load = async (id) => {
    const entry = path.join(packageDir(id), 'dist', 'index.js');
    if (!existsSync(entry)) {
      throw new Error(
        `${entry} is missing, so ${WORKSPACE_PACKAGES[id]} is not built. Build it with ` +
          `\`cd ${WORKSPACE_PACKAGES[id]} && npx tsc -p tsconfig.build.json\`.`,
      );
    }
    return import(pathToFileURL(entry).href);
  };
  const requireFromCore = createRequire(path.join(packageDir('core'), 'package.json'));
  const tf = await import(pathToFileURL(requireFromCore.resolve('@tensorflow/tfjs-core')).href);

  const [core, datasets, imageClassifier] = await Promise.all(['core', 'datasets', 'imageClassifier'].map(load));
  return { tf, core, datasets, imageClassifier };
}

/** Imports @essence/backend-native's dist/ (for the addon's OpenBLAS and thread facts), or returns undefined. */
export async function importNativeBackend() {
  const entry = path.join(packageDir('backendNative'), 'dist', 'index.js');
  if (!existsSync(entry)) return undefined;
  return import(pathToFileURL(entry).href);
}

/** Imports tfjs-backend-wasm as @essence/core resolves it (for its thread count). */
export async function importWasmBackend() {
  const requireFromCore = createRequire(path.join(packageDir('core'), 'package.json'));
  return import(pathToFileURL(requireFromCore.resolve('@tensorflow/tfjs-backend-wasm')).href);
}

function newestFile(dir, accept) {
  if (!existsSync(dir)) return undefined;
  let newest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (!accept(file)) continue;
    const mtimeMs = statSync(file).mtimeMs;
    if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/**
 * Lists workspace packages whose dist/ (or, for the native backend, compiled addon) is older than their sources, each
 * with the command that rebuilds it. Test files are ignored because the build leaves them out.
 */
export function findStaleBuilds() {
  const stale = [];
  for (const [id, relative] of Object.entries(WORKSPACE_PACKAGES)) {
    const dir = packageDir(id);
    const source = newestFile(path.join(dir, 'src'), (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const built = newestFile(path.join(dir, 'dist'), (file) => file.endsWith('.js'));
    if (built === undefined || (source !== undefined && source.mtimeMs > built.mtimeMs)) {
      stale.push({
        package: relative,
        reason:
          built === undefined ? 'dist/ is missing' : `${path.relative(REPO_ROOT, source.file)} is newer than dist/`,
        fix: `cd ${relative} && npx tsc -p tsconfig.build.json`,
      });
    }
  }

  const nativeDir = packageDir('backendNative');
  const nativeSource = newestFile(path.join(nativeDir, 'native'), (file) => /\.(cc|h)$/.test(file));
  const addon = path.join(nativeDir, 'build', 'Release', 'essence_native.node');
  const addonMtime = existsSync(addon) ? statSync(addon).mtimeMs : undefined;
  if (addonMtime === undefined || (nativeSource !== undefined && nativeSource.mtimeMs > addonMtime)) {
    stale.push({
      package: `${WORKSPACE_PACKAGES.backendNative} (addon)`,
      reason:
        addonMtime === undefined
          ? 'build/Release/essence_native.node is missing'
          : `${path.relative(REPO_ROOT, nativeSource.file)} is newer than the addon`,
      fix: 'node packages/backend-native/scripts/build-addon.mjs',
    });
  }
  return stale;
}
