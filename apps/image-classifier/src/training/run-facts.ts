import type { BackendResolution, VersionInfo } from '@essence/core';

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
