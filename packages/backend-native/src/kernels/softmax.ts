import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { Softmax } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, SoftmaxAttrs, TensorInfo } from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';

declare module '../binding.js' {
  interface NativeBinding {
    /** Writes the softmax of each row of logits ([rows, cols]) into out. */
    softmax(logits: Float32Array, rows: number, cols: number, out: Float32Array): void;
  }
}

/**
 * Runs Softmax over the last axis natively. tfjs 4.22 has no LogSoftmax kernel (tf.logSoftmax is composed of
 * Max, Sub, Exp, Sum and Log, which run natively one by one).
 */
const softmax: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { logits } = args.inputs as { logits: TensorInfo };
  const { dim } = args.attrs as unknown as SoftmaxAttrs;
  const rank = logits.shape.length;
  const values = float32Values(cpu, logits);
  const lastAxis = dim === -1 || dim === rank - 1;
  // The cpu kernel rejects any other axis with a descriptive error, so those calls go there too.
  if (values === undefined || rank === 0 || !lastAxis) return cpuKernel(Softmax)(args);

  const cols = logits.shape[rank - 1] ?? 1;
  const rows = cols === 0 ? 0 : values.length / cols;
  const out = takeOutput(cpu, values.length);
  binding.softmax(values, rows, cols, out);
  return cpu.makeTensorInfo(logits.shape, 'float32', out);
};

/** Native Softmax kernel. */
export const softmaxKernels: KernelConfig[] = [{ kernelName: Softmax, backendName: 'native', kernelFunc: softmax }];
