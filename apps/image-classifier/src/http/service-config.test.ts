import { loadServiceConfig, ServiceConfigError } from '@essence/service-kit';
import { describe, expect, it } from 'vitest';

import { imageClassifierEnvSchema, toServiceSettings } from './service-config.js';
import { DEFAULT_IMAGE_CLASSIFIER_LIMITS } from './service-limits.js';

describe('imageClassifierEnvSchema', () => {
  it('defaults to the built-in limits', () => {
    const settings = toServiceSettings(loadServiceConfig(imageClassifierEnvSchema, {}));

    expect(settings.limits).toEqual(DEFAULT_IMAGE_CLASSIFIER_LIMITS);
    expect(settings.goldenTolerance).toBe(1e-4);
  });

  it('reads limits from strings', () => {
    const settings = toServiceSettings(
      loadServiceConfig(imageClassifierEnvSchema, { MAX_BATCH: '8', MAX_IMAGE_SIDE: '1024', GOLDEN_TOLERANCE: '0.001' }),
    );

    expect(settings.limits?.maxBatch).toBe(8);
    expect(settings.limits?.maxWidth).toBe(1024);
    expect(settings.limits?.maxHeight).toBe(1024);
    expect(settings.goldenTolerance).toBe(0.001);
  });

  it('names invalid variables', () => {
    const load = (): unknown => loadServiceConfig(imageClassifierEnvSchema, { MAX_BATCH: '0', GOLDEN_TOLERANCE: 'small' });

    expect(load).toThrow(ServiceConfigError);
    expect(load).toThrow(/MAX_BATCH: Too small/);
    expect(load).toThrow(/GOLDEN_TOLERANCE: Invalid input: expected number/);
  });
});
