import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  Add,
  AddN,
  Equal,
  Greater,
  GreaterEqual,
  Less,
  LessEqual,
  Maximum,
  Minimum,
  Multiply,
  NotEqual,
  Pow,
  Prelu,
  RealDiv,
  Select,
  SquaredDifference,
  Sub,
  backend_util,
  util,
} from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';

type BinaryFunction<Out> = (a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Out) => void;

declare module '../binding.js' {
  interface NativeBinding {
    /** Writes a + b (numpy broadcasting) into out, which has the broadcast shape's element count. */
    add: BinaryFunction<Float32Array>;
    /** Writes a - b with broadcasting into out. */
    sub: BinaryFunction<Float32Array>;
    /** Writes a * b with broadcasting into out. */
    mul: BinaryFunction<Float32Array>;
    /** Writes a / b with broadcasting into out. */
    div: BinaryFunction<Float32Array>;
    /** Writes max(a, b) with broadcasting into out; NaN in either operand gives NaN. */
    maximum: BinaryFunction<Float32Array>;
    /** Writes min(a, b) with broadcasting into out; NaN in either operand gives NaN. */
    minimum: BinaryFunction<Float32Array>;
    /** Writes (a - b)^2 with broadcasting into out. */
    squaredDifference: BinaryFunction<Float32Array>;
    /** Writes Math.pow(a, b) with broadcasting into out. */
    pow: BinaryFunction<Float32Array>;
    /** Writes x < 0 ? alpha * x : x with broadcasting into out (a is x, b is alpha). */
    prelu: BinaryFunction<Float32Array>;
    /** Writes 1 where a > b, else 0, with broadcasting into out. */
    greater: BinaryFunction<Uint8Array>;
    /** Writes 1 where a >= b, else 0, with broadcasting into out. */
    greaterEqual: BinaryFunction<Uint8Array>;
    /** Writes 1 where a < b, else 0, with broadcasting into out. */
    less: BinaryFunction<Uint8Array>;
    /** Writes 1 where a <= b, else 0, with broadcasting into out. */
    lessEqual: BinaryFunction<Uint8Array>;
    /** Writes 1 where a === b, else 0, with broadcasting into out. */
    equal: BinaryFunction<Uint8Array>;
    /** Writes 1 where a !== b (true for NaN), else 0, with broadcasting into out. */
    notEqual: BinaryFunction<Uint8Array>;
    /** Copies t where condition is 1, else e, repeating each condition value over rowSize elements. */
    select(condition: Uint8Array, t: Float32Array, e: Float32Array, out: Float32Array, rowSize: number): void;
    /** Writes the elementwise sum of same-sized inputs into out. */
    addN(inputs: Float32Array[], out: Float32Array): void;
  }
}

type ArithmeticName = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'squaredDifference' | 'pow' | 'prelu';
type ComparisonName = 'greater' | 'greaterEqual' | 'less' | 'lessEqual' | 'equal' | 'notEqual';

/** Returns the cpu kernel's result; native kernels call it for inputs they do not handle. */
function runCpu(kernelName: string, args: Parameters<KernelFunc>[0]): TensorInfo {
  return cpuKernel(kernelName)(args) as TensorInfo;
}

function arithmeticKernel(kernelName: string, functionName: ArithmeticName, inputNames = ['a', 'b']): KernelConfig {
  const [firstName = 'a', secondName = 'b'] = inputNames;
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as MathBackendCPU;
    const a = args.inputs[firstName];
    const b = args.inputs[secondName];
    const aValues = a === undefined ? undefined : float32Values(cpu, a);
    const bValues = b === undefined ? undefined : float32Values(cpu, b);
    if (a === undefined || b === undefined || aValues === undefined || bValues === undefined) {
      return runCpu(kernelName, args);
    }

    const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = takeOutput(cpu, util.sizeFromShape(shape));
    binding[functionName](aValues, a.shape, bValues, b.shape, out);
    return cpu.makeTensorInfo(shape, 'float32', out);
  };
  return { kernelName, backendName: 'native', kernelFunc };
}

function comparisonKernel(kernelName: string, functionName: ComparisonName): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as MathBackendCPU;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const aValues = float32Values(cpu, a);
    const bValues = float32Values(cpu, b);
    if (aValues === undefined || bValues === undefined) return runCpu(kernelName, args);

    const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = new Uint8Array(util.sizeFromShape(shape));
    binding[functionName](aValues, a.shape, bValues, b.shape, out);
    return cpu.makeTensorInfo(shape, 'bool', out);
  };
  return { kernelName, backendName: 'native', kernelFunc };
}

/**
 * Returns how many t elements each condition element selects: 1 when shapes match, the size of a row when a
 * rank-1 condition picks rows of t (the cpu Select rule), or undefined for layouts left to the cpu kernel.
 */
function selectRowSize(condition: TensorInfo, t: TensorInfo): number | undefined {
  const tSize = util.sizeFromShape(t.shape);
  if (util.arraysEqual(condition.shape, t.shape)) return 1;
  if (condition.shape.length !== 1 || t.shape.length < 2 || condition.shape[0] !== t.shape[0]) return undefined;
  return tSize / (t.shape[0] ?? 1);
}

const select: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { condition, t, e } = args.inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
  const conditionValues = cpu.data.get(condition.dataId).values;
  const tValues = float32Values(cpu, t);
  const eValues = float32Values(cpu, e);
  const rowSize = selectRowSize(condition, t);
  const usable =
    condition.dtype === 'bool' &&
    conditionValues instanceof Uint8Array &&
    util.arraysEqual(t.shape, e.shape) &&
    rowSize !== undefined;
  if (!usable || tValues === undefined || eValues === undefined) return runCpu(Select, args);

  const out = takeOutput(cpu, tValues.length);
  binding.select(conditionValues, tValues, eValues, out, rowSize);
  return cpu.makeTensorInfo(t.shape, 'float32', out);
};

const addN: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const tensors = args.inputs as unknown as TensorInfo[];
  const first = tensors[0];
  const values = tensors.map((tensor) => float32Values(cpu, tensor));
  const sameShape = first !== undefined && tensors.every((tensor) => util.arraysEqual(tensor.shape, first.shape));
  if (first === undefined || !sameShape || values.some((v) => v === undefined)) return runCpu(AddN, args);

  const out = takeOutput(cpu, util.sizeFromShape(first.shape));
  binding.addN(values as Float32Array[], out);
  return cpu.makeTensorInfo(first.shape, 'float32', out);
};

/** Native binary elementwise kernels: arithmetic and comparisons with broadcasting, Prelu, Select and AddN. */
export const elementwiseKernels: KernelConfig[] = [
  arithmeticKernel(Add, 'add'),
  arithmeticKernel(Sub, 'sub'),
  arithmeticKernel(Multiply, 'mul'),
  arithmeticKernel(RealDiv, 'div'),
  arithmeticKernel(Maximum, 'maximum'),
  arithmeticKernel(Minimum, 'minimum'),
  arithmeticKernel(SquaredDifference, 'squaredDifference'),
  arithmeticKernel(Pow, 'pow'),
  arithmeticKernel(Prelu, 'prelu', ['x', 'alpha']),
  comparisonKernel(Greater, 'greater'),
  comparisonKernel(GreaterEqual, 'greaterEqual'),
  comparisonKernel(Less, 'less'),
  comparisonKernel(LessEqual, 'lessEqual'),
  comparisonKernel(Equal, 'equal'),
  comparisonKernel(NotEqual, 'notEqual'),
  { kernelName: Select, backendName: 'native', kernelFunc: select },
  { kernelName: AddN, backendName: 'native', kernelFunc: addN },
];
