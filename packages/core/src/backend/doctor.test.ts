import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';

import { type DoctorReport, runDoctor } from './doctor.js';

const silent = pino({ level: 'silent' });

describe('runDoctor', () => {
  let report: DoctorReport;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    report = await runDoctor({ env: {}, logger: silent });
  });

  it('reports machine facts', () => {
    expect(report.node).toBe(process.versions.node);
    expect(report.platform).toBe(process.platform);
    expect(report.arch).toBe(process.arch);
    expect(report.cpuCount).toBeGreaterThan(0);
  });

  it('reports tfjs versions', () => {
    expect(report.versions.tfjsCore).toBe('4.22.0');
    expect(report.versions.tfjsLayers).toBe('4.22.0');
    expect(report.versions.backendPackages['@tensorflow/tfjs-backend-wasm']).toBe('4.22.0');
  });

  it('lists backends in preference order', () => {
    expect(report.backends.map((status) => status.name)).toEqual(['tensorflow', 'native', 'wasm', 'cpu']);
  });

  it('tensorflow is unavailable with fix', () => {
    const tensorflow = report.backends[0];

    expect(tensorflow?.status).toBe('unavailable');
    expect(tensorflow?.reason).toMatch(/installed but unusable/);
    expect(tensorflow?.fix).toMatch(/enable-tensorflow-gpu\.sh/);
  });

  it('every unusable backend has a fix', () => {
    const unusable = report.backends.filter((status) => status.status !== 'available');

    expect(unusable.every((status) => status.fix !== undefined && status.fix !== '')).toBe(true);
  });

  it('wasm and cpu are available', () => {
    const statuses = Object.fromEntries(report.backends.map((status) => [status.name, status.status]));

    expect(statuses.wasm).toBe('available');
    expect(statuses.cpu).toBe('available');
  });

  it('default is first available backend', () => {
    const firstAvailable = report.backends.find((status) => status.status === 'available')?.name;

    expect(report.defaultBackend).toBe(firstAvailable);
    expect(report.selectedBackend).toBe(firstAvailable);
    expect(report.selectionError).toBeUndefined();
  });

  it('previous backend stays active', () => {
    expect(tf.getBackend()).toBe('cpu');
  });

  it('ESSENCE_BACKEND selects backend', async () => {
    const withRequest = await runDoctor({ env: { ESSENCE_BACKEND: 'cpu' }, logger: silent });

    expect(withRequest.selectedBackend).toBe('cpu');
    expect(withRequest.request).toEqual({ name: 'cpu', source: 'env' });
  });

  it('unusable request becomes selection error', async () => {
    const withRequest = await runDoctor({ requested: 'tensorflow', env: {}, logger: silent });

    expect(withRequest.selectedBackend).toBeUndefined();
    expect(withRequest.selectionError).toMatch(/^backend 'tensorflow' requested by the --backend flag is unusable: /);
  });

  it('unknown request becomes selection error', async () => {
    const withRequest = await runDoctor({ env: { ESSENCE_BACKEND: 'gpu' }, logger: silent });

    expect(withRequest.selectionError).toMatch(/^unknown backend 'gpu' from ESSENCE_BACKEND; valid backends: /);
  });
});
