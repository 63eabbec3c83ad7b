import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

// Logs go to stderr, so a command's own output on stdout stays clean for pipes.
const root = pino(
  {
    level: process.env.ESSENCE_LOG_LEVEL ?? 'info',
    base: undefined,
  },
  pino.destination({ fd: 2, sync: true }),
);

/**
 * Creates the logger of one module, named like `core:trainer` or `image-classifier:http`, writing JSON lines
 * to stderr.
 *
 * The level comes from `ESSENCE_LOG_LEVEL` (default `info`; the test configs set `silent`), read once when
 * this module loads.
 */
export function createLogger(name: string): Logger {
  return root.child({ name });
}
