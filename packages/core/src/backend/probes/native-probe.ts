import { activateBackend } from '../activate-backend.js';
import type { BackendProbe, BackendStatus } from '../backend-status.js';
import { loadNativeBackendPackage, NATIVE_BACKEND_NAME, NATIVE_PACKAGE } from './native-backend-adapter.js';

const BUILD_FIX =
  'install libopenblas-dev and g++ (e.g. `apt-get install libopenblas-dev g++`), then run ' +
  '`npx --yes pnpm@10.34.9 --filter @essence/backend-native build`';
const INSTALL_FIX =
  `add ${NATIVE_PACKAGE} (workspace:*) to the dependencies of @essence/core, ` +
  `run \`npx --yes pnpm@10.34.9 install\`, then ${BUILD_FIX}`;

/** Probes Essence's own Node-API backend (OpenBLAS kernels) from `@essence/backend-native`. */
export const probeNative: BackendProbe = async () => {
  const load = await loadNativeBackendPackage();
  if (load.status === 'not-installed') {
    return { name: 'native', status: 'not-installed', reason: load.reason, fix: INSTALL_FIX, packageName: NATIVE_PACKAGE };
  }
  const unavailable = (reason: string, fix: string): BackendStatus => ({
    name: 'native',
    status: 'unavailable',
    reason,
    fix,
    packageName: NATIVE_PACKAGE,
    version: load.version,
  });
  if (load.status === 'unavailable') return unavailable(load.reason, load.fix ?? BUILD_FIX);

  const failure = await activateBackend(NATIVE_BACKEND_NAME);
  if (failure !== undefined) return unavailable(failure, BUILD_FIX);

  return {
    name: 'native',
    status: 'available',
    reason: `${NATIVE_PACKAGE} ${load.version} loaded its addon`,
    packageName: NATIVE_PACKAGE,
    version: load.version,
  };
};
