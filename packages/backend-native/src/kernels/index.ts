import type { KernelConfig } from '@tensorflow/tfjs-core';

import { convolutionKernels } from './convolution.js';
import { elementwiseKernels } from './elementwise.js';
import { gatherKernels } from './gather.js';
import { matmulKernels } from './matmul.js';
import { poolingKernels } from './pooling.js';
import { reductionKernels } from './reduction.js';
import { softmaxKernels } from './softmax.js';
import { unaryKernels } from './unary.js';

/** Every kernel the native backend implements in native code, overriding the cpu kernel of the same name. */
export function nativeKernels(): KernelConfig[] {
  return [
    ...matmulKernels,
    ...convolutionKernels,
    ...elementwiseKernels,
    ...unaryKernels,
    ...reductionKernels,
    ...softmaxKernels,
    ...poolingKernels,
    ...gatherKernels,
  ];
}
