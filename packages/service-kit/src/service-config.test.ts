import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { loadServiceConfig, ServiceConfigError, serviceEnvSchema } from './service-config.js';

describe('loadServiceConfig', () => {
  it('applies defaults', () => {
    const config = loadServiceConfig(serviceEnvSchema, {});

    expect(config).toEqual({ PORT: 8080, HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: 10_000 });
  });

  it('coerces numeric strings', () => {
    const config = loadServiceConfig(serviceEnvSchema, { PORT: '0', SHUTDOWN_TIMEOUT_MS: '500' });

    expect(config.PORT).toBe(0);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(500);
  });

  it('lists every invalid variable', () => {
    const schema = serviceEnvSchema.extend({ MODEL_DIR: z.string().min(1) });

    const load = (): unknown => loadServiceConfig(schema, { PORT: '99999', API_TOKEN: 'hunter2' });

    expect(load).toThrow(ServiceConfigError);
    expect(load).toThrow(/PORT: Too big: expected number to be <=65535/);
    expect(load).toThrow(/MODEL_DIR: Invalid input: expected string, received undefined/);
  });

  it('never echoes received values', () => {
    const schema = z.object({ API_TOKEN: z.string().length(4) });

    expect(() => loadServiceConfig(schema, { API_TOKEN: 'secret-value' })).not.toThrow(/secret-value/);
  });
});
