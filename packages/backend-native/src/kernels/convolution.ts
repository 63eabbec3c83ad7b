import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNative,
  FusedConv2D,
  backend_util,
  util,
} from '@tensorflow/tfjs-core';
import type {
  Conv2DAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeAttrs,
  FusedConv2DAttrs,
  FusedConv2DInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';
import { NATIVE_ACTIVATIONS, isRowVector } from './fused-epilogue.js';

/** Convolution geometry passed to the addon: tfjs's Conv2DInfo fields with the padding resolved. */
interface ConvGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

declare module '../binding.js' {
  interface NativeBinding {
    /**
     * Convolves NHWC `x` with the HWIO `filter`, then adds the bias and applies the activation. Every `out?` argument
     * below receives the result when given (old values are overwritten); without it the addon allocates the result.
     */
    conv2d(
      x: Float32Array,
      filter: Float32Array,
      geometry: ConvGeometry,
      bias: Float32Array | null,
      activation: string,
      leakyreluAlpha: number,
      preluWeights: Float32Array | null,
      out?: Float32Array,
    ): Float32Array;
    /** Convolves each channel of NHWC `x` with its own [fh, fw, 1, multiplier] slice of `filter`. */
    depthwiseConv2d(x: Float32Array, filter: Float32Array, geometry: ConvGeometry): Float32Array;
    /** Returns the gradient of a convolution with respect to its NHWC input. */
    conv2dBackpropInput(
      dy: Float32Array,
      filter: Float32Array,
      geometry: ConvGeometry,
      out?: Float32Array,
    ): Float32Array;
    /** Returns the gradient of a convolution with respect to its HWIO filter. */
    conv2dBackpropFilter(x: Float32Array, dy: Float32Array, geometry: ConvGeometry, out?: Float32Array): Float32Array;
  }
}

/** Converts tfjs's convolution info into the geometry object the addon's convolution functions take. */
export function toGeometry(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

function conv2d({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as Conv2DAttrs;
  const xValues = float32Values(cpu, x);
  const filterValues = float32Values(cpu, filter);
  if (dataFormat === 'NCHW' || xValues === undefined || filterValues === undefined) {
    return cpuKernel(Conv2D)({ inputs, backend, attrs }) as TensorInfo;
  }

  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
  );
  const out = takeOutput(cpu, util.sizeFromShape(info.outShape));
  binding.conv2d(xValues, filterValues, toGeometry(info), null, 'linear', 0, null, out);
  return cpu.makeTensorInfo(info.outShape, 'float32', out);
}

function fusedConv2d({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { x, filter, bias, preluActivationWeights } = inputs as FusedConv2DInputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
    attrs as unknown as FusedConv2DAttrs;
  const xValues = float32Values(cpu, x);
  const filterValues = float32Values(cpu, filter);
  const biasValues = bias === undefined ? null : float32Values(cpu, bias);
  const preluValues = preluActivationWeights === undefined ? null : float32Values(cpu, preluActivationWeights);
  const outChannels = filter.shape[3] ?? 0;
  const native =
    dataFormat !== 'NCHW' &&
    xValues !== undefined &&
    filterValues !== undefined &&
    biasValues !== undefined &&
    preluValues !== undefined &&
    NATIVE_ACTIVATIONS.has(activation) &&
    (activation !== 'prelu' || preluActivationWeights !== undefined) &&
    (bias === undefined || isRowVector(bias.shape, outChannels, 4)) &&
    (preluActivationWeights === undefined || isRowVector(preluActivationWeights.shape, outChannels, 4));
  if (!native) {
    return cpuKernel(FusedConv2D)({ inputs, backend, attrs }) as TensorInfo;
  }

  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
  );
  const out = takeOutput(cpu, util.sizeFromShape(info.outShape));
  binding.conv2d(
    xValues,
    filterValues,
    toGeometry(info),
    biasValues,
    activation,
    leakyreluAlpha ?? 0.2,
    preluValues,
    out,
  );
  return cpu.makeTensorInfo(info.outShape, 'float32', out);
}

function conv2dBackpropInput({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DBackpropInputAttrs;
  const dyValues = float32Values(cpu, dy);
  const filterValues = float32Values(cpu, filter);
  if (dataFormat === 'NCHW' || dyValues === undefined || filterValues === undefined) {
    return cpuKernel(Conv2DBackpropInput)({ inputs, backend, attrs }) as TensorInfo;
  }

  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dx = takeOutput(cpu, util.sizeFromShape(info.inShape));
  binding.conv2dBackpropInput(dyValues, filterValues, toGeometry(info), dx);
  return cpu.makeTensorInfo(info.inShape, 'float32', dx);
}

function conv2dBackpropFilter({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { filterShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DBackpropFilterAttrs;
  const xValues = float32Values(cpu, x);
  const dyValues = float32Values(cpu, dy);
  if (dataFormat === 'NCHW' || xValues === undefined || dyValues === undefined) {
    return cpuKernel(Conv2DBackpropFilter)({ inputs, backend, attrs }) as TensorInfo;
  }

  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dw = takeOutput(cpu, util.sizeFromShape(info.filterShape));
  binding.conv2dBackpropFilter(xValues, dyValues, toGeometry(info), dw);
  return cpu.makeTensorInfo(info.filterShape, 'float32', dw);
}

function depthwiseConv2d({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const cpu = backend as MathBackendCPU;
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as DepthwiseConv2dNativeAttrs;
  const xValues = float32Values(cpu, x);
  const filterValues = float32Values(cpu, filter);
  const dilationsOrOne = dilations ?? 1;
  // The cpu kernel checks that strides or dilations are 1; the fallback keeps its error message.
  const supported =
    dataFormat !== 'NCHW' && backend_util.eitherStridesOrDilationsAreOne(strides, dilationsOrOne);
  if (!supported || xValues === undefined || filterValues === undefined) {
    return cpuKernel(DepthwiseConv2dNative)({ inputs, backend, attrs }) as TensorInfo;
  }

  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilationsOrOne,
    pad,
    dimRoundingMode,
    true,
  );
  const out = binding.depthwiseConv2d(xValues, filterValues, toGeometry(info));
  return cpu.makeTensorInfo(info.outShape, 'float32', out);
}

/**
 * Native NHWC Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter (im2col + OpenBLAS sgemm) and
 * DepthwiseConv2dNative (direct loop, forward only); NCHW, non-float32 inputs and unusual bias shapes use the cpu
 * kernels.
 */
export const convolutionKernels: KernelConfig[] = [
  { kernelName: Conv2D, backendName: 'native', kernelFunc: conv2d as KernelFunc },
  { kernelName: FusedConv2D, backendName: 'native', kernelFunc: fusedConv2d as KernelFunc },
  { kernelName: Conv2DBackpropInput, backendName: 'native', kernelFunc: conv2dBackpropInput as KernelFunc },
  { kernelName: Conv2DBackpropFilter, backendName: 'native', kernelFunc: conv2dBackpropFilter as KernelFunc },
  { kernelName: DepthwiseConv2dNative, backendName: 'native', kernelFunc: depthwiseConv2d as KernelFunc },
];
