export { binding, loadBinding, DEFAULT_ADDON_PATH } from './binding.js';
export type { NativeBinding, NativeInfo } from './binding.js';
export { NativeBackend, NATIVE_BACKEND_NAME, cpuKernel, registerNativeBackend } from './backend.js';
export { loadNativeBackend, NATIVE_BUILD_FIX } from './loader.js';
export type {
  LoadNativeBackendOptions,
  NativeBackendAvailable,
  NativeBackendLoadResult,
  NativeBackendUnavailable,
} from './loader.js';
export { NativeBackendError } from './native-backend-error.js';
export { StoragePool } from './storage-pool.js';
export type { StoragePoolOptions, StoragePoolStats } from './storage-pool.js';
export { float32Values } from './tensor-values.js';
export {
  FusedAdamOptimizer,
  FusedMomentumOptimizer,
  FusedSgdOptimizer,
  createFusedOptimizer,
  fusedOptimizerNames,
} from './optimizers/index.js';
export type {
  FusedAdamConfig,
  FusedMomentumConfig,
  FusedOptimizerName,
  FusedOptimizerOptions,
} from './optimizers/index.js';
