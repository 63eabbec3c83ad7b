import { readFileSync } from 'node:fs';

import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { collectVersions } from './versions.js';

const coreManifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('collectVersions', () => {
  it('reports essence and node versions', () => {
    const versions = collectVersions();

    expect(versions.essenceCore).toBe(coreManifest.version);
    expect(versions.node).toBe(process.versions.node);
  });

  it('reports tfjs versions', () => {
    const versions = collectVersions();

    expect(versions.tfjsCore).toBe('4.22.0');
    expect(versions.tfjsLayers).toBe('4.22.0');
  });

  it('reports installed backend packages', () => {
    const { backendPackages } = collectVersions();

    expect(backendPackages['@tensorflow/tfjs-backend-cpu']).toBe('4.22.0');
    expect(backendPackages['@tensorflow/tfjs-backend-wasm']).toBe('4.22.0');
    expect(backendPackages['@tensorflow/tfjs-node-gpu']).toBe('4.22.0');
    expect(backendPackages).not.toHaveProperty('@tensorflow/tfjs-node');
  });

  it('reports active backend', async () => {
    await tf.setBackend('cpu');

    expect(collectVersions().backend).toBe('cpu');
  });

  it('versions survive JSON round trip', () => {
    const versions = collectVersions();

    expect(JSON.parse(JSON.stringify(versions))).toEqual(versions);
  });
});
