import { z } from 'zod';

import { ConfigError } from '../errors.js';
import type { EpochLogs } from './callback.js';

/** Whether a monitored metric should go down (`min`), up (`max`), or be inferred from its name (`auto`). */
export const monitorModeSchema = z.enum(['min', 'max', 'auto']);

/** Direction of a monitored metric. */
export type MonitorMode = z.infer<typeof monitorModeSchema>;

/**
 * Returns the direction of `monitor` under `mode`: `auto` means `max` for accuracy metrics (names
 * containing `acc`) and `min` otherwise, as in Keras.
 */
export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;

  return monitor.includes('acc') ? 'max' : 'min';
}

/**
 * Returns whether `value` beats `best` by more than `minDelta` in direction `mode`. `NaN` never counts
 * as an improvement.
 */
export function isImprovement(value: number, best: number, mode: 'min' | 'max', minDelta: number): boolean {
  return mode === 'min' ? value < best - minDelta : value > best + minDelta;
}

/** Returns the worst possible value in direction `mode`, so the first epoch always improves on it. */
export function worstValue(mode: 'min' | 'max'): number {
  return mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/**
 * Returns the monitored metric of an epoch.
 *
 * @throws ConfigError naming the callback, the metric and the metrics the logs contain, e.g. when
 *   `val_loss` is monitored but training runs without validation data.
 */
export function readMonitoredValue(logs: EpochLogs, monitor: string, callbackName: string): number {
  const value = logs.metrics[monitor];
  if (value !== undefined) return value;

  const available = Object.keys(logs.metrics).join(', ') || '(none)';
  throw new ConfigError(
    `callback '${callbackName}' monitors '${monitor}', which the epoch logs do not contain; ` +
      `available metrics: ${available}. Give validation data for 'val_' metrics or monitor another metric.`,
  );
}

/** Validates callback options against `schema` and fills defaults. @throws ConfigError naming each field. */
export function parseCallbackOptions<T extends z.ZodType>(callbackName: string, schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(`invalid options for callback '${callbackName}':\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }

  return result.data;
}
