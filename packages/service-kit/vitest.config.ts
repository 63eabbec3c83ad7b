import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { ESSENCE_LOG_LEVEL: 'silent' },
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
