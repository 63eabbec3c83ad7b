import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { GatherV2, UnsortedSegmentSum, backend_util, util } from '@tensorflow/tfjs-core';
import type { GatherV2Attrs, KernelConfig, KernelFunc, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';

declare module '../binding.js' {
  interface NativeBinding {
    /**
     * Gathers slices of x ([outer, dimSize, sliceSize]) at `indices` into out ([outer, indices.length, sliceSize]);
     * x and out are both Float32Array or both Int32Array. Throws a RangeError for an index outside [0, dimSize).
     */
    gather<Values extends Float32Array | Int32Array>(
      x: Values,
      outer: number,
      dimSize: number,
      sliceSize: number,
      indices: Int32Array,
      out: Values,
    ): void;
    /** Sums the rows of x ([segmentIds.length, inner]) per segment id into out ([numSegments, inner]). */
    unsortedSegmentSum(
      x: Float32Array,
      segmentIds: Int32Array,
      numSegments: number,
      inner: number,
      out: Float32Array,
    ): void;
  }
}

/** Returns the storage of a float32 or int32 tensor when its array type matches the dtype, else undefined. */
function gatherableValues(cpu: MathBackendCPU, tensor: TensorInfo): Float32Array | Int32Array | undefined {
  if (tensor.dtype === 'float32') return float32Values(cpu, tensor);
  const values = cpu.data.get(tensor.dataId).values;
  return tensor.dtype === 'int32' && values instanceof Int32Array ? values : undefined;
}

function int32Values(cpu: MathBackendCPU, tensor: TensorInfo): Int32Array | undefined {
  const values = cpu.data.get(tensor.dataId).values;
  return tensor.dtype === 'int32' && values instanceof Int32Array ? values : undefined;
}

const gatherV2: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
  const xValues = gatherableValues(cpu, x);
  const indexValues = int32Values(cpu, indices);
  if (xValues === undefined || indexValues === undefined || (batchDims ?? 0) !== 0) return cpuKernel(GatherV2)(args);

  const [parsedAxis = 0] = util.parseAxisParam(axis, x.shape);
  const shapeInfo = backend_util.segment_util.collectGatherOpShapeInfo(
    x as Parameters<typeof backend_util.segment_util.collectGatherOpShapeInfo>[0],
    indices as Parameters<typeof backend_util.segment_util.collectGatherOpShapeInfo>[1],
    parsedAxis,
    0,
  );
  const size = util.sizeFromShape(shapeInfo.outputShape);
  const out = xValues instanceof Float32Array ? takeOutput(cpu, size) : new Int32Array(size);
  binding.gather(xValues, shapeInfo.outerSize, shapeInfo.dimSize, shapeInfo.sliceSize, indexValues, out);
  return cpu.makeTensorInfo(shapeInfo.outputShape, x.dtype, out);
};

const unsortedSegmentSum: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = args.attrs as unknown as UnsortedSegmentSumAttrs;
  const xValues = float32Values(cpu, x);
  const ids = int32Values(cpu, segmentIds);
  const usable = segmentIds.shape.length === 1 && x.shape.length >= 1 && x.shape[0] === segmentIds.shape[0];
  if (xValues === undefined || ids === undefined || !usable) return cpuKernel(UnsortedSegmentSum)(args);

  const innerShape = x.shape.slice(1);
  const inner = util.sizeFromShape(innerShape);
  const out = takeOutput(cpu, numSegments * inner);
  binding.unsortedSegmentSum(xValues, ids, numSegments, inner, out);
  return cpu.makeTensorInfo([numSegments, ...innerShape], 'float32', out);
};

/**
 * Native GatherV2 (batchDims 0, float32 or int32 values) and UnsortedSegmentSum (rank-1 segment ids), the
 * forward and backward halves of an embedding lookup.
 *
 * NOTE: the cpu UnsortedSegmentSum multiplies x by a 0/1 mask per segment, so a NaN or infinity in one row turns
 * that column into NaN for every segment; the native kernel adds each row to its own segment only.
 */
export const gatherKernels: KernelConfig[] = [
  { kernelName: GatherV2, backendName: 'native', kernelFunc: gatherV2 },
  { kernelName: UnsortedSegmentSum, backendName: 'native', kernelFunc: unsortedSegmentSum },
];
