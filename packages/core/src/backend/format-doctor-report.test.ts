import { describe, expect, it } from 'vitest';

import type { DoctorReport } from './doctor.js';
import { formatDoctorReport } from './format-doctor-report.js';

const report: DoctorReport = {
  node: '20.19.0',
  platform: 'linux',
  arch: 'x64',
  cpuCount: 2,
  versions: {
    essenceCore: '0.1.0',
    node: '20.19.0',
    tfjsCore: '4.22.0',
    tfjsLayers: '4.22.0',
    backend: 'wasm',
    backendPackages: { '@tensorflow/tfjs-backend-wasm': '4.22.0', '@tensorflow/tfjs-backend-cpu': '4.22.0' },
  },
  backends: [
    {
      name: 'tensorflow',
      status: 'not-installed',
      reason: '@tensorflow/tfjs-node-gpu is not installed',
      fix: 'install it',
      packageName: '@tensorflow/tfjs-node-gpu',
    },
    { name: 'wasm', status: 'available', reason: 'loaded', packageName: '@tensorflow/tfjs-backend-wasm', version: '4.22.0' },
  ],
  defaultBackend: 'wasm',
  selectedBackend: 'wasm',
};

describe('formatDoctorReport', () => {
  const lines = formatDoctorReport(report).split('\n');

  it('prints machine and versions', () => {
    expect(lines).toContain('  Node.js        20.19.0 (linux x64, 2 CPUs)');
    expect(lines).toContain('  tfjs           tfjs-core 4.22.0, tfjs-layers 4.22.0');
    expect(lines).toContain('  backend pkgs   @tensorflow/tfjs-backend-wasm 4.22.0, @tensorflow/tfjs-backend-cpu 4.22.0');
  });

  it('prints one row per backend', () => {
    expect(lines).toContain('  tensorflow  not-installed  @tensorflow/tfjs-node-gpu is not installed');
    expect(lines).toContain('  wasm        available      loaded');
  });

  it('prints fix under unusable backend', () => {
    const row = lines.indexOf('  tensorflow  not-installed  @tensorflow/tfjs-node-gpu is not installed');

    expect(lines[row + 1]).toBe(`${' '.repeat(29)}fix: install it`);
  });

  it('prints default selection', () => {
    expect(lines).toContain(
      'Selected backend: wasm (the first available one; set --backend or ESSENCE_BACKEND to choose another)',
    );
  });

  it('prints requested selection', () => {
    const text = formatDoctorReport({ ...report, request: { name: 'wasm', source: 'env' } });

    expect(text).toContain('Selected backend: wasm (requested by ESSENCE_BACKEND)');
  });

  it('prints selection error', () => {
    const text = formatDoctorReport({ ...report, selectedBackend: undefined, selectionError: "backend 'cpu' is unusable" });

    expect(text).toContain("Selected backend: none. backend 'cpu' is unusable");
  });

  it('prints missing backends', () => {
    const text = formatDoctorReport({ ...report, backends: [], defaultBackend: undefined, selectedBackend: undefined });

    expect(text).toContain('Selected backend: none; no backend is available');
  });
});
