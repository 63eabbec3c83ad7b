#!/usr/bin/env node
// Builds the native addon with node-gyp against the headers of the running Node and the system OpenBLAS.
// A failed compile or a missing prerequisite does not fail the package build: the script exits 0 after
// writing build/status.json, the loader reads it and the toolkit falls back to another backend. Pass --force
// to rebuild even when the addon is newer than every native source.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const buildDir = path.join(packageDir, 'build');
const addonPath = path.join(buildDir, 'Release', 'essence_native.node');
const statusPath = path.join(buildDir, 'status.json');
const lockPath = '/tmp/essence-native-build.lock';
const fix =
  'apt-get install -y libopenblas-dev g++ make python3, then ' +
  'npx --yes pnpm@10.34.9 --filter @essence/backend-native build';
const blasHeaderDirs = ['/usr/include/x86_64-linux-gnu', '/usr/include/openblas', '/usr/include'];

function writeStatus(status) {
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(statusPath, `${JSON.stringify(status, null, 2)}\n`);
}

function giveUp(reason) {
  writeStatus({ ok: false, reason, fix });
  console.warn(
    `\n[@essence/backend-native] WARNING: the native addon was not built (${reason}). ` +
      `The package still builds and the toolkit keeps working on the wasm or cpu backend, ` +
      `but the 'native' backend is unavailable until the addon builds. To fix: ${fix}.\n`,
  );
  process.exit(0);
}

function findOnPath(command) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return dirs.map((dir) => path.join(dir, command)).find((candidate) => existsSync(candidate));
}

function nativeSources() {
  const nativeDir = path.join(packageDir, 'native');
  const files = readdirSync(nativeDir).map((name) => path.join(nativeDir, name));
  // The folder's own mtime changes when a source file is added, removed or renamed.
  return [nativeDir, ...files, path.join(packageDir, 'binding.gyp'), fileURLToPath(import.meta.url)];
}

function isUpToDate() {
  if (!existsSync(addonPath)) return false;
  const addonTime = statSync(addonPath).mtimeMs;
  return nativeSources().every((file) => statSync(file).mtimeMs < addonTime);
}

function findMissingPrerequisite(nodeDir) {
  if (!existsSync(path.join(nodeDir, 'include', 'node', 'node_api.h'))) {
    return `no Node headers in ${path.join(nodeDir, 'include', 'node')} (the build never downloads them)`;
  }
  if (!findOnPath('g++') && !findOnPath('c++')) return 'no C++ compiler (g++) on PATH';
  if (!findOnPath('make')) return 'no make on PATH';
  if (!findOnPath('python3')) return 'no python3 on PATH (node-gyp needs it)';
  if (!blasHeaderDirs.some((dir) => existsSync(path.join(dir, 'cblas.h')))) {
    return `no OpenBLAS header cblas.h in ${blasHeaderDirs.join(', ')}`;
  }
  return undefined;
}

function runNodeGyp(nodeGyp, nodeDir) {
  const gypArgs = [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2', '--loglevel=warn'];
  // Two helpers (or two turbo tasks) may build at once; node-gyp would clobber the other's build/.
  const flock = findOnPath('flock');
  const [command, args] = flock ? [flock, [lockPath, ...gypArgs]] : [gypArgs[0], gypArgs.slice(1)];
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: packageDir, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderrTail = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    });
    child.on('error', (error) => resolve({ code: -1, stderrTail: String(error) }));
    child.on('close', (code) => resolve({ code: code ?? -1, stderrTail }));
  });
}

function summarise(stderrTail) {
  const lines = stderrTail.split('\n').map((line) => line.trim());
  const firstError = lines.find((line) => /error:|fatal error|cannot find -l/.test(line));
  return firstError ?? lines.filter(Boolean).slice(-1)[0] ?? 'no output';
}

async function main() {
  const force = process.argv.includes('--force');
  if (!force && isUpToDate()) {
    writeStatus({ ok: true });
    console.log('[@essence/backend-native] native addon is up to date; pass --force to rebuild');
    return;
  }

  const nodeDir = path.dirname(path.dirname(process.execPath));
  const missing = findMissingPrerequisite(nodeDir);
  if (missing) giveUp(missing);

  const nodeGyp = path.join(packageDir, 'node_modules', '.bin', 'node-gyp');
  if (!existsSync(nodeGyp)) giveUp(`node-gyp is not installed at ${nodeGyp}`);

  const { code, stderrTail } = await runNodeGyp(nodeGyp, nodeDir);
  if (code !== 0 || !existsSync(addonPath)) {
    giveUp(`node-gyp rebuild exited with code ${code}: ${summarise(stderrTail)}`);
  }
  writeStatus({ ok: true });
  console.log(`[@essence/backend-native] built ${path.relative(packageDir, addonPath)}`);
}

await main();
