import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendValues, DataId, DataType, KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

import { nativeKernels } from './kernels/index.js';
import { NativeBackendError } from './native-backend-error.js';
import { StoragePool } from './storage-pool.js';

/** Name under which the backend registers with tfjs (`tf.setBackend('native')`). */
export const NATIVE_BACKEND_NAME = 'native';

/**
 * Stores tensors exactly like the cpu backend (a TypedArray per tensor in `data.get(dataId).values`), so every
 * cpu kernel runs on it unchanged and native kernels read and write the same arrays without copies. Native
 * kernels take their float32 outputs from {@link storagePool}, which reuses the arrays of disposed tensors; the
 * overrides below keep the pool informed of every array the backend stores, deletes or hands out.
 */
export class NativeBackend extends MathBackendCPU {
  /** Recycled float32 storage for native kernel outputs. */
  readonly storagePool = new StoragePool();

  /** Creates the backend with the cpu backend's storage and without its "install tfjs-node" console hint. */
  constructor() {
    super();
    // MathBackendCPU prints a one-time hint on first write in Node that does not apply to this backend.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** Stores `values` under a new dataId, like the cpu backend, and reports the array to the pool. */
  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = super.write(values, shape, dtype);
    this.storagePool.noteStored(values);
    return dataId;
  }

  /** Stores `values` under an existing dataId (tfjs moves data between backends this way). */
  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    super.move(dataId, values, shape, dtype, refCount);
    this.storagePool.noteStored(values);
  }

  /**
   * Returns the tensor's own array, like the cpu backend, whose `read` and `bufferSync` call this method. The caller
   * may keep the array, so the pool never reuses it.
   */
  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    this.storagePool.pin(values);
    return values;
  }

  /** Drops the pool's free arrays when tfjs removes the backend. */
  override dispose(): void {
    this.storagePool.clear();
    super.dispose();
  }

  /** Disposes the data like the cpu backend and, when the entry is deleted, releases its array to the pool. */
  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (values !== undefined && !this.data.has(dataId)) this.storagePool.noteReleased(values);
    return released;
  }
}

/**
 * Returns a zero-filled Float32Array of `length` elements for a kernel output: pooled storage when `backend` is the
 * native backend, else a new array.
 */
export function takeOutput(backend: unknown, length: number): Float32Array {
  return backend instanceof NativeBackend ? backend.storagePool.take(length) : new Float32Array(length);
}

const cpuKernelFuncs = new Map<string, KernelFunc>();
let registered = false;

/**
 * Returns the cpu backend's kernel function for `kernelName`, saved before the native overrides were applied, so a
 * native kernel can hand dtypes and layouts it does not implement back to the cpu code.
 *
 * @throws NativeBackendError when the native backend is not registered yet or the cpu backend has no such kernel.
 */
export function cpuKernel(kernelName: string): KernelFunc {
  const kernelFunc = cpuKernelFuncs.get(kernelName);
  if (kernelFunc === undefined) {
    throw new NativeBackendError(
      'NATIVE_CPU_KERNEL_MISSING',
      `no cpu kernel '${kernelName}' is saved for fallback (${cpuKernelFuncs.size} saved). ` +
        'Register the native backend first (loadNativeBackend().register()) and check the kernel name.',
    );
  }
  return kernelFunc;
}

function copyCpuKernels(): void {
  for (const config of tf.getKernelsForBackend('cpu')) {
    cpuKernelFuncs.set(config.kernelName, config.kernelFunc);
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME });
  }
}

function applyNativeKernels(kernels: readonly KernelConfig[]): void {
  for (const config of kernels) {
    // Unregistering first replaces the cpu copy without tfjs's "already registered" warning.
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND_NAME) !== undefined) {
      tf.unregisterKernel(config.kernelName, NATIVE_BACKEND_NAME);
    }
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME });
  }
}

/**
 * Registers the 'native' backend with tfjs: every cpu kernel under the name 'native', then the native kernels over
 * them. Later calls do nothing.
 *
 * The backend registers with priority 0, so registering never changes tfjs's default backend; select it with
 * `await tf.setBackend('native')`. Call only after the addon loaded (see loadNativeBackend), because the native
 * kernels call it.
 */
export function registerNativeBackend(): void {
  if (registered) return;

  copyCpuKernels();
  applyNativeKernels(nativeKernels());
  tf.registerBackend(NATIVE_BACKEND_NAME, () => new NativeBackend(), 0);
  registered = true;
}
