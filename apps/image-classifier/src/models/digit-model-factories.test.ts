import { createEssence } from '@essence/core';
import { describe, expect, it } from 'vitest';

import { digitModelFactories } from './digit-model-factories.js';

describe('digitModelFactories', () => {
  it('registers mlp and cnn', async () => {
    const essence = createEssence();
    try {
      for (const factory of digitModelFactories()) {
        essence.models.register(factory);
      }

      expect(essence.models.names()).toEqual(['cnn', 'mlp']);
      expect(essence.models.resolve('mlp').output).toBe('logits');
      expect(essence.models.resolve('cnn').output).toBe('logits');
    } finally {
      await essence.dispose();
    }
  });
});
