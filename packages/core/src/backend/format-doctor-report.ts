import type { BackendStatus } from './backend-status.js';
import type { DoctorReport } from './doctor.js';
import { describeRequestSource } from './backend-request.js';

const NAME_WIDTH = 12;
const STATUS_WIDTH = 15;

/** Formats a doctor report as plain text for a terminal, one backend per block, with no colours. */
export function formatDoctorReport(report: DoctorReport): string {
  const { versions } = report;
  const packages = Object.entries(versions.backendPackages).map(([name, version]) => `${name} ${version}`);

  const lines = [
    'Essence doctor',
    '',
    `  Node.js        ${report.node} (${report.platform} ${report.arch}, ${report.cpuCount} CPUs)`,
    `  @essence/core  ${versions.essenceCore}`,
    `  tfjs           tfjs-core ${versions.tfjsCore}, tfjs-layers ${versions.tfjsLayers}`,
    `  backend pkgs   ${packages.length > 0 ? packages.join(', ') : '(none installed)'}`,
    '',
    'Backends, in order of preference:',
    ...report.backends.flatMap(formatBackend),
    '',
    ...formatSelection(report),
  ];
  return `${lines.join('\n')}\n`;
}

function formatBackend(status: BackendStatus): string[] {
  const lines = [`  ${status.name.padEnd(NAME_WIDTH)}${status.status.padEnd(STATUS_WIDTH)}${status.reason}`];
  if (status.fix !== undefined) lines.push(`  ${''.padEnd(NAME_WIDTH + STATUS_WIDTH)}fix: ${status.fix}`);
  return lines;
}

function formatSelection(report: DoctorReport): string[] {
  if (report.selectionError !== undefined) return [`Selected backend: none. ${report.selectionError}`];
  if (report.selectedBackend === undefined) return ['Selected backend: none; no backend is available'];

  const explanation =
    report.request === undefined
      ? 'the first available one; set --backend or ESSENCE_BACKEND to choose another'
      : `requested by ${describeRequestSource(report.request.source)}`;
  return [`Selected backend: ${report.selectedBackend} (${explanation})`];
}
