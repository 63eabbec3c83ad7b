import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

const root = pino({
  level: process.env.ESSENCE_LOG_LEVEL ?? 'info',
  base: undefined,
});

/**
 * Creates the logger of one module, named like `core:trainer` or `image-classifier:http`.
 *
 * The level comes from `ESSENCE_LOG_LEVEL` (default `info`; the test configs set `silent`).
 */
export function createLogger(name: string): Logger {
  return root.child({ name });
}
