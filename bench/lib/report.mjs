// Turns the rows of a benchmark run into ratios, target verdicts, and the text and Markdown tables.

/** Maximum allowed ratio of native's training time to PyTorch's best, per model. */
export const NATIVE_VS_PYTORCH_MAX_TIME_RATIO = 1.5;

/** Minimum speed-up of native over wasm on the MLP. */
export const NATIVE_VS_WASM_MIN_SPEEDUP = 7;

/** Column headers of the results table. */
export const TABLE_HEADERS = [
  'Model',
  'Backend / framework',
  'Threads',
  'Loop',
  'Samples/s (median)',
  'Min–max',
  '2-epoch time (s)',
  'Test accuracy',
  'vs PyTorch best',
  'vs wasm',
];

const NUMERIC_COLUMNS = new Set([4, 5, 6, 7, 8, 9]);

const hasSpeed = (row) => row.samplesPerSecond !== undefined && ['measured', 'capped'].includes(row.status);

function fastest(rows) {
  let best;
  for (const row of rows.filter(hasSpeed)) {
    if (best === undefined || row.samplesPerSecond.median > best.samplesPerSecond.median) best = row;
  }
  return best;
}

/** Returns the fastest PyTorch row, the fastest native row and the wasm row of `model`. */
export function referenceRows(results, model) {
  const ofModel = results.filter((row) => row.model === model);
  return {
    pytorchBest: fastest(ofModel.filter((row) => row.framework === 'pytorch')),
    nativeBest: fastest(ofModel.filter((row) => row.backend === 'native')),
    wasm: fastest(ofModel.filter((row) => row.backend === 'wasm')),
  };
}

/** Adds `ratioToPytorchBest` and `ratioToWasm` (samples/s of the row divided by the reference's) to every timed row. */
export function addRatios(results) {
  for (const row of results) {
    if (!hasSpeed(row)) continue;
    const { pytorchBest, wasm } = referenceRows(results, row.model);
    const median = row.samplesPerSecond.median;
    row.ratioToPytorchBest = pytorchBest === undefined ? undefined : median / pytorchBest.samplesPerSecond.median;
    row.ratioToWasm = wasm === undefined ? undefined : median / wasm.samplesPerSecond.median;
  }
}

function describeRow(row) {
  return `${row.framework === 'pytorch' ? 'PyTorch' : row.backend} (threads: ${row.threads})`;
}

function evaluatePytorchTarget(results, model) {
  const { pytorchBest, nativeBest } = referenceRows(results, model);
  const limit = NATIVE_VS_PYTORCH_MAX_TIME_RATIO;
  const target = {
    id: `native-vs-pytorch-${model}`,
    description: `${model}: native training time at most ${limit}x PyTorch's best`,
    threshold: limit,
  };
  if (pytorchBest === undefined || nativeBest === undefined) {
    return { ...target, met: null, detail: `no timed ${pytorchBest === undefined ? 'PyTorch' : 'native'} row` };
  }

  const timeRatio = pytorchBest.samplesPerSecond.median / nativeBest.samplesPerSecond.median;
  const detail =
    `${describeRow(nativeBest)} needs ${timeRatio.toFixed(2)}x the time per sample of ${describeRow(pytorchBest)}, ` +
    `from the median samples/s (limit ${limit}x)`;
  return { ...target, value: timeRatio, met: timeRatio <= limit, detail };
}

function evaluateWasmTarget(results) {
  const { nativeBest, wasm } = referenceRows(results, 'mlp');
  const minimum = NATIVE_VS_WASM_MIN_SPEEDUP;
  const target = {
    id: 'native-vs-wasm-mlp',
    description: `mlp: native at least ${minimum}x faster than wasm`,
    threshold: minimum,
  };
  if (nativeBest === undefined || wasm === undefined) {
    return { ...target, met: null, detail: `no timed ${nativeBest === undefined ? 'native' : 'wasm'} row` };
  }

  const speedUp = nativeBest.samplesPerSecond.median / wasm.samplesPerSecond.median;
  const detail = `${describeRow(nativeBest)} is ${speedUp.toFixed(2)}x as fast as wasm (minimum ${minimum}x)`;
  return { ...target, value: speedUp, met: speedUp >= minimum, detail };
}

/**
 * Returns the verdict of each target: native's training time at most 1.5 times PyTorch's best on each model, and
 * native at least 7 times faster than wasm on the MLP. Training time here is the time per sample at the median
 * samples/s, so warm-up and start-up do not count. Each side uses its fastest thread setting. `met` is null when a
 * side has no timed row.
 */
export function evaluateTargets(results, models) {
  const targets = models.map((model) => evaluatePytorchTarget(results, model));
  if (models.includes('mlp')) targets.push(evaluateWasmTarget(results));
  return targets;
}

/**
 * Compares the loss of the initial weights on the first test examples across the rows of each model. Equal values
 * show that every framework built the same model from the same weights. The tolerance allows for float32 sums in a
 * different order.
 */
export function compareInitChecks(results, models, tolerance = 1e-4) {
  const comparison = {};
  for (const model of models) {
    const losses = results
      .filter((row) => row.model === model && row.initCheck !== undefined)
      .map((row) => row.initCheck.loss);
    if (losses.length === 0) continue;

    const minLoss = Math.min(...losses);
    const maxLoss = Math.max(...losses);
    const spread = maxLoss - minLoss;
    comparison[model] = { rows: losses.length, minLoss, maxLoss, spread, tolerance, agree: spread <= tolerance };
  }
  return comparison;
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : noun.endsWith('ch') ? 'es' : 's'}`;
const integer = (value) => Math.round(value).toLocaleString('en-US');
const ratio = (value) => (value === undefined ? '—' : `${value.toFixed(2)}x`);

function frameworkLabel(row, versions) {
  if (row.framework === 'pytorch') return `PyTorch ${versions.pytorch ?? ''}`.trim();
  return `Essence ${row.backend}`;
}

function speedCells(row) {
  if (!hasSpeed(row)) return [row.status, '—'];
  const speed = row.samplesPerSecond;
  const mark = row.status === 'capped' ? ' (capped)' : '';
  return [`${integer(speed.median)}${mark}`, `${integer(speed.min)}–${integer(speed.max)}`];
}

function accuracyCell(row) {
  return row.testAccuracy === undefined ? '—' : `${(row.testAccuracy * 100).toFixed(2)}%`;
}

function timeCell(row) {
  if (row.trainSeconds === undefined) return '—';
  return `${row.trainSeconds.toFixed(1)}${row.trainSecondsExtrapolated ? ' (est.)' : ''}`;
}

/** Returns the table cells of every row, in the order of {@link TABLE_HEADERS}. */
export function tableRows(results, versions) {
  return results.map((row) => [
    row.model,
    frameworkLabel(row, versions),
    row.threads ?? '—',
    row.loop ?? '—',
    ...speedCells(row),
    timeCell(row),
    accuracyCell(row),
    hasSpeed(row) ? ratio(row.ratioToPytorchBest) : '—',
    hasSpeed(row) ? ratio(row.ratioToWasm) : '—',
  ]);
}

/** Renders rows as a plain-text table with aligned columns. */
export function renderTextTable(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Renders rows as a Markdown table with the numeric columns right-aligned. */
export function renderMarkdownTable(headers, rows) {
  const escape = (cell) => cell.replaceAll('|', '\\|');
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (NUMERIC_COLUMNS.has(i) ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** Returns one line per target: the verdict (met, NOT met, not evaluated) and the numbers behind it. */
export function targetLines(targets) {
  return targets.map((target) => {
    if (target.met === null) return `${target.description}: not evaluated (${target.detail}).`;
    return `${target.description}: ${target.met ? 'met' : 'NOT met'}. ${target.detail}.`;
  });
}

/** Returns one note per row that was capped, unsupported, unavailable, failed, skipped or used the fallback loop. */
export function rowNotes(results, versions) {
  const notes = [];
  for (const row of results) {
    const threads = row.threads === undefined ? '' : ` (threads ${row.threads})`;
    const label = `${row.model} / ${frameworkLabel(row, versions)}${threads}`;
    if (row.cappedReason !== undefined) {
      const { runs, batchesPerRun, warmupBatches } = row.plan;
      notes.push(
        `${label}: ${row.cappedReason}. It timed ${plural(runs, 'run')} of ${plural(batchesPerRun, 'batch')} after ` +
          `${plural(warmupBatches, 'warm-up batch')}. The 2-epoch time is extrapolated from the median, and no test ` +
          'accuracy is reported.',
      );
    }
    if (['unsupported', 'unavailable', 'failed', 'skipped'].includes(row.status)) {
      notes.push(`${label}: ${row.status}: ${row.reason}`);
    }
    if (row.loopNote !== undefined) notes.push(`${label}: ${row.loopNote}`);
  }
  return notes;
}
