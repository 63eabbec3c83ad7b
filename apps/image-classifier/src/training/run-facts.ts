import { collectVersions, type BackendResolution, type RunRecord, type RunStore, type VersionInfo } from '@essence/core';

import type { DigitTrainingConfig } from './digit-training-config.js';

/** Returns one line per backend that was not chosen, with the reason, for storing with a run. */
export function digitBackendNotes(backend: BackendResolution): string[] {
  return backend.candidates
    .filter((candidate) => candidate.name !== backend.name)
    .map((candidate) => `${candidate.name}: ${candidate.status}: ${candidate.reason}`);
}

/** Flattens the collected versions into the run store's name-to-version record. */
export function digitRunVersions(versions: VersionInfo): Record<string, string> {
  return {
    '@essence/core': versions.essenceCore,
    node: versions.node,
    '@tensorflow/tfjs-core': versions.tfjsCore,
    '@tensorflow/tfjs-layers': versions.tfjsLayers,
    ...versions.backendPackages,
  };
}

/**
 * Records the start of a digit run with its config (plus `extra` facts such as the fingerprint), the backend
 * with the reasons the others were skipped, and the versions of everything involved.
 */
export function createDigitRun(
  store: RunStore,
  config: DigitTrainingConfig,
  backend: BackendResolution,
  extra: Record<string, unknown>,
): RunRecord {
  return store.createRun({
    task: 'image-classifier',
    model: config.model,
    config: { ...config, ...extra },
    backend: { name: backend.name, notes: digitBackendNotes(backend) },
    versions: digitRunVersions(collectVersions()),
    seed: config.seed,
  });
}
