import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { ArgMax, ArgMin, Max, Mean, Min, Prod, Sum, backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';

type ReductionFunction<Out> = (x: Float32Array, outer: number, reduce: number, inner: number, out: Out) => void;

declare module '../binding.js' {
  interface NativeBinding {
    /** Sums x viewed as [outer, reduce, inner] over the middle axis into out ([outer, inner]). */
    reduceSum: ReductionFunction<Float32Array>;
    /** Averages x viewed as [outer, reduce, inner] over the middle axis into out. */
    reduceMean: ReductionFunction<Float32Array>;
    /** Multiplies x viewed as [outer, reduce, inner] over the middle axis into out. */
    reduceProd: ReductionFunction<Float32Array>;
    /** Writes the maximum over the middle axis into out; NaN anywhere in a block gives NaN. */
    reduceMax: ReductionFunction<Float32Array>;
    /** Writes the minimum over the middle axis into out; NaN anywhere in a block gives NaN. */
    reduceMin: ReductionFunction<Float32Array>;
    /** Writes the index of the first maximum along the middle axis into out. */
    argMax: ReductionFunction<Int32Array>;
    /** Writes the index of the first minimum along the middle axis into out. */
    argMin: ReductionFunction<Int32Array>;
  }
}

/** x viewed as [outer, reduce, inner] with the reduced axes merged into the middle dimension. */
export interface ReductionLayout {
  outer: number;
  reduce: number;
  inner: number;
}

/**
 * Returns the [outer, reduce, inner] view of `shape` reduced over `axes`, or undefined when the reduced axes are
 * not adjacent once size-1 axes are ignored (those reductions go to the cpu kernel, which transposes first).
 */
export function reductionLayout(shape: readonly number[], axes: readonly number[]): ReductionLayout | undefined {
  const reduced = shape.map((_, axis) => axes.includes(axis));
  const significant = shape.map((dim, axis) => ({ dim, reduced: reduced[axis] ?? false })).filter((d) => d.dim !== 1);
  const first = significant.findIndex((d) => d.reduced);
  const last = significant.length - 1 - [...significant].reverse().findIndex((d) => d.reduced);
  if (first === -1) return { outer: util.sizeFromShape([...shape]), reduce: 1, inner: 1 };
  if (significant.slice(first, last + 1).some((d) => !d.reduced)) return undefined;

  const product = (dims: { dim: number }[]): number => dims.reduce((size, d) => size * d.dim, 1);
  return {
    outer: product(significant.slice(0, first)),
    reduce: product(significant.slice(first, last + 1)),
    inner: product(significant.slice(last + 1)),
  };
}

type FloatReductionName = 'reduceSum' | 'reduceMean' | 'reduceProd' | 'reduceMax' | 'reduceMin';

/**
 * Reads the axes attribute, which tfjs names `reductionIndices` for Max and `axis` for the others; undefined means
 * every axis.
 */
function axisAttribute(attrs: Parameters<KernelFunc>[0]['attrs']): number | number[] | undefined {
  const record = (attrs ?? {}) as { axis?: number | number[]; reductionIndices?: number | number[] };
  return record.reductionIndices ?? record.axis;
}

function floatReductionKernel(kernelName: string, functionName: FloatReductionName): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const values = float32Values(cpu, x);
    const axes = util.parseAxisParam(axisAttribute(args.attrs) as number | number[], x.shape);
    const layout = reductionLayout(x.shape, axes);
    if (values === undefined || layout === undefined) return cpuKernel(kernelName)(args);

    const keepDims = (args.attrs as { keepDims?: boolean } | undefined)?.keepDims ?? false;
    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const out = takeOutput(cpu, layout.outer * layout.inner);
    binding[functionName](values, layout.outer, layout.reduce, layout.inner, out);
    const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
    return cpu.makeTensorInfo(shape, 'float32', out);
  };
  return { kernelName, backendName: 'native', kernelFunc };
}

function argReductionKernel(kernelName: string, functionName: 'argMax' | 'argMin'): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const values = float32Values(cpu, x);
    const { axis } = args.attrs as { axis: number | number[] };
    const [firstAxis] = util.parseAxisParam(axis, x.shape);
    if (values === undefined || firstAxis === undefined) return cpuKernel(kernelName)(args);

    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, [firstAxis]);
    const outer = util.sizeFromShape(x.shape.slice(0, firstAxis));
    const inner = util.sizeFromShape(x.shape.slice(firstAxis + 1));
    const out = new Int32Array(outer * inner);
    binding[functionName](values, outer, x.shape[firstAxis] ?? 1, inner, out);
    return cpu.makeTensorInfo(outShape, 'int32', out);
  };
  return { kernelName, backendName: 'native', kernelFunc };
}

/**
 * Native reductions over adjacent axes (innermost, outermost or a middle block) for float32 input; other axis
 * sets and dtypes use the cpu kernels.
 */
export const reductionKernels: KernelConfig[] = [
  floatReductionKernel(Sum, 'reduceSum'),
  floatReductionKernel(Mean, 'reduceMean'),
  floatReductionKernel(Prod, 'reduceProd'),
  floatReductionKernel(Max, 'reduceMax'),
  floatReductionKernel(Min, 'reduceMin'),
  argReductionKernel(ArgMax, 'argMax'),
  argReductionKernel(ArgMin, 'argMin'),
];
