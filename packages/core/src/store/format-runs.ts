import { z } from 'zod';

import type { EpochLogs } from '../callbacks/callback.js';
import type { RunRecord } from './run-store.js';
import { type TextColumn, renderTextTable } from './text-table.js';

const protocolSchema = z.looseObject({
  datasetName: z.string(),
  split: z.string(),
  seed: z.number(),
  size: z.number(),
  xSha256: z.string(),
  ySha256: z.string(),
});

const perClassSchema = z.array(
  z.looseObject({
    className: z.string(),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    f1: z.number().nullable(),
    support: z.number(),
  }),
);

/**
 * Formats runs as a plain-text table for `essence runs list`: id, task, model, status, epoch count, the
 * last epoch's `loss` and `val_loss`, the evaluation accuracy and the creation time. A missing value is `-`.
 */
export function formatRunTable(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'No runs found.';

  const columns: TextColumn[] = [
    { header: 'ID' },
    { header: 'TASK' },
    { header: 'MODEL' },
    { header: 'STATUS' },
    { header: 'EPOCHS', align: 'right' },
    { header: 'LOSS', align: 'right' },
    { header: 'VAL_LOSS', align: 'right' },
    { header: 'EVAL_ACC', align: 'right' },
    { header: 'CREATED' },
  ];
  const rows = runs.map((run) => {
    const last = run.epochs.at(-1)?.metrics ?? {};
    return [
      run.id,
      run.task,
      run.model,
      run.status,
      String(run.epochs.length),
      formatNumber(last.loss),
      formatNumber(last.val_loss),
      formatNumber(numberField(run.evaluation, 'accuracy')),
      run.createdAt,
    ];
  });
  return renderTextTable(columns, rows);
}

/**
 * Formats one run for `essence runs show`: its fields, config, per-epoch metrics and, when present, the
 * evaluation summary, protocol and per-class metrics.
 */
export function formatRunDetails(run: RunRecord): string {
  const sections = [formatSummary(run), formatConfig(run), formatEpochs(run.epochs)];
  if (run.evaluation !== undefined) sections.push(formatEvaluation(run.evaluation));
  return sections.join('\n\n');
}

function formatSummary(run: RunRecord): string {
  const notes = run.backend.notes.length > 0 ? ` (${run.backend.notes.join('; ')})` : '';
  const versions = Object.entries(run.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const fields: [string, string | undefined][] = [
    ['Run', run.id],
    ['Task', run.task],
    ['Model', run.model],
    ['Status', run.status],
    ['Created', run.createdAt],
    ['Finished', run.finishedAt],
    ['Seed', String(run.seed)],
    ['Backend', `${run.backend.name}${notes}`],
    ['Versions', versions === '' ? undefined : versions],
    ['Checkpoint', run.checkpointPath],
    ['Error', run.error],
  ];
  // The width counts absent fields too, so values line up the same way for every run.
  const width = Math.max(...fields.map(([label]) => label.length));
  const present = fields.filter((field): field is [string, string] => field[1] !== undefined);
  return present.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function formatConfig(run: RunRecord): string {
  return `Config\n${indent(JSON.stringify(run.config, null, 2))}`;
}

function formatEpochs(epochs: readonly EpochLogs[]): string {
  if (epochs.length === 0) return 'Epochs\n  (none recorded)';

  const metricNames = [...new Set(epochs.flatMap((epoch) => Object.keys(epoch.metrics)))];
  const columns: TextColumn[] = [
    { header: 'EPOCH', align: 'right' },
    ...metricNames.map((name): TextColumn => ({ header: name.toUpperCase(), align: 'right' })),
    { header: 'LR', align: 'right' },
    { header: 'TIME', align: 'right' },
  ];
  const rows = epochs.map((epoch) => [
    String(epoch.epoch),
    ...metricNames.map((name) => formatNumber(epoch.metrics[name])),
    formatNumber(epoch.learningRate),
    `${(epoch.durationMs / 1000).toFixed(1)}s`,
  ]);
  return `Epochs\n${indent(renderTextTable(columns, rows))}`;
}

function formatEvaluation(evaluation: Readonly<Record<string, unknown>>): string {
  const lines = ['Evaluation'];

  const scalars = Object.entries(evaluation).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  const width = Math.max(0, ...scalars.map(([name]) => name.length));
  for (const [name, value] of scalars) lines.push(`  ${name.padEnd(width)}  ${formatNumber(value)}`);

  const protocol = protocolSchema.safeParse(evaluation.protocol);
  if (protocol.success) {
    const { datasetName, split, size, seed, xSha256, ySha256 } = protocol.data;
    lines.push(`  protocol: dataset ${datasetName}, split ${split}, ${size} examples, seed ${seed}`);
    lines.push(`  x sha256: ${xSha256}`, `  y sha256: ${ySha256}`);
  }

  const perClass = perClassSchema.safeParse(evaluation.perClass);
  if (perClass.success && perClass.data.length > 0) {
    const columns: TextColumn[] = [
      { header: 'CLASS' },
      { header: 'PRECISION', align: 'right' },
      { header: 'RECALL', align: 'right' },
      { header: 'F1', align: 'right' },
      { header: 'SUPPORT', align: 'right' },
    ];
    const rows = perClass.data.map((metrics) => [
      metrics.className,
      formatNumber(metrics.precision),
      formatNumber(metrics.recall),
      formatNumber(metrics.f1),
      String(metrics.support),
    ]);
    lines.push('', indent(renderTextTable(columns, rows)));
  }
  return lines.join('\n');
}

/** Formats a metric with 4 decimals, or in exponent notation when very small or large; `-` when absent. */
function formatNumber(value: number | null | undefined): string {
  if (value === undefined || value === null) return '-';
  if (!Number.isFinite(value)) return String(value);

  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(3);
  return value.toFixed(4);
}

function numberField(record: Readonly<Record<string, unknown>> | undefined, name: string): number | undefined {
  const value = record?.[name];
  return typeof value === 'number' ? value : undefined;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
