// Plans the rows of a benchmark run and runs each one in a child process: the Essence worker for a tfjs backend, or
// torch_train_speed.py for PyTorch.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { readDataManifest } from './data-files.mjs';
import { loadAverage } from './machine-facts.mjs';
import { BENCH_DIR, REPO_ROOT } from './workspace.mjs';

const CPU_CNN_SKIP_REASON =
  "left out by default because tfjs-backend-cpu 4.22's Conv2DBackpropFilter makes one CNN batch of 64 take about " +
  '2 minutes (measured with tf.profile on a 2-core AMD EPYC), so 2 epochs would take about 8 hours; ' +
  'add --cpu-cnn to time 4 capped batches';

const TORCH_PROBE =
  'import json, torch, numpy; print(json.dumps({"torch": torch.__version__, "numpy": numpy.__version__}))';

/** Returns the last `lines` lines of `text`. */
export const tail = (text, lines = 8) => text.trim().split('\n').slice(-lines).join('\n');

/** Runs a child process and resolves with its exit code, stdout and stderr; kills it after `timeoutMs`. */
function runChild(command, args, { env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Returns PyTorch's and NumPy's versions from `python`, or the reason PyTorch cannot be used. */
export function detectTorch(python) {
  const probe = spawnSync(python, ['-c', TORCH_PROBE], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    return { available: false, python, reason: `${python} cannot be started: ${probe.error.message}` };
  }
  if (probe.status !== 0) {
    return { available: false, python, reason: `${python} cannot import torch and numpy: ${tail(probe.stderr, 1)}` };
  }

  // Debian's python3-torch reports a pre-release version (1.13.0a0), so the package version is recorded as well.
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'python3-torch'], { encoding: 'utf8' });
  const debianPackage = dpkg.status === 0 && dpkg.stdout !== '' ? `python3-torch ${dpkg.stdout}` : undefined;
  return { available: true, python, ...JSON.parse(probe.stdout), debianPackage };
}

/** Returns the environment of an Essence child: silent logs, no backend override, the given native thread cap. */
export function essenceEnv(nativeThreads) {
  const env = { ...process.env, ESSENCE_LOG_LEVEL: process.env.ESSENCE_LOG_LEVEL ?? 'silent' };
  delete env.ESSENCE_BACKEND;
  delete env.ESSENCE_NATIVE_THREADS;
  if (nativeThreads !== undefined) env.ESSENCE_NATIVE_THREADS = String(nativeThreads);
  return env;
}

/**
 * Runs bench/dump-mnist.mjs for `options` and returns the manifest it wrote.
 *
 * @throws Error with the end of the script's stderr when it fails.
 */
export function dumpData(options) {
  const args = [path.join(BENCH_DIR, 'dump-mnist.mjs'), '--data-dir', options.dataDir];
  if (options.quick) args.push('--quick');
  if (options.rowBudget !== undefined) args.push('--row-budget', options.rowBudget);

  const dump = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env: essenceEnv(), encoding: 'utf8' });
  if (dump.status !== 0) {
    throw new Error(`bench/dump-mnist.mjs failed with exit code ${dump.status}: ${tail(dump.stderr ?? '')}`);
  }
  process.stderr.write(dump.stdout);
  return readDataManifest(options.dataDir);
}

/** Returns the rows to run, in table order: per model PyTorch, native, wasm, cpu. */
export function planRows(options, torch) {
  const cores = os.availableParallelism();
  const threadCounts = [...new Set([1, cores])];
  const rows = [];
  for (const model of options.models) {
    if (torch.available) {
      for (const threads of threadCounts) rows.push({ kind: 'torch', model, threads });
    }

    for (const backend of options.backends) {
      if (backend === 'native') {
        rows.push({ kind: 'essence', model, backend, capped: false });
        if (cores > 1) rows.push({ kind: 'essence', model, backend, capped: false, nativeThreads: 1 });
      } else if (backend === 'cpu' && model === 'cnn' && !options.cpuCnn) {
        rows.push({ kind: 'skip', model, backend, reason: CPU_CNN_SKIP_REASON });
      } else {
        // tfjs-backend-cpu runs its kernels in JavaScript, so 2 epochs would take minutes (MLP) to hours (CNN), and
        // only its first batches are timed.
        rows.push({ kind: 'essence', model, backend, capped: backend === 'cpu' });
      }
    }
  }
  return rows;
}

function describePlannedRow(row) {
  if (row.kind === 'skip') return `${row.model} · Essence ${row.backend} (skipped)`;
  if (row.kind === 'torch') return `${row.model} · PyTorch, ${row.threads} thread${row.threads === 1 ? '' : 's'}`;
  const threads = row.nativeThreads === undefined ? '' : `, ESSENCE_NATIVE_THREADS=${row.nativeThreads}`;
  return `${row.model} · Essence ${row.backend}${threads}${row.capped ? ' (capped)' : ''}`;
}

function rowTimeoutMs(protocol) {
  // A row stops by itself soon after its budget. The margin covers start-up, evaluation and one slow run.
  return (protocol.rowBudgetSeconds * 2 + 300) * 1000;
}

async function runEssenceRow(row, options, protocol) {
  const out = path.join(options.dataDir, `row-${row.model}-${row.backend}-${row.nativeThreads ?? 'default'}.json`);
  rmSync(out, { force: true });
  const args = [
    path.join(BENCH_DIR, 'essence-train-worker.mjs'),
    ...['--model', row.model, '--backend', row.backend, '--loop', options.loop],
    ...['--data-dir', options.dataDir, '--out', out],
  ];
  if (row.capped) args.push('--capped');
  const timeoutMs = rowTimeoutMs(protocol);
  const child = await runChild(process.execPath, args, { env: essenceEnv(row.nativeThreads), timeoutMs });

  const { model, backend } = row;
  const failed = (reason) => ({ framework: 'essence', model, backend, status: 'failed', reason });
  if (child.timedOut) return failed(`the worker timed out after ${timeoutMs / 1000} s and was killed`);
  let result;
  try {
    result = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    return failed(`the worker exited with code ${child.code} without writing ${out}: ${tail(child.stderr)}`);
  }
  if (result.status === 'failed' && result.stack !== undefined) {
    result.reason = `${result.reason}\n${tail(result.stack, 4)}`;
  }
  return result;
}

async function runTorchRow(row, options, protocol, torch) {
  const threads = String(row.threads);
  // Debian's PyTorch build does not pass torch.set_num_threads on to OpenBLAS, which starts one thread per core
  // unless OPENBLAS_NUM_THREADS is set.
  const env = { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads };
  const script = path.join(BENCH_DIR, 'torch_train_speed.py');
  const args = [script, '--data-dir', options.dataDir, '--models', row.model, '--threads', threads];
  const timeoutMs = rowTimeoutMs(protocol);
  const child = await runChild(torch.python, args, { env, timeoutMs });

  const { model } = row;
  const failed = (reason) => ({ framework: 'pytorch', model, backend: null, threads, status: 'failed', reason });
  if (child.timedOut) return failed(`torch_train_speed.py timed out after ${timeoutMs / 1000} s and was killed`);
  if (child.code !== 0) return failed(`torch_train_speed.py exited with code ${child.code}: ${tail(child.stderr)}`);
  const output = JSON.parse(child.stdout);
  torch.versions ??= output.versions;
  return output.results[0];
}

function skippedResult(row) {
  const { model, backend, reason } = row;
  return { framework: 'essence', model, backend, threads: '1', status: 'skipped', reason };
}

/**
 * Runs `rows` one after another and returns their results, each with its wall time and the load average before and
 * after it. Progress goes to stderr. `torch.versions` is filled in from the first PyTorch row.
 */
export async function runRows(rows, options, protocol, torch) {
  const results = [];
  for (const [i, row] of rows.entries()) {
    const label = `[${i + 1}/${rows.length}] ${describePlannedRow(row)}`;
    process.stderr.write(`${label} ...\n`);
    const loadBefore = loadAverage();
    const started = performance.now();

    let result;
    if (row.kind === 'skip') result = skippedResult(row);
    else if (row.kind === 'torch') result = await runTorchRow(row, options, protocol, torch);
    else result = await runEssenceRow(row, options, protocol);
    result.wallSeconds = (performance.now() - started) / 1000;
    result.loadAverage = { before: loadBefore, after: loadAverage() };
    results.push(result);

    const median = result.samplesPerSecond?.median;
    const speed = median === undefined ? result.status : `${Math.round(median)} samples/s (${result.status})`;
    process.stderr.write(`${label}: ${speed}, ${result.wallSeconds.toFixed(1)} s\n`);
  }
  return results;
}
