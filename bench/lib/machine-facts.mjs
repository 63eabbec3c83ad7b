// Facts about the machine and the software versions, recorded next to every benchmark result.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { installedVersion, packageDir, readManifest, REPO_ROOT, WORKSPACE_PACKAGES } from './workspace.mjs';

function readCpuInfo() {
  if (!existsSync('/proc/cpuinfo')) {
    return { model: os.cpus()[0]?.model ?? 'unknown', physicalCores: undefined, simd: [] };
  }
  const text = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const flags = new Set((/^flags\s*:\s*(.+)$/m.exec(text)?.[1] ?? '').split(/\s+/));
  const cores = new Set();
  for (const block of text.split(/\n\s*\n/)) {
    const physical = /^physical id\s*:\s*(\d+)$/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)$/m.exec(block)?.[1];
    if (physical !== undefined && core !== undefined) cores.add(`${physical}/${core}`);
  }
  // SIMD extensions that decide which OpenBLAS and oneDNN kernels run.
  const simd = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512_bf16'].filter((flag) => flags.has(flag));
  return { model, physicalCores: cores.size > 0 ? cores.size : undefined, simd };
}

function readOsName() {
  if (!existsSync('/etc/os-release')) return `${os.type()} ${os.release()}`;
  const text = readFileSync('/etc/os-release', 'utf8');
  return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(text)?.[1] ?? `${os.type()} ${os.release()}`;
}

/** Returns the CPU model, core counts, SIMD extensions, memory, OS and kernel of this machine. */
export function collectMachineFacts() {
  const cpu = readCpuInfo();
  return {
    cpuModel: cpu.model,
    logicalCpus: os.cpus().length,
    availableParallelism: os.availableParallelism(),
    physicalCores: cpu.physicalCores,
    simd: cpu.simd,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: readOsName(),
    kernel: os.release(),
    arch: os.arch(),
  };
}

/** Returns the 1, 5 and 15 minute load averages, rounded to two decimals. */
export function loadAverage() {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

function readGitState() {
  const run = (args) => spawnSync('git', ['-C', REPO_ROOT, ...args], { encoding: 'utf8' });
  const head = run(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { commit: undefined, changedFiles: undefined };
  const status = run(['status', '--porcelain']);
  if (status.status !== 0) return { commit: head.stdout.trim(), changedFiles: undefined };
  const changed = status.stdout.split('\n').filter((line) => line.trim() !== '').length;
  return { commit: head.stdout.trim(), changedFiles: changed };
}

/** Returns the versions of Node.js, tfjs, the Essence packages and the git commit (with its count of changed files). */
export function collectVersions() {
  const essence = {};
  for (const [id, relative] of Object.entries(WORKSPACE_PACKAGES)) {
    const manifest = readManifest(path.join(packageDir(id), 'package.json'));
    essence[manifest.name ?? relative] = manifest.version;
  }
  return {
    node: process.versions.node,
    tfjs: {
      '@tensorflow/tfjs-core': installedVersion('@tensorflow/tfjs-core'),
      '@tensorflow/tfjs-layers': installedVersion('@tensorflow/tfjs-layers'),
      '@tensorflow/tfjs-backend-cpu': installedVersion('@tensorflow/tfjs-backend-cpu'),
      '@tensorflow/tfjs-backend-wasm': installedVersion('@tensorflow/tfjs-backend-wasm'),
    },
    essence,
    git: readGitState(),
  };
}
