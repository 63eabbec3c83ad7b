import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BatchMatMul, _FusedMatMul, broadcast_util, util } from '@tensorflow/tfjs-core';
import type {
  BatchMatMulAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
  _FusedMatMulAttrs,
  _FusedMatMulInputs,
} from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';
import { NATIVE_ACTIVATIONS, isRowVector } from './fused-epilogue.js';

declare module '../binding.js' {
  interface NativeBinding {
    /**
     * Multiplies a by b (each rank >= 2) with broadcast batch dimensions; returns batch x M x N values, written into
     * `out` (every element overwritten) when given.
     */
    batchMatMul(
      a: Float32Array,
      aShape: number[],
      b: Float32Array,
      bShape: number[],
      transposeA: boolean,
      transposeB: boolean,
      out?: Float32Array,
    ): Float32Array;
    /** Runs batchMatMul, adds a bias of 1 or N values to every row, then applies the activation. */
    fusedMatMul(
      a: Float32Array,
      aShape: number[],
      b: Float32Array,
      bShape: number[],
      transposeA: boolean,
      transposeB: boolean,
      bias: Float32Array | null,
      activation: string,
      leakyreluAlpha: number,
      preluWeights: Float32Array | null,
      out?: Float32Array,
    ): Float32Array;
  }
}

/** Returns the output shape of a (batch) matrix product: broadcast batch dimensions, then [M, N]. */
function matMulOutputShape(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): number[] {
  const batchShape = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const m = transposeA ? a.shape.at(-1) : a.shape.at(-2);
  const n = transposeB ? b.shape.at(-2) : b.shape.at(-1);
  return [...batchShape, m ?? 0, n ?? 0];
}

function batchMatMul({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const aValues = float32Values(cpu, a);
  const bValues = float32Values(cpu, b);
  if (aValues === undefined || bValues === undefined) {
    return cpuKernel(BatchMatMul)({ inputs, backend, attrs }) as TensorInfo;
  }

  const outShape = matMulOutputShape(a, b, transposeA, transposeB);
  const out = takeOutput(cpu, util.sizeFromShape(outShape));
  binding.batchMatMul(aValues, a.shape, bValues, b.shape, transposeA, transposeB, out);
  return cpu.makeTensorInfo(outShape, 'float32', out);
}

function readOptional(cpu: MathBackendCPU, tensor: TensorInfo | undefined): Float32Array | null | undefined {
  return tensor === undefined ? null : float32Values(cpu, tensor);
}

function fusedMatMul({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { a, b, bias, preluActivationWeights } = inputs as _FusedMatMulInputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as _FusedMatMulAttrs;
  const outShape = matMulOutputShape(a, b, transposeA, transposeB);
  const columns = outShape.at(-1) ?? 0;
  const aValues = float32Values(cpu, a);
  const bValues = float32Values(cpu, b);
  const biasValues = readOptional(cpu, bias);
  const preluValues = readOptional(cpu, preluActivationWeights);
  const native =
    aValues !== undefined &&
    bValues !== undefined &&
    biasValues !== undefined &&
    preluValues !== undefined &&
    NATIVE_ACTIVATIONS.has(activation) &&
    (activation !== 'prelu' || preluActivationWeights !== undefined) &&
    (bias === undefined || isRowVector(bias.shape, columns, outShape.length)) &&
    (preluActivationWeights === undefined || isRowVector(preluActivationWeights.shape, columns, outShape.length));
  if (!native) {
    return cpuKernel(_FusedMatMul)({ inputs, backend, attrs }) as TensorInfo;
  }

  const out = takeOutput(cpu, util.sizeFromShape(outShape));
  binding.fusedMatMul(
    aValues,
    a.shape,
    bValues,
    b.shape,
    transposeA,
    transposeB,
    biasValues,
    activation,
    leakyreluAlpha ?? 0.2,
    preluValues,
    out,
  );
  return cpu.makeTensorInfo(outShape, 'float32', out);
}

/** Native BatchMatMul and _FusedMatMul (OpenBLAS sgemm); other dtypes and unusual bias shapes use the cpu kernels. */
export const matmulKernels: KernelConfig[] = [
  { kernelName: BatchMatMul, backendName: 'native', kernelFunc: batchMatMul as KernelFunc },
  { kernelName: _FusedMatMul, backendName: 'native', kernelFunc: fusedMatMul as KernelFunc },
];
