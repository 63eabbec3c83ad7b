import { activateBackend } from '../activate-backend.js';
import type { BackendProbe, BackendStatus } from '../backend-status.js';
import { summarizeError } from '../error-summary.js';
import { findInstalledPackage } from '../installed-package.js';

const CPU_PACKAGE = '@tensorflow/tfjs-backend-cpu';
const REINSTALL_FIX =
  `reinstall the workspace dependencies with \`npx --yes pnpm@10.34.9 install\`; ` +
  `${CPU_PACKAGE} is a dependency of @essence/core`;

/** Probes the pure-JavaScript `cpu` backend, which is a dependency of `@essence/core` and the last resort. */
export const probeCpu: BackendProbe = async () => {
  const installed = findInstalledPackage(CPU_PACKAGE);
  if (installed === undefined) {
    const reason = `${CPU_PACKAGE} is not installed`;
    return { name: 'cpu', status: 'not-installed', reason, fix: REINSTALL_FIX, packageName: CPU_PACKAGE };
  }
  const unavailable = (reason: string): BackendStatus => ({
    name: 'cpu',
    status: 'unavailable',
    reason,
    fix: REINSTALL_FIX,
    packageName: CPU_PACKAGE,
    version: installed.version,
  });

  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch (error) {
    return unavailable(`${CPU_PACKAGE} ${installed.version} failed to load: ${summarizeError(error)}`);
  }

  const failure = await activateBackend('cpu');
  if (failure !== undefined) return unavailable(failure);

  return {
    name: 'cpu',
    status: 'available',
    reason: `${CPU_PACKAGE} ${installed.version} loaded: plain JavaScript kernels, the slowest backend`,
    packageName: CPU_PACKAGE,
    version: installed.version,
  };
};
