import { createEssence, type Essence } from '@essence/core';

import { digitModelFactories } from './models/digit-model-factories.js';

/**
 * Creates the image classifier's composition root: the core's registries with the built-in losses,
 * optimizers, metrics and callbacks, plus the digit models. Dispose it when the app stops.
 */
export function createImageClassifierRoot(): Essence {
  const essence = createEssence();
  for (const factory of digitModelFactories()) essence.models.register(factory);
  return essence;
}
