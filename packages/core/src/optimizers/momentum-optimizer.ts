import * as tf from '@tensorflow/tfjs-core';

/**
 * Extends `tf.MomentumOptimizer` so that `dispose` also frees its learning-rate scalar.
 *
 * In tfjs-core 4.22 `MomentumOptimizer.dispose` does not call `SGDOptimizer.dispose`, so each disposed
 * optimizer leaks one scalar tensor (the cached `-learningRate`).
 */
export class DisposableMomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}
