#!/usr/bin/env node
// Benchmarks training speed on the same data for every available Essence tfjs backend (native, wasm, cpu) and for
// PyTorch, in one run, and writes bench/results/train-speed.json and train-speed.md. See bench/README.md.
//
// Usage: node bench/train-speed.mjs [options]
//   --models mlp,cnn            models to train (default both)
//   --backends native,wasm,cpu  Essence backends to train on (default all three)
//   --skip-torch                leave PyTorch out
//   --cpu-cnn                   also time the CNN on tfjs-backend-cpu (4 batches, about 8 minutes on 2 cores)
//   --python PATH               Python interpreter that has PyTorch (default /usr/bin/python3)
//   --loop train|minimal        Essence training loop (default train: @essence/core's train())
//   --row-budget SECONDS        time after which a full row stops at its next run boundary (default 240)
//   --quick                     small smoke run (1,280 training examples); results go to --out-dir
//   --out-dir DIR               folder for train-speed.json, train-speed.md and .data/ (default bench/results)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { collectMachineFacts, collectVersions, loadAverage } from './lib/machine-facts.mjs';
import { initCheckNotes, protocolNotes, renderMarkdown } from './lib/markdown-report.mjs';
import {
  addRatios,
  compareInitChecks,
  evaluateTargets,
  renderTextTable,
  rowNotes,
  TABLE_HEADERS,
  tableRows,
  targetLines,
} from './lib/report.mjs';
import { detectTorch, dumpData, planRows, runRows } from './lib/run-rows.mjs';
import { BENCH_DIR, findStaleBuilds } from './lib/workspace.mjs';

const RESULT_SCHEMA = 'essence-bench/train-speed/1';
const DEFAULT_PYTHON = '/usr/bin/python3';
const MODELS = ['mlp', 'cnn'];
const BACKENDS = ['native', 'wasm', 'cpu'];

/** Returns the entries of `allowed` that the comma-separated `text` names, in the order of `allowed`. */
function parseList(text, allowed, option) {
  const values = text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const invalid = values.filter((value) => !allowed.includes(value));
  if (invalid.length > 0 || values.length === 0) {
    throw new Error(`${option} takes a comma-separated list of ${allowed.join(', ')}; got '${text}'.`);
  }
  return allowed.filter((value) => values.includes(value));
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      models: { type: 'string', default: MODELS.join(',') },
      backends: { type: 'string', default: BACKENDS.join(',') },
      'skip-torch': { type: 'boolean', default: false },
      'cpu-cnn': { type: 'boolean', default: false },
      python: { type: 'string', default: DEFAULT_PYTHON },
      loop: { type: 'string', default: 'train' },
      'row-budget': { type: 'string' },
      quick: { type: 'boolean', default: false },
      'out-dir': { type: 'string', default: path.join(BENCH_DIR, 'results') },
    },
  });
  if (!['train', 'minimal'].includes(values.loop)) {
    throw new Error(`--loop must be 'train' or 'minimal'; got '${values.loop}'.`);
  }

  const outDir = path.resolve(values['out-dir']);
  return {
    models: parseList(values.models, MODELS, '--models'),
    backends: parseList(values.backends, BACKENDS, '--backends'),
    skipTorch: values['skip-torch'],
    cpuCnn: values['cpu-cnn'],
    python: values.python,
    loop: values.loop,
    rowBudget: values['row-budget'],
    quick: values.quick,
    outDir,
    dataDir: path.join(outDir, '.data'),
  };
}

function dataFacts(manifest) {
  const files = Object.fromEntries(Object.values(manifest.data).map((entry) => [entry.file, entry.sha256]));
  return { sources: manifest.sources, files };
}

function printSummary(report, jsonPath, markdownPath) {
  const versions = { pytorch: report.pytorch.torch };
  console.log(renderTextTable(TABLE_HEADERS, tableRows(report.results, versions)));
  console.log('');
  for (const line of targetLines(report.targets)) console.log(line);
  for (const line of [...initCheckNotes(report.initCheck), ...rowNotes(report.results, versions)]) {
    console.log(`note: ${line}`);
  }

  const { start, end } = report.loadAverage;
  console.log(`\nload average at start ${start.join(' / ')}, at end ${end.join(' / ')}`);
  const written = [jsonPath, markdownPath].map((file) => path.relative(process.cwd(), file)).join(' and ');
  console.log(`wrote ${written} in ${report.durationSeconds.toFixed(0)} s`);
}

async function main() {
  const options = parseOptions();
  const started = performance.now();
  const date = new Date().toISOString();
  const loadStart = loadAverage();
  mkdirSync(options.outDir, { recursive: true });

  const staleBuilds = findStaleBuilds();
  for (const stale of staleBuilds) {
    process.stderr.write(`warning: ${stale.package} looks stale (${stale.reason}); rebuild with \`${stale.fix}\`\n`);
  }
  const manifest = dumpData(options);
  const torch = options.skipTorch
    ? { available: false, python: options.python, reason: 'left out with --skip-torch' }
    : detectTorch(options.python);
  if (!torch.available) process.stderr.write(`PyTorch rows skipped: ${torch.reason}\n`);

  const results = await runRows(planRows(options, torch), options, manifest.protocol, torch);
  addRatios(results);
  const initCheck = compareInitChecks(results, options.models);
  const versions = collectVersions();
  versions.openblas = results.find((row) => row.backendInfo?.blasConfig !== undefined)?.backendInfo.blasConfig;
  versions.pytorch = torch.torch;

  const report = {
    schema: RESULT_SCHEMA,
    date,
    durationSeconds: (performance.now() - started) / 1000,
    arguments: process.argv.slice(2),
    machine: collectMachineFacts(),
    loadAverage: { start: loadStart, end: loadAverage() },
    versions,
    pytorch: { ...torch },
    protocol: manifest.protocol,
    data: dataFacts(manifest),
    staleBuilds,
    results,
    initCheck,
    targets: evaluateTargets(results, options.models),
    notes: [
      ...(torch.available ? [] : [`PyTorch rows skipped: ${torch.reason}.`]),
      ...protocolNotes(manifest.protocol, { loop: options.loop, torchRan: torch.available }),
      ...initCheckNotes(initCheck),
    ],
  };

  const jsonPath = path.join(options.outDir, 'train-speed.json');
  const markdownPath = path.join(options.outDir, 'train-speed.md');
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdownPath, renderMarkdown(report));
  printSummary(report, jsonPath, markdownPath);
}

await main();
