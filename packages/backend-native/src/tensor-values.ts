import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Returns the tensor's own float32 storage (no copy) when native code can use it, else undefined, so the kernel
 * calls the cpu fallback. Other dtypes, complex tensors and non-Float32Array storage all return undefined.
 */
export function float32Values(backend: MathBackendCPU, tensor: TensorInfo): Float32Array | undefined {
  if (tensor.dtype !== 'float32') return undefined;
  const values = backend.data.get(tensor.dataId).values;
  return values instanceof Float32Array ? values : undefined;
}
