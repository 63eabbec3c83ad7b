import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  Abs,
  ClipByValue,
  Elu,
  EluGrad,
  Exp,
  Floor,
  LeakyRelu,
  Log,
  Log1p,
  Neg,
  Reciprocal,
  Relu,
  Relu6,
  Rsqrt,
  Sigmoid,
  Softplus,
  Sqrt,
  Square,
  Step,
  Tanh,
  util,
} from '@tensorflow/tfjs-core';
import type {
  ClipByValueAttrs,
  KernelConfig,
  KernelFunc,
  LeakyReluAttrs,
  StepAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';

import { binding } from '../binding.js';
import { cpuKernel, takeOutput } from '../backend.js';
import { float32Values } from '../tensor-values.js';

type UnaryFunction = (x: Float32Array, out: Float32Array) => void;

declare module '../binding.js' {
  interface NativeBinding {
    /** Writes max(x, 0) into out (NaN stays NaN). */
    relu: UnaryFunction;
    /** Writes min(max(x, 0), 6) into out (NaN stays NaN). */
    relu6: UnaryFunction;
    /** Writes x >= 0 ? x : exp(x) - 1 into out. */
    elu: UnaryFunction;
    /** Writes 1 / (1 + exp(-x)) into out. */
    sigmoid: UnaryFunction;
    /** Writes tanh(x) into out. */
    tanh: UnaryFunction;
    /** Writes exp(x) into out. */
    exp: UnaryFunction;
    /** Writes the natural logarithm of x into out. */
    log: UnaryFunction;
    /** Writes log(1 + x) into out. */
    log1p: UnaryFunction;
    /** Writes -x into out. */
    neg: UnaryFunction;
    /** Writes sqrt(x) into out. */
    sqrt: UnaryFunction;
    /** Writes 1 / sqrt(x) into out. */
    rsqrt: UnaryFunction;
    /** Writes x * x into out. */
    square: UnaryFunction;
    /** Writes |x| into out. */
    abs: UnaryFunction;
    /** Writes 1 / x into out. */
    reciprocal: UnaryFunction;
    /** Writes floor(x) into out. */
    floor: UnaryFunction;
    /** Writes log(1 + exp(x)) into out, with the cpu kernel's cut-offs for large and small x. */
    softplus: UnaryFunction;
    /** Writes x < 0 ? alpha * x : x into out. */
    leakyRelu(x: Float32Array, out: Float32Array, alpha: number): void;
    /** Writes NaN for NaN, 1 for x > 0, else alpha into out. */
    step(x: Float32Array, out: Float32Array, alpha: number): void;
    /** Writes x clamped to [min, max] into out (NaN stays NaN). */
    clipByValue(x: Float32Array, out: Float32Array, min: number, max: number): void;
    /** Writes dy where y >= 0, else dy * (y + 1), into out; y is the Elu output. */
    eluGrad(dy: Float32Array, y: Float32Array, out: Float32Array): void;
  }
}

type UnaryName =
  | 'relu'
  | 'relu6'
  | 'elu'
  | 'sigmoid'
  | 'tanh'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'neg'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'abs'
  | 'reciprocal'
  | 'floor'
  | 'softplus';

/**
 * Builds a kernel that runs `compute(x, out, attrs)` on float32 input and hands every other dtype (and
 * float32 tensors stored in another array type) to the cpu kernel.
 */
function unaryKernel(
  kernelName: string,
  compute: (x: Float32Array, out: Float32Array, attrs: Parameters<KernelFunc>[0]['attrs']) => void,
): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as MathBackendCPU;
    const { x } = args.inputs as { x: TensorInfo };
    const values = float32Values(cpu, x);
    if (values === undefined) return cpuKernel(kernelName)(args);

    const out = takeOutput(cpu, values.length);
    compute(values, out, args.attrs);
    return cpu.makeTensorInfo(x.shape, 'float32', out);
  };
  return { kernelName, backendName: 'native', kernelFunc };
}

function simpleKernel(kernelName: string, functionName: UnaryName): KernelConfig {
  return unaryKernel(kernelName, (x, out) => binding[functionName](x, out));
}

const eluGrad: KernelFunc = (args) => {
  const cpu = args.backend as MathBackendCPU;
  const { dy, y } = args.inputs as { dy: TensorInfo; y: TensorInfo };
  const dyValues = float32Values(cpu, dy);
  const yValues = float32Values(cpu, y);
  if (dyValues === undefined || yValues === undefined || !util.arraysEqual(dy.shape, y.shape)) {
    return cpuKernel(EluGrad)(args);
  }

  const out = takeOutput(cpu, yValues.length);
  binding.eluGrad(dyValues, yValues, out);
  return cpu.makeTensorInfo(y.shape, 'float32', out);
};

/** Native unary kernels: activations, elementwise math functions and EluGrad. */
export const unaryKernels: KernelConfig[] = [
  simpleKernel(Relu, 'relu'),
  simpleKernel(Relu6, 'relu6'),
  simpleKernel(Elu, 'elu'),
  simpleKernel(Sigmoid, 'sigmoid'),
  simpleKernel(Tanh, 'tanh'),
  simpleKernel(Exp, 'exp'),
  simpleKernel(Log, 'log'),
  simpleKernel(Log1p, 'log1p'),
  simpleKernel(Neg, 'neg'),
  simpleKernel(Sqrt, 'sqrt'),
  simpleKernel(Rsqrt, 'rsqrt'),
  simpleKernel(Square, 'square'),
  simpleKernel(Abs, 'abs'),
  simpleKernel(Reciprocal, 'reciprocal'),
  simpleKernel(Floor, 'floor'),
  simpleKernel(Softplus, 'softplus'),
  unaryKernel(LeakyRelu, (x, out, attrs) => {
    binding.leakyRelu(x, out, (attrs as unknown as LeakyReluAttrs).alpha);
  }),
  unaryKernel(Step, (x, out, attrs) => {
    binding.step(x, out, (attrs as unknown as StepAttrs).alpha);
  }),
  unaryKernel(ClipByValue, (x, out, attrs) => {
    const { clipValueMin, clipValueMax } = attrs as unknown as ClipByValueAttrs;
    binding.clipByValue(x, out, clipValueMin, clipValueMax);
  }),
  { kernelName: EluGrad, backendName: 'native', kernelFunc: eluGrad },
];
