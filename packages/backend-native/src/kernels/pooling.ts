import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { AvgPool, AvgPoolGrad, MaxPool, MaxPoolGrad, backend_util, util } from '@tensorflow/tfjs-core';
import type {
  AvgPoolAttrs,
  AvgPoolGradAttrs,
  KernelConfig,
  KernelFunc,
  MaxPoolAttrs,
  MaxPoolGradAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';

/**
 * Pooling geometry passed to the addon: [batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight,
 * filterWidth, strideHeight, strideWidth, padTop, padLeft].
 */
type PoolGeometry = number[];

declare module '../binding.js' {
  interface NativeBinding {
    /** Writes the NHWC max pool of x into out (NaN inputs are skipped, as the cpu kernel does). */
    maxPool(x: Float32Array, geometry: PoolGeometry, out: Float32Array): void;
    /** Writes the NHWC average pool of x into out, averaging only in-bounds pixels. */
    avgPool(x: Float32Array, geometry: PoolGeometry, out: Float32Array): void;
    /** Writes the gradient of maxPool with respect to x into dx. */
    maxPoolGrad(dy: Float32Array, x: Float32Array, geometry: PoolGeometry, dx: Float32Array): void;
    /** Writes the gradient of avgPool with respect to its input into dx. */
    avgPoolGrad(dy: Float32Array, geometry: PoolGeometry, dx: Float32Array): void;
  }
}

function geometryOf(info: backend_util.Conv2DInfo): PoolGeometry | undefined {
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1 || info.dataFormat !== 'channelsLast') return undefined;
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}

/** Returns true for a 1x1 pool that keeps the shape, for which the cpu kernels return the input's data unchanged. */
function isIdentityPool(info: backend_util.Conv2DInfo): boolean {
  return info.filterWidth === 1 && info.filterHeight === 1 && util.arraysEqual(info.inShape, info.outShape);
}

function poolKernel(kernelName: string, functionName: 'maxPool' | 'avgPool'): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolAttrs | AvgPoolAttrs;
    const values = float32Values(cpu, x);
    if (values === undefined || x.shape.length !== 4) return cpuKernel(kernelName)(args);
    const info = backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const geometry = geometryOf(info);
    if (geometry === undefined || isIdentityPool(info)) return cpuKernel(kernelName)(args);

    const out = takeOutput(cpu, util.sizeFromShape(info.outShape));
    binding[functionName](values, geometry, out);
    return cpu.makeTensorInfo(info.outShape, 'float32', out);
  };
  return { kernelName, backendName: 'native', kernelFunc };
}

const maxPoolGrad: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  const dyValues = float32Values(cpu, dy);
  const xValues = float32Values(cpu, input);
  if (dyValues === undefined || xValues === undefined || input.shape.length !== 4) {
    return cpuKernel(MaxPoolGrad)(args);
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const geometry = geometryOf(info);
  if (geometry === undefined || !util.arraysEqual(dy.shape, info.outShape)) return cpuKernel(MaxPoolGrad)(args);

  const dx = takeOutput(cpu, xValues.length);
  binding.maxPoolGrad(dyValues, xValues, geometry, dx);
  return cpu.makeTensorInfo(input.shape, 'float32', dx);
};

const avgPoolGrad: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad } = args.attrs as unknown as AvgPoolGradAttrs;
  const dyValues = float32Values(cpu, dy);
  if (dyValues === undefined || input.shape.length !== 4) return cpuKernel(AvgPoolGrad)(args);
  // Like the cpu kernel, AvgPoolGrad ignores dimRoundingMode.
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const geometry = geometryOf(info);
  if (geometry === undefined || !util.arraysEqual(dy.shape, info.outShape)) return cpuKernel(AvgPoolGrad)(args);

  const dx = takeOutput(cpu, util.sizeFromShape(input.shape));
  binding.avgPoolGrad(dyValues, geometry, dx);
  return cpu.makeTensorInfo(input.shape, 'float32', dx);
};

/**
 * Native 2-D pooling kernels (NHWC, dilation 1) and their gradients.
 *
 * NOTE: tfjs 4.22 computes pooling gradients without the forward pass's dimRoundingMode, so with a numeric pad and
 * 'ceil' rounding dy is larger than the gradient kernels' own output shape. Those calls go to the cpu kernels,
 * which read only the part of dy that fits.
 */
export const poolingKernels: KernelConfig[] = [
  poolKernel(MaxPool, 'maxPool'),
  poolKernel(AvgPool, 'avgPool'),
  { kernelName: MaxPoolGrad, backendName: 'native', kernelFunc: maxPoolGrad },
  { kernelName: AvgPoolGrad, backendName: 'native', kernelFunc: avgPoolGrad },
];
