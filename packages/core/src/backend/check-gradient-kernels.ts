import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { EssenceError } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { type MissingKernel, MissingKernelError } from './backend-errors.js';
import { BACKEND_PREFERENCE } from './backend-names.js';
import { loadNativeBackendPackage } from './probes/native-backend-adapter.js';
import { recordGradientKernels, type RecordedKernels } from './record-gradient-kernels.js';

/** Options of {@link checkGradientKernels}. */
export interface GradientKernelCheckOptions {
  readonly model: tfl.LayersModel;
  /** Backend that will train the model, e.g. `BackendResolution.name`; it must be registered with tfjs-core. */
  readonly backend: string;
  /** Loss the trainer will use, so its kernels are checked too; without one, only the model's are. */
  readonly loss?: Loss;
  /** Shape of one example, for a single-input model whose declared input shape has unknown dimensions. */
  readonly inputShape?: readonly number[];
}

/** Kernels a model's training step needs, all of which the checked backend registers. */
export interface GradientKernelReport extends RecordedKernels {
  readonly backend: string;
}

/**
 * Checks before training that `backend` registers every kernel the model's forward and backward pass
 * dispatch, so a missing gradient kernel fails fast instead of in the first batch. For example,
 * tfjs-backend-wasm 4.22.0 has no `Conv2DBackpropFilter`, the weight gradient of a convolution.
 *
 * It runs one probe pass on the cpu backend (see `recordGradientKernels`) and looks each kernel up with
 * `tf.getKernel(kernel, backend)`. The previously active backend is active again on return.
 *
 * @throws MissingKernelError naming each missing kernel, the pass that needs it and the registered
 *   backends that have all the kernels, in preference order.
 * @throws EssenceError (`BACKEND_NOT_REGISTERED`) when `backend` is not registered with tfjs-core.
 * @throws ConfigError when the probe inputs cannot be shaped (see `recordGradientKernels`).
 */
export async function checkGradientKernels(options: GradientKernelCheckOptions): Promise<GradientKernelReport> {
  const { model, backend } = options;
  if (tf.findBackendFactory(backend) == null) {
    throw new EssenceError(
      'BACKEND_NOT_REGISTERED',
      `kernel check: backend '${backend}' is not registered with tfjs-core (registered: ` +
        `${tf.engine().backendNames().join(', ') || 'none'}); call resolveBackend() before checking kernels`,
    );
  }

  const recorded = await recordGradientKernels({ model, loss: options.loss, inputShape: options.inputShape });

  const missing: MissingKernel[] = [
    ...findMissing(recorded.forward, backend, 'forward'),
    ...findMissing(recorded.backward, backend, 'backward'),
  ];
  if (missing.length > 0) {
    // Register the native backend when it is built but was never probed (e.g. wasm was requested), so the
    // error can suggest it. Registering does not make it active.
    await loadNativeBackendPackage();
    const alternatives = findCompleteBackends([...recorded.forward, ...recorded.backward], backend);
    throw new MissingKernelError({ backend, model: model.name, missing, alternatives });
  }
  return { backend, ...recorded };
}

function findMissing(kernels: readonly string[], backend: string, pass: MissingKernel['pass']): MissingKernel[] {
  return kernels.filter((kernel) => !hasKernel(kernel, backend)).map((kernel) => ({ kernel, pass }));
}

function hasKernel(kernel: string, backend: string): boolean {
  return tf.getKernel(kernel, backend) !== undefined;
}

/** Lists registered backends other than `excluded` that have every kernel, in preference order. */
function findCompleteBackends(kernels: readonly string[], excluded: string): string[] {
  const registered = new Set(tf.engine().backendNames());
  return BACKEND_PREFERENCE.filter(
    (name) => name !== excluded && registered.has(name) && kernels.every((kernel) => hasKernel(kernel, name)),
  );
}
